import { useCallback } from 'react';
import { useI18n, type MessageKey } from './i18n.tsx';

export type PluralForms = 'one' | 'few' | 'many' | 'other';

const rules = { ru: new Intl.PluralRules('ru-RU'), en: new Intl.PluralRules('en-GB') };

/**
 * A count in words with the right form ("1 получатель", "3 получателя", "5 получателей"): `base` names four keys,
 * `base.one|few|many|other`, each with `{n}`; the language's plural rule picks one.
 */
export function usePlural() {
  const { t, lang, fmt } = useI18n();
  return useCallback(
    (base: string, n: number, vars: Record<string, string | number> = {}) => {
      const form = rules[lang].select(n) as PluralForms;
      const key = (['one', 'few', 'many'].includes(form) ? `${base}.${form}` : `${base}.other`) as MessageKey;
      return t(key, { n: fmt.number(n), ...vars });
    },
    [t, lang, fmt],
  );
}
