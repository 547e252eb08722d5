import { describe, expect, it } from 'vitest';
import { discountFor, formatSlot, offerMentionsSlots, renderOfferTemplate, type OfferContext } from './offer-message.ts';

const ZONE = 'Asia/Bishkek';
const context = (over: Partial<OfferContext> = {}): OfferContext => ({
  language: 'ru',
  timezone: ZONE,
  business: { name: 'Салон Лето', tone: 'тёплый', description: '' },
  client: { firstName: 'Айгуль', visits: 5, lastVisitAt: null, daysSinceLastVisit: 50 },
  service: { name: 'Маникюр', price: 1200, currency: 'KGS' },
  staff: { name: 'Динара' },
  attemptNumber: 1,
  discountPercent: 0,
  slots: [
    { start: '2026-03-06T08:00:00Z', end: '2026-03-06T09:00:00Z', staffId: 's1', staffName: 'Динара', score: 0.9, explanation: '' },
    { start: '2026-03-07T05:30:00Z', end: '2026-03-07T06:30:00Z', staffId: 's1', staffName: 'Динара', score: 0.8, explanation: '' },
  ],
  ...over,
});

describe('progressive discount', () => {
  it('takes the rule’s percent of the attempt, the last one beyond the list', () => {
    expect(discountFor([0, 10, 15], 1)).toBe(0);
    expect(discountFor([0, 10, 15], 2)).toBe(10);
    expect(discountFor([0, 10, 15], 3)).toBe(15);
    expect(discountFor([0, 10, 15], 7)).toBe(15);
    expect(discountFor([], 2)).toBe(0);
  });
});

describe('offer template', () => {
  it('is grammatical Russian whatever the names: the business in the nominative, the master in the case of the preposition', () => {
    const text = renderOfferTemplate(context({ business: { name: 'Салон красоты «Ак Жол»', tone: '', description: '' }, staff: { name: 'Гульнара Осмонова' }, slots: context().slots.map((s) => ({ ...s, staffName: 'Гульнара Осмонова' })) }));
    expect(text).toContain('Это Салон красоты «Ак Жол».');
    expect(text).toContain('к Гульнаре Осмоновой');
    expect(text).not.toMatch(/в Салон|к Гульнара/);
    const again = renderOfferTemplate(context({ attemptNumber: 2, discountPercent: 10 }));
    expect(again).toContain('процедура «Маникюр» у Динары');
    const nameless = renderOfferTemplate(context({ business: { name: '', tone: '', description: '' } }));
    expect(nameless).toContain('Здравствуйте, Айгуль! Давно вас не видели');
  });

  it('names the client, service, master and every slot in local time (Russian)', () => {
    const text = renderOfferTemplate(context());
    expect(text).toContain('Айгуль');
    expect(text).toContain('Здравствуйте, Айгуль! Это Салон Лето. Давно вас не видели — пора на процедуру «Маникюр» к Динаре.');
    expect(text).toContain('1) в пятницу, 6 марта, в 14:00');
    expect(text).toContain('2) в субботу, 7 марта, в 11:30');
    expect(text).not.toContain('скидка');
  });

  it('mentions the discount of a later attempt, and the master per slot when they differ (English)', () => {
    const text = renderOfferTemplate(
      context({
        language: 'en',
        attemptNumber: 2,
        discountPercent: 10,
        slots: [
          { start: '2026-03-06T08:00:00Z', end: '2026-03-06T09:00:00Z', staffId: 's1', staffName: 'Dinara', score: 0.9, explanation: '' },
          { start: '2026-03-07T12:00:00Z', end: '2026-03-07T13:00:00Z', staffId: 's2', staffName: 'Aida', score: 0.7, explanation: '' },
        ],
      }),
    );
    expect(text).toContain('10% off');
    expect(text).toContain('1) Friday, 6 March at 14:00 (Dinara)');
    expect(text).toContain('2) Saturday, 7 March at 18:00 (Aida)');
  });

  it('formats a slot in the organization’s zone', () => {
    expect(formatSlot('2026-03-06T08:00:00Z', ZONE, 'en')).toBe('Friday, 6 March at 14:00');
  });

  it('accepts a model’s text only when it keeps every slot’s time', () => {
    expect(offerMentionsSlots('Ждём вас в пятницу в 14:00 или в субботу в 11:30', context())).toBe(true);
    expect(offerMentionsSlots('Ждём вас в пятницу в 14:00', context())).toBe(false);
  });
});
