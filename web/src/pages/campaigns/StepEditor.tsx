import { useT } from '../../i18n.tsx';
import { Icon } from '../../components/Icon.tsx';
import { StepConditionsEditor } from './StepConditionsEditor.tsx';
import { VariantsEditor } from './VariantsEditor.tsx';
import type { DelayUnit, StepForm } from './campaignForm.ts';
import type { StepTrigger } from './campaign-types.ts';

interface Props {
  campaignId: string;
  step: StepForm;
  index: number;
  count: number;
  previewContactId: string | null;
  error: string | undefined;
  disabled: boolean;
  onChange(step: StepForm): void;
  onRemove(): void;
  onMove(offset: -1 | 1): void;
}

/** One step of the sequence: when it goes (a delay, or after the contact replies), its message, its conditions. */
export function StepEditor({ campaignId, step, index, count, previewContactId, error, disabled, onChange, onRemove, onMove }: Props) {
  const t = useT();
  const set = (patch: Partial<StepForm>) => onChange({ ...step, ...patch });
  return (
    <section className={error ? 'card step-card step-card-invalid' : 'card step-card'} data-testid="sequence-step" data-index={index}>
      <header className="step-card-head">
        <span className="builder-nav-number">{index + 1}</span>
        <select
          value={step.trigger}
          disabled={disabled || index === 0}
          onChange={(e) => set({ trigger: e.target.value as StepTrigger })}
          aria-label={t('campaigns.step.trigger')}
          data-testid={`step-trigger-${index}`}
        >
          <option value="delay">{t('campaigns.trigger.delay')}</option>
          <option value="after_reply">{t('campaigns.trigger.after_reply')}</option>
        </select>
        <input
          type="number"
          min={0}
          className="step-delay"
          value={step.delayAmount}
          disabled={disabled}
          onChange={(e) => set({ delayAmount: Math.max(0, Number(e.target.value)) })}
          aria-label={t('campaigns.step.delay')}
          data-testid={`step-delay-${index}`}
        />
        <select value={step.delayUnit} disabled={disabled} onChange={(e) => set({ delayUnit: e.target.value as DelayUnit })} aria-label={t('campaigns.step.delayUnit')} data-testid={`step-delay-unit-${index}`}>
          {(['minutes', 'hours', 'days'] as const).map((unit) => (
            <option key={unit} value={unit}>
              {t(`campaigns.unit.${unit}`)}
            </option>
          ))}
        </select>
        <span className="muted small">{step.trigger === 'after_reply' ? t('campaigns.step.afterReplyHint') : index === 0 ? t('campaigns.step.firstHint') : t('campaigns.step.delayHint')}</span>
        <span className="step-card-actions">
          <button type="button" className="icon-button" disabled={disabled || index === 0} onClick={() => onMove(-1)} aria-label={t('campaigns.step.up')}>
            ↑
          </button>
          <button type="button" className="icon-button" disabled={disabled || index === count - 1} onClick={() => onMove(1)} aria-label={t('campaigns.step.down')}>
            ↓
          </button>
          <button type="button" className="icon-button" disabled={disabled || count === 1} onClick={onRemove} aria-label={t('common.remove')} data-testid={`step-remove-${index}`}>
            <Icon name="trash" size={16} />
          </button>
        </span>
      </header>
      <VariantsEditor campaignId={campaignId} stepIndex={index} variants={step.variants} previewContactId={previewContactId} disabled={disabled} onChange={(variants) => set({ variants })} />
      {error && (
        <p className="field-error" role="alert" data-testid="step-error">
          {error}
        </p>
      )}
      <StepConditionsEditor conditions={step.conditions} disabled={disabled} onChange={(conditions) => set({ conditions })} />
    </section>
  );
}
