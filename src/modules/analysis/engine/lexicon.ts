/**
 * The offline analyser's vocabulary: every pattern is compiled once at module load and run against text that was
 * lower-cased once per message (see `normaliseText`). Russian stems carry their own boundaries because `\b` in
 * JavaScript only knows ASCII letters.
 */

/** Letters and digits after lower-casing (Russian, Kyrgyz, Kazakh, Ukrainian, Latin). */
const W = 'a-zа-яёіїєґңөүәғқұһў0-9';
/** Start of a word: the previous character is not a letter or digit. */
const B = `(?<![${W}])`;
/** End of a word. */
const E = `(?![${W}])`;

const any = (...alternatives: string[]): RegExp => new RegExp(`(?:${alternatives.join('|')})`, 'u');

// ---------------------------------------------------------------------------------------------------------------
// Normalisation

const CYR_TO_LAT: Record<string, string> = { а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', х: 'x', у: 'y', к: 'k', м: 'm', т: 't' };
const LAT_TO_CYR: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', k: 'к', m: 'м', t: 'т' };
const MIXED_SCRIPT = /[а-я][a-z]|[a-z][а-я]/;
const WORD_G = /[a-zа-я]+/g;
const CYR_LETTER_G = /[а-я]/g;
const LAT_LETTER_G = /[a-z]/g;

/** "зaпишите" typed with a Latin "a" reads as Cyrillic; the script with more letters in the word wins. */
function fixHomoglyphs(word: string): string {
  if (!MIXED_SCRIPT.test(word)) return word;
  const cyr = word.match(CYR_LETTER_G)?.length ?? 0;
  const lat = word.match(LAT_LETTER_G)?.length ?? 0;
  const map = cyr >= lat ? LAT_TO_CYR : CYR_TO_LAT;
  let out = '';
  for (const ch of word) out += map[ch] ?? ch;
  return out;
}

/** Lower-case, ё → е, curly apostrophes → ', mixed-script words repaired. Length-preserving for the common cases. */
export function normaliseText(text: string): string {
  let t = text.toLowerCase();
  if (t.includes('ё')) t = t.replaceAll('ё', 'е');
  if (t.includes('’')) t = t.replaceAll('’', "'");
  if (MIXED_SCRIPT.test(t)) t = t.replace(WORD_G, fixHomoglyphs);
  return t;
}

// ---------------------------------------------------------------------------------------------------------------
// Time and slots

const RU_DAYS = 'понедельник|вторник|сред[ауе]|четверг|пятниц[ауе]|суббот[ауе]|воскресень[ея]';
const RU_MONTHS = 'январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр';
const EN_DAYS = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday';
const TIME_ALTERNATIVES = [
  `(?<![\\d.,:])\\d{1,2}[:.]\\d{2}(?!\\d|[.,]\\d)`,
  `${B}в \\d{1,2}${E}(?![:.]\\d| ?(?:тыс|к${E}|%|сом|руб|000))`,
  `${B}(?:${RU_DAYS})`,
  `${B}(?:послезавтра|завтра)`,
  `${B}(?:дүйшөмбү|шейшемби|шаршемби|бейшемби|ишемби|жекшемби|эртең|дүйсенбі|сейсенбі|сәрсенбі|бейсенбі|сенбі|жексенбі|ертең)`,
  `${B}сегодня в`,
  `${B}\\d{1,2} (?:${RU_MONTHS})`,
  `${B}\\d{1,2}(?::\\d{2})? ?(?:am|pm)${E}`,
  `${B}(?:${EN_DAYS})${E}`,
  `${B}(?:tomorrow|tmrw|tmr|tonight|noon|midday)${E}`,
  `${B}(?:today|tomorrow) at`,
  `${B}at \\d{1,2}${E}`,
];
export const TIME = any(...TIME_ALTERNATIVES);
/** Global twin of TIME for pulling the slot words out of a message. */
export const TIME_G = new RegExp(`(?:${TIME_ALTERNATIVES.join('|')})`, 'gu');

/** The business confirms a booking ("записал вас", "you're booked", "moved to Friday"). */
export const BUSINESS_BOOKED = any(
  `${B}записал[аи]? (?:вас|тебя)`,
  `${B}вы записаны`,
  `${B}запись подтвержд`,
  `${B}ждем вас`,
  `${B}(?:встреча|консультация|созвон|разбор) назначен`,
  `${B}забронировал`,
  `${B}бронь подтвержд`,
  `${B}перенес(?:ла|ли)? (?:вас |встречу |запись )?на`,
  `${B}(?:booked|scheduled) (?:you|for|it)${E}`,
  `${B}you'?re (?:booked|all set|confirmed|scheduled)`,
  `${B}confirmed for`,
  `${B}invite (?:sent|is in)`,
  `${B}moved (?:it |you )?to`,
  `${B}done,? booked`,
);
/** The client did not come: the booking is void, whatever they say next. */
export const BUSINESS_NO_SHOW = any(`${B}ждали вас`, `${B}вы не пришли`, `${B}не дождались`, `${B}missed you`, `${B}no-?show`, `${B}you didn'?t (?:show|join|come)`);
export const BUSINESS_REMINDER = any(`${B}напомина`, `${B}reminder`, `${B}remind`);
/** When the client wants to start, without a concrete slot. */
export const TIMELINE = any(
  `${B}срочно`,
  `${B}как можно скорее`,
  `${B}в этом месяце`,
  `${B}в следующем месяце`,
  `${B}(?:в|к|с) (?:${RU_MONTHS})\\S*`,
  `${B}asap${E}`,
  `${B}as soon as possible`,
  `${B}(?:this|next) (?:month|week|quarter)`,
  `${B}(?:in|by) (?:january|february|march|april|may|june|july|august|september|october|november|december)`,
);

/** A business message that proposes a time (and is not a statement like "kick-off is Monday at 10"). */
export const SLOT_OFFER_CUE = any(
  '\\?',
  `${B}или${E}`,
  `${B}(?:свободн|есть окн|окошк|можем|могу предложить|предлагаю|удобно|подойдет|подходит)`,
  `${B}(?:or|available|how about|works for you|would|free slot|openings?|shall we)${E}`,
);

// ---------------------------------------------------------------------------------------------------------------
// Client intents

export const PRICE = any(
  `${B}сколько (?:\\S+ )?(?:стоит|стоят|стоить|будет|за)`,
  `${B}ск[оа]к[оа] стоит`,
  `${B}почем${E}`,
  `${B}по чем${E}`,
  `${B}цен[аыуе]${E}`,
  `${B}цены`,
  `${B}стоимост`,
  `${B}прайс`,
  `${B}ценник`,
  `${B}тариф`,
  `${B}канча турат`,
  `${B}баасы`,
  `${B}қанша`,
  `${B}how much`,
  `${B}pric(?:e|es|ing)${E}`,
  `${B}cost${E}`,
  `${B}(?:charge|rates|fees?)${E}`,
);
/** A price word counts as a question only with a question mark, a question word, or as a very short message. */
export const QUESTION_WORD = any('\\?', `${B}(?:сколько|какая|какие|какой|какова|what|how)${E}`);

export const BUDGET_CONTEXT = any(
  `${B}бюджет`,
  `${B}вложить`,
  `${B}вкладыва`,
  `${B}тратим`,
  `${B}трачу`,
  `${B}потратить`,
  `${B}готов\\S* (?:платить|потратить|выделить|инвестировать)`,
  `${B}инвестир`,
  `${B}можем выделить`,
  `${B}budget`,
  `${B}spend`,
  `${B}invest`,
  `${B}allocate`,
  `${B}afford`,
);
export const NO_BUDGET = any(`${B}нет бюджета`, `${B}бюджета нет`, `${B}no budget`);

const CURRENCY = '(?:₽|руб[а-я]*\\.?|р\\.|сом[а-я]*|kgs|тенге|₸|тг|usd|долл[а-я]*\\.?|€|eur|евро|сум|dollars?|bucks|\\$)';
const MULTIPLIER = '(?:k|к|m|млн|тыс\\.?|тысяч\\S*)';
const NUMBER = '\\d[\\d\\s,.]*\\d|\\d';
/** An amount: with a currency sign or word, or with a thousand/million multiplier. */
export const AMOUNT = new RegExp(
  `(?:[$€£₽₸]\\s?(?:${NUMBER})(?:\\s?${MULTIPLIER}${E})?(?:\\s?(?:/|a |per |в )(?:month|mo|мес\\S*))?` +
    `|(?:${NUMBER})\\s?(?:${MULTIPLIER}${E}\\s?)?${CURRENCY}` +
    `|(?:${NUMBER})\\s?${MULTIPLIER}${E}(?:\\s?${CURRENCY})?)`,
  'u',
);
/** In answer to a budget question a bare number (e.g. "50000") is the budget too. */
export const BARE_NUMBER = /(?<![\d.,])\d{3,}(?:[\s.,]\d{3})*(?![\d])/u;

export const BOOK_REQUEST = any(
  `${B}запиши(?:те)?${E}`,
  `${B}запишусь`,
  `${B}записаться`,
  `${B}записывайте`,
  `${B}хочу на (?:консультаци|разбор|встреч|прием|созвон)`,
  `${B}давайте (?:созвон|встрет|консультаци|разбор|обсуд|запиш)`,
  `${B}созвонимся`,
  `${B}(?:когда|можно) (?:можно )?(?:созвониться|встретиться)`,
  `${B}(?:хочу|хотим|хотела?) (?:бы )?(?:консультаци|разбор|созвон|встреч)`,
  `${B}book (?:me|a|an|it|us|the|in)${E}`,
  `${B}(?:can|could|may) (?:i|we) (?:book|schedule|get a call|have a call|set up|hop on|jump on|talk|chat|meet)`,
  `${B}(?:i'?d|we'?d|i would|we would) (?:like|love) to (?:book|schedule|talk|chat|meet)`,
  `${B}let'?s (?:schedule|book|set up|talk|chat|meet|hop on|jump on)`,
  `${B}(?:schedule|set up|arrange) (?:a|the) (?:call|meeting|consultation|demo)`,
  `${B}sign me up`,
);

/** Confirms an existing booking or an offered slot ("see you then", "буду"). */
export const CLIENT_CONFIRM = any(
  `${B}до встречи`,
  `${B}буду${E}`,
  `${B}договорились`,
  `${B}see you${E}`,
  `${B}i'?ll be there`,
  `${B}works for me`,
  `${B}(?:that|it) works${E}`,
  `${B}confirmed${E}`,
);

/** Short agreement at the very start of a message. */
export const AFFIRM_START = new RegExp(
  `^[\\s\\p{P}]*(?:да|ага|ок|окей|оке|хорошо|давайте|договорились|подходит|подойдет|отлично|супер|конечно|идет|го|ok|okay|okey|yes|yep|yeah|yup|sure|perfect|great|sounds good|works|deal|absolutely|of course|👍|✅|👌)(?![${W}])`,
  'u',
);

export const CANCEL = any(
  `${B}отмен(?:ите|яю|яем|ить|им|а)${E}`,
  `${B}не смогу`,
  `${B}не сможем`,
  `${B}не получится`,
  `${B}не успеваю`,
  `${B}не приду`,
  `${B}cancel`,
  `${B}can'?t make it`,
  `${B}cannot make it`,
  `${B}won'?t (?:make it|be able)`,
  `${B}something came up`,
);
export const RESCHEDULE = any(
  `${B}перенес(?:ти|ем|ите|тем)`,
  `${B}перенести`,
  `${B}другое время`,
  `${B}reschedule`,
  `${B}move (?:it|the call|our call|the meeting)`,
  `${B}another (?:time|day)`,
);

export const VISIT_STRONG = any(
  `(?<!уже )${B}был[аи]? у вас`,
  `${B}был[аи]? (?:\\S+ )?на (?:встрече|консультации|разборе|созвоне)`,
  `${B}после (?:нашей )?(?:консультации|встречи|созвона|разбора)`,
  `${B}по итогам (?:нашей )?(?:консультации|встречи|созвона|разбора)`,
  `${B}(?:консультаци|встреч|созвон|разбор)\\S* (?:сегодня|вчера)`,
  `${B}(?:сегодняшн|вчерашн)\\S* (?:консультаци|встреч|созвон|разбор)`,
  `${B}had (?:our|the|a) (?:consultation|call|meeting|session)`,
  `${B}after (?:our|the) (?:consultation|call|meeting|session)`,
  `${B}(?:consultation|call|meeting|session) (?:today|yesterday|earlier)`,
  `${B}(?:on|during) the call`,
  `${B}following (?:up on )?our (?:call|consultation|meeting)`,
);
/** "Спасибо за консультацию" is also said after a chat Q&A; it means a visit only when a booking came before. */
export const VISIT_WEAK = any(
  `${B}спасибо за (?:консультацию|встречу|созвон|разбор)`,
  `${B}thanks? (?:you )?for the (?:consultation|call|meeting|session)`,
);
export const BUSINESS_VISIT = any(
  `${B}спасибо за (?:встречу|консультацию|созвон|участие)`,
  `${B}по итогам (?:нашей )?(?:консультации|встречи|созвона|разбора)`,
  `${B}как (?:вам|прошла) (?:\\S+ )?(?:консультаци|встреч|созвон)`,
  `${B}спасибо,? что пришли`,
  `${B}thanks? (?:you )?for (?:joining|coming|the call|the consultation|the meeting)`,
  `${B}as (?:we )?discussed on the call`,
  `${B}(?:agreed|discussed|talked about|mentioned)(?: on)? (?:on|during) (?:the|our) (?:call|consultation|meeting)`,
  `${B}following (?:up on )?our (?:call|consultation)`,
  `${B}great (?:talking|speaking|meeting) (?:to|with) you`,
);

const PAID_NOT_ADS = `(?! (?:ads?|advertising|traffic|social|search|media|campaigns?|promotion)${E})`;
export const PAYMENT = any(
  `${B}оплатил[аи]?${E}`,
  `${B}оплачен`,
  `${B}оплата прошла`,
  `${B}перевел[аи]? (?:деньги|оплату|предоплату)`,
  `${B}внес(?:ла|ли)? предоплату`,
  `${B}(?:отправил|скинул|прикрепил)[аи]? (?:\\S+ )?(?:чек|платежку)`,
  `${B}платежку`,
  `${B}договор подписан`,
  `${B}подписал[аи]? договор`,
  `${B}paid${PAID_NOT_ADS}${E}`,
  `${B}payment (?:sent|done|made|completed)`,
  `${B}sent the payment`,
  `${B}contract signed`,
  `${B}signed the (?:contract|agreement)`,
  `${B}signed and sent`,
);
/** "We paid an agency last year" is history, not a payment to this business. */
export const PAST_EXPERIENCE = any(`${B}раньше`, `${B}до этого`, `${B}прошл\\S* год`, `${B}last year`, `${B}before${E}`, `${B}previous`, `${B}used to`);
export const BUSINESS_PAYMENT = any(
  `${B}оплат\\S* (?:получили|поступила|прошла)`,
  `${B}получили оплату`,
  `${B}спасибо за оплату`,
  `${B}payment received`,
  `${B}received (?:your )?payment`,
  `${B}thanks? (?:you )?for (?:the|your) payment`,
);
export const READY_TO_PAY = any(
  `${B}(?:пришлите|отправьте|выставьте|скиньте|высылайте) (?:\\S+ )?(?:договор|счет|реквизиты)`,
  `${B}куда (?:оплатить|платить|переводить)`,
  `${B}как (?:оплатить|платить)`,
  `${B}готовы оплатить`,
  `${B}send (?:over )?(?:me |us )?(?:the |a )?(?:contract|invoice|agreement)`,
  `${B}how (?:do|can|should) (?:we|i) pay`,
  `${B}where (?:do|should) (?:we|i) (?:pay|send the money)`,
  `${B}ready to (?:pay|sign)`,
);
/** Decision words that mean "deal" only once a consultation or booking has happened. */
export const READY_TO_START = any(
  `${B}хотим (?:начать|начинать)`,
  `${B}готовы (?:начать|начинать)`,
  `${B}(?:начинаем|беремся)${E}`,
  `${B}let'?s do it`,
  `${B}we'?re in${E}`,
  `${B}ready to start`,
  `${B}let'?s (?:get )?start(?:ed)?`,
);

export const REFUSAL = any(
  `${B}не ?интересн`,
  `${B}не интересует`,
  `${B}не ?актуальн`,
  `${B}не пишите`,
  `${B}не звоните`,
  `${B}хватит писать`,
  `${B}отпишите`,
  `${B}удалите (?:мой )?номер`,
  `${B}передумал`,
  `${B}отказыва`,
  `${B}откажемся`,
  `${B}не буд(?:ем|у) (?:\\S+ )?(?:работать|заказывать|брать|продолжать|вкладыват|запускать)`,
  `${B}решили (?:пока )?не${E}`,
  `${B}нашли (?:другое|другого|других)`,
  `${B}not interested`,
  `${B}no longer interested`,
  `${B}not for us`,
  `${B}remove me`,
  `${B}unsubscribe`,
  `${B}stop (?:texting|messaging|sending|contacting|writing)`,
  `^[\\s\\p{P}]*stop[\\s\\p{P}]*$`,
  `${B}don'?t (?:text|message|contact|write)`,
  `${B}(?:we|i)'?(?:ll| will) pass`,
  `${B}pass on (?:this|it)`,
  `${B}decided (?:not to|to go with)`,
  `${B}changed (?:my|our) minds?`,
  `${B}(?:not going to|won'?t|will not) (?:\\S+ )?(?:invest|proceed|go ahead|move forward|continue|need)`,
  `${B}went with (?:another|someone)`,
  `${B}found (?:another|someone else)`,
);
/** "Не нужно/не надо" only as a statement: in a question it is about something else. */
export const REFUSAL_NOT_NEEDED = any(`${B}(?:нам |мне |уже )?(?:это )?не (?:нужно|надо)${E}`, `${B}not needed`, `${B}no need${E}`);
export const UNSUBSCRIBE = any(
  `${B}не пишите`,
  `${B}не звоните`,
  `${B}хватит писать`,
  `${B}отпишите`,
  `${B}удалите (?:мой )?номер`,
  `${B}remove me`,
  `${B}unsubscribe`,
  `${B}stop (?:texting|messaging|sending|contacting|writing)`,
  `^[\\s\\p{P}]*stop[\\s\\p{P}]*$`,
  `${B}don'?t (?:text|message|contact|write)`,
);
/** Polite "no thanks": a refusal unless the client is already booked (then it answers "anything else?"). */
export const REFUSAL_WEAK = any(
  `^[\\s\\p{P}]*(?:нет|no|nope|nah)[\\s\\p{P}]+(?:спасибо|thanks|thank you)`,
  `${B}спасибо,? не (?:надо|нужно)`,
  `${B}no,? thanks?${E}`,
  `${B}no thank you`,
);

export const OBJECTION_PRICE = any(
  `${B}дорог`,
  `${B}не потян`,
  `${B}нет бюджета`,
  `${B}бюджета нет`,
  `${B}нет денег`,
  `${B}дешевле`,
  `${B}скидк`,
  `${B}(?:too |very |so )?expensive`,
  `${B}pricey`,
  `${B}can'?t afford`,
  `${B}out of (?:our )?budget`,
  `${B}cheaper`,
  `${B}discount`,
  `${B}(?:price|prices|pricing|fee|that|this|it)(?:'s| is| are)? (?:too|way too|a bit|a little) (?:high|much|steep)`,
);
export const OBJECTION_TIME = any(
  `${B}нет времени`,
  `${B}некогда`,
  `${B}(?:по)?позже`,
  `${B}потом${E}`,
  `${B}не сейчас`,
  `${B}пока не (?:готов|до|сейчас|актуал)`,
  `${B}после праздник`,
  `${B}в следующем месяце`,
  `${B}через (?:месяц|неделю|пару)`,
  `${B}до (?:лета|осени|весны|зимы|нового года)`,
  `${B}подумаю`,
  `${B}подумать`,
  `${B}обсудим с`,
  `${B}посоветуюсь`,
  `${B}вернусь`,
  `${B}вернемся`,
  `${B}отпишусь`,
  `${B}напишу на неделе`,
  `${B}уточню`,
  `${B}занят[аы]?${E}`,
  `${B}not now`,
  `${B}later${E}`,
  `${B}busy${E}`,
  `${B}no time`,
  `${B}(?:maybe|perhaps|probably|not until) next (?:month|week|quarter|year)`,
  `${B}think (?:about it|it over)`,
  `${B}let me think`,
  `${B}(?:get|come) back to you`,
  `${B}run it by`,
  `${B}reach out (?:later|when)`,
  `${B}calm down`,
  `${B}let you know`,
);
export const OBJECTION_TRUST = any(
  `${B}гаранти`,
  `${B}обман`,
  `${B}развод`,
  `${B}кинул`,
  `${B}обжига`,
  `${B}подвел`,
  `${B}слили`,
  `${B}не верю`,
  `${B}отзыв`,
  `${B}guarantee`,
  `${B}scam`,
  `${B}legit`,
  `${B}trust`,
  `${B}reviews?${E}`,
  `${B}burn(?:t|ed|ing)${E}`,
  `${B}got nothing`,
  `${B}how do i know`,
);
export const COMPETITOR = any(
  `${B}(?:друг\\S*|одн\\S*|дв\\S*|тр\\S*|наш\\S*|с|сторонн\\S*|\\d+)\\s+агентств`,
  `${B}агентству${E}`,
  `${B}подрядчик`,
  `${B}фрилансер`,
  `${B}конкурент`,
  `${B}(?:another|other|an|one) agency`,
  `${B}agencies${E}`,
  `${B}competitor`,
  `${B}freelancer`,
  `${B}quoted us`,
);

export const OFF_TARGET = any(
  `${B}ищу работу`,
  `${B}работу ищу`,
  `${B}ваканси`,
  `${B}резюме`,
  `${B}стажировк`,
  `${B}возьмете (?:меня )?на работу`,
  `${B}я студент`,
  `${B}пишу (?:диплом|курсовую|дипломную)`,
  `${B}для (?:диплома|исследования|курсовой)`,
  `${B}предлагаем (?:вам|базы|сотрудничество|свои услуги)`,
  `${B}предлагаю (?:вам|сотрудничество|свои услуги)`,
  `${B}базы? (?:номеров|контактов)`,
  `${B}ошиблись номером`,
  `${B}looking for a job`,
  `${B}are you hiring`,
  `${B}(?:my|a) (?:cv|resume)${E}`,
  `${B}internship`,
  `${B}i'?m a student`,
  `${B}i am a student`,
  `${B}thesis`,
  `${B}(?:my|for) research`,
  `${B}school project`,
  `${B}we offer (?:\\S+ )?(?:\\S+ )?(?:lead )?(?:databases|lists)`,
  `${B}lead (?:databases|lists)`,
  `${B}partnership proposal`,
  `${B}wrong number`,
  `${B}white[- ]?label`,
  `${B}resell`,
);
/** The business says it does not serve this request ("we only work with owners", "no openings"). */
export const BUSINESS_DECLINE = any(
  `${B}работаем только с`,
  `${B}не работаем с`,
  `${B}ваканси\\S* нет`,
  `${B}нет ваканси`,
  `${B}мы не (?:делаем|продаем|оказываем|занимаемся)`,
  `${B}оптом не`,
  `${B}не интересует`,
  `${B}(?:only|just) work (?:directly )?with`,
  `${B}no openings`,
  `${B}not hiring`,
  `${B}we don'?t (?:do|sell|offer|provide)`,
  `^[\\s\\p{P}]*no thanks`,
);

export const NEED = any(
  `${B}нужн[аоы]? (?:\\S+ )?(?:клиент|заявк|пациент|лид|реклам|продвижени|запис|трафик|продаж|поток|регистрац)`,
  `${B}(?:хотим|хочу|хотела?) (?:\\S+ )?больше`,
  `${B}(?:заявок|клиентов|пациентов|записей|продаж|обращений) (?:совсем |очень )?мало`,
  `${B}мало (?:заявок|клиентов|пациентов|записей|продаж)`,
  `${B}не хватает`,
  `${B}интересует`,
  `${B}привлечени`,
  `${B}привести (?:клиент|пациент)`,
  `${B}теряют`,
  `${B}реклама для`,
  `${B}продвижени`,
  `${B}реклама керек`,
  `${B}need (?:more |new |qualified )?(?:leads|patients|clients|customers|members|applicants|applications|sales|bookings|traffic|a funnel)`,
  `${B}(?:looking for|want|get|getting) (?:more|new) (?:leads|patients|clients|customers|members|sales|bookings|applications)`,
  `${B}(?:want|looking|need) to (?:get|grow|scale|fill|sell)`,
  `${B}not enough (?:leads|patients|clients|customers)`,
  `${B}interested in`,
  `${B}can (?:you|your \\S+(?: \\S+)?) help`,
  `${B}lose (?:a lot|many|most)`,
  `${B}more (?:patients|clients|customers|members|leads|bookings|applications|sales)`,
);
export const CURRENT_SOLUTION = any(
  `${B}инстаграм`,
  `${B}instagram`,
  `${B}сарафан`,
  `${B}таргет${E}`,
  `${B}таргет(?:ом|а|е)${E}`,
  `${B}контекст`,
  `${B}яндекс`,
  `${B}директ`,
  `${B}гугл`,
  `${B}google`,
  `${B}2гис`,
  `${B}2gis`,
  `${B}авито`,
  `${B}wildberries`,
  `${B}ozon`,
  `${B}etsy`,
  `${B}youtube`,
  `${B}ютуб`,
  `${B}телеграм`,
  `${B}telegram`,
  `${B}рассылк`,
  `${B}email list`,
  `${B}seo${E}`,
  `${B}сайт`,
  `${B}фрилансер`,
  `${B}подрядчик`,
  `${B}сами ведем`,
  `${B}word of mouth`,
  `${B}referrals`,
  `${B}facebook`,
  `${B}fb ads`,
  `${B}tiktok`,
  `${B}тикток`,
  `${B}boosted posts`,
  `${B}in-house`,
);
export const VOLUME = any(
  `\\d+\\s?(?:-\\s?\\d+\\s?)?(?:новых |new )?(?:заявок|обращений|клиент\\S*|пациент\\S*|регистраций|лидов|продаж|записей|leads|inquiries|patients|clients|customers|applications|applicants|members|sales|requests|students|guys)`,
  `${B}около \\d+${E}`,
  `${B}(?:about|around|~)\\s?\\d[\\d,]*${E}`,
);
const CITIES = [
  'бишкек\\S*',
  'ош(?:е|а)?',
  'алматы',
  'астан\\S*',
  'москв\\S*',
  'санкт-петербург\\S*',
  'питер\\S*',
  'ташкент\\S*',
  'шымкент\\S*',
  'караганд\\S*',
  'каракол\\S*',
  'дубай',
  'bishkek',
  'almaty',
  'astana',
  'tashkent',
  'moscow',
  'dubai',
  'london',
  'new york',
  'berlin',
  'istanbul',
];
export const LOCATION = new RegExp(`${B}(?:${CITIES.join('|')})${E}`, 'u');

export const SERVICE = new RegExp(
  `${B}(?:маникюр[а-я]*|педикюр[а-я]*|стрижк[а-я]*|окрашивани[а-я]*|спа-программ[а-я]*|spa|спа|массаж[а-я]*|наращивани[а-я]*|бров[а-я]*|ресниц[а-я]*|укладк[а-я]*|хаммам|чач кырк[а-яңөү]*|gel nails|manicure|pedicure|haircut|colou?ring|nails|massage|сертификат[а-я]*|gift card)${E}`,
  'u',
);
export const STAFF = /(?:мастер[ауе]?|master|stylist|with|к)\s+([A-ZА-ЯЁ][a-zа-яё]+)/u;
export const STAFF_CONTEXT = any(`${B}мастер`, `${B}master`, `${B}stylist`);
export const FIRST_VISIT = any(`${B}впервые`, `${B}первый раз`, `${B}first (?:time|visit)`);
export const RETURNING = any(`${B}уже (?:была?|были|бывал\\S*) у вас`, `${B}снова${E}`, `${B}как обычно`, `${B}been (?:here )?before`, `${B}returning`, `${B}again${E}`);

export const POSITIVE = any(
  `${B}спасибо`,
  `${B}отлично`,
  `${B}супер`,
  `${B}класс`,
  `${B}круто`,
  `${B}здорово`,
  `${B}понравил`,
  `${B}впечатля`,
  `${B}интересно`,
  `${B}полезно`,
  `${B}рахмат`,
  `${B}рақмет`,
  `${B}great${E}`,
  `${B}thanks?${E}`,
  `${B}thank you`,
  `${B}awesome`,
  `${B}perfect`,
  `${B}love${E}`,
  `${B}amazing`,
  `${B}helpful`,
  `${B}useful`,
  `${B}excellent`,
  `${B}nice${E}`,
  '[👍🙏😊🙌❤🔥😍🎉👌]',
);
export const NEGATIVE = any(
  `${B}плохо`,
  `${B}ужас`,
  `${B}обман`,
  `${B}развод`,
  `${B}недовол`,
  `${B}разочаров`,
  `${B}хватит`,
  `${B}terrible`,
  `${B}awful`,
  `${B}scam`,
  `${B}angry`,
  `${B}disappoint`,
  `${B}waste`,
  `${B}annoy`,
  `${B}bother`,
  '[😡👎😤🤬😠]',
);
/** Renewed interest: a later message like this outweighs an earlier refusal. */
export const INTEREST = any(`${B}интересно`, `${B}давайте`, `${B}could work`, `${B}sounds good`, `${B}interested${E}`, `${B}let'?s${E}`);

// ---------------------------------------------------------------------------------------------------------------
// Who the client is

export const NICHES = [
  'medicine',
  'infobusiness',
  'education',
  'beauty',
  'fitness',
  'retail',
  'food',
  'realty',
  'auto',
  'services',
  'tourism',
  'legal',
] as const;
export type NicheKey = (typeof NICHES)[number];

/** In priority order: "клиника косметологии" is medicine, not beauty. */
export const NICHE_PATTERNS: ReadonlyArray<readonly [NicheKey, RegExp]> = [
  [
    'medicine',
    any(
      `${B}клиник`,
      `${B}стоматолог`,
      `${B}дантист`,
      `${B}врач`,
      `${B}главврач`,
      `${B}медцентр`,
      `${B}медицин`,
      `${B}медклиник`,
      `${B}мед\\.? ?центр`,
      `${B}гинеколог`,
      `${B}уролог`,
      `${B}педиатр`,
      `${B}офтальмолог`,
      `${B}дерматолог`,
      `${B}узи${E}`,
      `${B}мрт${E}`,
      `${B}пациент`,
      `${B}имплант`,
      `${B}ортодонт`,
      `${B}физиотерап`,
      `${B}clinic`,
      `${B}dental`,
      `${B}dentist`,
      `${B}doctor`,
      `${B}medical`,
      `${B}patients?${E}`,
      `${B}dermatolog`,
      `${B}physio`,
      `${B}chiropract`,
      `${B}fertility`,
      `${B}orthodont`,
      `${B}healthcare`,
      `${B}hospital`,
      `${B}med ?spa`,
    ),
  ],
  [
    'infobusiness',
    any(
      `${B}инфобизнес`,
      `${B}онлайн[- ]?(?:школ|курс|образовани|академи)`,
      `${B}курс(?:ы|а|ов|е|у)?${E}`,
      `${B}вебинар`,
      `${B}коуч`,
      `${B}эксперт`,
      `${B}наставни`,
      `${B}марафон`,
      `${B}инфопродукт`,
      `${B}продюсер`,
      `${B}online (?:\\S+ ){0,2}(?:school|course|academy|program)`,
      `${B}courses?${E}`,
      `${B}coach`,
      `${B}webinar`,
      `${B}info[- ]?products?`,
      `${B}mentor`,
      `${B}expert${E}`,
      `${B}bootcamp`,
      `${B}masterclass`,
      `${B}teach\\S* (?:\\S+ ){0,3}online`,
    ),
  ],
  ['education', any(`${B}школ`, `${B}учебн\\S* центр`, `${B}детск\\S* (?:центр|сад)`, `${B}репетитор`, `${B}language school`, `${B}tutor`, `${B}kindergarten`, `${B}university`)],
  [
    'beauty',
    any(
      `${B}салон`,
      `${B}маникюр`,
      `${B}ногт`,
      `${B}педикюр`,
      `${B}барбер`,
      `${B}парикмахер`,
      `${B}стрижк`,
      `${B}косметолог`,
      `${B}бров`,
      `${B}ресниц`,
      `${B}визаж`,
      `${B}спа${E}`,
      `${B}массаж`,
      `${B}nail`,
      `${B}manicure`,
      `${B}barber`,
      `${B}hair salon`,
      `${B}salon`,
      `${B}beauty`,
      `${B}lash`,
      `${B}brow`,
      `${B}spa${E}`,
      `${B}massage`,
    ),
  ],
  ['fitness', any(`${B}фитнес`, `${B}спортзал`, `${B}тренажерн`, `${B}йог`, `${B}пилатес`, `${B}gym${E}`, `${B}fitness`, `${B}yoga`, `${B}pilates`, `${B}crossfit`)],
  [
    'retail',
    any(
      `${B}магазин`,
      `${B}маркетплейс`,
      `${B}wildberries`,
      `${B}ozon`,
      `${B}бутик`,
      `${B}одежд`,
      `${B}shop${E}`,
      `${B}store${E}`,
      `${B}e-?commerce`,
      `${B}etsy`,
      `${B}boutique`,
      `${B}jewel`,
    ),
  ],
  ['food', any(`${B}ресторан`, `${B}кафе`, `${B}кофейн`, `${B}доставк\\S* еды`, `${B}пекарн`, `${B}банкет`, `${B}restaurant`, `${B}cafe`, `${B}café`, `${B}coffee shop`, `${B}bakery`, `${B}catering`)],
  ['realty', any(`${B}недвижимост`, `${B}застройщик`, `${B}риелтор`, `${B}риэлтор`, `${B}жк${E}`, `${B}real estate`, `${B}realtor`, `${B}property`)],
  ['auto', any(`${B}автосервис`, `${B}автосалон`, `${B}шиномонтаж`, `${B}детейлинг`, `${B}auto repair`, `${B}car (?:dealer|service|wash)`, `${B}detailing`)],
  ['services', any(`${B}сантехни`, `${B}ремонт квартир`, `${B}клининг`, `${B}строител`, `${B}plumb`, `${B}cleaning`, `${B}renovation`, `${B}roofing`, `${B}hvac`, `${B}construction`)],
  ['tourism', any(`${B}турагентств`, `${B}туроператор`, `${B}travel agency`, `${B}tour operator`)],
  ['legal', any(`${B}юрист`, `${B}адвокат`, `${B}юридическ`, `${B}law firm`, `${B}lawyer`, `${B}attorney`)],
];

/** A niche said about oneself ("у меня клиника", "we run a dental practice") weighs more than one in passing. */
export const SELF_CONTEXT = any(
  `${B}у (?:меня|нас|моего|моей)${E}`,
  `${B}(?:мы|наш\\S*|мой|моя|мое|свой|своя|свое)${E}`,
  `${B}я${E}`,
  `${B}(?:my|our|we|we're|i)${E}`,
  `${B}i'?m${E}`,
);

export const ROLES = ['owner', 'manager', 'marketer', 'targetologist', 'smm'] as const;
export type RoleKey = (typeof ROLES)[number];

/** Role words as they appear in a brief ("таргетологи и SMM-специалисты — не клиенты"). */
export const ROLE_WORDS: ReadonlyArray<readonly [RoleKey, RegExp]> = [
  ['targetologist', any(`${B}таргетолог`, `${B}таргетщик`, `${B}targetolog`, `${B}media ?buyer`, `${B}медиабайер`)],
  ['smm', any(`${B}smm`, `${B}смм`, `${B}сммщи`, `${B}social media manager`)],
  ['marketer', any(`${B}маркетолог`, `${B}marketer`, `${B}head of marketing`, `${B}marketing (?:manager|director|lead)`, `${B}cmo${E}`, `${B}директор по маркетингу`)],
  ['owner', any(`${B}владел`, `${B}собственни`, `${B}основател`, `${B}учредител`, `${B}owner`, `${B}founder`, `${B}ceo${E}`)],
  ['manager', any(`${B}управляющ`, `${B}администратор`, `${B}менеджер`, `${B}руководител`, `${B}manager`, `${B}administrator`)],
];

const SELF = `${B}(?:я|i'?m|i am|работаю|i work as|as an?)\\s+(?:(?:a|an|the|сам[аи]?|же|как|тут|здесь|—|-)\\s+)*`;
const OWNED_THING =
  '(?:клиник|салон|кабинет|бизнес|магазин|школ|студи|компани|агентств|ресторан|кафе|автосервис|барбершоп|центр|курс|медцентр|стоматологи|производств|сеть|проект)';
/** A Russian adjective before the owned thing: "своя маленькая", "частный", "гинекологическая". */
const ADJECTIVE = '\\S+(?:ая|яя|ой|ый|ий|ое|ее|ые|ие|оя)';
const EN_OWNED_THING =
  '(?:clinic|practice|salon|business|store|shop|studio|school|academy|course|company|agency|restaurant|barbershop|gym|cafe|brand|firm)';

/** Self-identification in a dialog, in the order checked (an SMM "manager" is smm, a "marketing manager" a marketer). */
export const ROLE_SELF: ReadonlyArray<readonly [RoleKey, RegExp]> = [
  [
    'targetologist',
    any(
      `${SELF}(?:таргетолог|таргетщик|targetolog\\S*|media ?buyer|медиабайер)`,
      `${B}работаю таргетологом`,
      `${B}i run (?:fb |facebook |meta )?ads for (?:\\d+ )?clients`,
    ),
  ],
  ['smm', any(`${SELF}(?:smm|смм|сммщи\\S*|social media manager)`, `${B}работаю (?:смм|smm)`)],
  ['marketer', any(`${SELF}(?:маркетолог|marketer|head of marketing|marketing (?:manager|director|lead)|cmo|директор по маркетингу)`)],
  [
    'owner',
    any(
      `${SELF}(?:владел\\S*|собственни\\S*|основател\\S*|учредител\\S*|хозя\\S*|генеральн\\S* директор|директор${E}|owner|founder|co-?founder|ceo)`,
      `${SELF}(?!not |не )(?:\\S+ ){0,2}?(?:коуч|эксперт|наставни\\S*|психолог|нутрициолог|блогер|автор (?:курс|онлайн)|coach|expert|mentor|nutritionist|therapist|course creator)`,
      `${B}у меня (?:${ADJECTIVE} ){0,3}${OWNED_THING}`,
      `${B}(?:моя|мой|мое|моего|моей) (?:${ADJECTIVE} ){0,2}${OWNED_THING}`,
      `${B}(?:i own|i'm the owner|i am the owner|owner of|founder of|co-?founder of|ceo of)${E}`,
      `${B}i run (?:a|an|my|two|\\d+)${E}`,
      `${B}my (?:own )?${EN_OWNED_THING}`,
      `${B}i have (?:a|an|my own) (?:online )?(?:course|clinic|practice|salon|business|store|shop|studio|school)`,
      `${B}i teach (?:\\S+ ){0,3}online`,
    ),
  ],
  [
    'manager',
    any(
      `${SELF}(?:администратор\\S*|менеджер\\S*|управляющ\\S*|руководител\\S* (?:отдела|филиала)|(?:office |practice |clinic |general )?manager|administrator|admin)`,
      `${B}i manage (?:a|an|the|our)${E}`,
      `${B}руководитель отдела`,
    ),
  ],
];

/** "Are you the owner?" — a bare yes to it names the role. */
export const ASKS_OWNER = any(`${B}вы (?:\\S+ )?(?:владел|собственни|хозя)`, `${B}are you (?:the )?(?:owner|founder|decision)`);
export const ASKS_BUDGET = any(`${B}бюджет`, `${B}budget`, `${B}(?:сколько|how much) (?:\\S+ )?(?:тратите|spend)`);
export const YES_START = new RegExp(`^[\\s\\p{P}]*(?:да|ага|yes|yep|yeah|конечно|of course)(?![${W}])`, 'u');

// ---------------------------------------------------------------------------------------------------------------
// Language

export const KAZAKH_LETTERS = /[әғқұһ]/u;
export const KYRGYZ_LETTERS = /[ңөү]/u;
export const UKRAINIAN_LETTERS = /[їєґі]/u;
export const BELARUSIAN_LETTERS = /[ў]/u;

// ---------------------------------------------------------------------------------------------------------------
// Facts the business-type presets score (signals service_named, symptoms_described, specialist_named,
// format_asked). They only add signals: the stage and interest rules above do not read them.

/** A service, course or product of a clinic, a school or a B2B vendor (the salon's are in SERVICE). */
export const SERVICE_OTHER = any(
  `${B}(?:при[её]м[а-я]*|консультаци[а-я]* (?:врача|доктора|стоматолога|гинеколога|специалиста)|узи|анализ[а-я]*|чистк[а-я]* зуб|имплант[а-я]*|пломб[а-я]*|брекет[а-я]*|коронк[а-я]*|отбеливани[а-я]*|рентген[а-я]*|мрт|кт${E}|check-?up|cleaning|implant|filling|braces|x-ray|ultrasound|blood test|appointment)`,
  `${B}(?:курс[а-я]*|урок[а-я]*|заняти[а-я]*|интенсив[а-я]*|подготовк[а-я]* к|ielts|toefl|орт${E}|ент${E}|егэ|огэ|пробн[а-я]* урок|course|lesson|class(?:es)?${E}|bootcamp|workshop|tutoring)`,
  `${B}(?:внедрени[а-я]*|аудит[а-я]*|бухгалтери[а-я]*|аутсорс[а-я]*|разработк[а-я]*|интеграци[а-я]*|crm|лицензи[а-я]*|поставк[а-я]*|обслуживани[а-я]*|audit|bookkeeping|outsourcing|integration|licen[cs]e|implementation|development|supply)`,
);
export const SYMPTOMS = any(
  `${B}бол(?:ит|ят|ел[аио]?|ь${E}|и${E}|ью)`,
  `${B}(?:температур|кашл|кашель|сып[ьи]|опух|кровоточ|давлени[ея]|тошнит|головокружени|зуд|ноет|ноют|симптом|жалоб[аы])`,
  `${B}(?:hurts?|pain|ache|aching|fever|cough|rash|swollen|swelling|bleeding|symptoms?|dizzy|nausea|toothache|headache)`,
);
export const SPECIALIST = any(
  `${B}(?:к |у )?(?:врач[а-я]*|доктор[а-я]*|стоматолог[а-я]*|гинеколог[а-я]*|терапевт[а-я]*|педиатр[а-я]*|кардиолог[а-я]*|ортодонт[а-я]*|дерматолог[а-я]*|невролог[а-я]*)`,
  `${B}(?:преподавател[а-я]*|учител[а-я]*|репетитор[а-я]*|тренер[а-я]*|куратор[а-я]*)`,
  `${B}(?:doctor|dr\\.?|dentist|gyn(?:a)?ecologist|therapist|pediatrician|orthodontist|teacher|tutor|instructor|coach)${E}`,
);
export const FORMAT = any(
  `${B}(?:онлайн|офлайн|оффлайн|очно|заочно|вживую|дистанционн\\S*|в группе|группов\\S*|индивидуальн\\S*|в записи|в мини-группе)`,
  `${B}(?:online|offline|in person|in-person|remote(?:ly)?|group (?:class|lesson)s?|one-to-one|one on one|private lessons?|recorded)${E}`,
);
