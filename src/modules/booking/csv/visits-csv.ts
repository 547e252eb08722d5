import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { normalizePhone } from '../../contacts/index.ts';
import type { VisitStatus } from '../../../platform/db/schema.ts';

/**
 * Visit history exported from another booking system: one visit per line with the client's phone and name, the
 * service, the staff member, the date (and time) and the price. Headers are matched loosely in English and Russian;
 * the delimiter is detected. A line that cannot be read is reported with its number and the rest are kept.
 */

export class VisitsCsvError extends Error {
  override readonly name = 'VisitsCsvError';
  /** The column the problem is about, when it is one. */
  constructor(
    message: string,
    readonly column?: string,
  ) {
    super(message);
  }
}

export interface ParsedVisitLine {
  line: number;
  phone: string;
  name: string | null;
  service: string;
  category: string | null;
  durationMinutes: number | null;
  staff: string | null;
  startAt: Date;
  price: number | null;
  status: VisitStatus;
}

export interface ParsedVisitsCsv {
  /** The header row as written. */
  headers: string[];
  /** Which header each column was read from (null: not in the file). */
  mapping: Record<VisitColumn, string | null>;
  lines: number;
  visits: ParsedVisitLine[];
  errors: VisitLineProblem[];
}

/** Why a line was skipped: a code and its values for the web app to say in the reader's language, and the English. */
export type VisitLineCode =
  | 'phone_empty'
  | 'phone_invalid'
  | 'service_empty'
  | 'date_empty'
  | 'date_invalid'
  | 'date_future'
  | 'price_invalid'
  | 'status_invalid'
  | 'duration_invalid';

export interface VisitLineProblem {
  line: number;
  code: VisitLineCode;
  params: Record<string, string>;
  /** The same in English, for integrations and logs. */
  reason: string;
}

const ENGLISH: Record<VisitLineCode, (p: Record<string, string>) => string> = {
  phone_empty: () => 'phone is empty',
  phone_invalid: (p) => `phone "${p.value}" is ${p.country ? `not a valid ${p.country} number` : 'not a phone number'}`,
  service_empty: () => 'service is empty',
  date_empty: () => 'date is empty',
  date_invalid: (p) => `date "${p.value}" is not a date (use 2025-03-14 15:30 or 14.03.2025 15:30)`,
  date_future: (p) => `date "${p.value}" is in the future; visit history holds past visits`,
  price_invalid: (p) => `price "${p.value}" is not a number`,
  status_invalid: (p) => `status "${p.value}" is not completed, no_show or cancelled`,
  duration_invalid: (p) => `duration "${p.value}" is not 5–1440 minutes`,
};

export function visitLineProblem(line: number, code: VisitLineCode, params: Record<string, string> = {}): VisitLineProblem {
  return { line, code, params, reason: ENGLISH[code](params) };
}

export const VISIT_COLUMNS = ['phone', 'name', 'service', 'category', 'duration', 'staff', 'date', 'time', 'price', 'status'] as const;
export type VisitColumn = (typeof VISIT_COLUMNS)[number];
type Column = VisitColumn;
/** The person's choice of header per column: a header title, or null for "not in this file"; absent columns are detected. */
export type VisitColumnMapping = Partial<Record<VisitColumn, string | null>>;

const SYNONYMS: Record<Column, string[]> = {
  phone: ['phone', 'phonenumber', 'telephone', 'tel', 'mobile', 'whatsapp', 'clientphone', 'телефон', 'тел', 'номер', 'номертелефона', 'телефонклиента'],
  name: ['name', 'client', 'clientname', 'customer', 'customername', 'fullname', 'имя', 'клиент', 'фио', 'имяклиента'],
  service: ['service', 'servicename', 'услуга', 'процедура', 'названиеуслуги'],
  category: ['category', 'servicecategory', 'категория', 'категорияуслуги'],
  duration: ['duration', 'durationminutes', 'minutes', 'длительность', 'продолжительность'],
  staff: ['staff', 'master', 'employee', 'specialist', 'stylist', 'staffname', 'мастер', 'сотрудник', 'специалист'],
  date: ['date', 'datetime', 'visitdate', 'start', 'startat', 'visit', 'дата', 'датавизита', 'датаивремя', 'датазаписи'],
  time: ['time', 'starttime', 'время', 'времявизита'],
  price: ['price', 'amount', 'sum', 'total', 'paid', 'cost', 'цена', 'сумма', 'стоимость', 'оплачено', 'оплата'],
  status: ['status', 'state', 'статус'],
};

