import { useT } from '../../i18n.tsx';
import { Field } from '../../components/Field.tsx';
import { usePipelines } from '../leads/leadQueries.ts';
import type { LeadCreation } from './campaign-types.ts';

interface Props {
  enabled: boolean;
  lead: LeadCreation;
  disabled: boolean;
  onToggle(on: boolean): void;
  onChange(lead: LeadCreation): void;
}

/** Lead creation in the CRM: on the first send or on the reply, at a stage (default pipeline, first stage otherwise). */
export function LeadCreationEditor({ enabled, lead, disabled, onToggle, onChange }: Props) {
  const t = useT();
  const pipelines = usePipelines();
  const list = pipelines.data ?? [];
  const pipeline = list.find((p) => p.id === lead.pipelineId) ?? list.find((p) => p.isDefault);
  return (
    <fieldset className="form" disabled={disabled} data-testid="lead-creation">
      <label className="checkbox">
        <input type="checkbox" checked={enabled} onChange={(e) => onToggle(e.target.checked)} data-testid="lead-creation-on" />
        <span>{t('campaigns.lead.on')}</span>
      </label>
      {enabled && (
        <div className="form-row form-row-3">
          <Field label={t('campaigns.lead.trigger')}>
            <select value={lead.trigger} onChange={(e) => onChange({ ...lead, trigger: e.target.value as LeadCreation['trigger'] })} data-testid="lead-trigger">
              <option value="on_reply">{t('campaigns.lead.on_reply')}</option>
              <option value="on_first_send">{t('campaigns.lead.on_first_send')}</option>
            </select>
          </Field>
          <Field label={t('campaigns.filters.pipeline')}>
            <select value={lead.pipelineId ?? ''} onChange={(e) => onChange({ ...lead, pipelineId: e.target.value || null, stageId: null })}>
              <option value="">{t('campaigns.lead.defaultPipeline')}</option>
              {list.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('campaigns.lead.stage')}>
            <select value={lead.stageId ?? ''} onChange={(e) => onChange({ ...lead, stageId: e.target.value || null })}>
              <option value="">{t('campaigns.lead.firstStage')}</option>
              {[...(pipeline?.stages ?? [])]
                .sort((a, b) => a.position - b.position)
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
            </select>
          </Field>
        </div>
      )}
    </fieldset>
  );
}
