// The three parts of the business brief; the onboarding modal shows one at a time, Settings → Business profile all three.
import { useT } from '../i18n.tsx';
import type { Stage } from '../types.ts';
import type { BusinessBrief } from '../analysis-types.ts';
import { Field } from '../components/Field.tsx';
import { Icon } from '../components/Icon.tsx';
import { useStageLabel } from '../pages/leads/leadBits.tsx';
import { MAX_QUESTIONS, MAX_SIGNALS, type BriefErrors } from './briefForm.ts';

interface StepProps {
  value: BusinessBrief;
  onChange(next: BusinessBrief): void;
  errors?: BriefErrors;
}

export function BusinessStep({ value, onChange, errors = {} }: StepProps) {
  const t = useT();
  const set = (field: keyof BusinessBrief['business']) => (event: { target: { value: string } }) =>
    onChange({ ...value, business: { ...value.business, [field]: event.target.value } });
  return (
    <div className="form brief-step" data-testid="brief-business">
      <div className="form-row">
        <Field label={t('brief.business.name')} error={errors['brief.business.name']}>
          <input value={value.business.name} onChange={set('name')} maxLength={200} data-testid="brief-name" />
        </Field>
        <Field label={t('brief.business.niche')} error={errors['brief.business.niche']} hint={t('brief.business.nicheHint')}>
          <input value={value.business.niche} onChange={set('niche')} maxLength={200} data-testid="brief-niche" />
        </Field>
      </div>
      <Field label={t('brief.business.offer')} error={errors['brief.business.offer']} hint={t('brief.business.offerHint')}>
        <textarea value={value.business.offer} onChange={set('offer')} rows={2} maxLength={2000} data-testid="brief-offer" />
      </Field>
      <Field label={t('brief.business.description')} error={errors['brief.business.description']}>
        <textarea value={value.business.description} onChange={set('description')} rows={4} maxLength={4000} data-testid="brief-description" />
      </Field>
    </div>
  );
}

export function FunnelStep({ value, onChange, errors = {}, stages }: StepProps & { stages: readonly Stage[] }) {
  const t = useT();
  const stageLabel = useStageLabel(stages);
  const setMeaning = (key: string, meaning: string) =>
    onChange({ ...value, funnel: { ...value.funnel, stages: value.funnel.stages.map((s) => (s.key === key ? { ...s, meaning } : s)) } });
  return (
    <div className="form brief-step" data-testid="brief-funnel">
      <fieldset className="field">
        <legend className="field-label">{t('brief.funnel.stages')}</legend>
        <span className="field-hint">{t('brief.funnel.stagesHint')}</span>
        <div className="stage-meanings">
          {value.funnel.stages.map((stage) => (
            <label key={stage.key} className="stage-meaning">
              <span className="stage-meaning-name">
                {stageLabel(stage.key)} <span className="muted mono small">{stage.key}</span>
              </span>
              <input value={stage.meaning} onChange={(event) => setMeaning(stage.key, event.target.value)} maxLength={500} />
            </label>
          ))}
        </div>
        {errors['brief.funnel.stages'] && <span className="field-error">{errors['brief.funnel.stages']}</span>}
      </fieldset>
      <ListEditor
        label={t('brief.funnel.questions')}
        hint={t('brief.funnel.questionsHint', { max: MAX_QUESTIONS })}
        itemLabel={(n) => t('brief.funnel.question', { n })}
        addLabel={t('brief.funnel.addQuestion')}
        items={value.funnel.qualificationQuestions}
        max={MAX_QUESTIONS}
        maxLength={500}
        onChange={(qualificationQuestions) => onChange({ ...value, funnel: { ...value.funnel, qualificationQuestions } })}
        error={errors['brief.funnel.qualificationQuestions']}
        testId="brief-questions"
      />
      <Field label={t('brief.funnel.qualifiedWhen')} error={errors['brief.funnel.qualifiedWhen']} hint={t('brief.funnel.qualifiedWhenHint')}>
        <textarea
          value={value.funnel.qualifiedWhen}
          onChange={(event) => onChange({ ...value, funnel: { ...value.funnel, qualifiedWhen: event.target.value } })}
          rows={2}
          maxLength={2000}
          data-testid="brief-qualified-when"
        />
      </Field>
    </div>
  );
}

