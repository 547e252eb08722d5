import { incline } from 'lvovich';

/**
 * Russian cases of a person's name for the offer's prepositions — "к Динаре", "у Динары" — declined by lvovich
 * (first name and surname, gender taken from them). Names it does not know, initials and Latin names stay as
 * written, which is also what Russian does with most foreign names.
 */
export type NameCase = 'genitive' | 'dative';

const CYRILLIC_WORD = /^[А-ЯЁ][а-яё-]+$/;

export function declineName(fullName: string, nameCase: NameCase): string {
  const words = fullName.trim().split(/\s+/);
  const [first, second, ...rest] = words;
  if (!first || !CYRILLIC_WORD.test(first)) return fullName.trim();
  const last = second && CYRILLIC_WORD.test(second) && second.length > 2 ? second : undefined;
  const declined = incline({ first, ...(last ? { last } : {}) }, nameCase);
  return [declined.first ?? first, ...(last ? [declined.last ?? last] : second ? [second] : []), ...rest].join(' ');
}
