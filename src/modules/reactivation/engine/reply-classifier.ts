import { DateTime } from 'luxon';
import { z } from 'zod';
import type { AiRequest, OfflineProvider } from '../../ai/index.ts';
import type { OfferSlot } from './offer-message.ts';

/**
 * The response tracker's reading of a client's reply (seed 003 part 4): the class (positive / negative / neutral)
 * and what the client wants — book one of the offered slots, decline, postpone (holiday, away), another service,
 * another master, other times (their preferences changed), already booked elsewhere, or just a question. The model
 * answers `reactivation.reply`; offline (and when the model fails) the Russian/English rules below do.
 */
export const REPLY_TASK = 'reactivation.reply';

export const REPLY_INTENTS = ['book', 'decline', 'postpone', 'other_service', 'other_staff', 'change_time', 'already_booked', 'question'] as const;
export type ReplyIntent = (typeof REPLY_INTENTS)[number];
export type ReplyClass = 'positive' | 'negative' | 'neutral';
export type TimeOfDay = 'morning' | 'afternoon' | 'evening';

export const ZReplyReading = z.object({
  replyClass: z.enum(['positive', 'negative', 'neutral']),
  intent: z.enum(REPLY_INTENTS),
  /** 1-based number of the offered slot the client chose, when they chose one. */
  slotNumber: z.number().int().min(1).max(10).nullable(),
  serviceName: z.string().max(200).nullable(),
  staffName: z.string().max(200).nullable(),
  timeOfDay: z.enum(['morning', 'afternoon', 'evening']).nullable(),
  /** ISO weekdays (1 = Monday) the client asked for. */
  weekdays: z.array(z.number().int().min(1).max(7)).max(7).nullable(),
  postponeDays: z.number().int().min(1).max(365).nullable(),
});
export type ReplyReading = z.infer<typeof ZReplyReading>;

export interface ReplyQuestion {
  text: string;
  language: 'ru' | 'en';
  timezone: string;
  now: string;
  offeredService: string;
  offeredStaff: string | null;
  slots: OfferSlot[];
  /** Names the business has, so "а можно на маникюр?" or "хочу к Айгуль" can be recognised. */
  services: string[];
  staff: string[];
}

