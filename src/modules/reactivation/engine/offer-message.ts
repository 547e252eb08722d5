import { Liquid } from 'liquidjs';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { AiRequest, OfflineProvider } from '../../ai/index.ts';
import { declineName } from './russian-names.ts';

/**
 * The message generator (seed 003 part 3): a personal offer naming the service, the master and 2–3 concrete slots,
 * with the attempt's discount, in the business's tone. The model writes it (`reactivation.message` through ctx.ai);
 * the offline answer — no key, or the model failed — is the Liquid template below, in Russian or English.
 */
export const MESSAGE_TASK = 'reactivation.message';

export interface OfferSlot {
  start: string;
  end: string;
  staffId: string;
  staffName: string;
  score: number;
  explanation: string;
}

export interface OfferContext {
  language: 'ru' | 'en';
  timezone: string;
  business: { name: string; tone: string; description: string };
  client: { firstName: string; visits: number; lastVisitAt: string | null; daysSinceLastVisit: number | null };
  service: { name: string; price: number | null; currency: string };
  staff: { name: string } | null;
  attemptNumber: number;
  discountPercent: number;
  slots: OfferSlot[];
  /** Why a follow-up offer is sent inside a dialog ("another master", "evenings"); null for the daily offer. */
  followUpReason?: string | null;
}

/** Discount in percent of attempt n (1-based): the rule's list, its last value beyond its end. */
export function discountFor(attemptDiscounts: readonly number[], attemptNumber: number): number {
  if (attemptDiscounts.length === 0 || attemptNumber < 1) return 0;
  return attemptDiscounts[Math.min(attemptNumber, attemptDiscounts.length) - 1] ?? 0;
}

const RU_WEEKDAYS = ['понедельник', 'вторник', 'среду', 'четверг', 'пятницу', 'субботу', 'воскресенье'];

/** "в пятницу, 14 марта, в 14:00" / "Friday, 14 March at 14:00", in the organization's zone. */
export function formatSlot(startIso: string, timezone: string, language: 'ru' | 'en'): string {
  const local = DateTime.fromISO(startIso, { zone: timezone });
  if (language === 'ru') return `${local.weekday === 2 ? 'во' : 'в'} ${RU_WEEKDAYS[local.weekday - 1]}, ${local.setLocale('ru').toFormat('d MMMM')}, в ${local.toFormat('HH:mm')}`;
  return `${local.setLocale('en').toFormat('cccc, d MMMM')} at ${local.toFormat('HH:mm')}`;
}

const liquid = new Liquid({ strictVariables: false, strictFilters: true });

const TEMPLATES: Record<'ru' | 'en', { first: string; again: string; followUp: string }> = {
  ru: {
    // The business and the service stay in the nominative ("Это салон «Лето»", "процедура «Маникюр»"), so their names
    // are never bent into a wrong case; the master's name goes into the case its preposition needs (к Динаре, у Динары).
    first:
      '{{ greeting }}, {{ client }}!{% if business %} Это {{ business }}.{% endif %} Давно вас не видели — пора на процедуру «{{ service }}»{% if staff %} к {{ staffDative }}{% endif %}. ' +
      'Есть свободное время: {{ slotList }}.{% if discount > 0 %} Для вас скидка {{ discount }}%.{% endif %} Напишите номер или время — запишем.',
    again:
      '{{ client }}, напоминаем о себе: процедура «{{ service }}»{% if staff %} у {{ staffGenitive }}{% endif %} — {{ slotList }}.' +
      '{% if discount > 0 %} Дарим скидку {{ discount }}%.{% endif %} Ответьте номером или временем, и мы запишем.',
    followUp: '{{ client }}, подобрали {{ reason }}: {{ slotList }}.{% if discount > 0 %} Скидка {{ discount }}% сохраняется.{% endif %} Какое время записать?',
  },
  en: {
    first:
      '{{ greeting }}, {{ client }}! We have not seen you at {{ business }} for a while — time for {{ service }}{% if staff %} with {{ staff }}{% endif %}. ' +
      'Free times: {{ slotList }}.{% if discount > 0 %} You get {{ discount }}% off.{% endif %} Reply with the number or the time and we will book you.',
    again:
      '{{ client }}, a friendly reminder: {{ service }}{% if staff %} with {{ staff }}{% endif %} — {{ slotList }}.' +
      '{% if discount > 0 %} Here is {{ discount }}% off.{% endif %} Reply with the number or the time and we will book you.',
    followUp: '{{ client }}, here is {{ reason }}: {{ slotList }}.{% if discount > 0 %} Your {{ discount }}% discount still stands.{% endif %} Which time shall we book?',
  },
};

