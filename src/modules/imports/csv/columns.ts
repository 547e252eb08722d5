import { CsvImportError } from './errors.ts';
import type { CsvColumnMapping, CsvContactField, CsvFormat } from './types.ts';

/** Roles a column can play: the public fields plus a middle name (used to compose the full name). */
export type Role = CsvContactField | 'middleName';

export interface ColumnPlan {
  format: CsvFormat;
  /** Single-column roles → column index. */
  single: Partial<Record<Exclude<Role, 'phone' | 'email'>, number>>;
  /** Phone / e-mail columns in preference order (first non-empty wins per row). */
  phones: number[];
  emails: number[];
}

/** Lower case, ё → е, letters and digits only: "E-mail 1 - Value" → "email1value", "Эл. почта" → "элпочта". */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/ё/g, 'е').replace(/[^\p{L}\p{N}]+/gu, '');
}

const MOBILE = /^(?:mobile|mobilephone|mobilephonenumber|mobilenumber|cell|cellphone|cellular|мобильный|мобильныйтелефон|моб|мобтел|мобтелефон|сотовый|сотовыйтелефон)\d*$/;
const PHONE =
  /^(?:phone|phones|phonenumber|telephone|tel|primaryphone|businessphone|workphone|homephone|otherphone|carphone|companymainphone|phone\d+value|whatsapp|телефон|телефоны|тел|номер|номертелефона|рабочийтелефон|домашнийтелефон)\d*$/;
const EMAIL = /^(?:(?:work|personal|home|other|primary|business)?e?mail(?:address)?\d*(?:value|address)?|почта|электроннаяпочта|элпочта|эпочта|емейл|имейл|емэйл)\d*$/;

const SYNONYMS: Record<Exclude<Role, 'phone' | 'email'>, string[]> = {
  firstName: ['firstname', 'givenname', 'first', 'forename'],
  middleName: ['middlename', 'additionalname', 'отчество'],
  lastName: ['lastname', 'familyname', 'surname', 'last', 'фамилия'],
  fullName: ['fullname', 'name', 'contactname', 'displayname', 'contact', 'фио', 'полноеимя', 'имяфамилия', 'имяифамилия', 'клиент', 'контакт'],
  telegram: ['telegram', 'telegramusername', 'telegramhandle', 'telegramlogin', 'tg', 'телеграм', 'телеграмм', 'телеграмма', 'тг'],
  company: ['company', 'companyname', 'organization', 'organisation', 'organizationname', 'organization1name', 'org', 'компания', 'организация', 'названиекомпании', 'фирма'],
  tags: ['tags', 'tag', 'labels', 'groupmembership', 'categories', 'groups', 'теги', 'тэги', 'метки', 'группы', 'категории'],
  language: ['language', 'lang', 'locale', 'язык'],
};

function detectFormat(headers: string[]): Exclude<CsvFormat, 'custom'> {
  const keys = new Set(headers.map(headerKey));
  if (headers.some((h) => /^(?:e-mail|phone)\s*\d+\s*-\s*(?:value|label|type)$/i.test(h.trim())) || (keys.has('givenname') && keys.has('familyname'))) {
    return 'google';
  }
  if (keys.has('emailaddress') || keys.has('email2address') || keys.has('emaildisplayname') || (keys.has('mobilephone') && keys.has('businessphone'))) return 'outlook';
  if (keys.has('email') && keys.has('firstname') && ['phonenumber', 'mobilephonenumber', 'companyname', 'recordid', 'lifecyclestage', 'contactowner'].some((k) => keys.has(k))) {
    return 'hubspot';
  }
  return 'generic';
}

function findHeader(headers: string[], name: string): number {
  const exact = headers.indexOf(name);
  if (exact >= 0) return exact;
  const key = headerKey(name);
  return key ? headers.findIndex((h) => headerKey(h) === key) : -1;
}

const MAPPING_FIELDS: CsvContactField[] = ['firstName', 'lastName', 'fullName', 'phone', 'email', 'telegram', 'company', 'tags', 'language'];

