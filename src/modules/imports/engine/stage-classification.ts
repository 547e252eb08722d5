import { z } from 'zod';
import type { AiRequest, OfflineProvider } from '../../ai/index.ts';

/**
 * Import `--use-llm` into any pipeline (seed 004): which of the chosen pipeline's stages a dialog is at. The model is
 * given the stages with their descriptions; the offline answer reads the dialog for funnel evidence (a need, interest,
 * an offer, bargaining, payment, after-sale questions, a refusal) and maps it onto the stage that means that, by the
 * stage's key, name or description — so it works for the built-in pipelines and for one a user wrote.
 */
export const STAGE_TASK = 'import.stage';

export interface StageOption {
  key: string;
  name: string;
  kind: 'open' | 'won' | 'lost';
  description: string | null;
}

export interface StageQuestion {
  stages: StageOption[];
  dialog: Array<{ from: 'client' | 'business'; text: string }>;
}

export const ZStageAnswer = z.object({ stageKey: z.string().max(64), reason: z.string().max(300) });
export type StageAnswer = z.infer<typeof ZStageAnswer>;

export function buildStageRequest(question: StageQuestion): AiRequest<StageAnswer> {
  const keys = question.stages.map((s) => s.key) as [string, ...string[]];
  return {
    task: STAGE_TASK,
    jsonSchemaName: 'pipeline_stage',
    system:
      'You sort a business\'s client dialogs into its sales pipeline. Given the pipeline\'s stages (key, name, kind: ' +
      'open, won or lost, and what the stage means) and a dialog between the business and a client, answer the one ' +
      'stage the client is at now, judged by the latest messages. Use only a key from the list. Give a one-sentence ' +
      'reason. Return JSON {"stageKey": "...", "reason": "..."}.',
    user: JSON.stringify(question),
    schema: ZStageAnswer.extend({ stageKey: z.enum(keys) }),
    maxTokens: 200,
    temperature: 0,
  };
}

/** What a dialog can show, in funnel order; `lost` and `notFit` stand apart. */
type Concept = 'new' | 'qualified' | 'warmed' | 'booked' | 'completed' | 'proposal' | 'negotiation' | 'won' | 'service' | 'lost' | 'notFit';

/** Where to look when a pipeline has no stage for a concept: the nearest stage before it in a funnel. */
const FALLBACK: Record<Concept, Concept[]> = {
  new: [],
  qualified: ['new'],
  warmed: ['qualified', 'new'],
  booked: ['proposal', 'warmed', 'qualified', 'new'],
  completed: ['booked', 'proposal', 'warmed', 'qualified', 'new'],
  proposal: ['warmed', 'qualified', 'new'],
  negotiation: ['proposal', 'warmed', 'qualified', 'new'],
  won: ['service'],
  service: ['won'],
  lost: ['notFit'],
  notFit: ['lost'],
};

/** Words in a stage's key, name or description that say which concept it stands for (first match wins). */
const STAGE_LABELS: Array<[Concept, RegExp]> = [
  ['notFit', /not[_ ]qualified|not a fit|unqualified|нецелев|не квалифиц/i],
  ['new', /new[_ ]?lead|^new$|\bnew\b|нов(ый|ая|ое) (лид|клиент|обращ)|first contact|первичн/i],
  ['qualified', /qualif|квалиф/i],
  ['warmed', /warm|прогрет|тёпл|тепл|engaged|nurtur/i],
  ['booked', /book|appointment|scheduled|записан|запись/i],
  ['completed', /complet|took place|visited|состоял|проведен/i],
  ['proposal', /proposal|offer|quote|invoice|предложени|(^|[^а-я])кп([^а-я]|$)|счёт|счет/i],
  ['negotiation', /negotiat|переговор|bargain|торг|обсужден/i],
  ['service', /service|support|обслуж|сопровожд|after[- ]sale|onboard|retention|повторн/i],
  ['won', /sold|\bwon\b|deal[_ ]closed|paid|продан|продаж|оплач|сделка закрыта|успешн/i],
  ['lost', /lost|closed|refus|declin|отказ|закрыт|проигран|потерян/i],
];

