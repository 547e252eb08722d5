import { cityFrom, inclineFirstname } from 'lvovich';
import type { FunnelStage } from './analysis-schema.ts';

/**
 * The offline analyser's summary and next step, written as a person would: one language per text (Russian or
 * English), the service, day and time, master, price question and objection the dialog names, grammatical Russian
 * (the client's gender from how they speak of themselves, names declined with lvovich). No codes, no "Field: x".
 */

export type SummaryLanguage = 'ru' | 'en';
export type Gender = 'female' | 'male' | null;

export interface SummaryFacts {
  lang: SummaryLanguage;
  stage: FunnelStage;
  gender: Gender;
  role: string | null;
  niche: string | null;
  budget: string | null;
  location: string | null;
  need: string | null;
  /** The salon service as matched (lexicon SERVICE), or another service's words (SERVICE_OTHER). */
  service: string | null;
  otherService: string | null;
  /** Day and time words as the dialog has them ("завтра 15:30", "Friday 3pm", "ишемби"). */
  slot: string | null;
  staff: string | null;
  returning: boolean;
  priceAsked: boolean;
  objectionPrice: boolean;
  objectionTime: boolean;
  objectionTrust: boolean;
  competitor: boolean;
  symptoms: boolean;
  formatAsked: boolean;
  bookingRequested: boolean;
  readyToPay: boolean;
  unsubscribed: boolean;
  waitingForReply: boolean;
  /** The first qualification question the dialog has not answered. */
  unanswered: string | null;
}

const CYRILLIC = /[а-яё]/iu;
const LATIN = /[a-z]/iu;
const NON_RUSSIAN_CYRILLIC = /[әғқңөұүһіїєґў]/iu;

