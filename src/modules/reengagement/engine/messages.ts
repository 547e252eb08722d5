import { Liquid } from 'liquidjs';
import { z } from 'zod';
import type { AiRequest } from '../../ai/ai-provider.ts';
import type { OfflineProvider } from '../../ai/index.ts';
import type { BusinessBrief, DialogMessage } from '../../analysis/engine/analysis-schema.ts';
import { explain, type ScoreReason } from './scorer.ts';

/**
 * The two model tasks of the re-engagement queue, each with a deterministic offline implementation:
 * - `reengagement.rank`: the scoring agent re-ranks and filters the rules scorer's shortlist (offline: the shortlist
 *   as ranked, every lead kept, the rules' explanation as the reason);
 * - `reengagement.message`: the message for one lead, written once when the queue is formed from its dialog, its
 *   analysis and the business profile (offline: a Liquid template per stage, in the business's tone and the
 *   client's language).
 */

export const RANK_TASK = 'reengagement.rank';
export const MESSAGE_TASK = 'reengagement.message';

export interface ShortlistEntry {
  ref: string;
  stage: string;
  score: number | null;
  interest: string | null;
  daysQuiet: number;
  signals: string[];
  summary: string | null;
  reasons: ScoreReason[];
}

export const ZRanking = z.object({
  ranking: z
    .array(
      z.object({
        ref: z.string().max(20),
        keep: z.boolean(),
        /** Why this lead is worth a message today (or why not), a few words. */
        reason: z.string().max(300),
      }),
    )
    .max(1000),
});
export type Ranking = z.infer<typeof ZRanking>;

const rankInputs = new WeakMap<object, ShortlistEntry[]>();

export function buildRankRequest(shortlist: ShortlistEntry[], brief: BusinessBrief): AiRequest<Ranking> {
  const request: AiRequest<Ranking> = {
    task: RANK_TASK,
    system: [
      `You pick which quiet leads of "${brief.business.name || 'the business'}" are worth a follow-up message today.`,
      brief.business.offer && `Offer: ${brief.business.offer}`,
      brief.signals.hot.length ? `Signs of a hot lead: ${brief.signals.hot.join('; ')}` : null,
      brief.signals.cold.length ? `Signs of a cold lead: ${brief.signals.cold.join('; ')}` : null,
      'Be generous: a lead that went quiet without saying no is worth a message. Drop (keep=false) only leads that clearly refused, are not the target, or would be annoyed.',
      'Return every lead you are given, most promising first, as JSON: {"ranking": [{"ref": string, "keep": boolean, "reason": string}]}.',
    ]
      .filter(Boolean)
      .join('\n\n'),
    user: JSON.stringify({
      leads: shortlist.map((l) => ({ ref: l.ref, stage: l.stage, score: l.score, interest: l.interest, daysQuiet: l.daysQuiet, signals: l.signals, summary: l.summary })),
    }),
    schema: ZRanking,
    jsonSchemaName: 'reengagement_rank',
    temperature: 0.2,
    maxTokens: Math.min(16_000, 200 + shortlist.length * 40),
  };
  rankInputs.set(request, shortlist);
  return request;
}

export const ZGeneratedMessage = z.object({ text: z.string().min(1).max(1500) });
export type GeneratedMessage = z.infer<typeof ZGeneratedMessage>;

export interface MessageInput {
  clientName: string | null;
  language: 'ru' | 'en';
  stageKey: string;
  daysQuiet: number;
  reasons: ScoreReason[];
  brief: BusinessBrief;
  dialog: DialogMessage[];
  summary: string | null;
  nextAction: string | null;
  /** The organization's own Liquid templates per stage key ('default' for any other stage). */
  templates: Record<string, string>;
}

const messageInputs = new WeakMap<object, MessageInput>();

export function buildMessageRequest(input: MessageInput): AiRequest<GeneratedMessage> {
  const { brief } = input;
  const request: AiRequest<GeneratedMessage> = {
    task: MESSAGE_TASK,
    system: [
      `You write one follow-up message to a client of "${brief.business.name || 'the business'}" who went quiet ${input.daysQuiet} days ago.`,
      brief.business.offer && `Offer: ${brief.business.offer}`,
      brief.business.description && `About the business: ${brief.business.description}`,
      brief.signals.toneOfVoice && `Tone of voice: ${brief.signals.toneOfVoice}`,
      input.summary && `What we know about this client: ${input.summary}`,
      input.nextAction && `Recommended next step: ${input.nextAction}`,
      `Why this client was picked today: ${explain(input.reasons)}.`,
      'Pick up the conversation where it stopped, personally and briefly (two or three sentences), and offer one concrete next step. Never invent prices, dates or discounts that are not in the facts above. Write in the client’s language, like a person in a messenger.',
      'Answer with JSON: {"text": string}.',
    ]
      .filter(Boolean)
      .join('\n\n'),
    user: JSON.stringify({ client: input.clientName, stage: input.stageKey, dialog: input.dialog.map((m) => `[${m.from}] ${m.text}`) }),
    schema: ZGeneratedMessage,
    jsonSchemaName: 'reengagement_message',
    temperature: 0.6,
    maxTokens: 400,
  };
  messageInputs.set(request, input);
  return request;
}

