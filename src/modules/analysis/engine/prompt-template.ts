import { z } from 'zod';
import type { AiRequest } from '../../ai/ai-provider.ts';
import type { OfflineProvider } from '../../ai/fallback.provider.ts';
import { DIALOG_SIGNALS, FUNNEL_STAGES, ZBusinessBrief, type BusinessBrief, type DialogSignal, type FunnelStage } from './analysis-schema.ts';

export const PROMPT_TASK = 'analysis.prompt';
export const ZAnalysisPromptOutput = z.object({ prompt: z.string().min(200).max(20000) });
export type AnalysisPromptOutput = z.infer<typeof ZAnalysisPromptOutput>;

const PROMPT_MAX = 20000;

/**
 * The meta-prompt: asks a model to write the organization's analysis prompt from its brief. The result becomes the
 * system prompt of every model analysis, so it has to carry everything the analyst needs and nothing generic.
 */
export const META_PROMPT = `You write system prompts for a dialog analyst that works inside a CRM.

The user message is a JSON business brief with three parts:
- business: name, offer, niche, description;
- funnel: stages (key + what the stage means for this business), qualificationQuestions, qualifiedWhen;
- signals: hot (what marks a hot lead), cold (what marks a cold one), toneOfVoice, notes (target and excluded niches and roles).

Write ONE system prompt, in the language the brief is written in, for a model that reads one conversation between this
business and one client and fills a JSON analysis of it. The prompt must contain, concretely for this business:
1. Business context: who the business is, what it sells, to whom, and how a sale happens.
2. The funnel: every stage key from this list — ${FUNNEL_STAGES.join(', ')} — with what it means for this business
   (take the brief's meanings; fill in the obvious meaning for a key the brief leaves out). State that later messages
   outweigh earlier ones (booked and then cancelled is not booked) and the order in which stages are decided:
   deal_lost (an explicit refusal is the client's latest stance), deal_closed (payment or signed contract),
   consultation_completed, consultation_booked (date and time agreed), qualified (the brief's "qualified when"),
   not_qualified (an excluded role or niche, or clearly not a buyer), new_lead otherwise.
3. The qualification questions, verbatim and in order, with the rule: the "qualification" array has exactly one entry
   per question, in that order; "question" is the question text and "answer" a short fact from the dialog, or null
   when the dialog does not tell. Never guess an answer.
4. Hot and cold signals, and the target and excluded niches and roles from the notes.
5. The tone of voice, to be used in nextAction.
6. The JSON fields to fill and how: niche (short lower-case English key such as medicine, infobusiness, beauty,
   education, retail, realty, or null), role (owner, manager, marketer, targetologist, smm, or another short key, or
   null), budget (verbatim, e.g. "50 000 ₽", or null), qualification, funnelStage (one of the keys above), signals
   (only facts present in the dialog, from: ${DIALOG_SIGNALS.join(', ')} — explain each one briefly), summary (two
   short lines in the client's language: who the client is and what they want; where the dialog stands), nextAction
   (one sentence: what the business should do next), language (ISO 639-1 code of the client's language).
Tell the analyst not to score or rate the lead (scores are computed from its facts by separate rules), not to invent
facts, and to answer with the JSON object only. Be specific to this business; do not leave blanks or bracketed
variables for someone to fill in. Keep it between 1,500 and 8,000 characters.

Answer with a JSON object {"prompt": "<the system prompt>"}.`;

/** The brief behind each meta-prompt request, so the offline writer answers from the caller's object. */
const briefs = new WeakMap<object, BusinessBrief>();

export function buildMetaPromptRequest(brief: BusinessBrief): AiRequest<AnalysisPromptOutput> {
  const request: AiRequest<AnalysisPromptOutput> = {
    task: PROMPT_TASK,
    system: META_PROMPT,
    user: JSON.stringify(brief),
    schema: ZAnalysisPromptOutput,
    jsonSchemaName: 'analysis_prompt',
  };
  briefs.set(request, brief);
  return request;
}

// ---------------------------------------------------------------------------------------------------------------
// The offline template

type Lang = 'ru' | 'en';

