import { useEffect, useMemo, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useFormat, useI18n, useT, type MessageKey, type Translate } from '../../i18n.tsx';
import { en } from '../../locales/en.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Icon } from '../../components/Icon.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { importsKey, isActive, useImportRun, type ImportReport, type ImportRun, type LineReason, type Recommendation } from './importQueries.ts';
import { ImportStatusBadge, SourceLabel } from './ImportBadges.tsx';

/** One import: live progress while it runs, then its report (or the reason it failed). */
export function ImportRunView({ importId }: { importId: string }) {
  const t = useT();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const run = useImportRun(importId);
  const wasActive = useRef(false);
  const section = useRef<HTMLElement>(null);
  const data = run.data;
  const loaded = Boolean(data);

  // Opened from the history below: bring the run into view.
  useEffect(() => {
    if (loaded) section.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [loaded]);

  // When a run this page was following finishes, refresh the history and everything an import writes.
  useEffect(() => {
    if (!data) return;
    if (isActive(data)) {
      wasActive.current = true;
    } else if (wasActive.current) {
      wasActive.current = false;
      void queryClient.invalidateQueries({ queryKey: importsKey, exact: true });
      if (!data.dryRun) {
        for (const key of ['conversations', 'contacts', 'contact', 'leads']) void queryClient.invalidateQueries({ queryKey: [key] });
      }
    }
  }, [data, queryClient]);

  if (run.isPending) return <Spinner />;
  if (!data) return <ErrorBanner error={run.error} />;

  return (
    <section ref={section} className="card import-run" data-testid="import-run" data-status={data.status} aria-live="polite">
      <header className="import-run-header">
        <div>
          <h2 className="card-title">
            <SourceLabel source={data.source} /> · <span className="mono">{data.fileName ?? '—'}</span>
          </h2>
          <p className="muted small">
            {t('imports.startedAt', { date: fmt.dateTime(data.createdAt) })}
            {data.finishedAt && ` · ${t('imports.finishedAt', { date: fmt.dateTime(data.finishedAt) })}`}
          </p>
        </div>
        <div className="import-run-badges">
          {data.dryRun && <span className="badge badge-warning" data-testid="import-dry-run-badge">{t('imports.dryRunBadge')}</span>}
          <ImportStatusBadge status={data.status} />
        </div>
      </header>
      {run.error && <ErrorBanner error={run.error} />}
      {isActive(data) && <Progress run={data} />}
      {data.status === 'failed' && (
        <div className="banner banner-error import-error" role="alert" data-testid="import-error">
          <Icon name="alert" size={16} />
          <div>
            <strong>{t('imports.failed')}</strong>
            <p>{data.error ?? t('imports.failedUnknown')}</p>
          </div>
        </div>
      )}
      {data.status === 'completed' && data.report && <Report run={data} report={data.report} />}
    </section>
  );
}

function Progress({ run }: { run: ImportRun }) {
  const t = useT();
  const fmt = useFormat();
  const p = run.progress ?? {};
  const total = p.chatsTotal ?? 0;
  const done = p.chatsDone ?? 0;
  const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : null;
  return (
    <div className="import-progress" data-testid="import-progress">
      <div className="import-progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent ?? undefined}>
        <span className={percent === null ? 'indeterminate' : undefined} style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
      <p className="muted small">{run.status === 'queued' ? t('imports.waiting') : t('imports.working')}</p>
      <dl className="import-figures">
        <Figure label={t('imports.progress.chats')} value={total > 0 ? `${fmt.number(done)} / ${fmt.number(total)}` : fmt.number(done)} />
        <Figure label={t('imports.progress.messagesRead')} value={fmt.number(p.messagesRead ?? 0)} />
        <Figure label={t('imports.progress.messagesImported')} value={fmt.number(p.messagesImported ?? 0)} />
        <Figure label={t('imports.progress.contacts')} value={fmt.number(p.contacts ?? 0)} />
      </dl>
    </div>
  );
}

function Figure({ label, value, testId, text }: { label: string; value: string; testId?: string; text?: boolean }) {
  return (
    <div className={text ? 'import-figure import-figure-text' : 'import-figure'} data-testid={testId}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function Report({ run, report }: { run: ImportRun; report: ImportReport }) {
  const t = useT();
  const fmt = useFormat();
  const { lang } = useI18n();
  const download = useMemo(() => {
    if (!run.reportMarkdown) return null;
    return URL.createObjectURL(new Blob([run.reportMarkdown], { type: 'text/markdown;charset=utf-8' }));
  }, [run.reportMarkdown]);
  useEffect(() => () => {
    if (download) URL.revokeObjectURL(download);
  }, [download]);

  const languageName = useMemo(() => {
    let names: Intl.DisplayNames | null = null;
    try {
      names = new Intl.DisplayNames([lang === 'ru' ? 'ru' : 'en'], { type: 'language' });
    } catch {
      names = null;
    }
    return (code: string) => {
      if (code === 'unknown' || code === 'und') return t('imports.languageUnknown');
      try {
        const name = names?.of(code) ?? code;
        return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
      } catch {
        return code;
      }
    };
  }, [lang, t]);

  // A built-in stage in the reader's language; a stage the organization named, as it named it.
  const stageName = (key: string) => (`stage.${key}` in en ? t(`stage.${key}` as MessageKey) : (report.stageNames?.[key] ?? key));
  const reportFile = `parley-import-${(run.fileName ?? run.source).replace(/\.[^.]+$/, '').replace(/[^\p{L}\p{N}_-]+/gu, '_')}.md`;

  return (
    <div className="import-report" data-testid="import-report">
      {report.dryRun && (
        <p className="banner import-dry-note" data-testid="import-report-dry-run">
          <Icon name="help" size={16} />
          <span>{t('imports.dryRunNote')}</span>
        </p>
      )}
      <dl className="import-figures">
        <Figure label={t('imports.report.chats')} value={fmt.number(report.chats)} testId="import-report-chats" />
        <Figure label={t('imports.report.contacts')} value={fmt.number(report.contacts)} testId="import-report-contacts" />
        <Figure label={t(report.dryRun ? 'imports.report.wouldCreate' : 'imports.report.created')} value={fmt.number(report.imported)} testId="import-report-imported" />
        <Figure label={t('imports.report.updated')} value={fmt.number(report.updated)} testId="import-report-updated" />
        <Figure label={t('imports.report.skippedDuplicates')} value={fmt.number(report.skippedDuplicates)} testId="import-report-skipped" />
        <Figure label={t('imports.report.messages')} value={fmt.number(report.messages)} testId="import-report-messages" />
        <Figure
          label={t(report.dryRun ? 'imports.report.messagesWouldImport' : 'imports.report.messagesImported')}
          value={fmt.number(report.messagesImported)}
          testId="import-report-messages-imported"
        />
        <Figure label={t('imports.report.messagesSkipped')} value={fmt.number(report.messagesSkippedDuplicates)} testId="import-report-messages-skipped" />
        <Figure label={t('imports.report.average')} value={fmt.number(Math.round(report.averageMessagesPerContact * 10) / 10)} testId="import-report-average" />
        <Figure label={t('imports.report.firstMessage')} value={fmt.dateTime(report.firstMessageAt)} text />
        <Figure label={t('imports.report.lastMessage')} value={fmt.dateTime(report.lastMessageAt)} text />
        <Figure label={t('imports.report.duration')} value={t('imports.seconds', { n: fmt.number(Math.round(report.durationMs / 100) / 10) })} />
      </dl>

      <div className="import-distributions">
        <Distribution title={report.pipeline ? `${t('imports.report.stages')} · ${report.pipeline.name}` : t('imports.report.stages')} counts={report.stages} label={stageName} testId="import-report-stages" />
        <Distribution title={t('imports.report.languages')} counts={report.languages} label={languageName} testId="import-report-languages" />
      </div>

      {report.errors.length > 0 && (
        <div className="import-issues" data-testid="import-report-errors">
          <h3 className="section-label">{t('imports.report.errors', { count: report.errors.length })}</h3>
          <div className="card card-flush">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('imports.report.chat')}</th>
                  <th>{t('imports.report.line')}</th>
                  <th>{t('imports.report.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((error, index) => (
                  <tr key={index}>
                    <td>{error.chat}</td>
                    <td className="mono">{error.line ?? '—'}</td>
                    <td>{reasonText(t, error)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}

      {report.invalidPhones.length > 0 && (
        <div className="import-issues" data-testid="import-report-invalid-phones">
          <h3 className="section-label">{t('imports.report.invalidPhones', { count: report.invalidPhones.length })}</h3>
          <div className="card card-flush">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('imports.report.contact')}</th>
                  <th>{t('imports.report.phone')}</th>
                  <th>{t('imports.report.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {report.invalidPhones.map((entry, index) => (
                  <tr key={index}>
                    <td>{entry.contact}</td>
                    <td className="mono">{entry.phone}</td>
                    <td>{reasonText(t, entry)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {report.errors.length === 0 && report.invalidPhones.length === 0 && <p className="muted small">{t('imports.report.noProblems')}</p>}

      <Recommendations items={run.recommendations ?? []} />

      {download && (
        <div className="form-actions">
          <a className="button button-ghost" href={download} download={reportFile} data-testid="import-report-download">
            <Icon name="download" size={16} />
            <span>{t('imports.downloadReport')}</span>
          </a>
        </div>
      )}
    </div>
  );
}

/** Seed 004's "Рекомендации": what failed with its fix, then what to check by hand. */
function Recommendations({ items }: { items: Recommendation[] }) {
  const t = useT();
  if (items.length === 0) return null;
  const text = (r: Recommendation) => {
    const key = `imports.rec.${r.id}`;
    return key in en ? t(key as MessageKey, { count: r.count ?? 0, detail: r.detail ?? '' }) : r.id;
  };
  const groups = [
    { title: t('imports.rec.problems'), items: items.filter((r) => r.kind === 'problem') },
    { title: t('imports.rec.checks'), items: items.filter((r) => r.kind === 'check') },
  ].filter((g) => g.items.length > 0);
  return (
    <div className="import-issues" data-testid="import-report-recommendations">
      <h3 className="section-label">{t('imports.rec.title')}</h3>
      {groups.map((group) => (
        <div key={group.title}>
          <p className="small">
            <strong>{group.title}</strong>
          </p>
          <ol className="small">
            {group.items.map((r) => (
              <li key={r.id}>{text(r)}</li>
            ))}
          </ol>
        </div>
      ))}
    </div>
  );
}

function Distribution({ title, counts, label, testId }: { title: string; counts: Record<string, number>; label(key: string): string; testId: string }) {
  const t = useT();
  const fmt = useFormat();
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  return (
    <div className="import-distribution" data-testid={testId}>
      <h3 className="section-label">{title}</h3>
      {entries.length === 0 ? (
        <p className="muted small">{t('imports.report.none')}</p>
      ) : (
        <ul className="bar-list">
          {entries.map(([key, n]) => (
            <li key={key} className="bar-row">
              <span className="bar-label" title={key}>
                {label(key)}
              </span>
              <span className="bar-track" aria-hidden="true">
                <span className="bar-fill" style={{ width: `${total ? Math.max(2, (n / total) * 100) : 0}%` }} />
              </span>
              <span className="bar-value">{fmt.number(n)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A line's reason in the reader's language; the server's English for reasons without a code (chat parsers, older runs). */
function reasonText(t: Translate, item: LineReason): string {
  return item.code ? t(`imports.reason.${item.code}`, item.params ?? {}) : item.reason;
}
