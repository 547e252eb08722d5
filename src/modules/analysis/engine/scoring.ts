import type { DialogAnalysisOutput, InterestLevel, ScoreBreakdownItem, ScoredAnalysis, ScoringModifier, ScoringRules } from './analysis-schema.ts';

/** Seed 001's base score per stage of the default pipeline (pipeline_stages.base_score). */
export const DEFAULT_STAGE_BASE_SCORES: Readonly<Record<string, number>> = Object.freeze({
  new_lead: 5,
  not_qualified: 15,
  qualified: 30,
  consultation_booked: 40,
  consultation_completed: 55,
  deal_closed: 75,
  deal_lost: 0,
});

/** Seed 001's modifiers and thresholds: hot ≥ 75, warm 40–74, cold < 40; at least 3 incoming messages to analyse. */
export const DEFAULT_SCORING_RULES: ScoringRules = {
  modifiers: [
    { id: 'niche_medicine', label: 'Niche: medicine', field: 'niche', values: ['medicine'], points: 15 },
    { id: 'niche_infobusiness', label: 'Niche: infobusiness', field: 'niche', values: ['infobusiness'], points: 10 },
    { id: 'role_owner', label: 'Role: owner', field: 'role', values: ['owner'], points: 10 },
    { id: 'budget_named', label: 'Budget named', field: 'signal', values: ['budget_named'], points: 10 },
    { id: 'role_targetologist_smm', label: 'Role: targetologist / SMM', field: 'role', values: ['targetologist', 'smm'], points: -30 },
  ],
  thresholds: { hot: 75, warm: 40 },
  minIncoming: 3,
};

const normalise = (value: string): string => value.trim().toLowerCase();

function matches(modifier: ScoringModifier, analysis: DialogAnalysisOutput): boolean {
  const wanted = modifier.values.map(normalise);
  switch (modifier.field) {
    case 'niche':
      return analysis.niche !== null && wanted.includes(normalise(analysis.niche));
    case 'role':
      return analysis.role !== null && wanted.includes(normalise(analysis.role));
    case 'signal':
      return analysis.signals.some((signal) => wanted.includes(normalise(signal)));
  }
}

export function interestLevelFor(score: number, thresholds: ScoringRules['thresholds']): InterestLevel {
  if (score >= thresholds.hot) return 'hot';
  if (score >= thresholds.warm) return 'warm';
  return 'cold';
}

/**
 * score = clamp(base score of the analysed stage + Σ matching modifiers, 0, 100). Deterministic and the same
 * whoever analysed the dialog; a stage missing from `stageBaseScores` counts as 0.
 */
/** The breakdown line the trained model adds when its reading of interest moves the score into another band. */
export const MODEL_ADJUSTMENT_LABEL = 'Dialog model';

/**
 * The points that move `score` into the band of `interest` (0 when it is there already): to the band's nearest
 * edge, so the rules' score changes as little as possible.
 */
export function pointsToBand(score: number, interest: InterestLevel, thresholds: ScoringRules['thresholds']): number {
  const [low, high] = interest === 'hot' ? [thresholds.hot, 100] : interest === 'warm' ? [thresholds.warm, thresholds.hot - 1] : [0, thresholds.warm - 1];
  return score < low ? low - score : score > high ? high - score : 0;
}

export function scoreAnalysis(
  analysis: DialogAnalysisOutput,
  rules: ScoringRules,
  stageBaseScores: Record<string, number>,
  /** The trained model's reading of interest; the score is moved into its band by one visible breakdown line. */
  modelInterest?: InterestLevel,
): ScoredAnalysis {
  const base = stageBaseScores[analysis.funnelStage] ?? 0;
  const breakdown: ScoreBreakdownItem[] = [{ label: `Stage: ${analysis.funnelStage}`, points: base }];
  let total = base;
  for (const modifier of rules.modifiers) {
    if (!matches(modifier, analysis)) continue;
    breakdown.push({ label: modifier.label, points: modifier.points });
    total += modifier.points;
  }
  let score = Math.max(0, Math.min(100, Math.round(total)));
  if (modelInterest) {
    const points = pointsToBand(score, modelInterest, rules.thresholds);
    if (points !== 0) {
      breakdown.push({ label: MODEL_ADJUSTMENT_LABEL, points });
      score += points;
    }
  }
  return {
    score,
    interestLevel: interestLevelFor(score, rules.thresholds),
    breakdown,
    qualificationComplete: analysis.qualification.length > 0 && analysis.qualification.every((q) => q.answer !== null && q.answer.trim() !== ''),
  };
}