const STAGE_DEFAULTS: Record<Lang, Record<FunnelStage, string>> = {
  ru: {
    new_lead: 'первое обращение, о клиенте и задаче ещё ничего не известно',
    not_qualified: 'не целевой клиент: исключённая роль или ниша, или явно не покупатель',
    qualified: 'клиент целевой и интерес подтверждён',
    consultation_booked: 'согласованы дата и время встречи или визита',
    consultation_completed: 'встреча или визит состоялись',
    deal_closed: 'оплата получена или договор подписан',
    deal_lost: 'клиент отказался или попросил не писать',
  },
  en: {
    new_lead: 'first contact; nothing is known about the client or their need yet',
    not_qualified: 'not a fit: an excluded role or niche, or clearly not a buyer',
    qualified: 'a fitting client with confirmed interest',
    consultation_booked: 'a date and time for the meeting or visit are agreed',
    consultation_completed: 'the meeting or visit took place',
    deal_closed: 'payment received or contract signed',
    deal_lost: 'the client refused or asked not to be contacted',
  },
};

const SIGNAL_MEANINGS: Record<Lang, Record<DialogSignal, string>> = {
  ru: {
    price_asked: 'клиент спросил цену',
    budget_named: 'клиент назвал бюджет',
    role_named: 'клиент сказал, кто он (владелец, менеджер, маркетолог…)',
    booking_requested: 'клиент просит записать или созвониться',
    booking_agreed: 'дата и время согласованы и не отменены позже',
    visit_completed: 'встреча или визит состоялись',
    payment_made: 'оплата прошла или договор подписан',
    objection_price: 'возражение «дорого» или нет бюджета',
    objection_time: 'откладывает: «позже», «нет времени», «подумаю»',
    objection_trust: 'сомневается: гарантии, отзывы, «уже обжигались»',
    competitor_mentioned: 'упоминает другое агентство, подрядчика или конкурента',
    not_interested: 'отказ — последняя позиция клиента',
    no_reply_from_business: 'последние сообщения клиента остались без ответа',
    positive_sentiment: 'в целом доброжелательный тон',
    negative_sentiment: 'в целом раздражённый или негативный тон',
    service_named: 'клиент назвал услугу, курс или продукт, который ему нужен',
    time_named: 'клиент назвал конкретные дату или время (или срок старта)',
    specialist_named: 'клиент называет мастера, врача или преподавателя',
    returning_client: 'клиент уже был у вас раньше',
    symptoms_described: 'пациент описывает симптомы или жалобы',
    format_asked: 'клиент спрашивает о формате: онлайн или очно, группа или индивидуально',
    volume_named: 'клиент назвал объём: сколько заявок, клиентов, сотрудников',
  },
  en: {
    price_asked: 'the client asked the price',
    budget_named: 'the client named a budget',
    role_named: 'the client said who they are (owner, manager, marketer…)',
    booking_requested: 'the client asks to book or to talk',
    booking_agreed: 'a date and time are agreed and not cancelled later',
    visit_completed: 'the meeting or visit took place',
    payment_made: 'payment went through or the contract is signed',
    objection_price: '"too expensive" or no budget',
    objection_time: 'putting it off: "later", "no time", "let me think"',
    objection_trust: 'doubts: guarantees, reviews, "burnt before"',
    competitor_mentioned: 'mentions another agency, vendor or competitor',
    not_interested: "a refusal is the client's latest stance",
    no_reply_from_business: "the client's last messages are unanswered",
    positive_sentiment: 'overall friendly tone',
    negative_sentiment: 'overall irritated or negative tone',
    service_named: 'the client named the service, course or product they need',
    time_named: 'the client named a specific date or time (or a start date)',
    specialist_named: 'the client names a master, doctor or teacher',
    returning_client: 'the client has been a customer before',
    symptoms_described: 'the patient describes symptoms or complaints',
    format_asked: 'the client asks about the format: online or in person, group or one-to-one',
    volume_named: 'the client named a volume: how many leads, customers or employees',
  },
};

interface Limits {
  text: number;
  item: number;
}

function briefLanguage(brief: BusinessBrief): Lang {
  const sample = [brief.business.name, brief.business.offer, brief.business.description, ...brief.funnel.qualificationQuestions].join(' ');
  const cyrillic = sample.match(/[а-яё]/giu)?.length ?? 0;
  const latin = sample.match(/[a-z]/giu)?.length ?? 0;
  return cyrillic > latin ? 'ru' : 'en';
}

function cut(text: string, max: number): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