export function slotList(slots: OfferSlot[], timezone: string, language: 'ru' | 'en', withStaff: boolean): string {
  return slots
    .map((slot, i) => `${i + 1}) ${formatSlot(slot.start, timezone, language)}${withStaff ? (language === 'ru' ? ` (${slot.staffName})` : ` (${slot.staffName})`) : ''}`)
    .join('; ');
}

/** The template offer: deterministic, used offline and whenever the model fails. */
export function renderOfferTemplate(context: OfferContext): string {
  const { language } = context;
  const staffNames = new Set(context.slots.map((s) => s.staffName));
  const mixedStaff = staffNames.size > 1 || (context.staff !== null && !staffNames.has(context.staff.name));
  const kind = context.followUpReason ? 'followUp' : context.attemptNumber > 1 ? 'again' : 'first';
  const staff = mixedStaff ? null : (context.staff?.name ?? context.slots[0]?.staffName ?? null);
  const text = liquid.parseAndRenderSync(TEMPLATES[language][kind], {
    greeting: language === 'ru' ? 'Здравствуйте' : 'Hello',
    client: context.client.firstName || (language === 'ru' ? 'добрый день' : 'there'),
    business: context.business.name || (language === 'ru' ? null : 'our place'),
    service: context.service.name,
    staff,
    staffDative: staff ? declineName(staff, 'dative') : null,
    staffGenitive: staff ? declineName(staff, 'genitive') : null,
    slotList: slotList(context.slots, context.timezone, language, mixedStaff),
    discount: context.discountPercent,
    reason: context.followUpReason ?? '',
  }) as string;
  return text.replace(/\s+/g, ' ').trim();
}

export const ZGeneratedOffer = z.object({ message: z.string().min(1).max(1000) });
export type GeneratedOffer = z.infer<typeof ZGeneratedOffer>;

export function buildOfferRequest(context: OfferContext): AiRequest<GeneratedOffer> {
  const slots = context.slots.map((slot, i) => ({ number: i + 1, when: formatSlot(slot.start, context.timezone, context.language), staff: slot.staffName }));
  return {
    task: MESSAGE_TASK,
    jsonSchemaName: 'reactivation_offer',
    system:
      'You write one short personal message (2–4 sentences, no more than 600 characters) from a service business to a ' +
      'client who has not come back for a while, inviting them to book again. Write in the language given as ' +
      '"language", in the business\'s tone of voice. Name the service and the master, offer exactly the numbered slots ' +
      'given (keep their numbers, day and time), mention the discount when it is above 0 (use "numberedSlots"), and ask the client to reply ' +
      'with the number or the time. No links, no template markers, no invented facts. Return JSON {"message": "..."}.',
    user: JSON.stringify({ ...context, numberedSlots: slots }),
    schema: ZGeneratedOffer,
    maxTokens: 400,
    temperature: 0.6,
  };
}

/** A model's offer is used only when it still names every slot's time; otherwise the template goes out. */
export function offerMentionsSlots(message: string, context: OfferContext): boolean {
  return context.slots.every((slot) => message.includes(DateTime.fromISO(slot.start, { zone: context.timezone }).toFormat('HH:mm')));
}

export function registerOfferOfflineTask(offline: OfflineProvider): OfflineProvider {
  return offline.registerOfflineTask<GeneratedOffer>(MESSAGE_TASK, (request) => ({ message: renderOfferTemplate(JSON.parse(request.user) as OfferContext) }));
}
