import { z } from 'zod';
import type { AiRequest, OfflineProvider } from '../../ai/index.ts';

/**
 * The AI step of the interval chain: given a service of a business, after how many days does a typical client need
 * it again. The offline answer is a table of well-known services (Russian and English names); for a service it does
 * not know it answers null, and the chain falls through to the business-type default.
 */
export const INTERVAL_TASK = 'reactivation.interval';

export const ZIntervalSuggestion = z.object({
  intervalDays: z.number().int().min(1).max(730).nullable(),
  reasoning: z.string().max(500),
});
export type IntervalSuggestion = z.infer<typeof ZIntervalSuggestion>;

export interface IntervalQuestion {
  businessType: string;
  language: 'ru' | 'en';
  service: { name: string; category: string | null; durationMinutes: number; price: number; currency: string };
}

export function buildIntervalRequest(question: IntervalQuestion): AiRequest<IntervalSuggestion> {
  return {
    task: INTERVAL_TASK,
    jsonSchemaName: 'reactivation_interval',
    system:
      'You advise service businesses (salons, barbershops, clinics, studios) on client retention. For the service ' +
      'given, estimate after how many days a typical regular client needs it again (for example a men\'s haircut ' +
      'about 28 days, gel manicure about 21, a dental check-up about 180). Answer with whole days; answer null when ' +
      'the service is one-off or you cannot tell. Give a one-sentence reasoning in the language given as "language". ' +
      'Return JSON {"intervalDays": number|null, "reasoning": "..."}.',
    user: JSON.stringify(question),
    schema: ZIntervalSuggestion,
    maxTokens: 200,
    temperature: 0.2,
  };
}

/** [pattern over "name category", days, English label]; the first match wins, so specific entries come first. */
const KNOWN_SERVICES: Array<[RegExp, number, string]> = [
  [/бород|beard|бритьё|бритье|shave/i, 14, 'beard and shave care'],
  [/мужск\p{L}* стрижк|men'?s (hair)?cut|барбер|barber|fade|машинк/iu, 28, "men's haircut"],
  [/окраш|колор|тонир|мелир|airtouch|балаяж|шатуш|colou?r|highlight|balayage|root/i, 42, 'hair colouring'],
  [/кератин|ботокс для волос|keratin/i, 90, 'keratin treatment'],
  [/стрижк|haircut|hair cut|укладк|blow ?dry|styling/i, 35, 'haircut or styling'],
  [/педикюр|pedicure/i, 30, 'pedicure'],
  [/маникюр|гель.?лак|shellac|manicure|gel (nail|polish)|nails?\b|ногт/i, 21, 'manicure'],
  [/наращ\p{L}* ресниц|ресниц|lash/iu, 21, 'eyelash extension or lift'],
  [/бров|brow/i, 28, 'brow shaping'],
  [/депиляц|эпиляц|шугаринг|воск|wax|sugaring|laser hair/i, 30, 'hair removal'],
  [/массаж|massage|spa|спа/i, 14, 'massage'],
  [/чистк\p{L}* лиц|пилинг|facial|peel|уход за лиц|cosmetolog|косметолог/iu, 30, 'facial care'],
  [/ботокс|botox|филлер|filler/i, 120, 'injections'],
  [/гигиен|чистк\p{L}* зуб|профосмотр|check.?up|cleaning|dental|стомат|зуб/iu, 180, 'dental hygiene or check-up'],
  [/тренировк|training|персональн|fitness|йог|yoga|pilates|пилатес/i, 7, 'training session'],
  [/груминг|grooming|стрижк\p{L}* собак|dog|cat|кошк/iu, 45, 'pet grooming'],
  [/замена масла|oil change|то\b|техобслуж|service inspection|шиномонтаж|tyre|tire/i, 180, 'car service'],
];

export function suggestIntervalOffline(question: IntervalQuestion): IntervalSuggestion {
  const text = `${question.service.name} ${question.service.category ?? ''}`;
  const hit = KNOWN_SERVICES.find(([pattern]) => pattern.test(text));
  const ru = question.language === 'ru';
  if (!hit) {
    return { intervalDays: null, reasoning: ru ? 'Услуга не из известного списка; используется значение по умолчанию для типа бизнеса.' : 'Not a service the offline table knows; the business-type default applies.' };
  }
  const [, days, label] = hit;
  return {
    intervalDays: days,
    reasoning: ru ? `Типичный интервал для услуги «${label}» — около ${days} дн.` : `A typical return interval for ${label} is about ${days} days.`,
  };
}

export function registerIntervalOfflineTask(offline: OfflineProvider): OfflineProvider {
  return offline.registerOfflineTask<IntervalSuggestion>(INTERVAL_TASK, (request) => suggestIntervalOffline(JSON.parse(request.user) as IntervalQuestion));
}