function render(brief: BusinessBrief, limits: Limits): string {
  const lang = briefLanguage(brief);
  const ru = lang === 'ru';
  const dash = (text: string) => `- ${cut(text, limits.item)}`;
  const name = cut(brief.business.name, 200) || (ru ? 'компания' : 'the company');
  const meanings = new Map(brief.funnel.stages.map((s) => [s.key, s.meaning]));
  const extraStages = brief.funnel.stages.filter((s) => !(FUNNEL_STAGES as readonly string[]).includes(s.key));
  const questions = brief.funnel.qualificationQuestions;
  const out: string[] = [];

  if (ru) {
    out.push(
      `Ты — аналитик переписок компании «${name}» в CRM. Ты читаешь один диалог клиента с компанией и заполняешь JSON-отчёт строго по схеме. Оценку и «горячесть» лида не ставишь: их посчитают правила компании по твоим фактам. Не выдумывай фактов, которых нет в диалоге.`,
      '',
      '## Бизнес',
      `- Компания: ${name}`,
    );
    if (brief.business.niche) out.push(`- Ниша: ${cut(brief.business.niche, 200)}`);
    if (brief.business.offer) out.push(`- Предложение: ${cut(brief.business.offer, limits.text)}`);
    if (brief.business.description) out.push(`- О компании: ${cut(brief.business.description, limits.text)}`);
    out.push(
      '',
      '## Этапы воронки (funnelStage)',
      ...FUNNEL_STAGES.map((key) => `- ${key} — ${cut(meanings.get(key) || STAGE_DEFAULTS.ru[key], limits.item)}`),
    );
    if (extraStages.length) out.push(`Другие этапы воронки компании (выбери ближайший ключ из списка выше): ${extraStages.map((s) => `${s.key} — ${cut(s.meaning, limits.item)}`).join('; ')}.`);
    if (brief.funnel.qualifiedWhen) out.push(`Квалифицирован, когда: ${cut(brief.funnel.qualifiedWhen, limits.text)}`);
    out.push(
      'Этап определяй по последнему состоянию диалога: поздние сообщения важнее ранних (записался, а потом отменил — не записан). Проверяй по порядку: deal_lost (явный отказ — последняя позиция клиента) → deal_closed (оплата или подписанный договор) → consultation_completed → consultation_booked (согласованы дата и время) → qualified → not_qualified (исключённая роль или ниша, явно не покупатель) → new_lead.',
      '',
      '## Вопросы квалификации',
    );
    if (questions.length) {
      out.push(...questions.map((q, i) => `${i + 1}. ${cut(q, limits.item)}`));
      out.push(
        `В "qualification" ровно ${questions.length} элемент(а/ов), по одному на вопрос и в этом порядке: "question" — текст вопроса, "answer" — короткий факт из диалога или null, если диалог на вопрос не отвечает. Не угадывай.`,
      );
    } else {
      out.push('Вопросов квалификации нет: верни пустой массив "qualification".');
    }
    out.push('', '## Сигналы');
    if (brief.signals.hot.length) out.push('Горячий лид:', ...brief.signals.hot.map(dash));
    if (brief.signals.cold.length) out.push('Холодный лид:', ...brief.signals.cold.map(dash));
    if (brief.signals.notes) out.push(`Целевые и исключённые ниши и роли: ${cut(brief.signals.notes, limits.text)}`);
    if (brief.signals.toneOfVoice) out.push('', '## Тон', `${cut(brief.signals.toneOfVoice, limits.text)} Пиши nextAction в этом тоне.`);
    out.push(
      '',
      '## Что приходит на вход',
      'JSON: qualificationQuestions, targetNotes, coldSignals и dialog — строки "[client время] текст" (клиент) и "[business время] текст" (компания) по порядку.',
      '',
      '## Поля ответа',
      '- niche: короткий ключ ниши клиента латиницей в нижнем регистре (medicine, infobusiness, beauty, education, retail, realty, food, fitness, auto, services…) или null.',
      '- role: owner, manager, marketer, targetologist, smm или другой короткий ключ; null, если клиент не сказал.',
      '- budget: бюджет клиента дословно ("50 000 ₽", "100к в месяц") или null.',
      '- qualification: см. «Вопросы квалификации».',
      `- funnelStage: один из ключей ${FUNNEL_STAGES.join(', ')}.`,
      '- signals: только факты, которые есть в диалоге:',
      ...DIALOG_SIGNALS.map((s) => `  - ${s} — ${SIGNAL_MEANINGS.ru[s]}`),
      '- summary: две короткие строки на языке клиента: 1) кто клиент и что хочет; 2) где сейчас диалог.',
      '- nextAction: одно предложение — что компании сделать дальше.',
      '- language: код ISO 639-1 языка клиента (ru, en, ky, kk, uz…).',
      'Ответ — только JSON-объект со всеми полями.',
    );
  } else {
    out.push(
      `You analyse conversations for ${name} inside a CRM. You read one dialog between a client and the company and fill a JSON report strictly by the schema. You do not score or rate the lead: the company's rules compute that from your facts. Never invent facts that are not in the dialog.`,
      '',
      '## Business',
      `- Company: ${name}`,
    );
    if (brief.business.niche) out.push(`- Niche: ${cut(brief.business.niche, 200)}`);
    if (brief.business.offer) out.push(`- Offer: ${cut(brief.business.offer, limits.text)}`);
    if (brief.business.description) out.push(`- About: ${cut(brief.business.description, limits.text)}`);
    out.push('', '## Funnel stages (funnelStage)', ...FUNNEL_STAGES.map((key) => `- ${key} — ${cut(meanings.get(key) || STAGE_DEFAULTS.en[key], limits.item)}`));
    if (extraStages.length) out.push(`Other stages of the company's pipeline (pick the closest key above): ${extraStages.map((s) => `${s.key} — ${cut(s.meaning, limits.item)}`).join('; ')}.`);
    if (brief.funnel.qualifiedWhen) out.push(`Qualified when: ${cut(brief.funnel.qualifiedWhen, limits.text)}`);
    out.push(
      'Decide the stage from where the dialog stands at the end: later messages outweigh earlier ones (booked and then cancelled is not booked). Check in this order: deal_lost (an explicit refusal is the latest stance) → deal_closed (payment or signed contract) → consultation_completed → consultation_booked (date and time agreed) → qualified → not_qualified (excluded role or niche, clearly not a buyer) → new_lead.',
      '',
      '## Qualification questions',
    );
    if (questions.length) {
      out.push(...questions.map((q, i) => `${i + 1}. ${cut(q, limits.item)}`));
      out.push(
        `"qualification" has exactly ${questions.length} entries, one per question in this order: "question" is the question text, "answer" a short fact from the dialog, or null when the dialog does not tell. Do not guess.`,
      );
    } else {
      out.push('There are no qualification questions: return an empty "qualification" array.');
    }
    out.push('', '## Signals');
    if (brief.signals.hot.length) out.push('Hot lead:', ...brief.signals.hot.map(dash));
    if (brief.signals.cold.length) out.push('Cold lead:', ...brief.signals.cold.map(dash));
    if (brief.signals.notes) out.push(`Target and excluded niches and roles: ${cut(brief.signals.notes, limits.text)}`);
    if (brief.signals.toneOfVoice) out.push('', '## Tone', `${cut(brief.signals.toneOfVoice, limits.text)} Write nextAction in this tone.`);
    out.push(
      '',
      '## Input',
      'JSON: qualificationQuestions, targetNotes, coldSignals and dialog — lines "[client time] text" (the client) and "[business time] text" (the company), in order.',
      '',
      '## Output fields',
      "- niche: a short lower-case English key for the client's niche (medicine, infobusiness, beauty, education, retail, realty, food, fitness, auto, services…) or null.",
      '- role: owner, manager, marketer, targetologist, smm or another short key; null when the client did not say.',
      '- budget: the budget verbatim ("$2,000 a month") or null.',
      '- qualification: see "Qualification questions".',
      `- funnelStage: one of ${FUNNEL_STAGES.join(', ')}.`,
      '- signals: only facts present in the dialog:',
      ...DIALOG_SIGNALS.map((s) => `  - ${s} — ${SIGNAL_MEANINGS.en[s]}`),
      "- summary: two short lines in the client's language: 1) who the client is and what they want; 2) where the dialog stands.",
      '- nextAction: one sentence — what the company should do next.',
      "- language: ISO 639-1 code of the client's language (ru, en, ky, kk, uz…).",
      'Answer with the JSON object only, every field present.',
    );
  }
  return out.join('\n');
}

/** The deterministic analysis prompt for a brief; always within the 20,000 characters a stored prompt may have. */
export function renderAnalysisPromptTemplate(brief: BusinessBrief): string {
  let limits: Limits = { text: 1500, item: 300 };
  let prompt = render(brief, limits);
  // A brief filled to every maximum could overflow; shorten its free texts rather than cut the output rules.
  while (prompt.length > PROMPT_MAX && limits.item > 40) {
    limits = { text: Math.floor(limits.text / 2), item: Math.floor(limits.item / 2) };
    prompt = render(brief, limits);
  }
  return prompt.length > PROMPT_MAX ? prompt.slice(0, PROMPT_MAX) : prompt;
}

/** Registers the offline implementation of `analysis.prompt`: the template above. */
export function registerOfflinePromptWriter(offline: OfflineProvider): OfflineProvider {
  return offline.registerOfflineTask<AnalysisPromptOutput>(PROMPT_TASK, (request) => {
    const brief = briefs.get(request) ?? ZBusinessBrief.parse(JSON.parse(request.user));
    return { prompt: renderAnalysisPromptTemplate(brief) };
  });
}
