import type { BusinessBrief, DialogSignal, ScoringModifier, ScoringRules } from './analysis-schema.ts';
import { DEFAULT_BUSINESS_BRIEF } from './default-profile.ts';
import { DEFAULT_SCORING_RULES } from './scoring.ts';

/**
 * Business-type presets: what the onboarding's "type of business" chooses — scoring rules that fit the business
 * (seed 001's structure: stage base score + modifiers, hot ≥ 75, warm ≥ 40), what each pipeline stage means there,
 * the qualification questions and the hot / cold signals. Info-business is seed 001's own profile.
 */
export const ANALYSIS_BUSINESS_TYPES = ['beauty_salon', 'clinic', 'education', 'b2b_services', 'infobusiness'] as const;
export type AnalysisBusinessType = (typeof ANALYSIS_BUSINESS_TYPES)[number];
export type PresetLanguage = 'ru' | 'en';

/** The parts of the brief a preset fills; the business' name, offer, description and tone stay the user's. */
export type PresetBrief = Pick<BusinessBrief, 'funnel'> & { signals: Pick<BusinessBrief['signals'], 'hot' | 'cold' | 'notes'> };

export interface BusinessPreset {
  businessType: AnalysisBusinessType;
  language: PresetLanguage;
  brief: PresetBrief;
  scoring: ScoringRules;
}

/** The parts a person may have changed since the preset; applying a preset replaces all of them. */
export const PRESET_PARTS = ['scoring', 'stages', 'questions', 'signals'] as const;
export type PresetPart = (typeof PRESET_PARTS)[number];

type StageMeanings = [newLead: string, notQualified: string, qualified: string, booked: string, completed: string, closed: string, lost: string];
const STAGE_KEYS = ['new_lead', 'not_qualified', 'qualified', 'consultation_booked', 'consultation_completed', 'deal_closed', 'deal_lost'] as const;
const stages = (meanings: StageMeanings) => STAGE_KEYS.map((key, i) => ({ key, meaning: meanings[i]! }));

/** A signal, or `role:<key>` for a role the analyser names. */
type Rule = [id: string, match: DialogSignal | `role:${string}`, points: number, ru: string, en: string];
const modifiers = (rules: Rule[], language: PresetLanguage): ScoringModifier[] =>
  rules.map(([id, match, points, ru, en]) => {
    const label = language === 'ru' ? ru : en;
    return match.startsWith('role:') ? { id, label, field: 'role', values: [match.slice(5)], points } : { id, label, field: 'signal', values: [match], points };
  });

interface PresetSource {
  rules: Rule[];
  minIncoming: number;
  text: Record<PresetLanguage, { stages: StageMeanings; questions: string[]; qualifiedWhen: string; hot: string[]; cold: string[]; notes: string }>;
}

