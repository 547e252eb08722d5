import { describe, expect, it } from 'vitest';
import { ZDialogAnalysisOutput, type BusinessBrief, type DialogMessage } from './analysis-schema.ts';
import { DEFAULT_BUSINESS_BRIEF, SALON_DEMO_BRIEF } from './default-profile.ts';
import { analyseDialogOffline } from './offline-analyser.ts';

const c = (text: string, at?: string): DialogMessage => (at ? { from: 'client', text, at } : { from: 'client', text });
const b = (text: string, at?: string): DialogMessage => (at ? { from: 'business', text, at } : { from: 'business', text });
const analyse = (messages: DialogMessage[], brief: BusinessBrief = DEFAULT_BUSINESS_BRIEF, now?: Date) =>
  analyseDialogOffline(messages, brief, now ? { now } : {});

describe('analyseDialogOffline — facts in Russian and English', () => {
  it.each([
    ['Здравствуйте, сколько стоит?'],
    ['СКОЛЬКО СТОИТ ВЕДЕНИЕ?'],
    ['Какая цена?'],
    ['прайс'],
    ['Hi, how much?'],
    ['What is your pricing?'],
    ['What would it cost?'],
  ])('price asked: %s', (text) => {
    expect(analyse([c(text)]).signals).toContain('price_asked');
  });

  it('a price word in a statement is not a question', () => {
    expect(analyse([c('Сейчас стоимость заявки у нас 300 рублей, это много, хотим дешевле через ваш сервис и вообще разобраться')]).signals).not.toContain('price_asked');
  });

  it.each([
    ['Бюджет на рекламу 50к в месяц', '50к'],
    ['Готов вложить 100 тыс руб в месяц', '100 тыс руб'],
    ['Сейчас тратим около 150 тысяч сом', '150 тысяч сом'],
    ['Our budget is $2k a month', '$2k a month'],
    ['We spend about $800/month on ads', '$800/month'],
  ])('budget named: %s → %s', (text, budget) => {
    const result = analyse([c(text)]);
    expect(result.budget).toBe(budget);
    expect(result.signals).toContain('budget_named');
  });

  it('a bare amount counts as the budget only in answer to the budget question', () => {
    expect(analyse([c('Другое агентство предложило нам 800 долларов')]).budget).toBeNull();
    expect(analyse([b('Какой бюджет на рекламу в месяц?'), c('Где-то 80 тысяч сом')]).budget).toBe('80 тысяч сом');
    expect(analyse([b('Какой бюджет на рекламу в месяц?'), c('50000')]).budget).toBe('50000');
    expect(analyse([b('Сколько заявок в месяц?'), c('50000')]).budget).toBeNull();
  });

  it.each([
    ['Я владелец стоматологии', 'owner', 'medicine'],
    ['У меня своя клиника косметологии', 'owner', 'medicine'],
    ['I own a dental practice', 'owner', 'medicine'],
    ["I'm the founder of an online school", 'owner', 'infobusiness'],
    ['Я коуч, продаю наставничество', 'owner', 'infobusiness'],
    ['Я маркетолог многопрофильной клиники', 'marketer', 'medicine'],
    ["I'm the marketing manager at a clinic", 'marketer', 'medicine'],
    ['I manage a yoga studio', 'manager', 'fitness'],
    ['Я администратор салона красоты', 'manager', 'beauty'],
    ['Я таргетолог', 'targetologist', 'marketing'],
    ['Я SMM-специалист', 'smm', 'marketing'],
    ["I'm a social media manager", 'smm', 'marketing'],
  ])('role and niche: %s → %s / %s', (text, role, niche) => {
    const result = analyse([c(text)]);
    expect(result.role).toBe(role);
    expect(result.niche).toBe(niche);
    expect(result.signals).toContain('role_named');
  });

  it('someone else in the story is not the client’s role', () => {
    expect(analyse([c('Наш таргетолог не справляется, заявок мало')]).role).toBeNull();
    expect(analyse([c('An in-house marketer runs our ads')]).role).toBeNull();
  });

  it('a bare "yes" to "are you the owner?" names the role', () => {
    expect(analyse([c('Сколько стоит?'), b('Вы владелец бизнеса?'), c('Да')]).role).toBe('owner');
  });

  it('a niche named by the business is not the client’s niche', () => {
    expect(analyse([b('Мы работаем с клиниками и онлайн-школами'), c('Понятно')]).niche).toBeNull();
  });

  it.each([
    ['Дорого', 'objection_price'],
    ['That is too expensive for us', 'objection_price'],
    ['Сейчас нет времени, напишу позже', 'objection_time'],
    ['Not now, maybe later', 'objection_time'],
    ['А какие гарантии? Уже обжигались', 'objection_trust'],
    ['Any reviews? Got burnt before', 'objection_trust'],
    ['Мы работаем с другим агентством', 'competitor_mentioned'],
    ['Another agency quoted us less', 'competitor_mentioned'],
    ['Спасибо, отлично! 👍', 'positive_sentiment'],
    ['Это ужасно, вы обманщики 😡', 'negative_sentiment'],
  ])('%s → %s', (text, signal) => {
    expect(analyse([c(text)]).signals).toContain(signal);
  });

  it.each([['Не интересно'], ['Нам это не актуально'], ['Нет, спасибо'], ['Not interested'], ['STOP'], ['Please unsubscribe me'], ['No thanks'], ['Больше не пишите']])(
    'not interested: %s',
    (text) => {
      const result = analyse([b('Здравствуйте! Поможем с заявками. Актуально?'), c(text)]);
      expect(result.funnelStage).toBe('deal_lost');
      expect(result.signals).toContain('not_interested');
    },
  );

  it('"не нужно" inside a question is not a refusal', () => {
    expect(analyse([c('А сайт делать не нужно?')]).funnelStage).not.toBe('deal_lost');
  });

  it('"stop" inside a sentence is not an unsubscribe', () => {
    expect(analyse([c('We want to stop wasting money on ads that do not work, need more patients')]).funnelStage).toBe('qualified');
  });
});