const liquid = new Liquid({ strictFilters: true, strictVariables: false, ownPropertyOnly: true, parseLimit: 20_000, renderLimit: 200, memoryLimit: 2_000_000 });

/** Built-in templates per stage, in two registers: `formal` (вы / polite) and `friendly`. */
export const DEFAULT_TEMPLATES: Record<'ru' | 'en', Record<'formal' | 'friendly', Record<string, string>>> = {
  ru: {
    formal: {
      new_lead: '{{ greeting }}{% if business %}Это {{ business }}. {% endif %}Вы недавно писали нам. Остались ли вопросы? С удовольствием подскажем и подберём удобный вариант.',
      qualified: '{{ greeting }}Мы обсуждали{% if offer %} {{ offer }}{% else %} ваш запрос{% endif %}, и разговор прервался. Актуально ли это для вас? Можем предложить удобное время для консультации.',
      consultation_booked: '{{ greeting }}Напоминаем о нашей договорённости о консультации. Подскажите, удобно ли вам время, или подобрать другое?',
      consultation_completed: '{{ greeting }}Спасибо, что были на консультации. Готовы ответить на оставшиеся вопросы и обсудить следующий шаг — когда вам удобно?',
      price: '{{ greeting }}Вы спрашивали о стоимости{% if offer %} ({{ offer }}){% endif %}. Расскажем подробнее и подберём вариант под ваш бюджет — удобно продолжить?',
      default: '{{ greeting }}Давно не общались. Если вопрос ещё актуален, мы на связи и с радостью поможем.',
    },
    friendly: {
      new_lead: '{{ greeting }}{% if business %}Это {{ business }} 🙂 {% endif %}Ты недавно нам писал(а). Остались вопросы? Подскажем и подберём, что подойдёт.',
      qualified: '{{ greeting }}Мы не договорили{% if offer %} про {{ offer }}{% endif %}. Ещё актуально? Можем найти удобное время.',
      consultation_booked: '{{ greeting }}Напоминаем про консультацию 🙂 Время подходит или подобрать другое?',
      consultation_completed: '{{ greeting }}Спасибо, что пришли на консультацию! Если остались вопросы — пиши, обсудим следующий шаг.',
      price: '{{ greeting }}Ты спрашивал(а) про цену{% if offer %} на {{ offer }}{% endif %}. Расскажем подробнее и подберём вариант под бюджет — продолжим?',
      default: '{{ greeting }}Давно не общались! Если вопрос ещё актуален — мы на связи 🙂',
    },
  },
  en: {
    formal: {
      new_lead: '{{ greeting }}You recently wrote to us{% if business %} at {{ business }}{% endif %}. Do you still have questions? We will be glad to help you choose.',
      qualified: '{{ greeting }}We were discussing {% if offer %}{{ offer }}{% else %}your request{% endif %} and the conversation stopped. Is it still relevant? We can offer a convenient time for a consultation.',
      consultation_booked: '{{ greeting }}A reminder about your consultation with us. Does the time still suit you, or shall we find another?',
      consultation_completed: '{{ greeting }}Thank you for coming to the consultation. We are happy to answer any questions and discuss the next step — when suits you?',
      price: '{{ greeting }}You asked about the price{% if offer %} of {{ offer }}{% endif %}. We can tell you more and find an option for your budget — shall we continue?',
      default: '{{ greeting }}It has been a while. If your question is still open, we are here and happy to help.',
    },
    friendly: {
      new_lead: '{{ greeting }}You wrote to us recently{% if business %} at {{ business }}{% endif %} 🙂 Any questions left? Happy to help you pick.',
      qualified: '{{ greeting }}We didn’t finish talking{% if offer %} about {{ offer }}{% endif %}. Still interested? We can find a time that works.',
      consultation_booked: '{{ greeting }}Just a reminder about your consultation 🙂 Does the time work, or shall we pick another?',
      consultation_completed: '{{ greeting }}Thanks for coming in! If anything is still unclear, just write — let’s talk about the next step.',
      price: '{{ greeting }}You asked about the price{% if offer %} of {{ offer }}{% endif %}. Want details and an option that fits your budget?',
      default: '{{ greeting }}It’s been a while! If it’s still relevant, we’re here 🙂',
    },
  },
};