/** Text quoted into a summary must be in the summary's language (script), or it is left out. */
function inLanguage(text: string | null, lang: SummaryLanguage): string | null {
  if (!text) return null;
  if (lang === 'ru') return CYRILLIC.test(text) && !LATIN.test(text.replace(/[a-z]+\d*|\d+[a-z]+/giu, '')) && !NON_RUSSIAN_CYRILLIC.test(text) ? text : null;
  return LATIN.test(text) && !CYRILLIC.test(text) ? text : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Gender, from the client's own words (Russian past tense and short adjectives about themself)

const FEMALE_WORDS = /(?<![а-яё])(?:я(?:\s+[а-яё]{1,5}){0,4}\s+[а-яё]{2,}(?:ла|лась)|записалась|хотела|передумала|подумала|пришла|забыла|готова|довольна|уверена|рада|сама)(?![а-яё])/u;
const MALE_WORDS = /(?<![а-яё])(?:я(?:\s+[а-яё]{1,5}){0,4}\s+[а-яё]{2,}(?:л|лся)|записался|хотел|передумал|подумал|пришел|пришёл|забыл|готов|доволен|уверен|рад)(?![а-яё])/u;

export function genderFromSpeech(clientTexts: readonly string[]): Gender {
  let female = 0;
  let male = 0;
  for (const raw of clientTexts) {
    const text = raw.toLowerCase();
    if (FEMALE_WORDS.test(text)) female++;
    if (MALE_WORDS.test(text)) male++;
  }
  return female > male ? 'female' : male > female ? 'male' : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Services and slots in the summary's language

/** Salon services by stem: Russian accusative (after "на" / "про") and English. */
const SERVICES: ReadonlyArray<readonly [RegExp, string, string]> = [
  [/gel nails|гель/u, 'маникюр с гель-лаком', 'gel nails'],
  [/маникюр|manicure|nails/u, 'маникюр', 'a manicure'],
  [/педикюр|pedicure/u, 'педикюр', 'a pedicure'],
  [/стрижк|haircut|чач кырк/u, 'стрижку', 'a haircut'],
  [/окрашиван|colou?ring/u, 'окрашивание', 'hair colouring'],
  [/спа-программ|spa|спа/u, 'спа-программу', 'a spa programme'],
  [/массаж|massage/u, 'массаж', 'a massage'],
  [/наращиван/u, 'наращивание', 'extensions'],
  [/бров/u, 'коррекцию бровей', 'brow shaping'],
  [/ресниц/u, 'ресницы', 'lashes'],
  [/укладк/u, 'укладку', 'styling'],
  [/хаммам/u, 'хаммам', 'the hammam'],
  [/сертификат|gift card/u, 'подарочный сертификат', 'a gift card'],
];

/** A clinic's, school's and B2B vendor's services (lexicon SERVICE_OTHER), the same way. */
const OTHER_SERVICES: ReadonlyArray<readonly [RegExp, string, string]> = [
  [/пробн\S* урок|trial/u, 'пробный урок', 'a trial lesson'],
  [/консультаци/u, 'консультацию врача', 'a consultation'],
  [/узи|ultrasound/u, 'УЗИ', 'an ultrasound'],
  [/анализ|blood test/u, 'анализы', 'tests'],
  [/чистк\S* зуб|teeth cleaning|dental cleaning/u, 'чистку зубов', 'a teeth cleaning'],
  [/cleaning|уборк/u, 'уборку', 'cleaning'],
  [/имплант|implant/u, 'имплантацию', 'implants'],
  [/пломб|filling/u, 'пломбу', 'a filling'],
  [/брекет|braces/u, 'брекеты', 'braces'],
  [/коронк/u, 'коронку', 'a crown'],
  [/отбеливан/u, 'отбеливание', 'whitening'],
  [/рентген|x-ray/u, 'рентген', 'an X-ray'],
  [/мрт/u, 'МРТ', 'an MRI'],
  [/(?<![а-яё])кт(?![а-яё])/u, 'КТ', 'a CT scan'],
  [/check-?up/u, 'обследование', 'a check-up'],
  [/при[её]м|appointment/u, 'приём', 'an appointment'],
  [/ielts/u, 'подготовку к IELTS', 'IELTS preparation'],
  [/toefl/u, 'подготовку к TOEFL', 'TOEFL preparation'],
  [/(?<![а-яё])орт(?![а-яё])/u, 'подготовку к ОРТ', 'ORT preparation'],
  [/(?<![а-яё])ент(?![а-яё])/u, 'подготовку к ЕНТ', 'UNT preparation'],
  [/егэ/u, 'подготовку к ЕГЭ', 'Unified State Exam preparation'],
  [/огэ/u, 'подготовку к ОГЭ', 'State Exam preparation'],
  [/подготовк/u, 'подготовку к экзамену', 'exam preparation'],
  [/интенсив|bootcamp/u, 'интенсив', 'an intensive course'],
  [/курс|course/u, 'курс', 'a course'],
  [/урок|заняти|lesson|class|tutoring/u, 'занятия', 'lessons'],
  [/workshop/u, 'мастер-класс', 'a workshop'],
  [/внедрени|implementation/u, 'внедрение', 'an implementation'],
  [/аудит|audit/u, 'аудит', 'an audit'],
  [/бухгалтери|bookkeeping/u, 'бухгалтерское обслуживание', 'bookkeeping'],
  [/аутсорс|outsourcing/u, 'аутсорсинг', 'outsourcing'],
  [/разработк|development/u, 'разработку', 'development'],
  [/интеграци|integration/u, 'интеграцию', 'an integration'],
  [/crm/u, 'CRM', 'a CRM'],
  [/лицензи|licen[cs]e/u, 'лицензии', 'licences'],
  [/поставк|supply/u, 'поставки', 'supplies'],
  [/обслуживан/u, 'обслуживание', 'maintenance'],
];

function serviceWords(facts: SummaryFacts): string | null {
  const lang = facts.lang;
  for (const [text, table] of [[facts.service, SERVICES], [facts.otherService, OTHER_SERVICES]] as const) {
    if (!text) continue;
    const t = text.toLowerCase();
    for (const [pattern, ru, en] of table) if (pattern.test(t)) return lang === 'ru' ? ru : en;
  }
  return null;
}

type DayKey = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun' | 'today' | 'tomorrow' | 'after';
const DAY_PATTERNS: ReadonlyArray<readonly [DayKey, RegExp]> = [
  ['after', /послезавтра|day after tomorrow/u],
  ['tomorrow', /завтра|tomorrow|tmrw|tmr|эртең|ертең/u],
  ['today', /сегодня|today|tonight/u],
  ['mon', /понедельник|monday|дүйшөмбү|дүйсенбі/u],
  ['tue', /вторник|tuesday|шейшемби|сейсенбі/u],
  ['wed', /сред[ауе]|wednesday|шаршемби|сәрсенбі/u],
  ['thu', /четверг|thursday|бейшемби|бейсенбі/u],
  ['fri', /пятниц|friday/u],
  ['sat', /суббот|saturday|ишемби|сенбі/u],
  ['sun', /воскресень|sunday|жекшемби|жексенбі/u],
];
const DAY_WORDS: Record<SummaryLanguage, Record<DayKey, string>> = {
  ru: { mon: 'в понедельник', tue: 'во вторник', wed: 'в среду', thu: 'в четверг', fri: 'в пятницу', sat: 'в субботу', sun: 'в воскресенье', today: 'сегодня', tomorrow: 'завтра', after: 'послезавтра' },
  en: { mon: 'on Monday', tue: 'on Tuesday', wed: 'on Wednesday', thu: 'on Thursday', fri: 'on Friday', sat: 'on Saturday', sun: 'on Sunday', today: 'today', tomorrow: 'tomorrow', after: 'the day after tomorrow' },
};
const MONTHS: ReadonlyArray<readonly [RegExp, string, string]> = [
  [/январ|jan/u, 'января', 'January'],
  [/феврал|feb/u, 'февраля', 'February'],
  [/март|mar/u, 'марта', 'March'],
  [/апрел|apr/u, 'апреля', 'April'],
  [/ма[яй]|may/u, 'мая', 'May'],
  [/июн|jun/u, 'июня', 'June'],
  [/июл|jul/u, 'июля', 'July'],
  [/август|aug/u, 'августа', 'August'],
  [/сентябр|sep/u, 'сентября', 'September'],
  [/октябр|oct/u, 'октября', 'October'],
  [/ноябр|nov/u, 'ноября', 'November'],
  [/декабр|dec/u, 'декабря', 'December'],
];

/** "завтра 15:30" → "завтра в 15:30"; "Friday 3pm" → "on Friday at 15:00"; null when it names neither a day nor a time. */
export function slotPhrase(slot: string | null, lang: SummaryLanguage): string | null {
  if (!slot) return null;
  const t = slot.toLowerCase();
  let day: string | null = null;
  const date = /(?<!\d)(\d{1,2}) ([а-яa-z]+)/u.exec(t);
  const month = date ? MONTHS.find(([pattern]) => pattern.test(date[2]!)) : undefined;
  if (date && month) day = lang === 'ru' ? `${Number(date[1])} ${month[1]}` : `on ${Number(date[1])} ${month[2]}`;
  else for (const [key, pattern] of DAY_PATTERNS) if (pattern.test(t)) {
    day = DAY_WORDS[lang][key];
    break;
  }
  let time: string | null = null;
  const clock = /(?<![\d.,:])(\d{1,2})[:.](\d{2})(?!\d)/u.exec(t);
  const ampm = /(?<!\d)(\d{1,2})(?::(\d{2}))? ?(am|pm)(?![a-z])/u.exec(t);
  const bare = /(?:^|\s)(?:в|at) (\d{1,2})(?!\d)/u.exec(t);
  if (clock) time = `${Number(clock[1])}:${clock[2]}`;
  else if (ampm) time = `${(Number(ampm[1]) % 12) + (ampm[3] === 'pm' ? 12 : 0)}:${ampm[2] ?? '00'}`;
  else if (bare && Number(bare[1]) <= 23) time = `${Number(bare[1])}:00`;
  if (!day && !time) return null;
  const at = time ? (lang === 'ru' ? `в ${time}` : `at ${time}`) : null;
  return [day, at].filter(Boolean).join(' ');
}

function staffPhrase(staff: string | null, lang: SummaryLanguage): string | null {
  if (!staff) return null;
  if (lang === 'en') return LATIN.test(staff) ? `with ${staff}` : null;
  if (!CYRILLIC.test(staff)) return null;
  return `к ${inclineFirstname(staff, 'dative')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Words that depend on the client's gender (Russian)

const g = (gender: Gender, male: string, female: string) => (gender === 'female' ? female : male);

const ROLE_SUBJECT: Record<string, [ru: string, ruFemale: string, en: string]> = {
  owner: ['Владелец бизнеса', 'Владелица бизнеса', 'The business owner'],
  manager: ['Менеджер', 'Менеджер', 'A manager'],
  marketer: ['Маркетолог', 'Маркетолог', 'A marketer'],
  targetologist: ['Таргетолог', 'Таргетолог', 'An ads specialist'],
  smm: ['SMM-специалист', 'SMM-специалист', 'An SMM specialist'],
};
const NICHE_GENITIVE: Record<string, [ru: string, en: string]> = {
  medicine: ['медицины', 'medicine'],
  infobusiness: ['инфобизнеса', 'online education and expert courses'],
  education: ['образования', 'education'],
  beauty: ['красоты', 'beauty'],
  fitness: ['фитнеса', 'fitness'],
  retail: ['торговли', 'retail'],
  food: ['общепита', 'food service'],
  realty: ['недвижимости', 'real estate'],
  auto: ['автобизнеса', 'the car business'],
  services: ['услуг', 'local services'],
  tourism: ['туризма', 'tourism'],
  legal: ['юридических услуг', 'legal services'],
  marketing: ['маркетинга', 'marketing'],
};

const CITIES: ReadonlyArray<readonly [RegExp, string, string]> = [
  [/бишкек|bishkek/u, 'Бишкек', 'Bishkek'],
  [/(?<![а-яё])ош(?:[еау]|ом)?(?![а-яё])/u, 'Ош', 'Osh'],
  [/каракол/u, 'Каракол', 'Karakol'],
  [/алмат|almaty/u, 'Алматы', 'Almaty'],
  [/астан|astana/u, 'Астана', 'Astana'],
  [/ташкент|tashkent/u, 'Ташкент', 'Tashkent'],
  [/москв|moscow/u, 'Москва', 'Moscow'],
  [/петербург|питер/u, 'Санкт-Петербург', 'St Petersburg'],
  [/шымкент/u, 'Шымкент', 'Shymkent'],
  [/караганд/u, 'Караганда', 'Karaganda'],
  [/дуба|dubai/u, 'Дубай', 'Dubai'],
  [/london/u, 'Лондон', 'London'],
  [/berlin/u, 'Берлин', 'Berlin'],
  [/istanbul/u, 'Стамбул', 'Istanbul'],
  [/new york/u, 'Нью-Йорк', 'New York'],
];

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const sentence = (s: string) => (/[.!?…»”]$/u.test(s) ? s : `${s}.`);

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

function whoAndWhat(f: SummaryFacts): string {
  const ru = f.lang === 'ru';
  const role = f.role ? ROLE_SUBJECT[f.role] : undefined;
  let subject = role ? (ru ? g(f.gender, role[0], role[1]) : role[2]) : ru ? g(f.gender, 'Клиент', 'Клиентка') : 'The client';
  const service = serviceWords(f);
  const slot = slotPhrase(f.slot, f.lang);
  const staff = staffPhrase(f.staff, f.lang);
  // A client's own business niche matters where the business sells to businesses (a role or a budget was named,
  // or nothing else is known); a salon's or a school's client has none.
  const bookingTalk = service !== null || slot !== null || f.bookingRequested || f.stage === 'consultation_booked';
  const niche = f.niche && (role || f.budget || !bookingTalk) ? NICHE_GENITIVE[f.niche] : undefined;
  if (niche) subject += ru ? ` из сферы ${niche[0]}` : ` in ${niche[1]}`;
  const city = f.location ? CITIES.find(([pattern]) => pattern.test(f.location!.toLowerCase())) : undefined;
  if (city) subject += ru ? ` из ${cityFrom(city[1])}` : ` from ${city[2]}`;

  const tail = [service ? (ru ? `на ${service}` : `for ${service}`) : null, slot, staff].filter(Boolean).join(' ');
  let clause: string;
  if (f.stage === 'consultation_booked') {
    clause = ru ? `${g(f.gender, 'записан', 'записана')}${tail ? ` ${tail}` : ''}` : `is booked${tail ? ` ${tail}` : ''}`;
  } else if (f.stage === 'consultation_completed') {
    if (ru) clause = service ? `${g(f.gender, 'пришёл', 'пришла')} на ${service}` : `${g(f.gender, 'провёл', 'провела')} с нами встречу`;
    else clause = service ? `came in for ${service}` : 'has met with us';
  } else if (f.stage === 'deal_closed') {
    if (ru) clause = service ? `${g(f.gender, 'оплатил', 'оплатила')} ${service}` : `${g(f.gender, 'завершил', 'завершила')} покупку`;
    else clause = service ? `paid for ${service}` : 'has completed the purchase';
  } else if (f.bookingRequested || (slot && service)) {
    const wanted = [service, slot, staff].filter(Boolean).join(' ');
    clause = ru ? `хочет записаться${tail ? ` ${tail}` : ''}` : `wants to book${wanted ? ` ${wanted}` : ''}`;
  } else if (service) {
    clause = ru ? `спрашивает про ${service}${slot ? ` ${slot}` : ''}` : `is asking about ${service}${slot ? ` ${slot}` : ''}`;
  } else if (f.symptoms) {
    clause = ru ? 'описывает симптомы и ищет приём' : 'describes symptoms and is looking for an appointment';
  } else if (role || niche) {
    if (ru) clause = '';
    else {
      const roleWords = role ? role[2].replace(/^(The|A|An) /u, '') : null;
      const article = roleWords && /^[aeiou]/iu.test(roleWords.replace(/^SMM/u, 'ess')) ? 'an' : 'a';
      return ['The client', roleWords ? `is ${article} ${roleWords}` : null, niche ? `${roleWords ? 'in' : 'works in'} ${niche[1]}` : null].filter(Boolean).join(' ');
    }
  } else if (f.stage === 'deal_lost') {
    clause = ru ? 'не заинтересован' + (f.gender === 'female' ? 'а' : '') : 'is not interested';
  } else if (f.stage === 'not_qualified') {
    clause = ru ? 'не из нашей аудитории' : 'is not in our audience';
  } else if (f.stage === 'new_lead') {
    return ru ? `${subject} пока не ${g(f.gender, 'рассказал', 'рассказала')}, что ${g(f.gender, 'ему', 'ей')} нужно` : `${subject} has not said what they need yet`;
  } else {
    clause = ru ? 'интересуется нашим предложением' : 'is interested in our offer';
  }
  const parts = [clause ? `${subject} ${clause}` : subject];
  if (f.budget && inLanguage(f.budget, f.lang) !== null) parts.push(ru ? `бюджет — ${f.budget}` : `budget ${f.budget}`);
  else if (f.budget && /\d/u.test(f.budget)) parts.push(ru ? `бюджет — ${f.budget}` : `budget ${f.budget}`);
  return parts.join(', ');
}

function notes(f: SummaryFacts): string[] {
  const ru = f.lang === 'ru';
  const out: string[] = [];
  if (f.returning) out.push(ru ? `уже ${g(f.gender, 'был', 'была')} у нас` : 'has been with us before');
  if (f.formatAsked) out.push(ru ? 'спрашивает о формате' : 'asked about the format');
  if (f.priceAsked) out.push(ru ? `${g(f.gender, 'спрашивал', 'спрашивала')} цену` : 'asked about the price');
  if (f.objectionPrice) out.push(ru ? 'считает, что дорого' : 'finds it expensive');
  if (f.objectionTime) out.push(ru ? 'откладывает решение' : 'is putting it off');
  if (f.objectionTrust) out.push(ru ? 'сомневается в результате' : 'doubts the result');
  if (f.competitor) out.push(ru ? 'сравнивает с другими' : 'is comparing with others');
  if (f.readyToPay && f.stage !== 'deal_closed') out.push(ru ? `${g(f.gender, 'готов', 'готова')} оплатить` : 'is ready to pay');
  return out;
}

function standing(f: SummaryFacts): string {
  const ru = f.lang === 'ru';
  const waiting = f.waitingForReply && f.stage !== 'deal_lost' && f.stage !== 'deal_closed';
  let text: string;
  switch (f.stage) {
    case 'new_lead':
      text = ru ? 'Первое обращение, о записи ещё не говорили' : 'A first enquiry; no booking discussed yet';
      break;
    case 'not_qualified':
      text = ru ? 'Не наш клиент' : 'Not a client for us';
      break;
    case 'qualified':
      text = f.bookingRequested
        ? ru ? 'Ждёт, когда мы предложим время' : 'Waiting for us to offer a time'
        : ru ? 'Запрос понятен, время ещё не выбрано' : 'The request is clear; no time chosen yet';
      break;
    case 'consultation_booked':
      text = ru ? 'Запись согласована' : 'The booking is agreed';
      break;
    case 'consultation_completed':
      text = ru ? 'Визит или встреча состоялись' : 'The visit or meeting took place';
      break;
    case 'deal_closed':
      text = ru ? 'Оплата получена' : 'Payment received';
      break;
    case 'deal_lost':
      text = f.unsubscribed ? (ru ? `${g(f.gender, 'Отказался', 'Отказалась')} и просит больше не писать` : 'Declined and asked not to be contacted') : ru ? `${g(f.gender, 'Отказался', 'Отказалась')}` : 'Declined';
      break;
  }
  if (waiting) text += ru ? '; ждёт нашего ответа' : '; waiting for our reply';
  return sentence(text);
}

export function writeSummary(f: SummaryFacts): string {
  const first = [whoAndWhat(f), ...notes(f)].join(', ');
  return `${clip(sentence(capitalise(first)), 290)}\n${clip(standing(f), 300)}`;
}

export function writeNextAction(f: SummaryFacts): string {
  const ru = f.lang === 'ru';
  const slot = slotPhrase(f.slot, f.lang);
  const service = serviceWords(f);
  const ask = inLanguage(f.unanswered, f.lang);
  let text: string;
  if (f.waitingForReply && f.stage !== 'deal_lost' && f.stage !== 'deal_closed') {
    text = ru ? 'Ответить клиенту сейчас: сообщения ждут ответа' : 'Reply to the client now: their messages are waiting';
  } else {
    switch (f.stage) {
      case 'new_lead':
        text = ask ? (ru ? `Ответить и спросить: «${clip(ask, 160)}»` : `Reply and ask: “${clip(ask, 160)}”`) : ru ? 'Ответить и узнать, что нужно клиенту' : 'Reply and find out what the client needs';
        break;
      case 'not_qualified':
        text = ru ? 'Вежливо завершить разговор' : 'Close the conversation politely';
        break;
      case 'qualified':
        if (f.objectionPrice) text = ru ? 'Объяснить, из чего складывается цена, и предложить удобное время' : 'Explain what the price includes and offer a convenient time';
        else if (f.objectionTrust) text = ru ? 'Прислать отзывы и примеры работ, затем предложить время' : 'Send reviews and examples, then offer a time';
        else if (f.objectionTime) text = ru ? 'Договориться, когда вернуться к разговору, и написать в этот день' : 'Agree when to follow up and write on that day';
        else if (slot) text = ru ? `Предложить свободное время ${slot}` : `Offer free slots ${slot}`;
        else if (service) text = ru ? `Предложить два свободных окна на ${service}` : `Offer two free slots for ${service}`;
        else text = ru ? 'Предложить запись: два варианта времени на выбор' : 'Offer a booking with two times to choose from';
        break;
      case 'consultation_booked':
        text = ru ? `Накануне напомнить о записи${slot ? ` (${slot})` : ''} и прислать адрес` : `Remind the client the day before${slot ? ` (${slot})` : ''} and send the address`;
        break;
      case 'consultation_completed':
        text = f.readyToPay ? (ru ? 'Отправить счёт или договор сегодня' : 'Send the invoice or contract today') : ru ? 'Спросить, как всё прошло, и предложить следующий шаг' : 'Ask how it went and offer the next step';
        break;
      case 'deal_closed':
        text = ru ? 'Поблагодарить и договориться о следующем шаге' : 'Say thank you and agree on the next step';
        break;
      case 'deal_lost':
        text = f.unsubscribed ? (ru ? 'Больше не писать: клиент попросил' : 'Do not write again: the client asked') : ru ? 'Не настаивать; вернуться через 2–3 месяца с полезным предложением' : 'Do not push; come back in 2–3 months with a useful offer';
        break;
    }
  }
  return clip(sentence(text), 300);
}
