import { z } from 'zod';
import type { AiRequest, OfflineProvider } from '../../ai/index.ts';
import type { BusinessBrief, DialogMessage } from '../../analysis/index.ts';

export const SUGGESTED_REPLY_TASK = 'inbox.suggested-reply';

export const ZSuggestedReply = z.object({ text: z.string().min(1).max(2000) });
export type SuggestedReply = z.infer<typeof ZSuggestedReply>;

export interface ServiceOffer {
  name: string;
  price: number | null;
  currency: string;
}

export interface SuggestedReplyInput {
  messages: DialogMessage[];
  brief: BusinessBrief;
  services: ServiceOffer[];
  clientFirstName: string | null;
  analysisSummary: string | null;
  nextAction: string | null;
}

export type ReplyLanguage = 'ru' | 'en';

const inputs = new WeakMap<object, SuggestedReplyInput>();

/** The client's own words decide the language: Cyrillic letters outweighing Latin ones mean Russian. */
export function dialogLanguage(messages: DialogMessage[]): ReplyLanguage {
  const text = messages.filter((m) => m.from === 'client').slice(-5).map((m) => m.text).join(' ') || messages.map((m) => m.text).join(' ');
  const cyrillic = (text.match(/[\u0400-\u04ff]/g) ?? []).length;
  const latin = (text.match(/[a-z]/gi) ?? []).length;
  return cyrillic === 0 && latin > 0 ? 'en' : 'ru';
}

