import { describe, expect, it } from 'vitest';
import { DEFAULT_BUSINESS_BRIEF, SALON_DEMO_BRIEF } from '../../analysis/index.ts';
import { bookingLinkOf, dialogLanguage, draftReplyOffline, serviceAskedAbout } from './suggested-reply.ts';

const services = [
  { name: 'Маникюр с покрытием', price: 1200, currency: 'KGS' },
  { name: 'Стрижка женская', price: 900, currency: 'KGS' },
  { name: 'Gel manicure', price: 15, currency: 'USD' },
];
const withLink = { ...SALON_DEMO_BRIEF, business: { ...SALON_DEMO_BRIEF.business, description: `${SALON_DEMO_BRIEF.business.description} Онлайн-запись: https://akzhol.example/booking` } };

describe('the offline suggested reply', () => {
  it('answers a Russian price question with the service’s price and the booking link', () => {
    const reply = draftReplyOffline({
      messages: [{ from: 'client', text: 'Здравствуйте! Сколько стоит маникюр с покрытием?' }],
      brief: withLink,
      services,
      clientFirstName: 'Айгерим',
      analysisSummary: null,
      nextAction: 'Предложить время записи',
    });
    expect(reply.text).toContain('Здравствуйте, Айгерим!');
    expect(reply.text).toMatch(/Маникюр с покрытием — 1\s200 сом\./);
    expect(reply.text).toContain('https://akzhol.example/booking');
    expect(reply.text).not.toMatch(/Hello/);
  });

  it('writes English to an English-speaking client and asks for a time when there is no link', () => {
    const reply = draftReplyOffline({
      messages: [
        { from: 'business', text: 'Здравствуйте!' },
        { from: 'client', text: 'Hi, do you do gel manicure? I am in Bishkek until Friday' },
      ],
      brief: SALON_DEMO_BRIEF,
      services,
      clientFirstName: 'Emma',
      analysisSummary: null,
      nextAction: null,
    });
    expect(reply.text).toMatch(/^Hello Emma! Thank you for writing to Салон красоты «Ак Жол»\./);
    expect(reply.text).toContain('Gel manicure is $15.');
    expect(reply.text).toContain('Which day and time would suit you?');
  });

  it('without a service or booking in sight, asks the business’s first qualification question', () => {
    const reply = draftReplyOffline({ messages: [{ from: 'client', text: 'Добрый день, хотим рекламу для клиники' }], brief: DEFAULT_BUSINESS_BRIEF, services: [], clientFirstName: null, analysisSummary: null, nextAction: 'Уточнить нишу' });
    expect(reply.text).toBe(`Здравствуйте! Спасибо, что написали в ${DEFAULT_BUSINESS_BRIEF.business.name}. ${DEFAULT_BUSINESS_BRIEF.funnel.qualificationQuestions[0]}`);
  });

  it('reads the language, the link and the service asked about', () => {
    expect(dialogLanguage([{ from: 'client', text: 'How much?' }])).toBe('en');
    expect(dialogLanguage([{ from: 'client', text: 'Сколько?' }])).toBe('ru');
    expect(bookingLinkOf(withLink)).toBe('https://akzhol.example/booking');
    expect(bookingLinkOf(SALON_DEMO_BRIEF)).toBeNull();
    expect(serviceAskedAbout([{ from: 'client', text: 'хочу стрижку' }], services)?.name).toBe('Стрижка женская');
  });
});