const SOURCES: Record<Exclude<AnalysisBusinessType, 'infobusiness'>, PresetSource> = {
  beauty_salon: {
    minIncoming: 1,
    rules: [
      ['booked', 'booking_agreed', 35, 'Запись на услугу', 'Booked a visit'],
      ['asks_booking', 'booking_requested', 10, 'Просит записать', 'Asks to book'],
      ['service', 'service_named', 10, 'Называет услугу', 'Named the service'],
      ['time', 'time_named', 10, 'Хочет конкретные дату и время', 'Wants a specific date and time'],
      ['master', 'specialist_named', 5, 'Называет мастера', 'Names a master'],
      ['returning', 'returning_client', 10, 'Постоянный клиент', 'Returning client'],
      ['price', 'price_asked', 5, 'Спрашивает цену', 'Asked the price'],
      ['too_expensive', 'objection_price', -10, 'Считает, что дорого', 'Finds it too expensive'],
    ],
    text: {
      ru: {
        stages: [
          'Новое обращение: спросили об услуге или цене.',
          'Не клиент салона: оптовые закупки, вакансии, реклама, ошиблись номером.',
          'Понятны услуга и примерное время; клиент выбирает окно.',
          'Записан на услугу: согласованы дата, время и мастер.',
          'Визит состоялся: клиент пришёл на процедуру.',
          'Оплатил услугу или купил сертификат или абонемент.',
          'Отказался, отменил запись без переноса или не пришёл.',
        ],
        questions: ['Какая услуга вас интересует?', 'На какую дату и время вам удобно?', 'К какому мастеру хотите записаться?', 'Вы у нас впервые или уже были?'],
        qualifiedWhen: 'Известна услуга, и клиент спрашивает о времени или цене.',
        hot: ['Просит записать или выбирает время', 'Называет услугу и конкретный день', 'Хочет к определённому мастеру', 'Постоянный клиент', 'Покупает сертификат'],
        cold: ['Спросил цену и пропал', 'Считает, что дорого', 'Оптовые покупатели и соискатели — не наши клиенты'],
        notes: 'Оптовые покупатели и соискатели работы — не наши клиенты.',
      },
      en: {
        stages: [
          'A new enquiry: asked about a service or the price.',
          'Not a salon client: wholesale buyers, job seekers, advertisers, wrong number.',
          'The service and a rough time are known; the client is choosing a slot.',
          'Booked: the date, time and master are agreed.',
          'The visit took place: the client came for the treatment.',
          'Paid for the service or bought a gift card or a package.',
          'Declined, cancelled without rebooking, or did not come.',
        ],
        questions: ['Which service are you interested in?', 'What date and time suit you?', 'Which master would you like to book with?', 'Is this your first visit or have you been before?'],
        qualifiedWhen: 'The service is known and the client asks about the time or the price.',
        hot: ['Asks to book or picks a time', 'Names the service and a specific day', 'Wants a particular master', 'Returning client', 'Buys a gift card'],
        cold: ['Asked the price and went quiet', 'Finds it too expensive', 'Wholesale buyers and job seekers are not our clients'],
        notes: 'Wholesale buyers and job seekers are not our clients.',
      },
    },
  },
  clinic: {
    minIncoming: 1,
    rules: [
      ['booked', 'booking_agreed', 30, 'Запись на приём', 'Booked an appointment'],
      ['asks_appointment', 'booking_requested', 10, 'Просит записать на приём', 'Asks for an appointment'],
      ['symptoms', 'symptoms_described', 10, 'Описывает симптомы', 'Describes symptoms'],
      ['doctor', 'specialist_named', 10, 'Называет врача или специалиста', 'Names a doctor or specialist'],
      ['time', 'time_named', 10, 'Хочет конкретные дату и время', 'Wants a specific date and time'],
      ['service', 'service_named', 5, 'Называет услугу или обследование', 'Named a treatment or test'],
      ['returning', 'returning_client', 5, 'Повторный пациент', 'Returning patient'],
      ['too_expensive', 'objection_price', -10, 'Считает, что дорого', 'Finds it too expensive'],
    ],
    text: {
      ru: {
        stages: [
          'Новое обращение: спросили о враче, услуге или цене.',
          'Не пациент клиники: поставщики, вакансии, реклама, вопрос не по профилю клиники.',
          'Понятны жалоба или услуга и нужный врач; пациент выбирает время.',
          'Записан на приём: согласованы врач, дата и время.',
          'Приём состоялся: пациент пришёл к врачу.',
          'Оплатил лечение или пакет услуг, согласовал план лечения.',
          'Отказался, отменил приём без переноса или не пришёл.',
        ],
        questions: ['Что вас беспокоит, какие симптомы?', 'К какому врачу или на какую услугу хотите записаться?', 'На какую дату и время вам удобно?', 'Вы у нас впервые или уже были?'],
        qualifiedWhen: 'Понятны жалоба или нужная услуга, и пациент спрашивает о времени приёма или цене.',
        hot: ['Описывает симптомы и просит записать', 'Называет врача или услугу и удобное время', 'Повторный пациент', 'Спрашивает, как подготовиться к приёму'],
        cold: ['Спросил цену и пропал', 'Считает, что дорого', 'Поставщики и соискатели — не пациенты'],
        notes: 'Поставщики медицинских товаров и соискатели работы — не клиенты.',
      },
      en: {
        stages: [
          'A new enquiry: asked about a doctor, a service or the price.',
          'Not a patient: suppliers, job seekers, advertisers, a question the clinic does not treat.',
          'The complaint or service and the doctor are known; the patient is choosing a time.',
          'Appointment booked: the doctor, date and time are agreed.',
          'The appointment took place: the patient saw the doctor.',
          'Paid for treatment or a package, or agreed a treatment plan.',
          'Declined, cancelled without rebooking, or did not come.',
        ],
        questions: ['What is bothering you, what are the symptoms?', 'Which doctor or service would you like to book?', 'What date and time suit you?', 'Is this your first visit or have you been before?'],
        qualifiedWhen: 'The complaint or the service is known and the patient asks about an appointment time or the price.',
        hot: ['Describes symptoms and asks for an appointment', 'Names a doctor or service and a convenient time', 'Returning patient', 'Asks how to prepare for the visit'],
        cold: ['Asked the price and went quiet', 'Finds it too expensive', 'Suppliers and job seekers are not patients'],
        notes: 'Medical suppliers and job seekers are not clients.',
      },
    },
  },
  education: {
    minIncoming: 2,
    rules: [
      ['trial_booked', 'booking_agreed', 25, 'Запись на пробный урок или старт', 'Booked a trial lesson or the start'],
      ['asks_enrol', 'booking_requested', 10, 'Хочет записаться', 'Wants to enrol'],
      ['course', 'service_named', 10, 'Называет курс или программу', 'Named the course'],
      ['format', 'format_asked', 10, 'Спрашивает о формате обучения', 'Asks about the format'],
      ['start', 'time_named', 10, 'Спрашивает о дате старта или расписании', 'Asks about the start date or schedule'],
      ['price', 'price_asked', 5, 'Спрашивает стоимость', 'Asked the price'],
      ['too_expensive', 'objection_price', -10, 'Считает, что дорого', 'Finds it too expensive'],
      ['later', 'objection_time', -5, 'Откладывает решение', 'Putting it off'],
    ],
    text: {
      ru: {
        stages: [
          'Новое обращение: спросили о курсе, расписании или цене.',
          'Не ученик: продают свои услуги, ищут работу преподавателем, ошиблись адресом.',
          'Понятны курс, уровень и формат; ученик выбирает группу или дату старта.',
          'Записан на пробный урок, тестирование или в группу: дата согласована.',
          'Пробный урок или тестирование прошли; ученик решает, учиться ли.',
          'Оплатил курс или первый месяц, подписал договор.',
          'Отказался, выбрал другую школу или перестал отвечать после пробного урока.',
        ],
        questions: ['Какой курс или предмет вас интересует?', 'Какой формат удобен: онлайн или очно, в группе или индивидуально?', 'Когда хотите начать?', 'Какой у вас уровень и какая цель обучения?'],
        qualifiedWhen: 'Известны курс и формат, и ученик спрашивает о старте или цене.',
        hot: ['Записывается на пробный урок или в группу', 'Спрашивает дату старта и расписание', 'Спрашивает, как оплатить', 'Выбрал формат и уровень'],
        cold: ['Спросил цену и пропал', 'Откладывает на потом без даты', 'Соискатели и продавцы услуг — не ученики'],
        notes: 'Соискатели работы преподавателем и продавцы услуг — не клиенты.',
      },
      en: {
        stages: [
          'A new enquiry: asked about a course, the schedule or the price.',
          'Not a student: selling their own services, looking for a teaching job, wrong address.',
          'The course, level and format are known; the student is choosing a group or a start date.',
          'Booked a trial lesson, a placement test or a group: the date is agreed.',
          'The trial lesson or test took place; the student is deciding.',
          'Paid for the course or the first month, or signed the contract.',
          'Declined, chose another school, or stopped replying after the trial.',
        ],
        questions: ['Which course or subject are you interested in?', 'Which format suits you: online or in person, group or one-to-one?', 'When would you like to start?', 'What is your level and your goal?'],
        qualifiedWhen: 'The course and the format are known and the student asks about the start or the price.',
        hot: ['Books a trial lesson or a group', 'Asks about the start date and schedule', 'Asks how to pay', 'Has chosen a format and level'],
        cold: ['Asked the price and went quiet', 'Putting it off with no date', 'Job seekers and vendors are not students'],
        notes: 'Teaching job seekers and vendors are not clients.',
      },
    },
  },
  b2b_services: {
    minIncoming: 3,
    rules: [
      ['meeting_booked', 'booking_agreed', 20, 'Согласовали встречу или демо', 'Meeting or demo booked'],
      ['decision_maker', 'role:owner', 10, 'Пишет владелец или директор', 'The owner or director is writing'],
      ['budget', 'budget_named', 15, 'Называет бюджет', 'Named a budget'],
      ['volume', 'volume_named', 10, 'Называет объём или размер компании', 'Named a volume or company size'],
      ['service', 'service_named', 10, 'Называет нужную услугу', 'Named the service needed'],
      ['competitor', 'competitor_mentioned', 5, 'Сравнивает с другими подрядчиками', 'Comparing with other vendors'],
      ['doubts', 'objection_trust', -5, 'Сомневается в результате', 'Doubts the results'],
      ['too_expensive', 'objection_price', -10, 'Считает, что дорого', 'Finds it too expensive'],
    ],
    text: {
      ru: {
        stages: [
          'Первое обращение: о компании и задаче ещё ничего не известно.',
          'Не наш клиент: соискатель, продавец своих услуг, частное лицо вместо компании, задача не по профилю.',
          'Известны компания, задача и кто принимает решение, или назван бюджет.',
          'Назначены встреча, созвон или демонстрация: согласованы дата и время.',
          'Встреча проведена, отправлено коммерческое предложение; клиент решает.',
          'Подписан договор или оплачен счёт.',
          'Отказался, выбрал другого подрядчика или перестал отвечать.',
        ],
        questions: ['Чем занимается ваша компания и какая задача?', 'Кто принимает решение о покупке?', 'Какой бюджет или объём работ?', 'Какие сроки запуска?'],
        qualifiedWhen: 'Известны компания и задача, и назван бюджет или объём, или с нами говорит тот, кто принимает решение.',
        hot: ['Назначает встречу или просит коммерческое предложение', 'Назвал бюджет и сроки', 'Говорит владелец или директор', 'Просит договор или счёт'],
        cold: ['Спросил цену и пропал', 'Частное лицо вместо компании', 'Соискатели и продавцы услуг — не клиенты'],
        notes: 'Соискатели работы и продавцы своих услуг — не клиенты. Владелец или директор важнее наёмного сотрудника.',
      },
      en: {
        stages: [
          'A first enquiry: nothing is known about the company or its task yet.',
          'Not a client: a job seeker, a vendor selling to us, a private person instead of a company, a task we do not do.',
          'The company, its task and who decides are known, or a budget is named.',
          'A meeting, call or demo is booked: the date and time are agreed.',
          'The meeting took place and a proposal was sent; the client is deciding.',
          'The contract is signed or the invoice paid.',
          'Declined, chose another vendor, or stopped replying.',
        ],
        questions: ['What does your company do and what is the task?', 'Who makes the purchase decision?', 'What is the budget or the volume of work?', 'When do you need to start?'],
        qualifiedWhen: 'The company and the task are known, and a budget or volume is named or we talk to the decision maker.',
        hot: ['Books a meeting or asks for a proposal', 'Named a budget and a deadline', 'The owner or director is writing', 'Asks for the contract or an invoice'],
        cold: ['Asked the price and went quiet', 'A private person instead of a company', 'Job seekers and vendors are not clients'],
        notes: 'Job seekers and vendors are not clients. The owner or director counts more than an employee.',
      },
    },
  },
};

