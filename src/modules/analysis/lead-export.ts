import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { DbOrTx } from '../../platform/db/client.ts';
import { searchLeads, type LeadFilters, type LeadSearchRow, type LeadSort } from './lead-search.ts';

const HEADERS = {
  en: ['Name', 'Phone', 'Channel', 'Account', 'Stage', 'Score', 'Interest', 'Niche', 'Role', 'Budget', 'Qualified', 'Qualification', 'Summary', 'Next action', 'Language', 'Autopilot', 'Last message', 'Analysed at'],
  ru: ['Имя', 'Телефон', 'Канал', 'Аккаунт', 'Этап', 'Скоринг', 'Интерес', 'Ниша', 'Роль', 'Бюджет', 'Квалификация завершена', 'Ответы на вопросы', 'Резюме', 'Следующий шаг', 'Язык', 'Автопилот', 'Последнее сообщение', 'Дата анализа'],
} as const;

/** Seed 001's stage keys in Russian; other stages keep the name the organization gave them. */
const RU_STAGES: Record<string, string> = {
  new_lead: 'Новый лид',
  not_qualified: 'Не квалифицирован',
  qualified: 'Квалифицирован',
  consultation_booked: 'Записан на консультацию',
  consultation_completed: 'Консультация проведена',
  deal_closed: 'Сделка закрыта',
  deal_lost: 'Сделка потеряна',
};
const RU_LEVELS: Record<string, string> = { hot: 'горячий', warm: 'тёплый', cold: 'холодный' };

export type ExportLanguage = keyof typeof HEADERS;

/** Text written by clients must not run as a spreadsheet formula (CSV injection): a leading quote keeps it text. */
export function safeCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function toRecord(row: LeadSearchRow, lang: ExportLanguage): string[] {
  const yes = lang === 'ru' ? 'да' : 'yes';
  const no = lang === 'ru' ? 'нет' : 'no';
  const stage = lang === 'ru' ? (RU_STAGES[row.stage_key] ?? row.stage_name) : row.stage_name;
  const level = row.interest_level ? (lang === 'ru' ? RU_LEVELS[row.interest_level]! : row.interest_level) : '';
  const qualification = (row.a_qualification ?? []).map((item) => `${item.question}: ${item.answer ?? '—'}`).join(' | ');
  return [
    safeCell(row.contact_name),
    row.contact_phone ?? '',
    row.channel ?? '',
    row.channel_account_name ?? '',
    stage,
    row.score === null ? '' : String(row.score),
    level,
    safeCell(row.a_niche ?? ''),
    safeCell(row.a_role ?? ''),
    safeCell(row.a_budget ?? ''),
    row.analysis_id ? (row.a_qualification_complete ? yes : no) : '',
    safeCell(qualification),
    safeCell(row.a_summary ?? ''),
    safeCell(row.a_next_action ?? ''),
    row.a_language ?? '',
    row.autopilot ? yes : no,
    row.last_message_at ? new Date(row.last_message_at).toISOString() : '',
    row.a_created_at ? new Date(row.a_created_at).toISOString() : '',
  ];
}

/**
 * The filtered leads as CSV, page by page so memory stays flat at any size. UTF-8 with a BOM so Excel reads Cyrillic;
 * Russian Excel splits on semicolons, hence the delimiter choice.
 */
/**
 * The CSV as a stream. The first page is read before the stream is returned, so a query that fails (bad input the
 * database refuses) fails the request with a proper error instead of cutting a response whose headers went out.
 */
export async function exportLeadsCsv(
  db: DbOrTx,
  organizationId: string,
  filters: LeadFilters,
  options: { sort: LeadSort; delimiter: ',' | ';'; lang: ExportLanguage },
): Promise<Readable> {
  const first = await searchLeads(db, organizationId, filters, { sort: options.sort, limit: 500 });
  async function* lines() {
    yield '\uFEFF' + stringify([HEADERS[options.lang] as unknown as string[]], { delimiter: options.delimiter, record_delimiter: 'windows' });
    let page = first;
    for (;;) {
      if (page.rows.length) yield stringify(page.rows.map((row) => toRecord(row, options.lang)), { delimiter: options.delimiter, record_delimiter: 'windows' });
      if (!page.nextCursor) break;
      page = await searchLeads(db, organizationId, filters, { sort: options.sort, cursor: page.nextCursor, limit: 500 });
    }
  }
  return Readable.from(lines());
}