describe('analyseDialogOffline — booking, visit, payment', () => {
  it('the client names a slot: "давайте в четверг в 15"', () => {
    const result = analyse([c('Хочу обсудить рекламу клиники'), b('Когда удобно созвониться?'), c('Давайте в четверг в 15')]);
    expect(result.funnelStage).toBe('consultation_booked');
    expect(result.signals).toEqual(expect.arrayContaining(['booking_requested', 'booking_agreed']));
  });

  it('the client accepts an offered slot with an emoji or "ok"', () => {
    expect(analyse([c('Нужны пациенты'), b('Завтра в 11:00 удобно?'), c('👍')]).funnelStage).toBe('consultation_booked');
    expect(analyse([c('Need more patients'), b('Tomorrow at 11am?'), c('ok')]).funnelStage).toBe('consultation_booked');
  });

  it('"ok, I will think" after an offered slot is not a booking', () => {
    expect(analyse([c('Сколько стоит?'), b('Завтра в 11:00 удобно?'), c('Ок, подумаю')]).funnelStage).not.toBe('consultation_booked');
  });

  it('the business confirms: "записал вас", "you\'re booked"', () => {
    expect(analyse([c('Хочу записаться на разбор'), b('Записал вас на пятницу, 11:00.')]).funnelStage).toBe('consultation_booked');
    expect(analyse([c('Can I book a call?'), b("You're booked for Wednesday at 2pm.")]).funnelStage).toBe('consultation_booked');
  });

  it('"see you at 3pm" agrees a slot', () => {
    expect(analyse([c('Can we talk about ads for my clinic?'), b('Sure, when?'), c('See you tomorrow at 3pm')]).funnelStage).toBe('consultation_booked');
  });

  it('tolerates Latin letters typed inside a Russian word ("зaпишите" with a Latin a)', () => {
    expect(analyse([c('зaпишите меня на завтра в 11')]).funnelStage).toBe('consultation_booked');
  });

  it('a booking request without an agreed time is qualified, not booked', () => {
    const result = analyse([c('Хочу записаться на консультацию'), b('Когда вам удобно?')]);
    expect(result.funnelStage).toBe('qualified');
    expect(result.signals).toContain('booking_requested');
    expect(result.signals).not.toContain('booking_agreed');
  });

  it('visit: "were at your place yesterday", "after the consultation", the business\' "по итогам консультации"', () => {
    expect(analyse([c('Были у вас вчера на встрече, всё понравилось')]).funnelStage).toBe('consultation_completed');
    expect(analyse([c('After the consultation we want to think it over')]).funnelStage).toBe('consultation_completed');
    expect(analyse([b('Отправляю предложение по итогам консультации.'), c('Спасибо, посмотрю')]).funnelStage).toBe('consultation_completed');
  });

  it('"спасибо за консультацию" after a chat Q&A is politeness, after a booking it is a visit', () => {
    expect(analyse([c('Сколько стоит?'), b('От 40 000 сом.'), c('Спасибо за консультацию')]).signals).not.toContain('visit_completed');
    const booked = [c('Хочу разбор'), b('Записал вас на завтра 11:00.'), c('Спасибо за консультацию, было полезно')];
    expect(analyse(booked).funnelStage).toBe('consultation_completed');
  });

  it.each([['Оплатил, чек отправил'], ['Договор подписан'], ['Invoice paid'], ['Payment sent!']])('payment: %s', (text) => {
    const result = analyse([b('Высылаю счёт.'), c(text)]);
    expect(result.funnelStage).toBe('deal_closed');
    expect(result.signals).toContain('payment_made');
  });

  it('a payment to someone else in the past is not a payment', () => {
    expect(analyse([c('We paid an agency last year and got nothing, need more patients')]).signals).not.toContain('payment_made');
    expect(analyse([c('Have you run paid ads?'), c('We tried paid ads for our clinic')]).signals).not.toContain('payment_made');
  });

  it('asking for the contract after a consultation is ready to pay, not closed', () => {
    const result = analyse([b('Как вам вчерашняя консультация?'), c('Пришлите договор и счёт')]);
    expect(result.funnelStage).toBe('consultation_completed');
    expect(result.nextAction).toMatch(/договор/u);
  });
});

