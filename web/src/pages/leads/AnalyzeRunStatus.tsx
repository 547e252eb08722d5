import { useFormat, useT } from '../../i18n.tsx';
import type { AnalysisRun } from '../../analysis-types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Icon } from '../../components/Icon.tsx';
import { isRunActive } from './leadQueries.ts';

interface AnalyzeRunStatusProps {
  run: AnalysisRun | undefined;
  active: boolean;
  error: unknown;
  onDismiss(): void;
  compact?: boolean;
}

/** Progress of an analysis run while it goes (done / total), then what it found. */
export function AnalyzeRunStatus({ run, active, error, onDismiss, compact }: AnalyzeRunStatusProps) {
  const t = useT();
  const fmt = useFormat();
  if (error) return <ErrorBanner error={error} />;
  if (!run && !active) return null;

  if (!run || isRunActive(run)) {
    const total = run?.progress?.total ?? 0;
    const done = run?.progress?.done ?? 0;
    const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : null;
    return (
      <div className="analyze-status" role="status" aria-live="polite" data-testid="analyze-progress" data-status={run?.status ?? 'queued'}>
        <div className="analyze-status-text">
          <span className="spinner" aria-hidden="true" />
          <span>
            {run?.status === 'running'
              ? t('board.analyze.running', { done: fmt.number(done), total: fmt.number(total) })
              : t('board.analyze.queued')}
          </span>
        </div>
        <div className="import-progress-bar" role="progressbar" aria-label={t('board.analyze.progress')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent ?? undefined}>
          <span className={percent === null ? 'indeterminate' : undefined} style={percent === null ? undefined : { width: `${percent}%` }} />
        </div>
      </div>
    );
  }

  if (run.status === 'failed') {
    return (
      <div className="banner banner-error analyze-done" role="alert" data-testid="analyze-result" data-status="failed">
        <Icon name="alert" size={16} />
        <span>{t('board.analyze.failed', { error: run.error ?? '—' })}</span>
        <button type="button" className="link-button analyze-dismiss" onClick={onDismiss}>
          {t('common.close')}
        </button>
      </div>
    );
  }

  const s = run.stats;
  return (
    <div className="analyze-status analyze-done" role="status" data-testid="analyze-result" data-status="succeeded">
      <div className="analyze-status-text">
        <Icon name="check" size={16} />
        <strong>{t('board.analyze.finished')}</strong>
        <button type="button" className="link-button analyze-dismiss" onClick={onDismiss}>
          {t('common.close')}
        </button>
      </div>
      {s && !compact && (
        <dl className="analyze-figures">
          <Figure label={t('board.analyze.analyzed')} value={fmt.number(s.analyzed)} />
          <Figure label={t('board.analyze.skipped')} value={fmt.number(s.skipped)} />
          <Figure label={t('board.analyze.newLeads')} value={fmt.number(s.new_leads)} />
          <Figure label={t('leads.interest.hot')} value={fmt.number(s.hot)} level="hot" />
          <Figure label={t('leads.interest.warm')} value={fmt.number(s.warm)} level="warm" />
          <Figure label={t('leads.interest.cold')} value={fmt.number(s.cold)} level="cold" />
          {s.errors > 0 && <Figure label={t('board.analyze.errors')} value={fmt.number(s.errors)} />}
        </dl>
      )}
      {s && compact && <p className="small muted">{t('board.analyze.compact', { analyzed: fmt.number(s.analyzed), skipped: fmt.number(s.skipped) })}</p>}
    </div>
  );
}

function Figure({ label, value, level }: { label: string; value: string; level?: string }) {
  return (
    <div className={level ? `analyze-figure analyze-figure-${level}` : 'analyze-figure'}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
