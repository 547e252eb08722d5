import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api.ts';
import { useFormat, useT, type Translate } from '../../i18n.tsx';
import { isAdminRole, useSession } from '../../session.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { reactivationApi } from '../reactivation/reactivation-api.ts';
import { bookingApi, VISIT_COLUMNS, type ColumnChoice, type VisitColumn, type VisitImportPreview, type VisitImportReport, type VisitLineProblem } from './booking-api.ts';

const REQUIRED: VisitColumn[] = ['phone', 'service', 'date'];

/**
 * Booking → Import visits: a CSV of past visits. The file is previewed first (which header feeds which column, the
 * first lines as they will be stored, the lines that will be skipped and why); the columns can be chosen by hand.
 */
export function ImportVisitsTab() {
  const t = useT();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const editable = isAdminRole(useSession().role);
  const [file, setFile] = useState<File | null>(null);
  const [choice, setChoice] = useState<ColumnChoice>({});
  const [preview, setPreview] = useState<VisitImportPreview | null>(null);
  const [report, setReport] = useState<VisitImportReport | null>(null);
  const [headers, setHeaders] = useState<string[]>([]);

  const look = useMutation({
    mutationFn: ({ f, c }: { f: File; c: ColumnChoice }) => bookingApi.previewVisits(f, c),
    onSuccess: (data) => setPreview(data),
    onError: () => setPreview(null),
  });
  const run = useMutation({
    mutationFn: async () => {
      const result = await bookingApi.importVisits(file!, choice, file!.name);
      // New services need their reactivation rule, and history changes the return intervals: bring the rules up to date.
      if (result.imported > 0) await reactivationApi.recompute().catch(() => null);
      return result;
    },
    onSuccess: (data) => {
      setReport(data);
      setPreview(null);
      void queryClient.invalidateQueries({ queryKey: ['booking'] });
      void queryClient.invalidateQueries({ queryKey: ['reactivation'] });
    },
  });

  const pick = (f: File | null) => {
    setFile(f);
    setChoice({});
    setReport(null);
    setPreview(null);
    setHeaders([]);
    if (!f) return;
    void readHeaders(f).then(setHeaders);
    look.mutate({ f, c: {} });
  };
  const choose = (column: VisitColumn, header: string) => {
    const next = { ...choice, [column]: header };
    setChoice(next);
    if (file) look.mutate({ f: file, c: next });
  };
  // A missing column is reported on its field: show the column pickers even before the first good preview.
  const missingColumn = look.error instanceof ApiError ? look.error.fields.find((f) => f.field.endsWith('Column'))?.field.replace(/^query\./, '').replace(/Column$/, '') : undefined;
  const mapping = preview?.mapping;

  return (
    <div className="stack" data-testid="booking-import">
      <section className="card stack">
        <h2 className="card-title">{t('booking.import.title')}</h2>
        <p className="muted small">{t('booking.import.intro')}</p>
        <input type="file" accept=".csv,text/csv" onChange={(e) => pick(e.target.files?.[0] ?? null)} disabled={!editable} data-testid="booking-import-file" />
        {look.isPending && <p className="muted small">{t('booking.import.reading')}</p>}
        {look.error && !missingColumn ? <ErrorBanner error={look.error} /> : null}
        {missingColumn && <p className="banner banner-warning">{t('booking.import.chooseColumn', { column: t(`booking.import.col.${missingColumn as VisitColumn}`) })}</p>}
        {file && (headers.length > 0 || missingColumn) && (
          <HeaderChoice headers={headers} mapping={mapping} choice={choice} missing={missingColumn} onChoose={choose} />
        )}
      </section>

      {preview && (
        <section className="card stack" data-testid="booking-import-preview">
          <h2 className="card-title">{t('booking.import.preview')}</h2>
          <p>{t('booking.import.previewSummary', { lines: fmt.number(preview.lines), valid: fmt.number(preview.valid), bad: fmt.number(preview.badLines) })}</p>
          <div className="booking-table-wrap">
            <table className="table table-compact">
              <thead>
                <tr>
                  <th>{t('booking.import.line')}</th>
                  <th>{t('booking.import.col.name')}</th>
                  <th>{t('booking.import.col.phone')}</th>
                  <th>{t('booking.import.col.service')}</th>
                  <th>{t('booking.import.col.staff')}</th>
                  <th>{t('booking.import.col.date')}</th>
                  <th>{t('booking.import.col.price')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.sample.map((row) => (
                  <tr key={row.line}>
                    <td>{row.line}</td>
                    <td>{row.name ?? '—'}</td>
                    <td className="nowrap">{row.phone}</td>
                    <td>{row.service}</td>
                    <td>{row.staff ?? '—'}</td>
                    <td className="nowrap">{fmt.dateTime(row.startAt)}</td>
                    <td>{row.price === null ? '—' : fmt.number(row.price)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <LineErrors errors={preview.errors} title={t('booking.import.willSkip')} />
          <ErrorBanner error={run.error} />
          <div className="form-actions">
            <button type="button" className="button button-primary" onClick={() => run.mutate()} disabled={run.isPending || preview.valid === 0} data-testid="booking-import-run">
              {run.isPending ? t('booking.import.importing') : t('booking.import.run', { n: fmt.number(preview.valid) })}
            </button>
          </div>
        </section>
      )}

      {report && (
        <section className="card stack" data-testid="booking-import-report">
          <h2 className="card-title">{t('booking.import.done')}</h2>
          <ul className="mini-list">
            <li className="mini-list-item">{t('booking.import.report.imported', { n: fmt.number(report.imported) })}</li>
            <li className="mini-list-item">{t('booking.import.report.duplicates', { n: fmt.number(report.duplicates) })}</li>
            <li className="mini-list-item">{t('booking.import.report.bad', { n: fmt.number(report.badLines) })}</li>
            <li className="mini-list-item">{t('booking.import.report.created', { contacts: fmt.number(report.contactsCreated), services: fmt.number(report.servicesCreated), staff: fmt.number(report.staffCreated) })}</li>
          </ul>
          <LineErrors errors={report.errors} title={t('booking.import.skipped')} />
          <p className="small">
            <Link to="/reactivation/queue">{t('booking.import.toReactivation')}</Link>
            {report.staffCreated > 0 && (
              <>
                {' · '}
                <Link to="/booking/staff">{t('booking.import.toStaff')}</Link>
              </>
            )}
          </p>
        </section>
      )}
    </div>
  );
}

/** The header titles of a CSV, read in the browser so the columns can be chosen even when the server found none. */
async function readHeaders(file: File): Promise<string[]> {
  const text = (await file.slice(0, 65536).text()).replace(/^\uFEFF/, '');
  const first = text.split(/\r?\n|\r/, 1)[0] ?? '';
  const delimiter = [',', ';', '\t', '|'].reduce((best, d) => (first.split(d).length > first.split(best).length ? d : best), ',');
  return first
    .split(delimiter)
    .map((h) => h.trim().replace(/^"(.*)"$/, '$1').trim())
    .filter(Boolean);
}

function HeaderChoice({
  headers,
  mapping,
  choice,
  missing,
  onChoose,
}: {
  headers: string[];
  mapping: Record<VisitColumn, string | null> | undefined;
  choice: ColumnChoice;
  missing?: string;
  onChoose(column: VisitColumn, header: string): void;
}) {
  const t = useT();
  return (
    <div className="booking-mapping" data-testid="booking-import-mapping">
      {VISIT_COLUMNS.map((column) => {
        const current = choice[column] ?? mapping?.[column] ?? '';
        return (
          <label key={column} className={missing === column ? 'field field-invalid' : 'field'}>
            <span className="field-label">
              {t(`booking.import.col.${column}`)}
              {REQUIRED.includes(column) ? ' *' : ''}
            </span>
            <select value={current} onChange={(e) => onChoose(column, e.target.value)} data-testid={`booking-map-${column}`}>
              <option value="">{t('booking.import.notInFile')}</option>
              {headers.map((h) => (
                <option key={h} value={h}>
                  {h}
                </option>
              ))}
            </select>
          </label>
        );
      })}
    </div>
  );
}

function LineErrors({ errors, title }: { errors: VisitLineProblem[]; title: string }) {
  const t = useT();
  if (errors.length === 0) return null;
  return (
    <details className="booking-line-errors" open={errors.length <= 10}>
      <summary>
        {title} ({errors.length})
      </summary>
      <ul className="mini-list">
        {errors.map((e) => (
          <li key={e.line} className="mini-list-item small">
            {t('booking.import.lineReason', { line: e.line, reason: lineReason(t, e) })}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The reason in the reader's language; the server's English for a report made before reasons had codes. */
function lineReason(t: Translate, problem: VisitLineProblem): string {
  if (!problem.code) return problem.reason;
  const params = problem.params ?? {};
  if (problem.code === 'phone_invalid' && params.country) return t('booking.import.reason.phone_invalid_country', { value: params.value ?? '', country: params.country });
  return t(`booking.import.reason.${problem.code}`, params);
}