export function headerKey(header: string): string {
  return header.toLowerCase().replace(/ё/g, 'е').replace(/[^\p{L}\p{N}]+/gu, '');
}

export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new VisitsCsvError('not a UTF-8 text file; save the table as "CSV UTF-8"');
  }
}

function detectDelimiter(text: string): string {
  const header = text.split(/\r?\n|\r/, 1)[0] ?? '';
  let best = ',';
  let max = 0;
  for (const d of [',', ';', '\t', '|']) {
    const count = header.split(d).length - 1;
    if (count > max) {
      best = d;
      max = count;
    }
  }
  return best;
}

const DATE_FORMATS = ['dd.MM.yyyy', 'dd.MM.yy', 'dd/MM/yyyy', 'yyyy/MM/dd', 'd.M.yyyy'];
const TIME_FORMATS = ['HH:mm', 'H:mm', 'HH:mm:ss'];

/** A date (and time) in the organization's zone; a date without a time is taken as noon. */
export function parseVisitDate(date: string, time: string | null, timezone: string): Date | null {
  const text = [date.trim(), time?.trim()].filter(Boolean).join(' ');
  const isoDate = DateTime.fromISO(text.replace(' ', 'T'), { zone: timezone, setZone: false });
  if (isoDate.isValid) {
    const hasTime = /\d[T ]\d{1,2}:\d{2}/.test(text);
    return (hasTime ? isoDate : isoDate.set({ hour: 12 })).toJSDate();
  }
  for (const d of DATE_FORMATS) {
    for (const t of TIME_FORMATS) {
      const parsed = DateTime.fromFormat(text, `${d} ${t}`, { zone: timezone });
      if (parsed.isValid) return parsed.toJSDate();
    }
    const dayOnly = DateTime.fromFormat(text, d, { zone: timezone });
    if (dayOnly.isValid) return dayOnly.set({ hour: 12 }).toJSDate();
  }
  return null;
}

/** "1 500,50 сом" → 1500.5; null when empty; NaN when not a number. */
export function parsePrice(raw: string): number | null {
  const text = raw.replace(/[\s\u00a0]/g, '').replace(/[^\d.,-]/g, '');
  if (!text) return raw.trim() ? Number.NaN : null;
  const normalized = /,\d{1,2}$/.test(text) ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '');
  const value = Number(normalized);
  return Number.isFinite(value) && value >= 0 ? value : Number.NaN;
}

function parseStatus(raw: string): VisitStatus | null {
  const key = headerKey(raw);
  if (!key || ['completed', 'done', 'visited', 'came', 'paid', 'пришел', 'пришла', 'визит', 'выполнено', 'оплачено', 'завершено'].includes(key)) return 'completed';
  if (['noshow', 'missed', 'неявка', 'непришел', 'непришла', 'непришёл'].includes(key)) return 'no_show';
  if (['cancelled', 'canceled', 'cancel', 'отмена', 'отменено', 'отменена'].includes(key)) return 'cancelled';
  return null;
}

/** "not a valid KG number" → { country: 'KG' }: the country the phone was read for, when the reason names one. */
function countryOf(problem: string | null): { country?: string } {
  const match = /not a valid ([A-Z]{2}) number/.exec(problem ?? '');
  return match ? { country: match[1]! } : {};
}

