// The values a scoring rule matches, picked from what the analyser can report — signals with their meaning in
// words, niches and roles by name — instead of typed as machine codes.
import { useState } from 'react';
import { useT, type MessageKey } from '../../i18n.tsx';
import { en } from '../../locales/en.ts';
import { DIALOG_SIGNALS, NICHE_KEYS, ROLE_KEYS, type ModifierField } from '../../analysis-types.ts';

const KNOWN: Record<ModifierField, readonly string[]> = { signal: DIALOG_SIGNALS, niche: NICHE_KEYS, role: ROLE_KEYS };
const LABEL_PREFIX: Record<ModifierField, string> = { signal: 'signal', niche: 'niche', role: 'leadRole' };

/** A value's name in the UI language; a value the lists do not know (typed by a person) is shown as written. */
export function useModifierValueLabel(): (field: ModifierField, value: string) => string {
  const t = useT();
  return (field, value) => {
    const key = `${LABEL_PREFIX[field]}.${value}`;
    return key in en ? t(key as MessageKey) : value;
  };
}

interface Props {
  field: ModifierField;
  values: string[];
  onChange(values: string[]): void;
  label: string;
  invalid?: boolean;
}

export function ModifierValuesPicker({ field, values, onChange, label, invalid }: Props) {
  const t = useT();
  const labelOf = useModifierValueLabel();
  const [other, setOther] = useState('');
  const options = [...KNOWN[field], ...values.filter((v) => !KNOWN[field].includes(v))];
  const toggle = (value: string, on: boolean) => onChange(on ? [...values, value] : values.filter((v) => v !== value));
  const addOther = () => {
    const value = other.trim().toLowerCase();
    if (value && !values.includes(value)) onChange([...values, value]);
    setOther('');
  };
  return (
    <details className="values-picker" data-testid="values-picker">
      <summary aria-label={label} aria-invalid={invalid || undefined}>
        {values.length ? values.map((v) => labelOf(field, v)).join(', ') : <span className="muted">{t('scoring.pickedNone')}</span>}
      </summary>
      <fieldset className="values-picker-list">
        <legend className="visually-hidden">{label}</legend>
        {options.map((value) => {
          const meaningKey = `signalMeaning.${value}`;
          return (
            <label key={value} className="values-picker-option">
              <input type="checkbox" checked={values.includes(value)} onChange={(event) => toggle(value, event.target.checked)} />
              <span>
                <span className="values-picker-name">{labelOf(field, value)}</span>
                {field === 'signal' && meaningKey in en && <span className="muted small values-picker-meaning">{t(meaningKey as MessageKey)}</span>}
              </span>
            </label>
          );
        })}
        {field !== 'signal' && (
          <div className="values-picker-other">
            <input
              value={other}
              onChange={(event) => setOther(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  addOther();
                }
              }}
              aria-label={t('scoring.otherValue')}
              placeholder={t('scoring.otherValueHint')}
              maxLength={60}
            />
            <button type="button" className="button button-ghost button-small" onClick={addOther} disabled={!other.trim()}>
              {t('scoring.addValue')}
            </button>
          </div>
        )}
      </fieldset>
    </details>
  );
}
