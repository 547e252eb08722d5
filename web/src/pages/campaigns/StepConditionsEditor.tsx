import { useT } from '../../i18n.tsx';
import { Field } from '../../components/Field.tsx';
import { usePipelines } from '../leads/leadQueries.ts';
import { ContactRulesEditor } from './ContactRulesEditor.tsx';
import { StageRuleEditor } from './StageRuleEditor.tsx';
import type { StepConditions } from './campaign-types.ts';

interface Props {
  conditions: StepConditions;
  disabled: boolean;
  onChange(conditions: StepConditions): void;
}

/** Seed 002 §3.5: when the step is sent — all of these must hold, otherwise it is skipped. */
export function StepConditionsEditor({ conditions, disabled, onChange }: Props) {
  const t = useT();
  const pipelines = usePipelines();
  const count =
    (conditions.stopIfReplied !== undefined && conditions.stopIfReplied !== null ? 1 : 0) +
    (conditions.contact?.length ?? 0) +
    (conditions.inPipelineStage ? 1 : 0) +
    (conditions.notInPipelineStage ? 1 : 0);
  const stop = conditions.stopIfReplied === true ? 'yes' : conditions.stopIfReplied === false ? 'no' : '';
  return (
    <details className="step-conditions" data-testid="step-conditions">
      <summary>{t('campaigns.conditions.title', { n: count })}</summary>
      <div className="stack">
        <Field label={t('campaigns.conditions.stopIfReplied')}>
          <select value={stop} disabled={disabled} onChange={(e) => onChange({ ...conditions, stopIfReplied: e.target.value === '' ? null : e.target.value === 'yes' })}>
            <option value="">{t('campaigns.conditions.stopDefault')}</option>
            <option value="yes">{t('campaigns.conditions.stopYes')}</option>
            <option value="no">{t('campaigns.conditions.stopNo')}</option>
          </select>
        </Field>
        <div>
          <span className="field-label">{t('campaigns.conditions.contact')}</span>
          <ContactRulesEditor rules={conditions.contact ?? []} disabled={disabled} onChange={(contact) => onChange({ ...conditions, contact })} />
        </div>
        <div className="form-row">
          <StageRuleEditor
            label={t('campaigns.conditions.inStage')}
            rule={conditions.inPipelineStage}
            pipelines={pipelines.data ?? []}
            disabled={disabled}
            onChange={(inPipelineStage) => onChange({ ...conditions, inPipelineStage })}
          />
          <StageRuleEditor
            label={t('campaigns.conditions.notInStage')}
            rule={conditions.notInPipelineStage}
            pipelines={pipelines.data ?? []}
            disabled={disabled}
            onChange={(notInPipelineStage) => onChange({ ...conditions, notInPipelineStage })}
          />
        </div>
      </div>
    </details>
  );
}