/** A tone of voice that asks for "вы" or politeness is formal; one that asks for informality ("friendly", "на ты", "casual") picks the friendly register. */
export function registerOf(toneOfVoice: string): 'formal' | 'friendly' {
  if (/на\s*[«"']?вы(?![а-яё])|formal|polite|вежлив|официальн/i.test(toneOfVoice)) return 'formal';
  return /friendly|casual|informal|на ты|дружелюб|неформал|просто/i.test(toneOfVoice) ? 'friendly' : 'formal';
}

function templateKey(input: MessageInput, available: Record<string, string>): string {
  const askedPrice = input.reasons.some((r) => r.code === 'signal' && (r.value === 'price_asked' || r.value === 'objection_price'));
  if (available[input.stageKey]) return input.stageKey;
  if (askedPrice && available.price) return 'price';
  return 'default';
}

/** The offer's first clause when it is short enough to name in a sentence; a long one is left out. */
function shortOffer(offer: string): string {
  const first = offer.split(/[.;:\n—(]/)[0]?.trim() ?? '';
  if (!first || first.length > 50 || first.includes(',')) return '';
  return first.charAt(0).toLowerCase() + first.slice(1);
}

/** The built-in template a stage gets in this language and register (`default` for a stage without its own). */
export function builtInTemplate(language: 'ru' | 'en', register: 'formal' | 'friendly', key: string): string {
  const builtIn = DEFAULT_TEMPLATES[language][register];
  return builtIn[key] ?? builtIn.default!;
}

/** Renders one template source for a lead; throws the Liquid error when the source does not parse or render. */
export function renderTemplate(source: string, input: MessageInput): string {
  const register = registerOf(input.brief.signals.toneOfVoice);
  const first = (input.clientName ?? '').trim().split(/\s+/)[0] ?? '';
  const name = /^[\p{L}-]{2,}$/u.test(first) ? first : '';
  const greeting =
    input.language === 'ru'
      ? register === 'friendly'
        ? `Привет${name ? `, ${name}` : ''}! `
        : `${name ? `${name}, здравствуйте` : 'Здравствуйте'}! `
      : register === 'friendly'
        ? `Hi${name ? ` ${name}` : ''}! `
        : `Hello${name ? ` ${name}` : ''}! `;
  const text = liquid.parseAndRenderSync(source, {
    greeting,
    name,
    business: input.brief.business.name,
    offer: shortOffer(input.brief.business.offer),
    stage: input.stageKey,
    days_quiet: input.daysQuiet,
  });
  return String(text).replace(/\s+/g, ' ').trim();
}

/** The template the offline writer uses for this lead: the organization's own for its stage, else the built-in one. */
export function templateSourceFor(input: MessageInput): string {
  const register = registerOf(input.brief.signals.toneOfVoice);
  const builtIn = DEFAULT_TEMPLATES[input.language][register];
  const own = input.templates;
  const key = own[input.stageKey] ? input.stageKey : templateKey(input, builtIn);
  return own[key] ?? own.default ?? builtIn[key] ?? builtIn.default!;
}

export function renderOfflineMessage(input: MessageInput): string {
  return renderTemplate(templateSourceFor(input), input);
}

/** A Liquid error as one line (what the settings and the preview report under the template). */
export function templateError(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/** Checks an organization's template: parses, and renders against sample values without error. */
export function checkTemplate(source: string): string | null {
  try {
    liquid.parseAndRenderSync(source, { greeting: 'Hello! ', name: 'Anna', business: 'Studio', offer: 'consultation', stage: 'qualified', days_quiet: 7 });
    return null;
  } catch (error) {
    return templateError(error);
  }
}

export function registerReengagementOfflineTasks(offline: OfflineProvider): OfflineProvider {
  offline.registerOfflineTask<Ranking>(RANK_TASK, (request) => {
    const shortlist = rankInputs.get(request);
    if (!shortlist) throw new Error(`${RANK_TASK}: the request was not built by buildRankRequest in this process`);
    return { ranking: shortlist.map((l) => ({ ref: l.ref, keep: true, reason: explain(l.reasons) })) };
  });
  offline.registerOfflineTask<GeneratedMessage>(MESSAGE_TASK, (request) => {
    const input = messageInputs.get(request);
    if (!input) throw new Error(`${MESSAGE_TASK}: the request was not built by buildMessageRequest in this process`);
    return { text: renderOfflineMessage(input) };
  });
  return offline;
}