/** Seed 001's own profile in English (the Russian one is DEFAULT_BUSINESS_BRIEF). */
const INFOBUSINESS_EN: PresetBrief = {
  funnel: {
    stages: stages([
      'First contact: nothing is known about the client or their task yet.',
      'Not our client: a targetologist, SMM specialist or agency, a job seeker, a vendor of databases or services, a student; or clearly not a buyer.',
      'The niche and the task are known, or the client asked the price and answered our questions, or named a budget.',
      'Booked for the free consultation: the date and time are agreed.',
      'The consultation took place; the client is deciding whether to start.',
      'Paid the invoice or signed the contract.',
      'Declined, cancelled without rebooking, or asked not to be contacted.',
    ]),
    qualificationQuestions: [
      'What is your niche and what does the business do?',
      'Are you the owner or do you make the marketing decisions?',
      'What is your monthly marketing and advertising budget?',
      'Where do your leads come from now and what is wrong with that?',
    ],
    qualifiedWhen: 'The niche and the task are known; or the client asked the price and answered our questions; or named a budget.',
  },
  signals: {
    hot: ['Booked a consultation or asks to book one', 'Proposes a date and time for a call', 'A clinic owner or an expert with an online course', 'Named a marketing budget', 'Asks how to pay or asks for the contract'],
    cold: ['Targetologists and SMM specialists are not clients', 'Asked the price and went quiet', 'Looking for a job, selling their services or phone databases', 'Declined or asked not to be contacted'],
    notes:
      'Target niches: medicine (clinics, dentistry, medical centres) and info-business (experts, online schools, courses). Targetologists and SMM specialists are not clients: they are competitors or contractors. The owner or decision maker counts more than an employee.',
  },
};

