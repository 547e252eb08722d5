import type { OfflineProvider } from '../../ai/fallback.provider.ts';
import type { BusinessBrief, DialogAnalysisOutput, DialogMessage, DialogSignal, FunnelStage } from './analysis-schema.ts';
import { DIALOG_SIGNALS } from './analysis-schema.ts';
import { ANALYSIS_TASK, readAnalysisRequest } from './analysis-request.ts';
import * as L from './lexicon.ts';
import { genderFromSpeech, writeNextAction, writeSummary, type SummaryFacts, type SummaryLanguage } from './summary-writer.ts';

/**
 * The built-in offline analyser: deterministic rules over the dialog in Russian and English (Kyrgyz/Kazakh
 * greetings, emojis and mixed-script typos tolerated). It reads only the brief's qualification questions and its
 * notes/cold signals (for the roles and niches the business excludes) — `buildAnalysisRequest` relies on that to
 * reproduce the same answer from a serialised request.
 */

export interface OfflineAnalysisOptions {
  /** Reference time for "the business has not answered for a day"; without it only the message order counts. */
  now?: Date;
  /** The stage decided elsewhere (the trained model); summary and next step are then written for it. */
  stage?: FunnelStage;
}

/** A dialog that ends with this many client messages in a row has been left unanswered. */
const NO_REPLY_RUN = 3;
/** …or with fewer, when the last of them is older than this (needs `now` and message times). */
const NO_REPLY_AFTER_MS = 24 * 3600_000;
/** Language and fact extraction only look at this much of a long message; rules still see all of it. */
const CLIP = 160;


// ---------------------------------------------------------------------------------------------------------------
// The brief, compiled once per brief object

type Topic = 'symptoms' | 'format' | 'role' | 'budget' | 'visit_history' | 'staff' | 'service' | 'volume' | 'current' | 'need' | 'timeline' | 'location' | 'niche';

/** First match wins, except that generic words ("бизнес", "сейчас") give way to a more specific topic. */
const TOPIC_PATTERNS: ReadonlyArray<readonly [Topic, RegExp]> = [
  ['role', /владел|собственни|лпр|принима\S* решени|решени[ея] о|роль|должност|хозя|owner|decision|role|position|who decides/u],
  ['budget', /бюджет|вложить|тратите|budget|spend|invest/u],
  ['visit_history', /впервые|первый (?:раз|визит)|уже (?:были|бывали)|first (?:time|visit)|returning|been (?:here|before)/u],
  ['symptoms', /симптом|беспоко|жалоб|symptom|complain|bother/u],
  ['format', /формат|онлайн|очно|format|online|in person/u],
  ['staff', /мастер|стилист|специалист|врач|доктор|преподавател|master|stylist|specialist|barber|doctor|teacher|tutor/u],
  ['service', /услуг|процедур|service|treatment/u],
  ['volume', /сколько (?:\S+ )?(?:заявок|клиентов|пациентов|обращений|лидов)|объ[её]м|количеств|how many|volume/u],
  ['current', /сейчас|используете|откуда|текущ|источник|currently|use now|using|come from|source/u],
  ['need', /бол[ьи]|проблем|задач|не устраивает|цель|хотите получить|нужно|pain|problem|need|goal|challenge|struggl/u],
  ['timeline', /когда|срок|срочн|дат[аыу]|время|удобн|timeline|when|urgent|date|time|deadline/u],
  ['location', /город|где (?:вы )?наход|адрес|район|location|city|where are you|based/u],
  ['niche', /ниш|бизнес|чем (?:вы )?занима|сфер|направлени|компани|niche|business|industry|what do you do|company/u],
];
const GENERIC_TOPICS: ReadonlySet<Topic> = new Set(['niche', 'timeline']);

