import type { DialogMessage } from '../../analysis/engine/analysis-schema.ts';
import type { AutopilotDecision } from './autopilot-reply.ts';

export interface FaqEntry {
  question: string;
  answer: string;
}

/** Asking for a person, in Russian and English; organizations add their own phrases. */
export const DEFAULT_HANDOVER_PHRASES = [
  'позовите менеджера',
  'позовите человека',
  'позовите администратора',
  'соедините с',
  'с менеджером',
  'с человеком',
  'с оператором',
  'живой человек',
  'живого человека',
  'вы бот',
  'это бот',
  'i want a human',
  'a human',
  'real person',
  'live agent',
  'talk to a manager',
  'speak to a manager',
  'talk to someone',
  'speak to someone',
  'are you a bot',
];

/** Anger and complaints: a person should answer these, not a machine. */
const ANGER = /(безобраз|ужасн|отвратительн|жалоб|возмутительн|обман|верните деньги|верните мои деньги|кошмар|хамств|disgust|terrible|awful|complain|refund|scam|unacceptable|ridiculous|angry|furious|worst)/iu;

const STOP_WORDS = new Set([
  'а', 'и', 'в', 'во', 'на', 'с', 'со', 'у', 'к', 'по', 'за', 'из', 'от', 'до', 'о', 'об', 'для', 'ли', 'же', 'не', 'ни', 'это', 'как', 'что', 'какой', 'какая', 'какие', 'где', 'когда', 'есть', 'ваш', 'ваша', 'ваши', 'вас', 'вы', 'мне', 'меня', 'я', 'мы', 'нам', 'можно', 'ли', 'подскажите', 'скажите', 'пожалуйста', 'здравствуйте', 'добрый', 'день', 'привет',
  'the', 'a', 'an', 'is', 'are', 'do', 'does', 'you', 'your', 'i', 'we', 'to', 'of', 'in', 'on', 'at', 'for', 'and', 'or', 'can', 'what', 'how', 'when', 'where', 'is', 'it', 'me', 'my', 'please', 'hi', 'hello', 'there', 'have', 'has',
]);

/** Lower-case word stems: a crude prefix stem is enough to match "стоимость"/"стоит" or "prices"/"price". */
function terms(text: string): Set<string> {
  const words = text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(words.filter((word) => word.length > 1 && !STOP_WORDS.has(word)).map((word) => (word.length > 5 ? word.slice(0, 4) : word.length > 3 ? word.slice(0, 4) : word)));
}

/** The client's side of the conversation since the business last wrote: what the reply must answer. */
function pendingClientText(messages: DialogMessage[]): string {
  const pending: string[] = [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.from === 'business') break;
    pending.unshift(message.text);
  }
  return pending.join('\n');
}

/** The best FAQ entry for a text: the share of the question's terms the text contains (0..1). */
export function matchFaq(text: string, faq: FaqEntry[]): { entry: FaqEntry; score: number } | null {
  const asked = terms(text);
  let best: { entry: FaqEntry; score: number } | null = null;
  for (const entry of faq) {
    const question = terms(entry.question);
    if (question.size === 0) continue;
    let shared = 0;
    for (const term of question) if (asked.has(term)) shared++;
    const score = shared / question.size;
    if (shared > 0 && (!best || score > best.score)) best = { entry, score };
  }
  return best;
}

export function respondOffline(messages: DialogMessage[], faq: FaqEntry[], handoverPhrases: string[]): AutopilotDecision {
  const text = pendingClientText(messages);
  const lower = text.toLowerCase();
  if (!text.trim()) return { action: 'handover', text: '', reason: 'nothing to answer', confidence: 1 };
  const asked = handoverPhrases.find((phrase) => lower.includes(phrase.toLowerCase()));
  if (asked) return { action: 'handover', text: '', reason: `asked for a person ("${asked}")`, confidence: 1 };
  if (ANGER.test(text) || /!{3,}/.test(text)) return { action: 'handover', text: '', reason: 'the client is upset', confidence: 1 };
  const match = matchFaq(text, faq);
  if (!match || match.score < 0.5) return { action: 'handover', text: '', reason: faq.length ? 'no FAQ answer fits' : 'no FAQ written yet', confidence: 1 };
  return { action: 'reply', text: match.entry.answer, reason: `FAQ: ${match.entry.question}`, confidence: Math.min(1, 0.5 + match.score / 2) };
}
