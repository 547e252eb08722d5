import { useT } from '../../i18n.tsx';
import { Icon } from '../../components/Icon.tsx';
import { RULE_FIELDS, RULE_OPS, type ContactRule, type RuleField, type RuleOp } from './campaign-types.ts';

interface Props {
  rules: ContactRule[];
  disabled: boolean;
  onChange(rules: ContactRule[]): void;
}

/** Rules on the contact's fields (equals, not equals, contains, empty, not empty), all of which must hold. */
export function ContactRulesEditor({ rules, disabled, onChange }: Props) {
  const t = useT();
  const update = (index: number, patch: Partial<ContactRule>) => onChange(rules.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <div className="contact-rules">
      {rules.map((rule, index) => (
        <div key={index} className="contact-rule" data-testid="contact-rule">
          <select value={rule.field} disabled={disabled} onChange={(e) => update(index, { field: e.target.value as RuleField })} aria-label={t('campaigns.conditions.field')}>
            {RULE_FIELDS.map((f) => (
              <option key={f} value={f}>
                {t(`campaigns.field.${f}`)}
              </option>
            ))}
          </select>
          <select value={rule.op} disabled={disabled} onChange={(e) => update(index, { op: e.target.value as RuleOp })} aria-label={t('campaigns.conditions.op')}>
            {RULE_OPS.map((op) => (
              <option key={op} value={op}>
                {t(`campaigns.op.${op}`)}
              </option>
            ))}
          </select>
          {rule.op !== 'empty' && rule.op !== 'not_empty' && (
            <input value={rule.value ?? ''} disabled={disabled} onChange={(e) => update(index, { value: e.target.value })} aria-label={t('campaigns.conditions.value')} />
          )}
          <button type="button" className="icon-button" disabled={disabled} onClick={() => onChange(rules.filter((_, i) => i !== index))} aria-label={t('common.remove')}>
            <Icon name="x" size={16} />
          </button>
        </div>
      ))}
      <button type="button" className="link-button" disabled={disabled} onClick={() => onChange([...rules, { field: 'email', op: 'not_empty' }])}>
        {t('campaigns.conditions.addRule')}
      </button>
    </div>
  );
}
