// UI language (ru / en) and locale-aware formatting in the organization's time zone.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './locales/en.ts';
import { ru } from './locales/ru.ts';

export type Lang = 'ru' | 'en';
export type { MessageKey };
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const STORAGE_KEY = 'parley.lang';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, ru };

export function detectLanguage(): Lang {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (saved === 'ru' || saved === 'en') return saved;
  } catch {
    // storage may be unavailable (private mode); fall through to the browser language
  }
  const browser = typeof navigator === 'undefined' ? 'en' : navigator.language || 'en';
  return browser.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

export interface Formatters {
  /** 24 Nov 2026, 14:05 */
  dateTime(iso: string | null | undefined): string;
  /** 24 Nov 2026 */
  date(iso: string | null | undefined): string;
  /** 14:05 */
  time(iso: string | null | undefined): string;
  /** Time today, day + month this year, full date otherwise (lists). */
  short(iso: string | null | undefined): string;
  /** "Today", "Yesterday" or a date (thread separators). */
  day(iso: string | null | undefined): string;
  /** A stable YYYY-MM-DD key of the day in the organization's time zone. */
  dayKey(iso: string): string;
  number(value: number): string;
  money(value: number, currency: string | null | undefined): string;
}

interface I18nValue {
  lang: Lang;
  setLang(lang: Lang): void;
  t: Translate;
  fmt: Formatters;
  timeZone: string | undefined;
}

const I18nContext = createContext<I18nValue | null>(null);

function validTimeZone(tz: string | undefined): string | undefined {
  if (!tz) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return undefined;
  }
}

function makeFormatters(lang: Lang, t: Translate, tz: string | undefined): Formatters {
  const locale = lang === 'ru' ? 'ru-RU' : 'en-GB';
  const dateTimeF = new Intl.DateTimeFormat(locale, { timeZone: tz, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  const dateF = new Intl.DateTimeFormat(locale, { timeZone: tz, day: 'numeric', month: 'short', year: 'numeric' });
  const dayMonthF = new Intl.DateTimeFormat(locale, { timeZone: tz, day: 'numeric', month: 'short' });
  const longDayF = new Intl.DateTimeFormat(locale, { timeZone: tz, weekday: 'long', day: 'numeric', month: 'long' });
  const longDayYearF = new Intl.DateTimeFormat(locale, { timeZone: tz, day: 'numeric', month: 'long', year: 'numeric' });
  const timeF = new Intl.DateTimeFormat(locale, { timeZone: tz, hour: '2-digit', minute: '2-digit' });
  const keyF = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
  const numberF = new Intl.NumberFormat(locale);

  const parse = (iso: string | null | undefined): Date | null => {
    if (!iso) return null;
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? null : d;
  };
  const dayKey = (iso: string) => keyF.format(new Date(iso));
  const todayKey = () => keyF.format(new Date());
  const yesterdayKey = () => keyF.format(new Date(Date.now() - 86_400_000));

  return {
    dateTime: (iso) => {
      const d = parse(iso);
      return d ? dateTimeF.format(d) : '—';
    },
    date: (iso) => {
      const d = parse(iso);
      return d ? dateF.format(d) : '—';
    },
    time: (iso) => {
      const d = parse(iso);
      return d ? timeF.format(d) : '';
    },
    short: (iso) => {
      const d = parse(iso);
      if (!d) return '';
      const key = keyF.format(d);
      if (key === todayKey()) return timeF.format(d);
      if (key === yesterdayKey()) return t('date.yesterday');
      if (key.slice(0, 4) === todayKey().slice(0, 4)) return dayMonthF.format(d);
      return dateF.format(d);
    },
    day: (iso) => {
      const d = parse(iso);
      if (!d) return '';
      const key = keyF.format(d);
      if (key === todayKey()) return t('date.today');
      if (key === yesterdayKey()) return t('date.yesterday');
      return key.slice(0, 4) === todayKey().slice(0, 4) ? longDayF.format(d) : longDayYearF.format(d);
    },
    dayKey,
    number: (value) => numberF.format(value),
    money: (value, currency) => {
      if (!currency) return numberF.format(value);
      try {
        return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 2, minimumFractionDigits: 0 }).format(value);
      } catch {
        return `${numberF.format(value)} ${currency}`;
      }
    },
  };
}

export function I18nProvider({ children, timeZone }: { children: ReactNode; timeZone?: string }) {
  const [lang, setLangState] = useState<Lang>(detectLanguage);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // ignore: the choice then lasts for this page only
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const value = useMemo<I18nValue>(() => {
    const dict = dictionaries[lang];
    const t: Translate = (key, vars) => {
      let text = dict[key] ?? en[key] ?? key;
      if (vars) for (const [name, v] of Object.entries(vars)) text = text.split(`{${name}}`).join(String(v));
      return text;
    };
    const tz = validTimeZone(timeZone);
    return { lang, setLang, t, fmt: makeFormatters(lang, t, tz), timeZone: tz };
  }, [lang, setLang, timeZone]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}

export function useT(): Translate {
  return useI18n().t;
}

export function useFormat(): Formatters {
  return useI18n().fmt;
}
