import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseDialogOffline } from './offline-analyser.ts';
import { DEFAULT_BUSINESS_BRIEF, SALON_DEMO_BRIEF } from './default-profile.ts';
import { FUNNEL_STAGES, DIALOG_SIGNALS, type DialogMessage } from './analysis-schema.ts';
import { genderFromSpeech, slotPhrase } from './summary-writer.ts';

const c = (text: string): DialogMessage => ({ from: 'client', text });
const b = (text: string): DialogMessage => ({ from: 'business', text });

interface Labelled {
  id: string;
  language?: string;
  messages: DialogMessage[];
}
const labelled: Labelled[] = readFileSync(new URL('../../../../test/fixtures/labelled-dialogs.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Labelled);

const CODES = new RegExp(`\\b(?:${[...FUNNEL_STAGES, ...DIALOG_SIGNALS, 'infobusiness', 'no_key'].join('|')})\\b`, 'u');
/** Latin words in a Russian text other than brand-like abbreviations; Cyrillic in an English one. */
const LATIN_WORD = /(?<![A-Za-z])(?!SMM|CRM|IELTS|TOEFL)[A-Za-z]{3,}/u;

describe('summaries a person reads', () => {
  it('a salon client: the service, the day and the price question, in Russian with the right gender; the next step offers that day', () => {
    const result = analyseDialogOffline([c('Здравствуйте! Хочу записаться на маникюр в субботу. Сколько стоит? Я у вас ещё не была')], SALON_DEMO_BRIEF);
    expect(result.summary.split('\n')[0]).toBe('Клиентка хочет записаться на маникюр в субботу, спрашивала цену.');
    expect(result.nextAction).toBe('Предложить свободное время в субботу.');
  });

  it('the same in English', () => {
    const result = analyseDialogOffline([c('Hi! Can I book a manicure on Saturday? How much is it?')], SALON_DEMO_BRIEF);
    expect(result.summary.split('\n')[0]).toBe('The client wants to book a manicure on Saturday, asked about the price.');
    expect(result.nextAction).toBe('Offer free slots on Saturday.');
  });

  it('a booking names the day, time and master, the master declined (к Динаре)', () => {
    const result = analyseDialogOffline(
      [c('Здравствуйте! Сколько стоит маникюр с покрытием?'), b('Маникюр с покрытием — 1200 сом. Есть окна завтра в 11:00 и 15:30.'), c('Запишите меня на 15:30, пожалуйста'), b('Записала вас на завтра в 15:30 к мастеру Динаре. Ждём!')],
      SALON_DEMO_BRIEF,
    );
    expect(result.summary).toMatch(/^Клиент записан на маникюр (с гель-лаком )?завтра в 15:30 к Динаре/u);
    expect(result.nextAction).toBe('Накануне напомнить о записи (завтра в 15:30) и прислать адрес.');
  });

  it('a Kyrgyz client gets a Russian summary without Kyrgyz words in it', () => {
    const result = analyseDialogOffline([c('Саламатсызбы! Чач кыркуу канча турат? Ишемби күнү барсам болобу?')], SALON_DEMO_BRIEF);
    expect(result.summary).not.toMatch(/кырк|ишемби/iu);
    expect(result.summary).toMatch(/стрижку/u);
    expect(result.summary).toMatch(/в субботу/u);
  });

  it('reads gender from how the client speaks of themself, and only then', () => {
    expect(genderFromSpeech(['Я записалась на пятницу'])).toBe('female');
    expect(genderFromSpeech(['Я хотел узнать цену'])).toBe('male');
    expect(genderFromSpeech(['Сколько стоит стрижка?'])).toBeNull();
  });

  it('writes slots in the summary’s language', () => {
    expect(slotPhrase('завтра 15:30', 'ru')).toBe('завтра в 15:30');
    expect(slotPhrase('Friday 3pm', 'en')).toBe('on Friday at 15:00');
    expect(slotPhrase('Friday 3pm', 'ru')).toBe('в пятницу в 15:00');
    expect(slotPhrase('12 мая', 'en')).toBe('on 12 May');
    expect(slotPhrase('ишемби', 'ru')).toBe('в субботу');
    expect(slotPhrase('срочно', 'ru')).toBeNull();
  });

  it.each(labelled.map((d) => [d.id, d] as const))('%s: two lines, one language, no codes', (_id, dialog) => {
    const result = analyseDialogOffline(dialog.messages, DEFAULT_BUSINESS_BRIEF);
    const lines = result.summary.split('\n');
    expect(lines).toHaveLength(2);
    for (const text of [result.summary, result.nextAction]) {
      expect(text).not.toMatch(CODES);
      expect(text).not.toMatch(/(?:Stage|Этап|field|сфера|Interested in|Интересует): |_/u);
      expect(text).toMatch(/[.!?…»”]$/u);
      if (result.language === 'en') expect(text).not.toMatch(/[а-яё]/iu);
      else expect(text.replace(/«[^»]*»/gu, '')).not.toMatch(LATIN_WORD);
    }
    // Kyrgyz, Kazakh and Russian dialogs are summarised in Russian; English ones in English.
    expect(/[а-яё]/iu.test(result.summary)).toBe(result.language !== 'en');
  });
});
