import { useFormat, useT } from '../../i18n.tsx';
import type { CsvReport } from './campaign-types.ts';

/** What an upload did: contacts matched, created, lines skipped and why, and the list's size now. */
export function CsvReportView({ report }: { report: CsvReport }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <div className="csv-report" data-testid="csv-report">
      <dl className="csv-report-figures">
        <div>
          <dt>{t('campaigns.csv.matched')}</dt>
          <dd data-testid="csv-matched">{fmt.number(report.matched)}</dd>
        </div>
        <div>
          <dt>{t('campaigns.csv.created')}</dt>
          <dd data-testid="csv-created">{fmt.number(report.created)}</dd>
        </div>
        <div>
          <dt>{t('campaigns.csv.skipped')}</dt>
          <dd>{fmt.number(report.skipped.length)}</dd>
        </div>
        <div>
          <dt>{t('campaigns.csv.listSize')}</dt>
          <dd data-testid="csv-list-size">{fmt.number(report.listSize)}</dd>
        </div>
      </dl>
      {report.skipped.length > 0 && (
        <ul className="csv-skipped">
          {report.skipped.slice(0, 20).map((s) => (
            <li key={`${s.line}-${s.reason}`}>
              {t('campaigns.csv.line', { n: s.line })}: {s.reason}
            </li>
          ))}
          {report.skipped.length > 20 && <li className="muted">{t('campaigns.csv.more', { n: report.skipped.length - 20 })}</li>}
        </ul>
      )}
    </div>
  );
}