export function parseVisitsCsv(text: string, options: { timezone: string; region: string; now: Date; mapping?: VisitColumnMapping }): ParsedVisitsCsv {
  let records: string[][];
  try {
    records = parse(text, { delimiter: detectDelimiter(text), relax_column_count: true, skip_empty_lines: true, bom: true, trim: true }) as string[][];
  } catch (error) {
    throw new VisitsCsvError(`the file is not a readable CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [header, ...rows] = records;
  if (!header) throw new VisitsCsvError('the file is empty');
  const columns = new Map<Column, number>();
  header.forEach((title, index) => {
    const key = headerKey(title);
    for (const [column, names] of Object.entries(SYNONYMS) as Array<[Column, string[]]>) {
      if (!columns.has(column) && names.includes(key)) columns.set(column, index);
    }
  });
  for (const [column, title] of Object.entries(options.mapping ?? {}) as Array<[Column, string | null | undefined]>) {
    if (title === undefined) continue;
    if (title === null) {
      columns.delete(column);
      continue;
    }
    const index = header.findIndex((h) => h.trim() === title.trim());
    if (index < 0) throw new VisitsCsvError(`the file has no column "${title}" (chosen for ${column})`, column);
    columns.set(column, index);
  }
  const missing = (['phone', 'service', 'date'] as const).filter((c) => !columns.has(c));
  if (missing.length > 0) throw new VisitsCsvError(`the header has no ${missing.join(', ')} column (expected columns: phone, name, service, staff, date, price)`, missing[0]);
  const mapping = Object.fromEntries(VISIT_COLUMNS.map((c) => [c, columns.has(c) ? header[columns.get(c)!]! : null])) as Record<Column, string | null>;

  const visits: ParsedVisitLine[] = [];
  const errors: ParsedVisitsCsv['errors'] = [];
  const cell = (row: string[], column: Column) => {
    const index = columns.get(column);
    return index === undefined ? '' : (row[index] ?? '').trim();
  };
  rows.forEach((row, index) => {
    const line = index + 2;
    const rawPhone = cell(row, 'phone');
    if (!rawPhone) return errors.push(visitLineProblem(line, 'phone_empty'));
    const phone = normalizePhone(rawPhone, options.region);
    if (!phone.e164) return errors.push(visitLineProblem(line, 'phone_invalid', { value: rawPhone, ...countryOf(phone.problem) }));
    const service = cell(row, 'service');
    if (!service) return errors.push(visitLineProblem(line, 'service_empty'));
    const rawDate = cell(row, 'date');
    if (!rawDate) return errors.push(visitLineProblem(line, 'date_empty'));
    const startAt = parseVisitDate(rawDate, cell(row, 'time') || null, options.timezone);
    if (!startAt) return errors.push(visitLineProblem(line, 'date_invalid', { value: [rawDate, cell(row, 'time')].filter(Boolean).join(' ') }));
    if (startAt > options.now) return errors.push(visitLineProblem(line, 'date_future', { value: rawDate }));
    const price = parsePrice(cell(row, 'price'));
    if (Number.isNaN(price)) return errors.push(visitLineProblem(line, 'price_invalid', { value: cell(row, 'price') }));
    const status = parseStatus(cell(row, 'status'));
    if (!status) return errors.push(visitLineProblem(line, 'status_invalid', { value: cell(row, 'status') }));
    const rawDuration = cell(row, 'duration');
    const duration = rawDuration ? Math.round(Number(rawDuration.replace(',', '.'))) : null;
    if (duration !== null && !(duration >= 5 && duration <= 1440)) return errors.push(visitLineProblem(line, 'duration_invalid', { value: rawDuration }));
    visits.push({
      line,
      phone: phone.e164,
      name: cell(row, 'name') || null,
      service: service.slice(0, 200),
      category: cell(row, 'category') || null,
      durationMinutes: duration,
      staff: cell(row, 'staff').slice(0, 200) || null,
      startAt,
      price,
      status,
    });
  });
  return { headers: header, mapping, lines: rows.length, visits, errors };
}
