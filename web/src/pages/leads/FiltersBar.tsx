import { useCallback } from 'react';
import { useT } from '../../i18n.tsx';
import type { Stage } from '../../types.ts';
import { INTEREST_LEVELS, LEAD_SORTS, type LeadFilters, type LeadSort } from '../../analysis-types.ts';
import { useChannelAccounts } from '../../hooks/useChannelAccounts.ts';
import { Icon } from '../../components/Icon.tsx';
import { useStageLabel } from './leadBits.tsx';
import { useDebouncedParam } from './useLeadFilters.ts';

interface FiltersBarProps {
  filters: LeadFilters;
  sort: LeadSort;
  stages: Stage[];
  hasFilters: boolean;
  onChange(changes: Record<string, string | number | null>): void;
  onClear(): void;
}

export function FiltersBar({ filters, sort, stages, hasFilters, onChange, onClear }: FiltersBarProps) {
  const t = useT();
  const stageLabel = useStageLabel(stages);
  const accounts = useChannelAccounts();
  const commitQ = useCallback((value: string) => onChange({ q: value.trim() || null }), [onChange]);
  const commitMin = useCallback((value: string) => onChange({ minScore: value.trim() || null }), [onChange]);
  const [search, setSearch] = useDebouncedParam(filters.q ?? '', commitQ);
  const [minScore, setMinScore] = useDebouncedParam(filters.minScore === undefined ? '' : String(filters.minScore), commitMin);

  return (
    <div className="leads-filters" data-testid="lead-filters">
      <div className="search-box leads-search">
        <Icon name="search" size={16} />
        <input
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder={t('board.filters.search')}
          aria-label={t('board.filters.search')}
          data-testid="lead-search"
        />
      </div>
      <div className="inline-field">
        <span aria-hidden="true">{t('board.filters.interest')}</span>
        <div className="segmented level-chips" role="group" aria-label={t('board.filters.interest')}>
          {INTEREST_LEVELS.map((level) => {
            const active = filters.interestLevel === level;
            return (
              <button
                key={level}
                type="button"
                className={active ? `segmented-item active level-chip level-chip-${level}` : `segmented-item level-chip level-chip-${level}`}
                aria-pressed={active}
                onClick={() => onChange({ interestLevel: active ? null : level })}
                data-testid={`filter-level-${level}`}
              >
                {t(`leads.interest.${level}`)}
              </button>
            );
          })}
        </div>
      </div>
      <label className="inline-field">
        <span>{t('board.filters.minScore')}</span>
        <input
          type="number"
          min={0}
          max={100}
          inputMode="numeric"
          value={minScore}
          onChange={(event) => setMinScore(event.target.value)}
          className="input-score"
          data-testid="filter-min-score"
        />
      </label>
      <label className="inline-field">
        <span>{t('board.filters.stage')}</span>
        <select value={filters.funnelStage ?? ''} onChange={(event) => onChange({ funnelStage: event.target.value || null })} data-testid="filter-stage">
          <option value="">{t('board.filters.any')}</option>
          {stages.map((stage) => (
            <option key={stage.id} value={stage.key}>
              {stageLabel(stage.key)}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span>{t('board.filters.qualified')}</span>
        <select
          value={filters.qualificationComplete ?? ''}
          onChange={(event) => onChange({ qualificationComplete: event.target.value || null })}
          data-testid="filter-qualified"
        >
          <option value="">{t('board.filters.any')}</option>
          <option value="true">{t('common.yes')}</option>
          <option value="false">{t('board.filters.no')}</option>
        </select>
      </label>
      {(accounts.data ?? []).length > 0 && (
        <label className="inline-field">
          <span>{t('board.filters.account')}</span>
          <select value={filters.channelAccountId ?? ''} onChange={(event) => onChange({ channelAccountId: event.target.value || null })} data-testid="filter-account">
            <option value="">{t('board.filters.allAccounts')}</option>
            {(accounts.data ?? []).map((account) => (
              <option key={account.id} value={account.id}>
                {account.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="inline-field">
        <span>{t('board.sort')}</span>
        <select value={sort} onChange={(event) => onChange({ sort: event.target.value === 'score_desc' ? null : event.target.value })} data-testid="lead-sort">
          {LEAD_SORTS.map((option) => (
            <option key={option} value={option}>
              {t(`board.sort.${option}`)}
            </option>
          ))}
        </select>
      </label>
      {hasFilters && (
        <button type="button" className="button button-ghost button-small" onClick={onClear} data-testid="filters-clear">
          <Icon name="x" size={14} />
          <span>{t('board.filters.clear')}</span>
        </button>
      )}
    </div>
  );
}
