import { describe, expect, it } from 'vitest';
import { breakdownForStage, leadCard, MANUAL_SCORE_LABEL } from './lead-card.ts';
import { DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES, MODEL_ADJUSTMENT_LABEL, pointsToBand, scoreAnalysis } from './scoring.ts';
import type { DialogAnalysisOutput } from './analysis-schema.ts';

const thresholds = DEFAULT_SCORING_RULES.thresholds;
const bases = { ...DEFAULT_STAGE_BASE_SCORES };
const analysed = [
  { label: 'Stage: consultation_booked', points: 40 },
  { label: 'Role: owner', points: 10 },
  { label: 'Niche: medicine', points: 15 },
];
const sum = (items: Array<{ points: number }>) => items.reduce((a, b) => a + b.points, 0);

describe('the lead card', () => {
  it('adds up: score = Σ breakdown, interest by seed 001 bands (hot 75–100, warm 40–74, cold 0–39)', () => {
    const card = leadCard({ breakdown: analysed, stageKey: 'consultation_booked', baseScores: bases, thresholds });
    expect(card).toMatchObject({ score: 65, interestLevel: 'warm', interestOverridden: false, scoreOverridden: false });
    expect(sum(card.breakdown)).toBe(card.score);
  });

  it('a manual stage change re-weights the stage line, and the interest follows', () => {
    const card = leadCard({ breakdown: analysed, stageKey: 'deal_closed', baseScores: bases, thresholds });
    expect(card.breakdown[0]).toEqual({ label: 'Stage: deal_closed', points: 75 });
    expect(card.score).toBe(100);
    expect(card.interestLevel).toBe('hot');
    const lost = leadCard({ breakdown: analysed, stageKey: 'new_lead', baseScores: bases, thresholds });
    expect(lost).toMatchObject({ score: 30, interestLevel: 'cold' });
    expect(lost.breakdown.map((b) => b.label)).toEqual(['Stage: new_lead', 'Role: owner', 'Niche: medicine']);
    expect(sum(lost.breakdown)).toBe(30);
  });

  it('a manual score of 80 is hot, and the breakdown says how far it is from the rules', () => {
    const card = leadCard({ breakdown: analysed, stageKey: 'consultation_booked', baseScores: bases, thresholds, manualScore: 80 });
    expect(card).toMatchObject({ score: 80, interestLevel: 'hot', scoreOverridden: true, interestOverridden: false });
    expect(card.breakdown.at(-1)).toEqual({ label: MANUAL_SCORE_LABEL, points: 15 });
    expect(sum(card.breakdown)).toBe(80);
  });

  it('an interest a person chose stays, and is marked as their choice', () => {
    const card = leadCard({ breakdown: analysed, stageKey: 'consultation_booked', baseScores: bases, thresholds, manualInterest: 'hot' });
    expect(card).toMatchObject({ score: 65, interestLevel: 'hot', interestOverridden: true });
    // Choosing what the score says anyway is no override.
    expect(leadCard({ breakdown: analysed, stageKey: 'consultation_booked', baseScores: bases, thresholds, manualInterest: 'warm' }).interestOverridden).toBe(false);
  });

  it('a lead without analysis is scored by its stage alone', () => {
    const card = leadCard({ breakdown: [], stageKey: 'qualified', baseScores: bases, thresholds });
    expect(card).toMatchObject({ score: 30, interestLevel: 'cold', breakdown: [{ label: 'Stage: qualified', points: 30 }] });
  });

  it('drops an earlier manual line when the stage changes again', () => {
    const once = leadCard({ breakdown: analysed, stageKey: 'qualified', baseScores: bases, thresholds, manualScore: 90 });
    expect(breakdownForStage(once.breakdown, 'qualified', bases).some((b) => b.label === MANUAL_SCORE_LABEL)).toBe(false);
  });
});

describe('the model adjustment in scoring', () => {
  const analysis: DialogAnalysisOutput = {
    niche: null,
    role: null,
    budget: null,
    qualification: [],
    funnelStage: 'qualified',
    signals: [],
    summary: '',
    nextAction: '',
    language: 'ru',
  };

  it('moves the score to the nearest edge of the band the model reads, as one breakdown line', () => {
    expect(pointsToBand(30, 'hot', thresholds)).toBe(45);
    expect(pointsToBand(30, 'warm', thresholds)).toBe(10);
    expect(pointsToBand(80, 'warm', thresholds)).toBe(-6);
    expect(pointsToBand(50, 'cold', thresholds)).toBe(-11);
    expect(pointsToBand(50, 'warm', thresholds)).toBe(0);
    const scored = scoreAnalysis(analysis, DEFAULT_SCORING_RULES, bases, 'warm');
    expect(scored).toMatchObject({ score: 40, interestLevel: 'warm' });
    expect(scored.breakdown.at(-1)).toEqual({ label: MODEL_ADJUSTMENT_LABEL, points: 10 });
    expect(scoreAnalysis(analysis, DEFAULT_SCORING_RULES, bases, 'cold').breakdown).toHaveLength(1);
  });
});