describe('analyseDialogOffline — later messages outweigh earlier ones', () => {
  it('booked, then cancelled → not booked', () => {
    const result = analyse([
      c('У меня своя клиника, хотим больше пациентов'),
      b('Завтра в 12:00 удобно?'),
      c('Да, давайте'),
      b('Записал вас на завтра 12:00.'),
      c('Извините, завтра не получится, напишу позже'),
    ]);
    expect(result.funnelStage).toBe('qualified');
    expect(result.signals).not.toContain('booking_agreed');
  });

  it('booked, then cancelled with a refusal → lost', () => {
    const result = analyse([c('Хотим обсудить продвижение медцентра'), b('Среда 14:00?'), c('Хорошо'), b('Записал.'), c('Отмените, пожалуйста, мы решили не заниматься рекламой')]);
    expect(result.funnelStage).toBe('deal_lost');
  });

  it('cancelled, then rescheduled to a new agreed time → booked', () => {
    const result = analyse([
      c('Can I book a call?'),
      b('Wednesday 4pm?'),
      c('Yes'),
      b('Booked for Wednesday 4pm.'),
      c('Can we move it?'),
      b('Friday 3pm?'),
      c('Friday 3pm please'),
    ]);
    expect(result.funnelStage).toBe('consultation_booked');
    expect(result.summary).toMatch(/booked on Friday at 15:00/u);
  });

  it('refused, then came back and booked → booked', () => {
    const result = analyse([c('Дорого, не интересно'), b('Понимаю. Есть стартовый пакет за 25 000.'), c('Ну давайте попробуем, запишите на консультацию'), b('Среда 12:00?'), c('Да')]);
    expect(result.funnelStage).toBe('consultation_booked');
    expect(result.signals).not.toContain('not_interested');
  });

  it('booked, then the business reports a no-show → not booked', () => {
    const result = analyse([c('Хочу записаться'), b('Записал вас на пятницу 12:00.'), b('Ждали вас на созвоне, всё в порядке?')]);
    expect(result.funnelStage).toBe('qualified');
  });

  it('"нет, спасибо" from a booked client answers "anything else?" and is not a refusal', () => {
    const result = analyse([c('Хочу разбор'), b('Записал вас на четверг 15:00. Есть ещё вопросы?'), c('Нет, спасибо, до встречи')]);
    expect(result.funnelStage).toBe('consultation_booked');
  });
});

