import type { InterestLevel, ScoreBreakdownItem, ScoringRules } from './analysis-schema.ts';
import { interestLevelFor } from './scoring.ts';

/**
 * What the lead card shows must add up: the score is the sum of its breakdown (capped to 0–100), and the interest
 * follows seed 001's bands of that score — unless a person chose the interest, which the card then says.
 */

/** Breakdown line of a score a person typed: the difference to the computed score, so the lines still add up. */
export const MANUAL_SCORE_LABEL = 'Set by hand';
const STAGE_LABEL = /^Stage: /u;

export interface LeadCard {
  score: number;
  interestLevel: InterestLevel;
  breakdown: ScoreBreakdownItem[];
  /** The interest was chosen by a person and does not follow the score. */
  interestOverridden: boolean;
  /** The score was typed by a person (the breakdown's last line says by how much it differs). */
  scoreOverridden: boolean;
}

const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)));

/** The analysis' breakdown with its stage line swapped for the stage the lead is in now. */
export function breakdownForStage(breakdown: readonly ScoreBreakdownItem[], stageKey: string, baseScores: Record<string, number>): ScoreBreakdownItem[] {
  const rest = breakdown.filter((item) => !STAGE_LABEL.test(item.label) && item.label !== MANUAL_SCORE_LABEL);
  return [{ label: `Stage: ${stageKey}`, points: baseScores[stageKey] ?? 0 }, ...rest];
}

export function leadCard(input: {
  /** Breakdown of the lead's current analysis, or [] without one. */
  breakdown: readonly ScoreBreakdownItem[];
  stageKey: string;
  baseScores: Record<string, number>;
  thresholds: ScoringRules['thresholds'];
  manualScore?: number | null;
  manualInterest?: InterestLevel | null;
}): LeadCard {
  const breakdown = breakdownForStage(input.breakdown, input.stageKey, input.baseScores);
  const computed = clamp(breakdown.reduce((sum, item) => sum + item.points, 0));
  let score = computed;
  const scoreOverridden = input.manualScore !== undefined && input.manualScore !== null;
  if (scoreOverridden) {
    score = clamp(input.manualScore!);
    if (score !== computed) breakdown.push({ label: MANUAL_SCORE_LABEL, points: score - computed });
  }
  const interestOverridden = input.manualInterest !== undefined && input.manualInterest !== null && input.manualInterest !== interestLevelFor(score, input.thresholds);
  return {
    score,
    interestLevel: interestOverridden ? input.manualInterest! : interestLevelFor(score, input.thresholds),
    breakdown,
    interestOverridden,
    scoreOverridden,
  };
}
