import { describe, expect, it } from 'vitest';
import { DEFAULT_HANDOVER_PHRASES, matchFaq, respondOffline } from './offline-responder.ts';

const FAQ = [
  { question: 'Сколько стоит маникюр?', answer: 'Маникюр с покрытием — 1200 сом.' },
  { question: 'Где вы находитесь?', answer: 'Бишкек, ул. Токтогула 100, 2 этаж.' },
  { question: 'What are your opening hours?', answer: 'We are open 9:00–21:00 every day.' },
];
const client = (text: string) => ({ from: 'client' as const, text });
const business = (text: string) => ({ from: 'business' as const, text });

describe('offline autopilot', () => {
  it('answers from the FAQ in Russian and English', () => {
    expect(respondOffline([client('Здравствуйте! Подскажите, сколько стоит маникюр с покрытием?')], FAQ, DEFAULT_HANDOVER_PHRASES)).toMatchObject({ action: 'reply', text: 'Маникюр с покрытием — 1200 сом.' });
    expect(respondOffline([client('Hi, what are your opening hours on Sunday?')], FAQ, DEFAULT_HANDOVER_PHRASES)).toMatchObject({ action: 'reply', text: 'We are open 9:00–21:00 every day.' });
  });

  it('answers what the client wrote since the business last spoke, not older questions', () => {
    const messages = [client('Сколько стоит маникюр?'), business('1200 сом'), client('А где вы находитесь?')];
    expect(respondOffline(messages, FAQ, DEFAULT_HANDOVER_PHRASES).text).toContain('Токтогула');
  });

  it('hands over when the client asks for a person, is upset, or the FAQ has no answer', () => {
    expect(respondOffline([client('Позовите менеджера, пожалуйста')], FAQ, DEFAULT_HANDOVER_PHRASES)).toMatchObject({ action: 'handover', reason: expect.stringContaining('person') });
    expect(respondOffline([client('I want a human, not a bot')], FAQ, DEFAULT_HANDOVER_PHRASES).action).toBe('handover');
    expect(respondOffline([client('Это безобразие, мастер опоздала на час!')], FAQ, DEFAULT_HANDOVER_PHRASES)).toMatchObject({ action: 'handover', reason: 'the client is upset' });
    expect(respondOffline([client('Можно записаться к Динаре на пятницу?')], FAQ, DEFAULT_HANDOVER_PHRASES)).toMatchObject({ action: 'handover', reason: 'no FAQ answer fits' });
    expect(respondOffline([client('Сколько стоит маникюр?')], [], DEFAULT_HANDOVER_PHRASES)).toMatchObject({ action: 'handover', reason: 'no FAQ written yet' });
  });

  it('an organization’s own handover phrase counts', () => {
    expect(respondOffline([client('Хочу поговорить с хозяйкой салона')], FAQ, [...DEFAULT_HANDOVER_PHRASES, 'с хозяйкой']).action).toBe('handover');
  });

  it('a client mentioning they are a manager is not a request for one', () => {
    expect(respondOffline([client('I am the manager of a clinic — what are your opening hours?')], FAQ, DEFAULT_HANDOVER_PHRASES).action).toBe('reply');
  });

  it('scores FAQ matches by the share of the question’s words the client used', () => {
    expect(matchFaq('сколько стоит', FAQ)!.score).toBeCloseTo(2 / 3);
    expect(matchFaq('ничего общего', FAQ)).toBeNull();
  });
});