/** A link in the business description (a booking page, a website), if it gives one. */
export function bookingLinkOf(brief: BusinessBrief): string | null {
  const text = [brief.business.offer, brief.business.description, brief.signals.notes].join(' ');
  const links = text.match(/https?:\/\/[^\s,;)»"]+/g) ?? [];
  return links.find((link) => /book|zapis|запис|yclients|calendly|dikidi|booking/i.test(link)) ?? links[0] ?? null;
}

function stem(word: string): string {
  return word.length > 5 ? word.slice(0, 5) : word;
}

/** The service the client's last messages ask about: most shared word stems with its name. */
export function serviceAskedAbout(messages: DialogMessage[], services: ServiceOffer[]): ServiceOffer | null {
  const asked = new Set(
    messages
      .filter((m) => m.from === 'client')
      .slice(-3)
      .flatMap((m) => m.text.toLowerCase().match(/[\p{L}]{4,}/gu) ?? [])
      .map(stem),
  );
  let best: { service: ServiceOffer; score: number } | null = null;
  for (const service of services) {
    const score = (service.name.toLowerCase().match(/[\p{L}]{4,}/gu) ?? []).map(stem).filter((s) => asked.has(s)).length;
    if (score > 0 && (!best || score > best.score)) best = { service, score };
  }
  return best?.service ?? null;
}

function formatPrice(price: number, currency: string, language: ReplyLanguage): string {
  const amount = new Intl.NumberFormat(language === 'ru' ? 'ru-RU' : 'en-US', { maximumFractionDigits: 0 }).format(price);
  const sign: Record<string, string> = { RUB: '₽', KGS: 'сом', KZT: '₸', USD: '$', EUR: '€' };
  const code = currency.toUpperCase();
  // "сом" is a Russian word: an English reply names the currency by its code.
  const unit = language === 'en' && code === 'KGS' ? 'KGS' : (sign[code] ?? currency);
  return unit === '$' || unit === '€' ? `${unit}${amount}` : `${amount} ${unit}`;
}

const ASKS_BOOKING = /запис|врем|окн|слот|консульт|встреч|созвон|визит|book|slot|appointment|call|visit|schedule/i;
const ASKS_PRICE = /цен|стоим|прайс|сколько|price|cost|how much/i;

/**
 * A reply drafted without a model, from facts only: a greeting by name, the price of the service the client
 * asked about (from the catalogue), and the step the analysis recommends — a booking link or a question about
 * a convenient time when it points at booking, otherwise the business's first qualification question.
 */
export function draftReplyOffline(input: SuggestedReplyInput): SuggestedReply {
  const language = dialogLanguage(input.messages);
  const ru = language === 'ru';
  const name = input.clientFirstName?.trim().split(/\s+/)[0] ?? null;
  const lastClient = [...input.messages].reverse().find((m) => m.from === 'client')?.text ?? '';
  const parts: string[] = [name ? (ru ? `Здравствуйте, ${name}!` : `Hello ${name}!`) : ru ? 'Здравствуйте!' : 'Hello!'];
  parts.push(ru ? `Спасибо, что написали в ${input.brief.business.name}.` : `Thank you for writing to ${input.brief.business.name}.`);

  const service = serviceAskedAbout(input.messages, input.services);
  if (service && service.price !== null) {
    const price = formatPrice(service.price, service.currency, language);
    parts.push(ru ? `${service.name} — ${price}.` : `${service.name} is ${price}.`);
  } else if (ASKS_PRICE.test(lastClient) && input.services.some((s) => s.price !== null)) {
    const priced = input.services.filter((s) => s.price !== null).slice(0, 3);
    parts.push((ru ? 'Наши цены: ' : 'Our prices: ') + priced.map((s) => `${s.name} — ${formatPrice(s.price!, s.currency, language)}`).join('; ') + '.');
  }

  const link = bookingLinkOf(input.brief);
  const wantsBooking = ASKS_BOOKING.test(input.nextAction ?? '') || ASKS_BOOKING.test(lastClient) || service !== null;
  if (wantsBooking) {
    parts.push(link ? (ru ? `Записаться можно здесь: ${link} — или напишите, какой день и время вам удобны, и мы вас запишем.` : `You can book here: ${link}, or tell us which day and time suit you and we will book you in.`) : ru ? 'Подскажите, какой день и время вам удобны? Подберём свободное окно.' : 'Which day and time would suit you? We will find a free slot.');
  } else {
    const question = input.brief.funnel.qualificationQuestions[0];
    parts.push(question && ru ? question : ru ? 'Подскажите, чем я могу вам помочь?' : question && /[a-z]/i.test(question) && !/[\u0400-\u04ff]/.test(question) ? question : 'How can I help you?');
  }
  return { text: parts.join(' ') };
}

function systemPrompt(input: SuggestedReplyInput): string {
  const { brief } = input;
  return [
    `You draft a reply for a person at "${brief.business.name}" to send to a client in a messenger. The person will edit it before sending.`,
    brief.business.offer && `Offer: ${brief.business.offer}`,
    brief.business.description && `About the business: ${brief.business.description}`,
    input.services.length > 0 && `Services and prices:\n${input.services.map((s) => `- ${s.name}${s.price !== null ? `: ${s.price} ${s.currency}` : ''}`).join('\n')}`,
    bookingLinkOf(brief) && `Booking link: ${bookingLinkOf(brief)}`,
    brief.signals.toneOfVoice && `Tone of voice: ${brief.signals.toneOfVoice}`,
    input.analysisSummary && `What we know about this client: ${input.analysisSummary}`,
    input.nextAction && `Recommended next step: ${input.nextAction}`,
    `Answer the client's latest messages and move them to the next step. Never invent prices, addresses or times that are not given above. Write in the client's language (${dialogLanguage(input.messages) === 'ru' ? 'Russian' : 'English'}), briefly, like a person in a chat.`,
    `Answer with JSON: {"text": string}.`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

export function buildSuggestedReplyRequest(input: SuggestedReplyInput): AiRequest<SuggestedReply> {
  const request: AiRequest<SuggestedReply> = {
    task: SUGGESTED_REPLY_TASK,
    system: systemPrompt(input),
    user: JSON.stringify({ dialog: input.messages.map((m) => `[${m.from}] ${m.text}`) }),
    schema: ZSuggestedReply,
    jsonSchemaName: 'suggested_reply',
    temperature: 0.4,
    maxTokens: 400,
  };
  inputs.set(request, input);
  return request;
}

/** Without a key (or when the model fails) the draft comes from `draftReplyOffline`. */
export function registerOfflineSuggestedReply(offline: OfflineProvider): OfflineProvider {
  return offline.registerOfflineTask<SuggestedReply>(SUGGESTED_REPLY_TASK, (request) => {
    const input = inputs.get(request);
    if (!input) throw new Error(`${SUGGESTED_REPLY_TASK}: the request was not built by buildSuggestedReplyRequest in this process`);
    return draftReplyOffline(input);
  });
}
