import { useT } from '../../i18n.tsx';
import { Field } from '../../components/Field.tsx';
import { usePipelines } from '../leads/leadQueries.ts';
import type { AudienceFilters } from './campaign-types.ts';
import { StageCheckboxes } from './StageCheckboxes.tsx';

interface Props {
  filters: AudienceFilters;
  disabled: boolean;
  onChange(filters: AudienceFilters): void;
}

/** CRM filters of the audience: pipeline stage, tags, outreach status, reachable by, search and language. */
export function CrmFilters({ filters, disabled, onChange }: Props) {
  const t = useT();
  const pipelines = usePipelines();
  const set = (patch: Partial<AudienceFilters>) => onChange({ ...filters, ...patch });
  const pipeline = (pipelines.data ?? []).find((p) => p.id === filters.pipelineId);
  const stageIds = filters.stageIds ?? [];

  return (
    <fieldset className="form" disabled={disabled} data-testid="crm-filters">
      <div className="form-row">
        <Field label={t('campaigns.filters.outreachStatus')}>
          <select value={filters.outreachStatus ?? ''} onChange={(e) => set({ outreachStatus: (e.target.value || null) as AudienceFilters['outreachStatus'] })}>
            <option value="">{t('campaigns.filters.any')}</option>
            <option value="new">{t('campaigns.outreach.new')}</option>
            <option value="in_outreach">{t('campaigns.outreach.in_outreach')}</option>
          </select>
        </Field>
        <Field label={t('campaigns.filters.tags')} hint={t('campaigns.filters.tagsHint')}>
          <input
            value={(filters.tags ?? []).join(', ')}
            onChange={(e) => set({ tags: e.target.value.split(',').map((s) => s.trim()).filter(Boolean) })}
            data-testid="filter-tags"
          />
        </Field>
      </div>
      <div className="form-row">
        <Field label={t('campaigns.filters.pipeline')}>
          <select value={filters.pipelineId ?? ''} onChange={(e) => set({ pipelineId: e.target.value || null, stageIds: null })}>
            <option value="">{t('campaigns.filters.any')}</option>
            {(pipelines.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('campaigns.filters.search')}>
          <input value={filters.search ?? ''} onChange={(e) => set({ search: e.target.value || null })} />
        </Field>
      </div>
      {pipeline && <StageCheckboxes pipeline={pipeline} selected={stageIds} label={t('campaigns.filters.stages')} onChange={(ids) => set({ stageIds: ids })} />}
      <div className="checkbox-row">
        {(['hasPhone', 'hasTelegram', 'hasEmail'] as const).map((key) => (
          <label key={key} className="checkbox">
            <input type="checkbox" checked={filters[key] === true} onChange={(e) => set({ [key]: e.target.checked ? true : null })} />
            <span>{t(`campaigns.filters.${key}`)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