const INFOBUSINESS_LABELS_RU: Record<string, string> = {
  niche_medicine: 'Ниша: медицина',
  niche_infobusiness: 'Ниша: инфобизнес',
  role_owner: 'Роль: владелец',
  budget_named: 'Называет бюджет',
  role_targetologist_smm: 'Роль: таргетолог или SMM',
};

function infobusinessPreset(language: PresetLanguage): BusinessPreset {
  const brief: PresetBrief =
    language === 'en'
      ? INFOBUSINESS_EN
      : { funnel: DEFAULT_BUSINESS_BRIEF.funnel, signals: { hot: DEFAULT_BUSINESS_BRIEF.signals.hot, cold: DEFAULT_BUSINESS_BRIEF.signals.cold, notes: DEFAULT_BUSINESS_BRIEF.signals.notes } };
  const scoring: ScoringRules = {
    ...DEFAULT_SCORING_RULES,
    modifiers: DEFAULT_SCORING_RULES.modifiers.map((m) => ({ ...m, label: language === 'ru' ? (INFOBUSINESS_LABELS_RU[m.id] ?? m.label) : m.label })),
  };
  return { businessType: 'infobusiness', language, brief, scoring };
}

export function businessPreset(businessType: AnalysisBusinessType, language: PresetLanguage): BusinessPreset {
  if (businessType === 'infobusiness') return infobusinessPreset(language);
  const source = SOURCES[businessType];
  const text = source.text[language];
  return {
    businessType,
    language,
    brief: {
      funnel: { stages: stages(text.stages), qualificationQuestions: text.questions, qualifiedWhen: text.qualifiedWhen },
      signals: { hot: text.hot, cold: text.cold, notes: text.notes },
    },
    scoring: { modifiers: modifiers(source.rules, language), thresholds: { hot: 75, warm: 40 }, minIncoming: source.minIncoming },
  };
}