function conceptOfStage(stage: StageOption): Concept | null {
  for (const text of [stage.key.replace(/_/g, ' '), stage.name]) {
    for (const [concept, pattern] of STAGE_LABELS) if (pattern.test(text)) return concept;
  }
  if (stage.kind === 'won') return 'won';
  if (stage.kind === 'lost') return 'lost';
  if (stage.description) for (const [concept, pattern] of STAGE_LABELS) if (pattern.test(stage.description)) return concept;
  return null;
}

// What each side writes at each point of a funnel (Russian and English, lower-cased text).
const CLIENT_REFUSAL = /не интересн|неинтересн|не нужн|не надо|неактуальн|передумал|отказыва|уже (купил|нашл|выбрал)|не пишите|отпиш|not interested|no thanks|no, thanks|don'?t need|not needed|changed my mind|stop writing|unsubscribe|found (another|someone else)/;
const CLIENT_PAID = /оплатил|оплатила|оплачено|оплату (отправ|перевел|перевёл|сделал)|перевел|перевёл|перевела|скинул(а)? (деньги|оплату)|подписал|подписали договор|беру(?![а-я])|берём|берем|покупаю|оформляем|\bpaid\b|payment (sent|done|made)|transferred|signed|i'?ll take it|let'?s do it|deal\b/;
const BUSINESS_PAID = /оплата (получена|прошла|поступила)|спасибо за (оплату|покупку|заказ)|payment (received|confirmed)|thank you for (your )?(payment|purchase|order)/;
const CLIENT_SUPPORT = /не работает|сломал|гаранти|как (настроить|пользоваться|включить|подключить)|доставк|когда (привез|доставят|отправите)|трек|продлить|продлени|повторно|ещё раз заказ|еще раз заказ|возврат|обмен|not working|broken|warranty|how (do i|to) (use|set up|setup|install)|deliver|tracking|renew|reorder|order again|refund|exchange/;
const CLIENT_BARGAIN = /скидк|дорого|дешевле|подешевле|торг|уступ|подумаю|сравн|у других|у конкурент|а если (без|меньше)|рассрочк|discount|expensive|cheaper|too much|lower (the )?price|think about it|compare|competitor|installment/;
const BUSINESS_OFFER = /предлага|предложени|коммерческ|(^|[^а-я])кп([^а-я]|$)|счёт|счет на|стоимость (составит|будет)|цена (будет|составит)|итого|прайс|\d[\d\s.,]*\s?(₽|руб|р\.|сом|тенге|тг|сум|\$|usd|eur|€|kgs|kzt|rub)|(₽|\$|€)\s?\d|offer|quote|proposal|invoice|the price is|it costs|total/;
const CLIENT_INTEREST = /сколько стоит|цена|стоимост|прайс|подробн|условия|сроки|как (долго|быстро)|а можно|можно ли|интересн|расскажите|how much|price|cost|details|terms|how long|interested|tell me more|can i|could you/;
const CLIENT_NEED = /нужн|нужен|нужна|хочу|хотел|хотим|ищу|ищем|интересует|бюджет|для (меня|нас|компании|бизнеса|салона)|want|need|looking for|budget|for (my|our) (company|business|shop)/;
const BOOKED = /записал|запишите|запись на|приду|придём|придем|встреч|созвон|до встречи|ждём вас|ждем вас|appointment|booked|see you (at|on|tomorrow)|call scheduled/;
const COMPLETED = /спасибо за (консультаци|приём|прием|встречу)|после (консультации|приёма|приема|встречи)|thanks for the (consultation|meeting|visit)|after the (consultation|meeting)/;

const lower = (text: string) => text.toLowerCase().replace(/ё/g, 'е');

