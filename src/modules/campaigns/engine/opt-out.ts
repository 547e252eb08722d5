/**
 * Recognises an opt-out reply ("stop", "unsubscribe", "отписаться", "не пишите", …). Phrases match as whole
 * words in the normalised text (lower case, ё → е, punctuation and emoji dropped). A one-word phrase that is
 * also an ordinary word ("stop", "стоп", "спам") only counts in a short message (at most four words), so
 * "I can't stop thinking about your offer" is not an opt-out; unambiguous words ("unsubscribe",
 * "отписаться") and phrases of several words count anywhere.
 */
export const DEFAULT_OPT_OUT_PHRASES = [
  'stop',
  'unsubscribe',
  'opt out',
  'optout',
  'remove me',
  'do not contact',
  "don't contact",
  'dont contact',
  'do not message',
  "don't message me",
  'do not write',
  "don't write to me",
  'stop messaging',
  'stop writing',
  'no more messages',
  'leave me alone',
  'спам',
  'стоп',
  'отписаться',
  'отпишите',
  'отписка',
  'не пишите',
  'не писать',
  'не пиши',
  'больше не пишите',
  'хватит писать',
  'перестаньте писать',
  'не беспокойте',
  'не беспокоить',
  'удалите мой номер',
  'удалите меня',
] as const;

const UNAMBIGUOUS_WORDS = new Set(['unsubscribe', 'optout', 'отписаться', 'отпишите', 'отписка', 'отпишитесь']);
const SHORT_MESSAGE_WORDS = 4;

export function normalizeForMatch(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[’‘`]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function isOptOutMessage(text: string, phrases: readonly string[] = DEFAULT_OPT_OUT_PHRASES): boolean {
  const normalized = normalizeForMatch(text);
  if (!normalized) return false;
  const padded = ` ${normalized} `;
  const wordCount = normalized.split(' ').length;
  for (const raw of phrases) {
    const phrase = normalizeForMatch(raw);
    if (!phrase || !padded.includes(` ${phrase} `)) continue;
    const isSingleWord = !phrase.includes(' ');
    if (!isSingleWord || UNAMBIGUOUS_WORDS.has(phrase) || wordCount <= SHORT_MESSAGE_WORDS) return true;
  }
  return false;
}
