/**
 * Outreach hints before a launch (seed 002 §6, the "before you start" checklist): what makes a cold message look
 * like spam to people and to WhatsApp/Telegram. Advice, not a block: the launch dialog lists them. Pure: the
 * steps' sources and rendered samples in, hints out.
 */

export type HintCode = 'link_in_first_message' | 'many_links' | 'no_personalisation' | 'long_first_message' | 'long_message' | 'shouting';

export interface OutreachHint {
  code: HintCode;
  /** The step (0-based) the hint is about. */
  step: number;
  /** The measured number: links, characters, or the share of capitals in percent. */
  value: number;
  /** The limit the number passed. */
  limit: number;
}

export interface HintStep {
  /** The template as written (with its variables). */
  source: string;
  /** The message as a recipient would read it. */
  rendered: string;
}

export const FIRST_MESSAGE_MAX_CHARS = 400;
export const MESSAGE_MAX_CHARS = 1000;
const MAX_LINKS = 1;
const CAPITALS_SHARE = 0.3;
const EXCLAMATIONS = 3;

const LINK = /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]+\.(?:com|ru|kg|kz|io|me|org|net|app|link|ly|to)\b(?:\/\S*)?/gi;
const PERSONAL = /\{\{-?\s*(?:contact|company|ai)\./;

export function countLinks(text: string): number {
  return text.match(LINK)?.length ?? 0;
}

export function outreachHints(steps: HintStep[]): OutreachHint[] {
  const hints: OutreachHint[] = [];
  steps.forEach((step, index) => {
    const links = countLinks(step.rendered);
    if (index === 0 && links > 0) hints.push({ code: 'link_in_first_message', step: 0, value: links, limit: 0 });
    else if (links > MAX_LINKS) hints.push({ code: 'many_links', step: index, value: links, limit: MAX_LINKS });
    const length = step.rendered.length;
    if (index === 0 && length > FIRST_MESSAGE_MAX_CHARS) hints.push({ code: 'long_first_message', step: 0, value: length, limit: FIRST_MESSAGE_MAX_CHARS });
    else if (length > MESSAGE_MAX_CHARS) hints.push({ code: 'long_message', step: index, value: length, limit: MESSAGE_MAX_CHARS });
    const letters = step.rendered.replace(/[^\p{L}]/gu, '');
    const capitals = letters.replace(/[^\p{Lu}]/gu, '').length;
    const exclamations = (step.rendered.match(/!/g) ?? []).length;
    if ((letters.length >= 20 && capitals / letters.length >= CAPITALS_SHARE) || exclamations >= EXCLAMATIONS) {
      hints.push({ code: 'shouting', step: index, value: Math.round((capitals / Math.max(1, letters.length)) * 100), limit: CAPITALS_SHARE * 100 });
    }
  });
  // The same words to everyone read as a mailing: the first message should at least use the name.
  if (steps.length > 0 && !PERSONAL.test(steps[0]!.source)) hints.push({ code: 'no_personalisation', step: 0, value: 0, limit: 1 });
  return hints;
}