const norm = (text: string) => text.toLowerCase().replace(/ё/g, 'е').replace(/[«»"“”]/g, ' ').replace(/\s+/g, ' ').trim();
const has = (text: string, patterns: RegExp[]) => patterns.some((p) => p.test(text));

/** A whole word, Cyrillic included (\\b only knows ASCII letters). */
const word = (w: string) => new RegExp(`(?<![\\p{L}])(?:${w})(?![\\p{L}])`, 'u');

const NEGATIVE = [word('нет'), /не (интересно|надо|нужно|хочу|буду|актуально|пишите)/, /не сейчас,? спасибо/, /\bno\b/, /not interested/, /no,? thanks?/, /don'?t (want|need)/, /\bnope\b/, /откажусь/, /больше не (хожу|приду)/];
const POSITIVE = [word('да'), /давайте/, /запиш/, word('хочу'), /можно/, word('ок'), /\bok(ay)?\b/, /подойдет/, /подходит/, /отлично/, /согласн/, /\byes\b/, /\bsure\b/, /\bbook\b/, /please/, /sounds good/, /works for me/, /\bfine\b/, /\bgreat\b/, word('люб(ой|ое|ая)')];
/** Words of a lasting preference ("only weekends now", "лучше по субботам") rather than a choice of one slot. */
const PREFERENCE = [/только/, /лучше/, /удобнее/, /теперь/, /обычно/, /по (понедельник|вторник|сред|четверг|пятниц|суббот|воскресень|выходн)\S*ам/, /\bonly\b/, /prefer/, /rather/, /usually/, /\bnow\b/, /weekends/, /evenings/, /mornings/, /afternoons/];
const POSTPONE = [/отпуск/, /уезжа/, /уехал/, /не в городе/, /болею|заболел/, /в командировк/, /позже/, /попозже/, /через \S+ (дн|недел|месяц)/, /после \d{1,2}/, /\bдо \d{1,2}/, /holiday/, /vacation/, /\baway\b/, /out of town/, /\blater\b/, /next month/, /in \S+ (days?|weeks?|months?)/, /\bsick\b/, /after the \d/, /until /];
const ALREADY = [/уже записал/, /уже запис(ана|ан)\b/, /записал(ась|ся) сам/, /already (booked|made an appointment|have an appointment)/, /booked (it )?myself/];
const OTHER_STAFF = [/друг(ой|ому|ого) мастер/, /к другому/, /другого специалиста/, /another (master|stylist|specialist)/, /someone else/, /different (master|stylist)/];
const MORNING = [/утр/, /\bmorning/, /до обеда/, /before noon/];
const AFTERNOON = [/дн[её]м\b/, /после обеда/, /afternoon/];
const EVENING = [/вечер/, /после работы/, /evening/, /after work/, /после (1[7-9]|2[0-2])/, /after [5-9] ?pm/];

const RU_DAYS: Array<[RegExp, number]> = [
  [/понедельник/, 1], [/вторник/, 2], [/сред[ау]/, 3], [/четверг/, 4], [/пятниц/, 5], [/суббот/, 6], [/воскресен/, 7],
];
const EN_DAYS: Array<[RegExp, number]> = [
  [/monday/, 1], [/tuesday/, 2], [/wednesday/, 3], [/thursday/, 4], [/friday/, 5], [/saturday/, 6], [/sunday/, 7],
];
const WEEKEND = [/выходн/, /weekend/];

function weekdaysIn(text: string): number[] {
  const days = new Set<number>();
  for (const [pattern, day] of [...RU_DAYS, ...EN_DAYS]) if (pattern.test(text)) days.add(day);
  if (has(text, WEEKEND)) {
    days.add(6);
    days.add(7);
  }
  return [...days].sort();
}

function timeOfDayIn(text: string): TimeOfDay | null {
  if (has(text, EVENING)) return 'evening';
  if (has(text, MORNING)) return 'morning';
  if (has(text, AFTERNOON)) return 'afternoon';
  return null;
}

/** Stem-ish match of a name in the text: "маникюр" finds "маникюр с покрытием", "Айгуль" finds "к айгуль". */
function mentioned(text: string, names: string[], except: string | null): string | null {
  const exceptNorm = except ? norm(except) : null;
  for (const name of names) {
    const n = norm(name);
    if (n === exceptNorm) continue;
    const head = n.split(' ')[0]!;
    const stem = head.length > 5 ? head.slice(0, head.length - 2) : head;
    if (stem.length >= 3 && new RegExp(`(^|[^\\p{L}])${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'u').test(text)) return name;
  }
  return null;
}

const ORDINALS: Array<[RegExp, number]> = [
  [/перв(ый|ое|ая|ую|ого)|\bfirst\b|\b1st\b/, 1],
  [/втор(ой|ое|ая|ую|ого)|\bsecond\b|\b2nd\b/, 2],
  [/трет(ий|ье|ья|ью|ьего)|\bthird\b|\b3rd\b/, 3],
  [/четв[её]рт(ый|ое|ая|ую)|\bfourth\b/, 4],
  [/пят(ый|ое|ая|ую)\b|\bfifth\b/, 5],
];

/**
 * Which offered slot the client means: a time ("в 14:00", "14.00", "at 2 pm", "в 14"), an ordinal or a number
 * ("второй", "the second one", "2", "вариант 3"), a day ("завтра", "tomorrow", "в пятницу") — combined when one
 * alone is ambiguous. Returns the 0-based index, or null when the reply names none or stays ambiguous.
 */
export function matchSlotChoice(rawText: string, slots: OfferSlot[], timezone: string, now: Date): number | null {
  if (slots.length === 0) return null;
  const text = norm(rawText);
  const local = slots.map((s) => DateTime.fromISO(s.start, { zone: timezone }));
  let candidates = slots.map((_, i) => i);

  // A time of day.
  const times: Array<[number, number]> = [];
  for (const m of text.matchAll(/(\d{1,2})[:.](\d{2})/g)) times.push([Number(m[1]), Number(m[2])]);
  for (const m of text.matchAll(/(?:^|\s)(?:в|at|к)\s(\d{1,2})(?!\s*[:.\d])(?:\s*(am|pm|час))?/g)) {
    let hour = Number(m[1]);
    if (m[2] === 'pm' && hour < 12) hour += 12;
    times.push([hour, 0]);
  }
  for (const m of text.matchAll(/(\d{1,2})\s*(am|pm)/g)) {
    let hour = Number(m[1]);
    if (m[2] === 'pm' && hour < 12) hour += 12;
    times.push([hour, 0]);
  }
  if (times.length > 0) {
    const byTime = candidates.filter((i) => times.some(([h, mm]) => local[i]!.hour === h && local[i]!.minute === mm));
    // "в 2" in the afternoon means 14:00.
    const byPm = byTime.length ? byTime : candidates.filter((i) => times.some(([h, mm]) => h < 12 && local[i]!.hour === h + 12 && local[i]!.minute === mm));
    if (byPm.length) candidates = byPm;
    else return null;
  }

  // A day.
  const today = DateTime.fromJSDate(now, { zone: timezone }).startOf('day');
  let day: DateTime | null = null;
  if (/послезавтра|day after tomorrow/.test(text)) day = today.plus({ days: 2 });
  else if (/завтра|tomorrow/.test(text)) day = today.plus({ days: 1 });
  else if (/сегодня|today/.test(text)) day = today;
  const weekdays = weekdaysIn(text);
  const dayFiltered = candidates.filter((i) => {
    if (day) return local[i]!.hasSame(day, 'day');
    if (weekdays.length) return weekdays.includes(local[i]!.weekday);
    return true;
  });
  if ((day || weekdays.length) && dayFiltered.length === 0) return null;
  candidates = dayFiltered;

  if (candidates.length === 1) return candidates[0]!;

  // An ordinal or a bare number among the remaining ones (numbers refer to the offer's numbering).
  for (const [pattern, n] of ORDINALS) if (pattern.test(text) && n <= slots.length && candidates.includes(n - 1)) return n - 1;
  const bare = text.match(/^(?:\S+\s+)?(?:вариант|номер|option|number|№|#)?\s*(\d)\s*[.)!]?\s*$/);
  if (bare && times.length === 0) {
    const n = Number(bare[1]);
    if (n >= 1 && n <= slots.length && candidates.includes(n - 1)) return n - 1;
  }
  return null;
}

function postponeDaysIn(text: string, timezone: string, now: Date): number | null {
  const units: Array<[RegExp, number]> = [[/дн|day/, 1], [/недел|week/, 7], [/месяц|month/, 30]];
  const words: Record<string, number> = { один: 1, одну: 1, два: 2, две: 2, три: 3, четыре: 4, пять: 5, one: 1, a: 1, two: 2, three: 3, four: 4, five: 5, пару: 2, couple: 2 };
  const rel = text.match(/(?:через|in)\s+(\S+)?\s*(дн\S*|недел\S*|месяц\S*|days?|weeks?|months?)/);
  if (rel) {
    const count = rel[1] ? (Number(rel[1]) || words[rel[1]] || 1) : 1;
    const unit = units.find(([p]) => p.test(rel[2]!))![1];
    return Math.min(365, count * unit);
  }
  if (/next month|следующем месяце|в след\S* месяц/.test(text)) return 30;
  if (/next week|следующей неделе|на след\S* неделе/.test(text)) return 7;
  // "до 15 марта", "после 15-го", "until the 15th"
  const date = text.match(/(?:до|после|until|after(?: the)?)\s+(\d{1,2})(?:-?го|th|st|nd|rd)?(?:\s+(\S+))?/);
  if (date) {
    const today = DateTime.fromJSDate(now, { zone: timezone }).startOf('day');
    const months = ['январ', 'феврал', 'март', 'апрел', 'ма', 'июн', 'июл', 'август', 'сентябр', 'октябр', 'ноябр', 'декабр'];
    const enMonths = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
    let month = today.month;
    const word = date[2] ?? '';
    const ru = months.findIndex((m) => word.startsWith(m));
    const en = enMonths.findIndex((m) => word.startsWith(m));
    if (ru >= 0) month = ru + 1;
    else if (en >= 0) month = en + 1;
    let target = today.set({ month, day: Math.min(Number(date[1]), 28) });
    if (target <= today) target = target.plus({ months: ru >= 0 || en >= 0 ? 12 : 1 });
    return Math.max(1, Math.min(365, Math.round(target.diff(today, 'days').days)));
  }
  return null;
}

/** The offline reading: ordered rules, the most specific first. */
export function classifyReplyOffline(question: ReplyQuestion): ReplyReading {
  const text = norm(question.text);
  const now = new Date(question.now);
  const empty = { slotNumber: null, serviceName: null, staffName: null, timeOfDay: null, weekdays: null, postponeDays: null } as const;
  const slotIndex = matchSlotChoice(question.text, question.slots, question.timezone, now);

  if (has(text, ALREADY)) return { ...empty, replyClass: 'neutral', intent: 'already_booked' };
  if (has(text, POSTPONE) && slotIndex === null) {
    return { ...empty, replyClass: 'neutral', intent: 'postpone', postponeDays: postponeDaysIn(text, question.timezone, now) ?? 14 };
  }
  const service = mentioned(text, question.services, question.offeredService);
  if (service && slotIndex === null) return { ...empty, replyClass: 'positive', intent: 'other_service', serviceName: service };
  const staff = mentioned(text, question.staff, null);
  const offeredStaffNames = new Set(question.slots.map((s) => norm(s.staffName)));
  if (staff && !offeredStaffNames.has(norm(staff)) && slotIndex === null) return { ...empty, replyClass: 'positive', intent: 'other_staff', staffName: staff };
  if (has(text, OTHER_STAFF) && slotIndex === null) return { ...empty, replyClass: 'positive', intent: 'other_staff' };
  const negative = has(text, NEGATIVE);
  const timeOfDay = timeOfDayIn(text);
  const weekdays = weekdaysIn(text);
  const explicitTime = /\d{1,2}[:.]\d{2}/.test(text);
  if (has(text, PREFERENCE) && (timeOfDay || weekdays.length) && !explicitTime && !negative) {
    return { ...empty, replyClass: 'positive', intent: 'change_time', timeOfDay, weekdays: weekdays.length ? weekdays : null };
  }
  if (slotIndex !== null && !negative) return { ...empty, replyClass: 'positive', intent: 'book', slotNumber: slotIndex + 1 };
  if ((timeOfDay || weekdays.length) && !negative) {
    return { ...empty, replyClass: 'positive', intent: 'change_time', timeOfDay, weekdays: weekdays.length ? weekdays : null };
  }
  if (negative) return { ...empty, replyClass: 'negative', intent: 'decline' };
  if (has(text, POSITIVE)) return { ...empty, replyClass: 'positive', intent: 'book', slotNumber: question.slots.length === 1 ? 1 : null };
  return { ...empty, replyClass: 'neutral', intent: 'question' };
}

export function buildReplyRequest(question: ReplyQuestion): AiRequest<ReplyReading> {
  return {
    task: REPLY_TASK,
    jsonSchemaName: 'reactivation_reply',
    system:
      'A service business offered a client numbered free slots to book again. Read the client\'s reply and return JSON: ' +
      'replyClass positive (wants to come), negative (declines) or neutral (a question, later, unclear); intent one of ' +
      `${REPLY_INTENTS.join(', ')}; slotNumber = the number of the offered slot they chose (by number, time or day), else null; ` +
      'serviceName / staffName = another service or master of the business they ask for (exact names from "services" / "staff"), else null; ' +
      'timeOfDay (morning/afternoon/evening) and weekdays (ISO numbers) when they ask for other times; postponeDays when they are away ' +
      '(holiday, trip, illness) — days from "now" until they can come.',
    user: JSON.stringify(question),
    schema: ZReplyReading,
    maxTokens: 200,
    temperature: 0,
  };
}

export function registerReplyOfflineTask(offline: OfflineProvider): OfflineProvider {
  return offline.registerOfflineTask<ReplyReading>(REPLY_TASK, (request) => classifyReplyOffline(JSON.parse(request.user) as ReplyQuestion));
}
