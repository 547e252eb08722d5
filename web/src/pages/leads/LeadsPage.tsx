import { useCallback, useState } from 'react';
import { useI18n } from '../../i18n.tsx';
import { withQuery } from '../../api.ts';
import type { BoardLead } from '../../analysis-types.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Icon } from '../../components/Icon.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { LoadMore } from '../../components/LoadMore.tsx';
import { AnalyzeRunStatus } from './AnalyzeRunStatus.tsx';
import { FiltersBar } from './FiltersBar.tsx';
import { LeadPanel } from './LeadPanel.tsx';
import { LeadsKanban } from './LeadsKanban.tsx';
import { LeadsTable } from './LeadsTable.tsx';
import { NewLeadModal } from './NewLeadModal.tsx';
import { StatsStrip } from './StatsStrip.tsx';
import { useBoardLeads, useDialogStats, usePatchLead, usePipelines } from './leadQueries.ts';
import { useDefaultName } from './default-names.ts';
import { useAnalyzeRun } from './useAnalyzeRun.ts';
import { useBoardState, type BoardView } from './useLeadFilters.ts';

/**
 * Leads with their analysis: a table or a kanban of the pipeline's stages, filtered by interest, score, stage,
 * qualification, channel account and text — all kept in the URL — with the lead panel at `?lead=<id>`.
 */
export function LeadsPage() {
  const { t, lang } = useI18n();
  const name = useDefaultName();
  const board = useBoardState();
  const { filters, sort, view, leadId, update } = board;
  const pipelines = usePipelines();
  const [creating, setCreating] = useState(false);
  const [draggingId, setDraggingId] = useState<string | null>(null);

  const list = pipelines.data ?? [];
  const pipeline = list.find((p) => p.id === board.pipelineId) ?? list.find((p) => p.isDefault) ?? list[0];
  const stages = [...(pipeline?.stages ?? [])].sort((a, b) => a.position - b.position);
  const leads = useBoardLeads(pipeline?.id, filters, sort);
  const stats = useDialogStats(filters);
  const patch = usePatchLead();
  const analyze = useAnalyzeRun({ resumeLatest: true });

  const onChange = useCallback((changes: Record<string, string | number | null>) => update(changes), [update]);
  const openLead = (lead: BoardLead) => update({ lead: lead.id }, { push: true });
  const closeLead = useCallback(() => update({ lead: null }, { push: true }), [update]);
  const setView = (next: BoardView) => update({ view: next === 'table' ? null : next });
  const moveLead = (id: string, stageKey: string) => {
    const lead = leads.items.find((l) => l.id === id);
    if (lead && lead.stageKey !== stageKey) patch.mutate({ leadId: id, patch: { stageKey } });
  };

  // A plain link, so the browser streams the file itself; Russian Excel expects semicolons.
  const exportHref = withQuery('/api/dialogs/export-csv', { ...filters, sort, ...(lang === 'ru' ? { delimiter: 'semicolon' } : {}), lang });
  const openedFromList = leads.items.find((l) => l.id === leadId);

  return (
    <div className={view === 'kanban' ? 'page page-wide leads-page leads-page-kanban' : 'page page-wide leads-page'}>
      <header className="page-header">
        <h1>{t('leads.title')}</h1>
        <div className="page-actions">
          {list.length > 1 && (
            <select value={pipeline?.id ?? ''} onChange={(event) => update({ pipeline: event.target.value })} aria-label={t('leads.pipeline')}>
              {list.map((p) => (
                <option key={p.id} value={p.id}>
                  {name('pipeline', p.key, p.name)}
                </option>
              ))}
            </select>
          )}
          <div className="segmented" role="group" aria-label={t('board.view')}>
            {(['table', 'kanban'] as const).map((option) => (
              <button
                key={option}
                type="button"
                className={view === option ? 'segmented-item active' : 'segmented-item'}
                aria-pressed={view === option}
                onClick={() => setView(option)}
                data-testid={`view-${option}`}
              >
                {t(`board.view.${option}`)}
              </button>
            ))}
          </div>
          <button type="button" className="button button-ghost" onClick={() => analyze.start({ force: false })} disabled={analyze.active} data-testid="analyze-start">
            <Icon name="rotate" size={16} />
            <span>{analyze.active ? t('board.analyze.working') : t('board.analyze')}</span>
          </button>
          <a className="button button-ghost" href={exportHref} download data-testid="export-csv">
            <Icon name="download" size={16} />
            <span>{t('board.export')}</span>
          </a>
          <button type="button" className="button button-primary" onClick={() => setCreating(true)} disabled={!pipeline} data-testid="lead-new">
            <Icon name="plus" size={16} />
            <span>{t('leads.new')}</span>
          </button>
        </div>
      </header>
      <AnalyzeRunStatus run={analyze.run} active={analyze.active} error={analyze.error} onDismiss={analyze.dismiss} />
      <StatsStrip stats={stats.data} />
      <FiltersBar filters={filters} sort={sort} stages={stages} hasFilters={board.hasFilters} onChange={onChange} onClear={board.clearFilters} />
      <ErrorBanner error={pipelines.error ?? leads.error ?? patch.error} />
      {pipelines.isPending || (pipeline && leads.isPending) ? (
        <Spinner />
      ) : !pipeline ? (
        <EmptyState icon="board" title={t('leads.noPipeline')} />
      ) : view === 'kanban' ? (
        <LeadsKanban
          stages={stages}
          leads={leads.items}
          draggingId={draggingId}
          selectedId={leadId}
          onDragStart={setDraggingId}
          onDragEnd={() => setDraggingId(null)}
          onMove={moveLead}
          onOpen={openLead}
        />
      ) : (
        <div className="card card-flush leads-table-card">
          <LeadsTable leads={leads.items} stages={stages} selectedId={leadId} onOpen={openLead} emptyText={board.hasFilters ? t('board.noMatches') : t('board.empty')} />
        </div>
      )}
      <LoadMore query={leads} />
      {leadId && <LeadPanel key={leadId} leadId={leadId} initial={openedFromList} stages={stages} pipelines={list} onClose={closeLead} />}
      {creating && pipeline && (
        <NewLeadModal
          stages={stages}
          onClose={() => setCreating(false)}
          onCreated={(lead) => {
            setCreating(false);
            update({ lead: lead.id }, { push: true });
          }}
        />
      )}
    </div>
  );
}