describe('analyseDialogOffline — qualification and the brief', () => {
  it('targetologists and SMM specialists are excluded by the default brief', () => {
    expect(analyse([c('Я таргетолог, сколько стоит ваша система?'), b('От 40 000.'), c('У меня клиент — стоматология')]).funnelStage).toBe('not_qualified');
    expect(analyse([c("I'm an SMM specialist, what's the price?")]).funnelStage).toBe('not_qualified');
  });

  it('exclusions come from the brief: without its note an SMM specialist is not excluded', () => {
    const open: BusinessBrief = { ...DEFAULT_BUSINESS_BRIEF, signals: { ...DEFAULT_BUSINESS_BRIEF.signals, notes: '', cold: [] } };
    expect(analyse([c("I'm an SMM specialist, what's the price?")], open).funnelStage).toBe('new_lead');
  });

  it('job seekers, students and vendors are not qualified', () => {
    expect(analyse([c('Ищу работу, могу скинуть резюме')]).funnelStage).toBe('not_qualified');
    expect(analyse([c("Hi, I'm a student writing my thesis")]).funnelStage).toBe('not_qualified');
    expect(analyse([c('We offer verified lead databases for any niche')]).funnelStage).toBe('not_qualified');
  });

  it('qualified by niche + need, by price asked + answered questions, or by a named budget', () => {
    expect(analyse([c('Нужна реклама для клиники')]).funnelStage).toBe('qualified');
    expect(analyse([c('How much?'), b('From $600. What business are you in?'), c('A bakery, two locations')]).funnelStage).toBe('qualified');
    expect(analyse([c('Бюджет 100к')]).funnelStage).toBe('qualified');
    expect(analyse([c('How much?'), b('From $600. What business are you in?'), c('ok')]).funnelStage).toBe('new_lead');
  });

  it('one answer per question of the default brief, mapped by topic', () => {
    const result = analyse([
      c('Здравствуйте! Увидела вашу рекламу'),
      b('Какая у вас клиника?'),
      c('Стоматология, две точки в Бишкеке'),
      b('Вы владелец?'),
      c('Да, я владелица'),
      b('Какой бюджет на рекламу?'),
      c('Около 150 тысяч сом в месяц'),
    ]);
    expect(result.qualification.map((q) => q.question)).toEqual(DEFAULT_BUSINESS_BRIEF.funnel.qualificationQuestions);
    expect(result.qualification.map((q) => q.answer)).toEqual(['Стоматология, две точки в Бишкеке', 'владелец', '150 тысяч сом', null]);
  });

  it('maps the salon brief’s questions: service, date and time, master, first visit', () => {
    const result = analyse(
      [
        c('Здравствуйте! Я у вас впервые. Сколько стоит маникюр с покрытием?'),
        b('Маникюр с покрытием — 1200 сом. Есть окна завтра в 11:00 и 15:30.'),
        c('Запишите меня на 15:30, пожалуйста'),
        b('Записала вас на завтра в 15:30 к мастеру Динаре. Ждём!'),
      ],
      SALON_DEMO_BRIEF,
    );
    expect(result.funnelStage).toBe('consultation_booked');
    expect(result.qualification.map((q) => q.answer)).toEqual(['маникюр', 'завтра 15:30', 'Динаре', 'первый визит']);
  });

  it('with no qualification questions the list is empty', () => {
    const brief: BusinessBrief = { ...DEFAULT_BUSINESS_BRIEF, funnel: { ...DEFAULT_BUSINESS_BRIEF.funnel, qualificationQuestions: [] } };
    expect(analyse([c('Сколько стоит?')], brief).qualification).toEqual([]);
  });

  it('the salon refusing a wholesale request makes the client not qualified', () => {
    const result = analyse([c('Здравствуйте, вы продаёте профессиональную косметику оптом?'), b('Здравствуйте! Нет, мы салон красоты и оптом не продаём.')], SALON_DEMO_BRIEF);
    expect(result.funnelStage).toBe('not_qualified');
  });
});