/** The brief with the preset's parts in place of its own (the business section and tone stay). */
export function briefWithPreset(brief: BusinessBrief, preset: BusinessPreset): BusinessBrief {
  return { ...brief, funnel: preset.brief.funnel, signals: { ...brief.signals, ...preset.brief.signals } };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function partsChanged(brief: BusinessBrief, scoring: ScoringRules, preset: BusinessPreset): PresetPart[] {
  const changed: PresetPart[] = [];
  if (!same(scoring, preset.scoring)) changed.push('scoring');
  if (!same(brief.funnel.stages, preset.brief.funnel.stages)) changed.push('stages');
  if (!same(brief.funnel.qualificationQuestions, preset.brief.funnel.qualificationQuestions) || brief.funnel.qualifiedWhen !== preset.brief.funnel.qualifiedWhen) changed.push('questions');
  const { hot, cold, notes } = brief.signals;
  if (!same({ hot, cold, notes }, preset.brief.signals)) changed.push('signals');
  return changed;
}

/**
 * Which parts a person changed since the business type's preset (in either language): applying another preset would
 * replace them, so the UI names them before it does.
 */
export function editedPresetParts(brief: BusinessBrief, scoring: ScoringRules, businessType: AnalysisBusinessType): PresetPart[] {
  const ru = partsChanged(brief, scoring, businessPreset(businessType, 'ru'));
  const en = partsChanged(brief, scoring, businessPreset(businessType, 'en'));
  return ru.length <= en.length ? ru : en;
}
