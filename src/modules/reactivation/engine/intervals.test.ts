import { describe, expect, it } from 'vitest';
import { chooseInterval, clientInterval, DEFAULT_INTERVAL_DAYS, median } from './intervals.ts';
import { suggestIntervalOffline } from './interval-suggestion.ts';

const base = { manualDays: null, historicalDays: null, historicalSample: 0, aiDays: null, defaultDays: 35 };

describe('interval source: manual → historical → AI → default', () => {
  it('a manual interval wins over everything', () => {
    expect(chooseInterval({ ...base, manualDays: 20, historicalDays: 30, historicalSample: 50, aiDays: 25 }, 5)).toEqual({ days: 20, source: 'manual' });
  });

  it('history wins over the AI when it has enough returns behind it', () => {
    expect(chooseInterval({ ...base, historicalDays: 31, historicalSample: 5, aiDays: 25 }, 5)).toEqual({ days: 31, source: 'historical' });
  });

  it('history with too few returns falls through to the AI', () => {
    expect(chooseInterval({ ...base, historicalDays: 31, historicalSample: 4, aiDays: 25 }, 5)).toEqual({ days: 25, source: 'ai' });
  });

  it('without manual, history or AI the business-type default applies', () => {
    expect(chooseInterval({ ...base, historicalDays: 31, historicalSample: 1 }, 5)).toEqual({ days: 35, source: 'default' });
    expect(DEFAULT_INTERVAL_DAYS.dental).toBe(180);
    expect(DEFAULT_INTERVAL_DAYS.barbershop).toBe(28);
  });
});

describe('a client’s own interval', () => {
  const rule = { manualDays: null, days: 35, source: 'historical' as const, useClientHistory: true };

  it('a client with enough returns is due by their own median', () => {
    expect(clientInterval(rule, { medianGapDays: 20.6, gaps: 3 }, 3)).toEqual({ days: 21, source: 'client_history' });
  });

  it('too few returns, or client history switched off, use the rule', () => {
    expect(clientInterval(rule, { medianGapDays: 20, gaps: 2 }, 3)).toEqual({ days: 35, source: 'historical' });
    expect(clientInterval({ ...rule, useClientHistory: false }, { medianGapDays: 20, gaps: 10 }, 3)).toEqual({ days: 35, source: 'historical' });
  });

  it('the business’s manual interval still wins over the client’s history', () => {
    expect(clientInterval({ ...rule, manualDays: 30, source: 'manual' }, { medianGapDays: 20, gaps: 10 }, 3)).toEqual({ days: 30, source: 'manual' });
  });
});

describe('median', () => {
  it('odd, even and empty', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('offline interval suggestion', () => {
  const ask = (name: string, category: string | null = null, language: 'ru' | 'en' = 'ru') =>
    suggestIntervalOffline({ businessType: 'beauty_salon', language, service: { name, category, durationMinutes: 60, price: 1000, currency: 'KGS' } });

  it('knows common services in Russian and English', () => {
    expect(ask('Мужская стрижка').intervalDays).toBe(28);
    expect(ask('Маникюр с покрытием гель-лак').intervalDays).toBe(21);
    expect(ask('Окрашивание AirTouch').intervalDays).toBe(42);
    expect(ask('Teeth cleaning', null, 'en').intervalDays).toBe(180);
    expect(ask('Стрижка бороды').intervalDays).toBe(14);
    expect(ask('Женская стрижка').intervalDays).toBe(35);
  });

  it('answers null (the default applies) for a service it does not know, with a reason in the language', () => {
    const answer = ask('Консультация астролога');
    expect(answer.intervalDays).toBeNull();
    expect(answer.reasoning).toMatch(/по умолчанию/);
    expect(ask('Tarot reading', null, 'en').reasoning).toMatch(/default/);
  });
});