/** Decides which column feeds which field: the explicit mapping first, then the names every supported format uses. */
export function planColumns(headers: string[], mapping: CsvColumnMapping = {}): ColumnPlan {
  const used = new Set<number>();
  const plan: ColumnPlan = { format: detectFormat(headers), single: {}, phones: [], emails: [] };
  const explicit = Object.entries(mapping).filter(([, v]) => typeof v === 'string' && v.trim() !== '') as [string, string][];
  if (explicit.length > 0) plan.format = 'custom';

  for (const [field, name] of explicit) {
    if (!(MAPPING_FIELDS as string[]).includes(field)) {
      throw new CsvImportError(`mapping.${field}: unknown field; expected one of ${MAPPING_FIELDS.join(', ')}`);
    }
    const index = findHeader(headers, name);
    if (index < 0) throw new CsvImportError(`mapping.${field}: no column "${name}"; the columns are ${headers.map((h) => `"${h}"`).join(', ')}`);
    used.add(index);
    if (field === 'phone') plan.phones = [index];
    else if (field === 'email') plan.emails = [index];
    else plan.single[field as Exclude<Role, 'phone' | 'email'>] = index;
  }
  const mapped = new Set(explicit.map(([field]) => field));
  const keys = headers.map(headerKey);
  const free = (i: number) => !used.has(i);

  if (!mapped.has('phone')) {
    const mobile = keys.flatMap((k, i) => (free(i) && MOBILE.test(k) ? [i] : []));
    const other = keys.flatMap((k, i) => (free(i) && !MOBILE.test(k) && PHONE.test(k) ? [i] : []));
    plan.phones = [...mobile, ...other];
    plan.phones.forEach((i) => used.add(i));
  }
  if (!mapped.has('email')) {
    plan.emails = keys.flatMap((k, i) => (free(i) && EMAIL.test(k) ? [i] : []));
    plan.emails.forEach((i) => used.add(i));
  }
  // Russian "Имя" is the first name beside a "Фамилия" column, else the whole name.
  const hasLast = plan.single.lastName !== undefined || keys.some((k, i) => free(i) && SYNONYMS.lastName.includes(k));
  const synonyms = { ...SYNONYMS, firstName: [...SYNONYMS.firstName, ...(hasLast ? ['имя'] : [])], fullName: [...SYNONYMS.fullName, ...(hasLast ? [] : ['имя'])] };
  for (const role of Object.keys(synonyms) as (keyof typeof synonyms)[]) {
    if (plan.single[role] !== undefined || (role !== 'middleName' && mapped.has(role))) continue;
    // The earliest synonym wins ("Full Name" before "Name"), then the leftmost column.
    for (const synonym of synonyms[role]) {
      const index = keys.findIndex((k, i) => free(i) && k === synonym);
      if (index >= 0) {
        plan.single[role] = index;
        used.add(index);
        break;
      }
    }
  }

  const usable = plan.phones.length > 0 || plan.emails.length > 0 || (['firstName', 'lastName', 'fullName', 'telegram'] as const).some((r) => plan.single[r] !== undefined);
  if (!usable) {
    const looksLikeData = headers.some((h) => h.includes('@') || /^\+?\d[\d\s().-]{5,}$/.test(h.trim()));
    const list = headers.map((h) => `"${h}"`).join(', ');
    if (looksLikeData) {
      throw new CsvImportError(`no header line: the first line looks like a contact (${list}); add a line of column names such as Name,Phone,Email`);
    }
    throw new CsvImportError(
      `no usable column: none of ${list} is a name, phone, e-mail or Telegram column; rename the columns or pass an explicit mapping`,
    );
  }
  return plan;
}

/** Field → header name, for the result. */
export function describePlan(plan: ColumnPlan, headers: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [role, index] of Object.entries(plan.single)) if (index !== undefined) out[role] = headers[index]!;
  if (plan.phones[0] !== undefined) out.phone = headers[plan.phones[0]]!;
  if (plan.emails[0] !== undefined) out.email = headers[plan.emails[0]]!;
  return out;
}
