/**
 * The offline scoring agent of the re-engagement queue: ranks leads gone quiet by stage, score, interest, time since
 * the last message (either direction) and the signals the dialog analysis found. Deterministic, and every point is
 * explained, so the queue can say why a lead was picked. The criteria are deliberately loose (seed 000's lesson:
 * strict rules picked 9 leads of 1,000; a useful day picks hundreds): any open lead that is quiet long enough and
 * not excluded scores above the threshold unless the dialog says the client is not interested.
 */

export interface LeadFacts {
  leadId: string;
  stageKey: string;
  /** 0-based position of the stage in its pipeline, and how many open stages the pipeline has. */
  stagePosition: number;
  openStages: number;
  score: number | null;
  interestLevel: 'hot' | 'warm' | 'cold' | null;
  daysQuiet: number;
  /** Who wrote last: the client (we left them unanswered) or the business. */
  lastDirection: 'inbound' | 'outbound' | null;
  signals: readonly string[];
}

export interface ScoreReason {
  code: string;
  points: number;
  value?: string | number | null;
}

export interface ScoredLead {
  leadId: string;
  priority: number;
  reasons: ScoreReason[];
}

/** Points for the dialog signals the analysis reports; negative ones push a lead below the threshold. */
export const SIGNAL_POINTS: Record<string, number> = {
  booking_requested: 14,
  price_asked: 12,
  no_reply_from_business: 10,
  budget_named: 8,
  objection_time: 7,
  objection_price: 6,
  positive_sentiment: 4,
  booking_agreed: 4,
  role_named: 2,
  competitor_mentioned: -4,
  objection_trust: -2,
  negative_sentiment: -12,
  not_interested: -100,
};

/** Below this a lead is not picked. Low on purpose: a quiet open lead with nothing against it clears it. */
export const DEFAULT_MIN_PRIORITY = 10;

function quietPoints(days: number): number {
  if (days < 1) return 0;
  if (days <= 14) return 16;
  if (days <= 45) return 12;
  if (days <= 120) return 8;
  return 5;
}

/** Later open stages are worth more: the client went further before going quiet. */
function stagePoints(position: number, openStages: number): number {
  if (openStages <= 1) return 10;
  return Math.round(6 + (Math.min(position, openStages - 1) / (openStages - 1)) * 24);
}

export function scoreLead(facts: LeadFacts): ScoredLead {
  const reasons: ScoreReason[] = [];
  reasons.push({ code: 'stage', points: stagePoints(facts.stagePosition, facts.openStages), value: facts.stageKey });
  reasons.push({ code: 'quiet', points: quietPoints(facts.daysQuiet), value: facts.daysQuiet });
  if (facts.score !== null) reasons.push({ code: 'score', points: Math.round(facts.score * 0.3), value: facts.score });
  if (facts.interestLevel === 'hot') reasons.push({ code: 'interest', points: 15, value: 'hot' });
  else if (facts.interestLevel === 'warm') reasons.push({ code: 'interest', points: 8, value: 'warm' });
  if (facts.lastDirection === 'inbound') reasons.push({ code: 'unanswered', points: 10 });
  for (const signal of [...new Set(facts.signals)].sort()) {
    const points = SIGNAL_POINTS[signal];
    // The business leaving the client unanswered is already counted from the last message's direction.
    if (points === undefined || (signal === 'no_reply_from_business' && facts.lastDirection === 'inbound')) continue;
    reasons.push({ code: 'signal', points, value: signal });
  }
  const priority = reasons.reduce((sum, r) => sum + r.points, 0);
  return { leadId: facts.leadId, priority, reasons: reasons.filter((r) => r.points !== 0).sort((a, b) => Math.abs(b.points) - Math.abs(a.points)) };
}

/** Highest priority first; ties go to the longer-quiet lead, then the lead id, so the order is stable. */
export function rankLeads(facts: readonly LeadFacts[], minPriority = DEFAULT_MIN_PRIORITY): Array<ScoredLead & { facts: LeadFacts }> {
  return facts
    .map((f) => ({ ...scoreLead(f), facts: f }))
    .filter((s) => s.priority >= minPriority)
    .sort((a, b) => b.priority - a.priority || a.facts.daysQuiet - b.facts.daysQuiet || a.leadId.localeCompare(b.leadId));
}

const SIGNAL_WORDS: Record<string, string> = {
  booking_requested: 'asked to book',
  price_asked: 'asked about the price',
  no_reply_from_business: 'we left them unanswered',
  budget_named: 'named a budget',
  objection_time: 'said "later"',
  objection_price: 'found it expensive',
  positive_sentiment: 'positive tone',
  booking_agreed: 'agreed to a booking',
  role_named: 'named their role',
  competitor_mentioned: 'mentioned a competitor',
  objection_trust: 'doubted us',
  negative_sentiment: 'negative tone',
  not_interested: 'not interested',
};

/** "Why picked", in one English line: the reasons with the most weight first. */
export function explain(reasons: readonly ScoreReason[]): string {
  return reasons
    .filter((r) => r.points > 0)
    .slice(0, 4)
    .map((r) => {
      switch (r.code) {
        case 'stage':
          return `stage ${r.value}`;
        case 'quiet':
          return `quiet ${r.value} days`;
        case 'score':
          return `score ${r.value}`;
        case 'interest':
          return `${r.value} lead`;
        case 'unanswered':
          return 'their last message is unanswered';
        case 'signal':
          return SIGNAL_WORDS[String(r.value)] ?? String(r.value);
        case 'ai':
          return String(r.value);
        default:
          return r.code;
      }
    })
    .join(' · ');
}