describe('analyseDialogOffline — language, unanswered dialogs, output', () => {
  it.each([
    [['Саламатсызбы! Ишемби күнү бош убакыт барбы?'], 'ky'],
    [['Сәлеметсіз бе! Бағасы қанша?'], 'kk'],
    [['Доброго дня! Скільки коштує ваша послуга?'], 'uk'],
    [['Здравствуйте, сколько стоит?'], 'ru'],
    [['Hi, how much?'], 'en'],
    [['👍🙏'], 'en'],
    [['Саламатсызбы!', 'Сколько стоит реклама для клиники?', 'Я владелец'], 'ru'],
  ])('language of %j → %s', (texts, language) => {
    expect(analyse(texts.map((t) => c(t))).language).toBe(language);
  });

  it('summaries are two lines in the client’s language; Kyrgyz/Kazakh clients get Russian (the team’s language there), one language per text', () => {
    const ru = analyse([c('Я владелец стоматологии, сколько стоит?')]);
    expect(ru.summary.split('\n')).toHaveLength(2);
    expect(ru.summary).toMatch(/^Владелец бизнеса из сферы медицины, спрашивал цену\./u);
    expect(ru.nextAction).toMatch(/[а-я]/u);
    const en = analyse([c('I own a dental clinic, how much?')]);
    expect(en.summary).toMatch(/^The client is a business owner in medicine, asked about the price\./u);
    const ky = analyse([c('Саламатсызбы! Ишемби күнү бош убакыт барбы?')]);
    expect(ky.summary).toMatch(/[а-я]/u);
    expect(ky.summary).not.toMatch(/[a-z]|ишемби|күнү/iu);
  });

  it('no reply from the business: three client messages in a row, or one older than a day when `now` is given', () => {
    expect(analyse([c('Здравствуйте'), c('Нужна реклама для клиники'), c('Ау?')]).signals).toContain('no_reply_from_business');
    const oneOld = [b('Здравствуйте! Чем помочь?'), c('Сколько стоит?', '2025-03-01T10:00:00Z')];
    expect(analyse(oneOld).signals).not.toContain('no_reply_from_business');
    expect(analyse(oneOld, DEFAULT_BUSINESS_BRIEF, new Date('2025-03-03T10:00:00Z')).signals).toContain('no_reply_from_business');
    expect(analyse(oneOld, DEFAULT_BUSINESS_BRIEF, new Date('2025-03-01T12:00:00Z')).signals).not.toContain('no_reply_from_business');
  });

  it('answers always satisfy the contract and are deterministic', () => {
    const dialogs: DialogMessage[][] = [
      [],
      [c('')],
      [b('Здравствуйте!')],
      [c('x'.repeat(5000))],
      [c('Я владелец клиники'.repeat(200)), b('?'.repeat(3000))],
      [c('Сколько стоит?'), b('Какой бюджет?'), c('50000')],
    ];
    for (const dialog of dialogs) {
      const first = analyse(dialog);
      expect(() => ZDialogAnalysisOutput.parse(first)).not.toThrow();
      expect(analyse(dialog)).toEqual(first);
    }
    expect(analyse([]).funnelStage).toBe('new_lead');
  });
});
