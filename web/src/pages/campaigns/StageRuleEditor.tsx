import { useT } from '../../i18n.tsx';
import type { Pipeline } from '../../types.ts';
import type { StageRule } from './campaign-types.ts';
import { StageCheckboxes } from './StageCheckboxes.tsx';

interface Props {
  label: string;
  rule: StageRule | null | undefined;
  pipelines: Pipeline[];
  disabled: boolean;
  onChange(rule: StageRule | null): void;
}

/** "The contact's lead is (not) at one of these stages of this pipeline". */
export function StageRuleEditor({ label, rule, pipelines, disabled, onChange }: Props) {
  const t = useT();
  const pipeline = pipelines.find((p) => p.id === rule?.pipelineId);
  const stageIds = rule?.stageIds ?? [];
  return (
    <div className="stage-rule">
      <label className="field">
        <span className="field-label">{label}</span>
        <select value={rule?.pipelineId ?? ''} disabled={disabled} onChange={(e) => onChange(e.target.value ? { pipelineId: e.target.value, stageIds: [] } : null)}>
          <option value="">{t('campaigns.conditions.noRule')}</option>
          {pipelines.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      {pipeline && <StageCheckboxes pipeline={pipeline} selected={stageIds} disabled={disabled} onChange={(ids) => onChange({ pipelineId: pipeline.id, stageIds: ids })} />}
    </div>
  );
}
