import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.ts';

describe('detectLanguage', () => {
  it.each([
    ['en', ['Hi! Do you have any free slots for a haircut tomorrow afternoon?', 'Great, see you then']],
    ['ru', ['Здравствуйте! Сколько стоит маникюр с покрытием?', 'Запишите меня на завтра, пожалуйста']],
    ['ky', ['Саламатсызбы! Эркектердин чач кыркуусу канча турат?', 'Жакшы, ишемби күнү бош убакыт барбы?']],
    ['uk', ['Доброго дня! Скільки коштує манікюр? Чи можна записатися на завтра?']],
    ['kk', ['Сәлеметсіз бе! Ертеңге жазылуға бола ма? Қанша тұрады?']],
    ['ar', ['مرحبا، كم سعر قص الشعر؟ هل يوجد موعد غدا؟']],
    ['fr', ['Bonjour, est-ce que vous avez de la place demain après-midi pour une coupe ?']],
    ['de', ['Guten Tag, haben Sie morgen Nachmittag noch einen Termin frei?']],
    ['es', ['Hola, ¿tienen disponibilidad mañana por la tarde para un corte de pelo?']],
    ['pl', ['Dzień dobry, czy macie wolny termin jutro po południu na strzyżenie?']],
    ['tr', ['Merhaba, yarın öğleden sonra saç kesimi için boş yeriniz var mı?']],
    ['uz', ["Assalomu alaykum, ertaga soch olish uchun bo'sh vaqtingiz bormi? Narxi qancha?"]],
  ])('%s', (expected, texts) => {
    expect(detectLanguage(texts)).toBe(expected);
  });

  it('says nothing about too little text', () => {
    expect(detectLanguage(['ok', '👍', 'https://example.com'])).toBeNull();
  });
});