/** The funnel concept a dialog shows, judged so that later evidence outranks earlier (a refusal after an offer is lost). */
export function readDialogConcept(dialog: StageQuestion['dialog']): Concept {
  let paidAt = -1;
  let supportAfterPaid = false;
  let lastRefusal = -1;
  let lastClientActivity = -1;
  let offer = false;
  let bargain = false;
  let interest = false;
  let need = false;
  let booked = false;
  let completed = false;
  let clientMessages = 0;
  dialog.forEach((message, index) => {
    const t = lower(message.text);
    if (message.from === 'client') {
      clientMessages++;
      if (CLIENT_REFUSAL.test(t)) lastRefusal = index;
      else lastClientActivity = index;
      if (CLIENT_PAID.test(t)) paidAt = index;
      else if (paidAt >= 0 && CLIENT_SUPPORT.test(t)) supportAfterPaid = true;
      if (CLIENT_BARGAIN.test(t)) bargain = true;
      if (CLIENT_INTEREST.test(t) || t.includes('?')) interest = true;
      if (CLIENT_NEED.test(t)) need = true;
    } else {
      if (BUSINESS_PAID.test(t)) paidAt = Math.max(paidAt, index);
      if (BUSINESS_OFFER.test(t)) offer = true;
    }
    if (BOOKED.test(t)) booked = true;
    if (COMPLETED.test(t)) completed = true;
  });
  if (lastRefusal > lastClientActivity && lastRefusal > paidAt) return 'lost';
  if (paidAt >= 0) return supportAfterPaid ? 'service' : 'won';
  if (completed) return 'completed';
  if (booked) return 'booked';
  if (bargain && (offer || interest)) return 'negotiation';
  if (offer) return 'proposal';
  if (interest && clientMessages >= 2) return 'warmed';
  if (need || interest) return 'qualified';
  return 'new';
}

/** Stems of a description's longer words, to match a custom stage's description against a dialog. */
function overlap(description: string, dialogText: string): number {
  const stems = new Set(lower(description).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 5).map((w) => w.slice(0, 5)));
  let hits = 0;
  for (const stem of stems) if (dialogText.includes(stem)) hits++;
  return hits;
}

export function classifyStageOffline(question: StageQuestion): StageAnswer {
  const { stages } = question;
  const concept = readDialogConcept(question.dialog);
  const byConcept = new Map<Concept, StageOption>();
  for (const stage of stages) {
    const c = conceptOfStage(stage);
    if (c && !byConcept.has(c)) byConcept.set(c, stage);
  }
  for (const candidate of [concept, ...FALLBACK[concept]]) {
    const stage = byConcept.get(candidate);
    if (stage) return { stageKey: stage.key, reason: `The dialog reads as ${CONCEPT_WORDS[concept]}; closest stage: ${stage.name}.` };
  }
  // A pipeline of its own words: the stage whose description shares the most words with the dialog.
  const text = lower(question.dialog.map((m) => m.text).join('\n'));
  const best = stages
    .filter((s) => s.description)
    .map((s) => ({ stage: s, hits: overlap(s.description!, text) }))
    .sort((a, b) => b.hits - a.hits)[0];
  const stage = best && best.hits >= 2 ? best.stage : stages[0]!;
  return { stageKey: stage.key, reason: best && best.hits >= 2 ? `The dialog matches the description of ${stage.name}.` : 'No stage matched the dialog; first stage.' };
}

const CONCEPT_WORDS: Record<Concept, string> = {
  new: 'a first contact',
  qualified: 'a stated need',
  warmed: 'an interested client asking questions',
  booked: 'an agreed appointment',
  completed: 'a visit that took place',
  proposal: 'an offer or price sent',
  negotiation: 'bargaining over an offer',
  won: 'a payment or agreement',
  service: 'after-sale questions',
  lost: 'a refusal',
  notFit: 'not a fit',
};

export function registerStageOfflineTask(offline: OfflineProvider): OfflineProvider {
  return offline.registerOfflineTask<StageAnswer>(STAGE_TASK, (request) => classifyStageOffline(JSON.parse(request.user) as StageQuestion));
}