export function SignalsStep({ value, onChange, errors = {} }: StepProps) {
  const t = useT();
  const set = (field: 'toneOfVoice' | 'notes') => (event: { target: { value: string } }) =>
    onChange({ ...value, signals: { ...value.signals, [field]: event.target.value } });
  return (
    <div className="form brief-step" data-testid="brief-signals">
      <div className="form-row">
        <ListEditor
          label={t('brief.signals.hot')}
          hint={t('brief.signals.hotHint')}
          itemLabel={(n) => t('brief.signals.hotItem', { n })}
          addLabel={t('brief.signals.add')}
          items={value.signals.hot}
          max={MAX_SIGNALS}
          maxLength={300}
          onChange={(hot) => onChange({ ...value, signals: { ...value.signals, hot } })}
          error={errors['brief.signals.hot']}
          testId="brief-hot"
        />
        <ListEditor
          label={t('brief.signals.cold')}
          hint={t('brief.signals.coldHint')}
          itemLabel={(n) => t('brief.signals.coldItem', { n })}
          addLabel={t('brief.signals.add')}
          items={value.signals.cold}
          max={MAX_SIGNALS}
          maxLength={300}
          onChange={(cold) => onChange({ ...value, signals: { ...value.signals, cold } })}
          error={errors['brief.signals.cold']}
          testId="brief-cold"
        />
      </div>
      <Field label={t('brief.signals.tone')} error={errors['brief.signals.toneOfVoice']} hint={t('brief.signals.toneHint')}>
        <input value={value.signals.toneOfVoice} onChange={set('toneOfVoice')} maxLength={1000} data-testid="brief-tone" />
      </Field>
      <Field label={t('brief.signals.notes')} error={errors['brief.signals.notes']} hint={t('brief.signals.notesHint')}>
        <textarea value={value.signals.notes} onChange={set('notes')} rows={3} maxLength={2000} data-testid="brief-notes" />
      </Field>
    </div>
  );
}

interface ListEditorProps {
  label: string;
  hint?: string;
  itemLabel(n: number): string;
  addLabel: string;
  items: string[];
  max: number;
  maxLength: number;
  onChange(items: string[]): void;
  error?: string;
  testId: string;
}

/** A list of short texts: edit in place, remove one, add up to `max`. */
export function ListEditor({ label, hint, itemLabel, addLabel, items, max, maxLength, onChange, error, testId }: ListEditorProps) {
  const t = useT();
  return (
    <fieldset className={error ? 'field field-invalid list-editor' : 'field list-editor'} data-testid={testId}>
      <legend className="field-label">{label}</legend>
      {items.length > 0 && (
        <ol className="list-editor-items">
          {items.map((item, index) => (
            <li key={index} className="list-editor-item">
              <input
                value={item}
                aria-label={itemLabel(index + 1)}
                maxLength={maxLength}
                onChange={(event) => onChange(items.map((s, i) => (i === index ? event.target.value : s)))}
              />
              <button
                type="button"
                className="icon-button"
                onClick={() => onChange(items.filter((_, i) => i !== index))}
                aria-label={`${t('common.remove')}: ${itemLabel(index + 1)}`}
              >
                <Icon name="x" size={16} />
              </button>
            </li>
          ))}
        </ol>
      )}
      <div>
        <button type="button" className="button button-ghost button-small" onClick={() => onChange([...items, ''])} disabled={items.length >= max}>
          <Icon name="plus" size={14} />
          <span>{addLabel}</span>
        </button>
      </div>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : (
        hint && (
          <span className="field-hint">
            {hint}
          </span>
        )
      )}
    </fieldset>
  );
}
