import { useFormat, useT } from '../../i18n.tsx';
import type { Pipeline } from '../../types.ts';
import type { AnalysisHistoryItem } from '../../analysis-types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { useDefaultName } from './default-names.ts';
import { InterestBadge } from './leadBits.tsx';
import { useStageHistory } from './leadQueries.ts';

/** Every analysis of the conversation, newest first; the current one is marked. */
export function AnalysisHistory({ items, stageLabel }: { items: AnalysisHistoryItem[]; stageLabel(key: string | null | undefined): string }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <section className="drawer-section" aria-label={t('board.panel.analysisHistory')}>
      <h3 className="section-label">{t('board.panel.analysisHistory')}</h3>
      {items.length === 0 ? (
        // The current analysis is shown above; "no analyses" under it would contradict it.
        <p className="muted small">{t('board.panel.noEarlierAnalyses')}</p>
      ) : (
        <table className="table table-compact" data-testid="analysis-history">
          <thead>
            <tr>
              <th>{t('board.panel.date')}</th>
              <th>{t('leads.stage')}</th>
              <th>{t('leads.score')}</th>
              <th>{t('board.col.interest')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} className={item.isCurrent ? 'row-current' : undefined}>
                <td className="nowrap">
                  {fmt.dateTime(item.analyzedAt)}
                  {item.isCurrent && <span className="badge badge-success history-current">{t('board.panel.currentAnalysis')}</span>}
                </td>
                <td>{stageLabel(item.funnelStage)}</td>
                <td>{fmt.number(item.score)}</td>
                <td>
                  <InterestBadge level={item.interestLevel} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Every stage change of the lead, newest first: who or what moved it, from where to where. */
export function StageHistory({ leadId, pipelines }: { leadId: string; pipelines: Pipeline[] }) {
  const t = useT();
  const fmt = useFormat();
  const name = useDefaultName();
  const history = useStageHistory(leadId);
  const stageName = (stageId: string | null) => {
    if (!stageId) return null;
    for (const pipeline of pipelines) {
      const stage = pipeline.stages.find((s) => s.id === stageId);
      if (stage) return name('stage', stage.key, stage.name);
    }
    return '—';
  };
  const items = [...(history.data ?? [])].reverse();
  return (
    <section className="drawer-section" aria-label={t('board.panel.stageHistory')}>
      <h3 className="section-label">{t('board.panel.stageHistory')}</h3>
      <ErrorBanner error={history.error} />
      {history.isPending ? (
        <Spinner />
      ) : items.length === 0 ? (
        <p className="muted small">{t('board.panel.noStageHistory')}</p>
      ) : (
        <ol className="timeline" data-testid="stage-history">
          {items.map((entry) => {
            const from = stageName(entry.fromStageId);
            return (
              <li key={entry.id} className="timeline-item" data-testid="stage-history-item">
                <div className="timeline-main">
                  {from ? (
                    <span>
                      {from} → <strong>{stageName(entry.toStageId)}</strong>
                    </span>
                  ) : (
                    <span>
                      <strong>{stageName(entry.toStageId)}</strong>
                    </span>
                  )}
                  {entry.reason && <span className="muted small"> · {entry.reason}</span>}
                </div>
                <div className="timeline-meta muted small">
                  <time dateTime={entry.createdAt}>{fmt.dateTime(entry.createdAt)}</time> · {sourceLabel(t, entry.source)}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function sourceLabel(t: ReturnType<typeof useT>, source: string): string {
  switch (source) {
    case 'user':
    case 'manual':
      return t('board.source.user');
    case 'analysis':
    case 'ai':
      return t('board.source.analysis');
    case 'import':
      return t('board.source.import');
    default:
      return source;
  }
}
