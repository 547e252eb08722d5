import { useFormat, useT } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { useImportRuns } from './importQueries.ts';
import { ImportStatusBadge, SourceLabel } from './ImportBadges.tsx';

/** The last 20 imports of the organization; a row opens that run's report. */
export function ImportHistory({ selectedId, onOpen }: { selectedId?: string; onOpen(importId: string): void }) {
  const t = useT();
  const fmt = useFormat();
  const runs = useImportRuns();
  const items = runs.data?.items ?? [];

  return (
    <section className="stack import-history">
      <h2 className="card-title">{t('imports.history')}</h2>
      <ErrorBanner error={runs.error} />
      <div className="card card-flush">
        {runs.isPending ? (
          <Spinner />
        ) : items.length === 0 ? (
          <p className="table-empty">{t('imports.noHistory')}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t('imports.source')}</th>
                <th>{t('imports.file')}</th>
                <th>{t('imports.statusLabel')}</th>
                <th>{t('imports.summary')}</th>
                <th>{t('imports.when')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((run) => (
                <tr
                  key={run.id}
                  className={run.id === selectedId ? 'table-row-link row-selected' : 'table-row-link'}
                  onClick={() => onOpen(run.id)}
                  onKeyDown={(event) => event.key === 'Enter' && onOpen(run.id)}
                  tabIndex={0}
                  aria-current={run.id === selectedId ? 'true' : undefined}
                  data-testid="import-history-row"
                  data-import-id={run.id}
                >
                  <td className="nowrap">
                    <SourceLabel source={run.source} />
                  </td>
                  <td className="mono break">{run.fileName ?? '—'}</td>
                  <td className="nowrap">
                    <span className="import-run-badges">
                      <ImportStatusBadge status={run.status} />
                      {run.dryRun && <span className="badge badge-warning">{t('imports.dryRunBadge')}</span>}
                    </span>
                  </td>
                  <td className="muted small">
                    {run.report
                      ? t('imports.summaryLine', { contacts: fmt.number(run.report.contacts), messages: fmt.number(run.report.messagesImported) })
                      : run.status === 'failed'
                        ? (run.error ?? '')
                        : ''}
                  </td>
                  <td className="nowrap">{fmt.dateTime(run.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