const EXCLUSION_MARKER =
  /не (?:наш[аи]? )?клиент|не работаем|не обслуживаем|исключ|not (?:a |our )?clients?|exclude|(?:don'?t|do not) (?:serve|work with)|off-target|нецелев|не целев/u;
/** Niches are excluded only by an explicit "we don't serve", not by "не целевая ниша (не медицина…)". */
const NICHE_EXCLUSION_MARKER = /не работаем с|не обслуживаем|не клиенты|(?:don'?t|do not) (?:serve|work with)|exclude/u;

const SENTENCE_END = /[.;!\n]+/u;

interface CompiledBrief {
  questions: Array<{ question: string; topics: Topic[] }>;
  excludedRoles: Set<string>;
  excludedNiches: Set<string>;
}

const compiledBriefs = new WeakMap<BusinessBrief, CompiledBrief>();

function compileBrief(brief: BusinessBrief): CompiledBrief {
  const cached = compiledBriefs.get(brief);
  if (cached) return cached;
  const questions = brief.funnel.qualificationQuestions.map((question) => {
    const q = L.normaliseText(question);
    let topics = TOPIC_PATTERNS.filter(([, pattern]) => pattern.test(q)).map(([topic]) => topic);
    if (topics.some((t) => !GENERIC_TOPICS.has(t))) topics = topics.filter((t) => !GENERIC_TOPICS.has(t));
    return { question, topics: topics.slice(0, 2) };
  });
  const excludedRoles = new Set<string>();
  const excludedNiches = new Set<string>();
  // "Wholesale buyers of cosmetics are not clients of the salon" excludes wholesale buyers, not the salon's own niche.
  const ownNiche = L.normaliseText(`${brief.business.niche} ${brief.business.name}`);
  const sentences = [brief.signals.notes, ...brief.signals.cold].flatMap((text) => L.normaliseText(text).split(SENTENCE_END));
  for (const sentence of sentences) {
    if (!EXCLUSION_MARKER.test(sentence)) continue;
    for (const [role, pattern] of L.ROLE_WORDS) if (pattern.test(sentence)) excludedRoles.add(role);
    if (NICHE_EXCLUSION_MARKER.test(sentence)) {
      for (const [niche, pattern] of L.NICHE_PATTERNS) if (pattern.test(sentence) && !pattern.test(ownNiche)) excludedNiches.add(niche);
    }
  }
  const compiled = { questions, excludedRoles, excludedNiches };
  compiledBriefs.set(brief, compiled);
  return compiled;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the dialog

interface DialogState {
  clientMessages: number;
  businessMessages: number;
  trailingClient: number;
  lastClientAt: string | undefined;
  /** The latest business message, for answers that only make sense against it ("да", "в 15 подойдёт"). */
  pendingSlotOffer: boolean;
  offeredSlot: string | null;
  pendingOwnerQuestion: boolean;
  pendingBudgetQuestion: boolean;
  pendingQuestion: boolean;

  bookingActive: boolean;
  bookingEver: boolean;
  bookingRequested: boolean;
  slotText: string | null;
  visitDone: boolean;
  readyToPay: boolean;
  paid: boolean;
  businessDeclined: boolean;
  /** Index of the latest refusal / renewed interest, to tell which stance is the latest. */
  refusalAt: number;
  positiveAt: number;
  unsubscribed: boolean;

  priceAsked: boolean;
  answered: boolean;
  budget: string | null;
  noBudget: boolean;
  role: L.RoleKey | null;
  offTarget: boolean;
  nicheScores: number[];
  nicheFirstAt: number[];
  nicheText: string[];
  nicheTextWeight: number[];
  needText: string | null;
  currentText: string | null;
  volumeText: string | null;
  locationText: string | null;
  serviceText: string | null;
  staffText: string | null;
  visitHistory: 'first' | 'returning' | null;
  timelineText: string | null;
  /** A clinic's, school's or B2B vendor's service (the salon's is serviceText); symptoms; the format asked. */
  serviceOtherText: string | null;
  symptomText: string | null;
  specialist: boolean;
  formatText: string | null;

  objectionPrice: boolean;
  objectionTime: boolean;
  objectionTrust: boolean;
  competitor: boolean;
  positive: number;
  negative: number;

  cyrillic: number;
  latin: number;
  cyrillicMessages: number;
  kazakh: number;
  kyrgyz: number;
  ukrainian: number;
  belarusian: number;
}

function newState(): DialogState {
  return {
    clientMessages: 0,
    businessMessages: 0,
    trailingClient: 0,
    lastClientAt: undefined,
    pendingSlotOffer: false,
    offeredSlot: null,
    pendingOwnerQuestion: false,
    pendingBudgetQuestion: false,
    pendingQuestion: false,
    bookingActive: false,
    bookingEver: false,
    bookingRequested: false,
    slotText: null,
    visitDone: false,
    readyToPay: false,
    paid: false,
    businessDeclined: false,
    refusalAt: -1,
    positiveAt: -1,
    unsubscribed: false,
    priceAsked: false,
    answered: false,
    budget: null,
    noBudget: false,
    role: null,
    offTarget: false,
    nicheScores: new Array<number>(L.NICHES.length).fill(0),
    nicheFirstAt: new Array<number>(L.NICHES.length).fill(-1),
    nicheText: new Array<string>(L.NICHES.length).fill(''),
    nicheTextWeight: new Array<number>(L.NICHES.length).fill(0),
    needText: null,
    currentText: null,
    volumeText: null,
    locationText: null,
    serviceText: null,
    staffText: null,
    visitHistory: null,
    timelineText: null,
    serviceOtherText: null,
    symptomText: null,
    specialist: false,
    formatText: null,
    objectionPrice: false,
    objectionTime: false,
    objectionTrust: false,
    competitor: false,
    positive: 0,
    negative: 0,
    cyrillic: 0,
    latin: 0,
    cyrillicMessages: 0,
    kazakh: 0,
    kyrgyz: 0,
    ukrainian: 0,
    belarusian: 0,
  };
}

const WHITESPACE_G = /\s+/gu;
const ENDS_SENTENCE = /[.!?»"]$/u;

function clip(text: string, max = CLIP): string {
  const flat = text.replace(WHITESPACE_G, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** The original-case span of a match in the normalised text (same length unless lower-casing changed it). */
function span(original: string, normalised: string, match: RegExpExecArray): string {
  const source = original.length === normalised.length ? original : normalised;
  return source.slice(match.index, match.index + match[0].length).trim();
}

function slotWords(original: string, normalised: string): string | null {
  const source = original.length === normalised.length ? original : normalised;
  const parts: string[] = [];
  L.TIME_G.lastIndex = 0;
  for (let m = L.TIME_G.exec(normalised); m; m = L.TIME_G.exec(normalised)) {
    parts.push(source.slice(m.index, m.index + m[0].length).trim());
    if (m[0].length === 0) L.TIME_G.lastIndex++;
  }
  return parts.length ? clip(parts.join(' '), 80) : null;
}

/** Few words: a one-word "прайс" or "how much" is a question even without a question mark. */
function wordCount(t: string, limit: number): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < t.length && words <= limit; i++) {
    const space = t.charCodeAt(i) <= 32;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

function countLetters(state: DialogState, t: string): void {
  const sample = t.length > 400 ? t.slice(0, 400) : t;
  let cyr = 0;
  let lat = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code >= 0x0430 && code <= 0x04ff) cyr++;
    else if (code >= 0x61 && code <= 0x7a) lat++;
  }
  state.cyrillic += cyr;
  state.latin += lat;
  if (cyr > lat) {
    state.cyrillicMessages++;
    if (L.KAZAKH_LETTERS.test(sample)) state.kazakh++;
    else if (L.KYRGYZ_LETTERS.test(sample)) state.kyrgyz++;
    else if (L.UKRAINIAN_LETTERS.test(sample)) state.ukrainian++;
    else if (L.BELARUSIAN_LETTERS.test(sample)) state.belarusian++;
  }
}

function readClient(state: DialogState, index: number, text: string, t: string, at: string | undefined): void {
  state.clientMessages++;
  state.trailingClient++;
  if (at) state.lastClientAt = at;
  countLetters(state, t);

  const hasQuestion = t.includes('?');
  const cancels = L.CANCEL.test(t);
  const reschedules = L.RESCHEDULE.test(t);
  const stalls = L.OBJECTION_TIME.test(t);
  const refuses =
    L.REFUSAL.test(t) ||
    (!hasQuestion && L.REFUSAL_NOT_NEEDED.test(t)) ||
    (L.REFUSAL_WEAK.test(t) && !state.bookingActive && !state.visitDone && !state.paid);
  let positive = false;

  // Facts about the client.
  let fact = false;
  if (state.role === null || state.role === 'manager') {
    for (const [role, pattern] of L.ROLE_SELF) {
      if (pattern.test(t)) {
        state.role = role;
        fact = true;
        break;
      }
    }
  }
  if (state.role === null && state.pendingOwnerQuestion && L.YES_START.test(t)) {
    state.role = 'owner';
    fact = true;
  }
  if (L.OFF_TARGET.test(t)) state.offTarget = true;

  // An answer to the business' question is about the client themself, like "у меня…".
  const selfContext = state.pendingQuestion || L.SELF_CONTEXT.test(t);
  for (let n = 0; n < L.NICHE_PATTERNS.length; n++) {
    if (L.NICHE_PATTERNS[n]![1].test(t)) {
      const weight = selfContext ? 3 : 1;
      state.nicheScores[n]! += weight;
      if (state.nicheFirstAt[n] === -1) state.nicheFirstAt[n] = index;
      if (weight > state.nicheTextWeight[n]!) {
        state.nicheTextWeight[n] = weight;
        state.nicheText[n] = clip(text);
      }
      fact = true;
      break;
    }
  }

  const amount = L.AMOUNT.exec(t);
  if (L.NO_BUDGET.test(t)) state.noBudget = true;
  else if (amount && (L.BUDGET_CONTEXT.test(t) || state.pendingBudgetQuestion)) {
    state.budget = clip(span(text, t, amount), 120);
    fact = true;
  } else if (state.pendingBudgetQuestion || L.BUDGET_CONTEXT.test(t)) {
    const bare = L.BARE_NUMBER.exec(t);
    if (bare) {
      state.budget = clip(span(text, t, bare), 120);
      fact = true;
    }
  }

  if (L.NEED.test(t)) {
    state.needText = clip(text);
    fact = true;
  }
  if (L.CURRENT_SOLUTION.test(t)) {
    state.currentText = clip(text);
    fact = true;
  }
  if (L.VOLUME.test(t)) {
    state.volumeText = clip(text);
    fact = true;
  }
  const location = L.LOCATION.exec(t);
  if (location) {
    state.locationText = span(text, t, location);
    fact = true;
  }
  const service = L.SERVICE.exec(t);
  if (service) state.serviceText = span(text, t, service);
  if (L.STAFF_CONTEXT.test(t)) {
    const staff = L.STAFF.exec(text);
    if (staff?.[1]) state.staffText = staff[1];
  }
  if (state.serviceOtherText === null) {
    const other = L.SERVICE_OTHER.exec(t);
    if (other) state.serviceOtherText = span(text, t, other);
  }
  if (L.SYMPTOMS.test(t)) state.symptomText = clip(text);
  if (!state.specialist && L.SPECIALIST.test(t)) state.specialist = true;
  if (L.FORMAT.test(t)) state.formatText = clip(text, 120);
  if (L.FIRST_VISIT.test(t)) state.visitHistory = 'first';
  else if (L.RETURNING.test(t)) state.visitHistory = 'returning';
  if (L.TIMELINE.test(t) || L.TIME.test(t)) state.timelineText = slotWords(text, t) ?? clip(text, 120);
  if (state.pendingQuestion && fact && !refuses) state.answered = true;

  // Intents, in the order they change the stance.
  if (L.PRICE.test(t) && (hasQuestion || L.QUESTION_WORD.test(t) || wordCount(t, 4) <= 4)) {
    state.priceAsked = true;
    positive = true;
  }
  if (L.OBJECTION_PRICE.test(t)) state.objectionPrice = true;
  if (stalls) state.objectionTime = true;
  if (L.OBJECTION_TRUST.test(t)) state.objectionTrust = true;
  if (L.COMPETITOR.test(t)) state.competitor = true;

  const bookingLive = state.bookingActive || state.bookingRequested;
  if ((cancels || reschedules) && bookingLive) {
    state.bookingActive = false;
    state.bookingRequested = reschedules;
    state.slotText = null;
  }

  if (!refuses && !cancels) {
    if (L.BOOK_REQUEST.test(t)) {
      state.bookingRequested = true;
      positive = true;
    }
    const time = L.TIME.test(t);
    const affirms = L.AFFIRM_START.test(t) && !hasQuestion && !stalls;
    const picksSlot = time && !hasQuestion && !stalls;
    const confirms = L.CLIENT_CONFIRM.test(t) && (state.pendingSlotOffer || state.bookingActive);
    const proposesSlot = time && !hasQuestion && (L.BOOK_REQUEST.test(t) || L.INTEREST.test(t) || L.CLIENT_CONFIRM.test(t));
    if ((state.pendingSlotOffer && (affirms || picksSlot)) || confirms || proposesSlot) {
      state.bookingActive = true;
      state.bookingEver = true;
      positive = true;
      state.slotText = (time ? slotWords(text, t) : null) ?? state.offeredSlot ?? state.slotText;
    }
  }

  if (L.VISIT_STRONG.test(t) || (state.bookingEver && L.VISIT_WEAK.test(t))) {
    state.visitDone = true;
    positive = true;
  }
  if (L.READY_TO_PAY.test(t) || ((state.visitDone || state.bookingEver) && L.READY_TO_START.test(t))) {
    state.readyToPay = true;
    positive = true;
  }
  if (L.PAYMENT.test(t) && !L.PAST_EXPERIENCE.test(t)) {
    state.paid = true;
    positive = true;
  }
  if (!refuses && L.INTEREST.test(t)) positive = true;

  if (refuses) {
    state.refusalAt = index;
    if (L.UNSUBSCRIBE.test(t)) state.unsubscribed = true;
  } else if (positive) {
    state.positiveAt = index;
  }

  if (!refuses) {
    if (L.POSITIVE.test(t)) state.positive++;
  }
  if (L.NEGATIVE.test(t)) state.negative++;

  state.pendingSlotOffer = false;
  state.pendingOwnerQuestion = false;
  state.pendingBudgetQuestion = false;
  state.pendingQuestion = false;
}

function readBusiness(state: DialogState, index: number, text: string, t: string): void {
  state.trailingClient = 0;
  state.businessMessages++;
  const time = L.TIME.test(t);
  const booked = L.BUSINESS_BOOKED.test(t) || (time && L.BUSINESS_REMINDER.test(t));
  if (booked) {
    state.bookingActive = true;
    state.bookingEver = true;
    state.positiveAt = Math.max(state.positiveAt, index);
    const slot = time ? slotWords(text, t) : null;
    if (slot) state.slotText = slot;
  }
  if (!booked && L.BUSINESS_NO_SHOW.test(t)) {
    state.bookingActive = false;
    state.slotText = null;
  }
  state.pendingSlotOffer = !booked && time && L.SLOT_OFFER_CUE.test(t);
  state.offeredSlot = state.pendingSlotOffer ? slotWords(text, t) : null;
  if (L.BUSINESS_VISIT.test(t)) state.visitDone = true;
  if (L.BUSINESS_PAYMENT.test(t)) {
    state.paid = true;
    state.positiveAt = Math.max(state.positiveAt, index);
  }
  if (L.BUSINESS_DECLINE.test(t)) state.businessDeclined = true;
  if (booked && L.STAFF_CONTEXT.test(t)) {
    const staff = L.STAFF.exec(text);
    if (staff?.[1]) state.staffText = staff[1];
  }
  state.pendingOwnerQuestion = L.ASKS_OWNER.test(t);
  state.pendingBudgetQuestion = L.ASKS_BUDGET.test(t) && t.includes('?');
  state.pendingQuestion = t.includes('?');
}

// ---------------------------------------------------------------------------------------------------------------
// From facts to the answer

function detectLanguage(state: DialogState): string {
  if (state.cyrillic === 0 && state.latin === 0) return 'en';
  if (state.latin > state.cyrillic) return 'en';
  const half = Math.max(1, state.cyrillicMessages) / 2;
  const votes: Array<[string, number]> = [
    ['kk', state.kazakh],
    ['ky', state.kyrgyz],
    ['uk', state.ukrainian],
    ['be', state.belarusian],
  ];
  let best: [string, number] = ['ru', 0];
  for (const vote of votes) if (vote[1] > best[1]) best = vote;
  return best[1] >= half ? best[0] : 'ru';
}

function pickNiche(state: DialogState, role: string | null): string | null {
  let best = -1;
  for (let n = 0; n < L.NICHES.length; n++) {
    if (state.nicheScores[n] === 0) continue;
    if (
      best === -1 ||
      state.nicheScores[n]! > state.nicheScores[best]! ||
      (state.nicheScores[n] === state.nicheScores[best] && state.nicheFirstAt[n]! < state.nicheFirstAt[best]!)
    ) {
      best = n;
    }
  }
  if (best >= 0) return L.NICHES[best]!;
  // Freelance marketers have no niche of their own; naming it keeps them apart from unknowns in reports.
  return role === 'targetologist' || role === 'smm' ? 'marketing' : null;
}

interface Facts {
  niche: string | null;
  nicheText: string | null;
  role: string | null;
  budget: string | null;
  qualifiedByRules: boolean;
  offTarget: boolean;
}

function decideStage(state: DialogState, facts: Facts): FunnelStage {
  const refusalIsLatest = state.refusalAt >= 0 && state.refusalAt > state.positiveAt;
  if (refusalIsLatest) return 'deal_lost';
  if (state.paid) return 'deal_closed';
  if (state.visitDone || state.readyToPay) return 'consultation_completed';
  if (state.bookingActive) return 'consultation_booked';
  if (facts.offTarget || (state.businessDeclined && !facts.qualifiedByRules)) return 'not_qualified';
  if (facts.qualifiedByRules) return 'qualified';
  return 'new_lead';
}

const ROLE_LABELS: Record<SummaryLanguage, Record<string, string>> = {
  ru: { owner: 'владелец', manager: 'менеджер', marketer: 'маркетолог', targetologist: 'таргетолог', smm: 'SMM-специалист' },
  en: { owner: 'owner', manager: 'manager', marketer: 'marketer', targetologist: 'targetologist', smm: 'SMM specialist' },
};
const NICHE_LABELS: Record<SummaryLanguage, Record<string, string>> = {
  ru: {
    medicine: 'медицина',
    infobusiness: 'инфобизнес',
    education: 'образование',
    beauty: 'красота',
    fitness: 'фитнес',
    retail: 'торговля',
    food: 'общепит',
    realty: 'недвижимость',
    auto: 'авто',
    services: 'услуги',
    tourism: 'туризм',
    legal: 'юридические услуги',
    marketing: 'маркетинг',
  },
  en: {
    medicine: 'medicine',
    infobusiness: 'info-business',
    education: 'education',
    beauty: 'beauty',
    fitness: 'fitness',
    retail: 'retail',
    food: 'food service',
    realty: 'real estate',
    auto: 'automotive',
    services: 'local services',
    tourism: 'tourism',
    legal: 'legal',
    marketing: 'marketing',
  },
};
function topicAnswer(topic: Topic, state: DialogState, facts: Facts, lang: SummaryLanguage): string | null {
  switch (topic) {
    case 'niche':
      return facts.nicheText ?? (facts.niche ? NICHE_LABELS[lang][facts.niche] ?? facts.niche : null);
    case 'role':
      return facts.role ? ROLE_LABELS[lang][facts.role] ?? facts.role : null;
    case 'budget':
      return facts.budget;
    case 'timeline':
      return state.slotText ?? state.timelineText;
    case 'need':
      return state.needText;
    case 'current':
      return state.currentText;
    case 'location':
      return state.locationText;
    case 'volume':
      return state.volumeText;
    case 'service':
      return state.serviceText ?? state.serviceOtherText;
    case 'symptoms':
      return state.symptomText;
    case 'format':
      return state.formatText;
    case 'staff':
      return state.staffText;
    case 'visit_history':
      if (!state.visitHistory) return null;
      if (lang === 'ru') return state.visitHistory === 'first' ? 'первый визит' : 'уже был(а) у нас';
      return state.visitHistory === 'first' ? 'first visit' : 'returning client';
  }
}

function qualificationAnswers(brief: CompiledBrief, state: DialogState, facts: Facts, lang: SummaryLanguage) {
  return brief.questions.map(({ question, topics }) => {
    const parts: string[] = [];
    for (const topic of topics) {
      const answer = topicAnswer(topic, state, facts, lang);
      if (answer && !parts.includes(answer)) parts.push(answer);
    }
    return { question, answer: parts.length ? clip(parts.join('; '), 500) : null };
  });
}

export function analyseDialogOffline(messages: DialogMessage[], brief: BusinessBrief, options: OfflineAnalysisOptions = {}): DialogAnalysisOutput {
  const compiled = compileBrief(brief);
  const state = newState();
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    const text = message.text ?? '';
    if (text.trim() === '') continue;
    const t = L.normaliseText(text);
    if (message.from === 'client') readClient(state, i, text, t, message.at);
    else readBusiness(state, i, text, t);
  }

  const role = state.role;
  const niche = pickNiche(state, role);
  const nicheIndex = niche ? L.NICHES.indexOf(niche as L.NicheKey) : -1;
  const needKnown = state.needText !== null;
  const qualifiedByRules =
    (niche !== null && niche !== 'marketing' && needKnown) ||
    (state.priceAsked && state.answered) ||
    (state.serviceText !== null && (state.priceAsked || state.timelineText !== null)) ||
    state.budget !== null ||
    state.bookingRequested ||
    state.bookingEver ||
    ((role === 'owner' || role === 'manager' || role === 'marketer') && niche !== null);
  const facts: Facts = {
    niche,
    nicheText: nicheIndex >= 0 ? state.nicheText[nicheIndex]! : null,
    role,
    budget: state.budget,
    qualifiedByRules,
    offTarget: state.offTarget || (role !== null && compiled.excludedRoles.has(role)) || (niche !== null && compiled.excludedNiches.has(niche)),
  };
  const stage = options.stage ?? decideStage(state, facts);

  const signals = new Set<DialogSignal>();
  if (state.priceAsked) signals.add('price_asked');
  if (state.budget) signals.add('budget_named');
  if (role) signals.add('role_named');
  if (state.bookingRequested || state.bookingActive) signals.add('booking_requested');
  if (state.bookingActive) signals.add('booking_agreed');
  if (state.visitDone) signals.add('visit_completed');
  if (state.paid) signals.add('payment_made');
  if (state.objectionPrice || state.noBudget) signals.add('objection_price');
  if (state.objectionTime) signals.add('objection_time');
  if (state.objectionTrust) signals.add('objection_trust');
  if (state.competitor) signals.add('competitor_mentioned');
  if (stage === 'deal_lost') signals.add('not_interested');
  const lastAt = state.lastClientAt ? Date.parse(state.lastClientAt) : Number.NaN;
  const stale = options.now !== undefined && Number.isFinite(lastAt) && options.now.getTime() - lastAt >= NO_REPLY_AFTER_MS;
  if (state.trailingClient >= NO_REPLY_RUN || (state.trailingClient > 0 && stale) || (state.trailingClient >= 2 && state.businessMessages === 0)) {
    signals.add('no_reply_from_business');
  }
  if (state.positive > state.negative) signals.add('positive_sentiment');
  else if (state.negative > state.positive) signals.add('negative_sentiment');
  if (state.serviceText !== null || state.serviceOtherText !== null) signals.add('service_named');
  if (state.timelineText !== null || state.slotText !== null) signals.add('time_named');
  if (state.staffText !== null || state.specialist) signals.add('specialist_named');
  if (state.visitHistory === 'returning') signals.add('returning_client');
  if (state.symptomText !== null) signals.add('symptoms_described');
  if (state.formatText !== null) signals.add('format_asked');
  if (state.volumeText !== null) signals.add('volume_named');

  const language = detectLanguage(state);
  // Kyrgyz, Kazakh, Ukrainian or Belarusian clients: the team reads Russian there, so the summary is in Russian.
  const lang: SummaryLanguage = language === 'en' ? 'en' : /^(ru|ky|kk|uk|be)$/u.test(language) ? 'ru' : 'en';
  const qualification = qualificationAnswers(compiled, state, facts, lang);
  const unanswered = qualification.find((q) => q.answer === null)?.question ?? null;
  const summaryFacts: SummaryFacts = {
    lang,
    stage,
    gender: lang === 'ru' ? genderFromSpeech(messages.filter((m) => m.from === 'client').map((m) => m.text ?? '')) : null,
    role,
    niche,
    budget: state.budget,
    location: state.locationText,
    need: state.needText,
    service: state.serviceText,
    otherService: state.serviceOtherText,
    slot: state.slotText ?? state.timelineText,
    staff: state.staffText,
    returning: state.visitHistory === 'returning',
    priceAsked: state.priceAsked,
    objectionPrice: signals.has('objection_price'),
    objectionTime: state.objectionTime,
    objectionTrust: state.objectionTrust,
    competitor: state.competitor,
    symptoms: state.symptomText !== null,
    formatAsked: state.formatText !== null,
    bookingRequested: state.bookingRequested,
    readyToPay: state.readyToPay,
    unsubscribed: state.unsubscribed,
    waitingForReply: signals.has('no_reply_from_business'),
    unanswered,
  };

  return {
    niche,
    role,
    budget: state.budget,
    qualification,
    funnelStage: stage,
    signals: DIALOG_SIGNALS.filter((s) => signals.has(s)),
    summary: writeSummary(summaryFacts),
    nextAction: writeNextAction(summaryFacts),
    language,
  };
}

/** Registers the offline implementation of the `dialog.analysis` task (see `buildAnalysisRequest`). */
export function registerOfflineAnalyser(offline: OfflineProvider): OfflineProvider {
  return offline.registerOfflineTask<DialogAnalysisOutput>(ANALYSIS_TASK, (request) => {
    const input = readAnalysisRequest(request);
    return analyseDialogOffline(input.messages, input.brief, input.now ? { now: input.now } : {});
  });
}
