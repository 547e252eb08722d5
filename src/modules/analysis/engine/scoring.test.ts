import { describe, expect, it } from 'vitest';
import { ZScoringRules, type DialogAnalysisOutput, type ScoringRules } from './analysis-schema.ts';
import { DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES, interestLevelFor, scoreAnalysis } from './scoring.ts';

function analysis(overrides: Partial<DialogAnalysisOutput> = {}): DialogAnalysisOutput {
  return {
    niche: null,
    role: null,
    budget: null,
    qualification: [],
    funnelStage: 'new_lead',
    signals: [],
    summary: '',
    nextAction: '',
    language: 'ru',
    ...overrides,
  };
}

const score = (a: DialogAnalysisOutput, rules: ScoringRules = DEFAULT_SCORING_RULES) => scoreAnalysis(a, rules, DEFAULT_STAGE_BASE_SCORES);

describe('seed 001 defaults', () => {
  it('are valid rules with the seed table', () => {
    expect(() => ZScoringRules.parse(DEFAULT_SCORING_RULES)).not.toThrow();
    expect(DEFAULT_STAGE_BASE_SCORES).toEqual({
      new_lead: 5,
      not_qualified: 15,
      qualified: 30,
      consultation_booked: 40,
      consultation_completed: 55,
      deal_closed: 75,
      deal_lost: 0,
    });
    expect(DEFAULT_SCORING_RULES.thresholds).toEqual({ hot: 75, warm: 40 });
    expect(DEFAULT_SCORING_RULES.minIncoming).toBe(3);
    expect(DEFAULT_SCORING_RULES.modifiers.map((m) => [m.field, m.values, m.points])).toEqual([
      ['niche', ['medicine'], 15],
      ['niche', ['infobusiness'], 10],
      ['role', ['owner'], 10],
      ['signal', ['budget_named'], 10],
      ['role', ['targetologist', 'smm'], -30],
    ]);
  });

  it('base of each stage with no modifiers', () => {
    for (const [stage, base] of Object.entries(DEFAULT_STAGE_BASE_SCORES)) {
      const result = score(analysis({ funnelStage: stage as DialogAnalysisOutput['funnelStage'] }));
      expect(result.score).toBe(base);
      expect(result.breakdown).toEqual([{ label: `Stage: ${stage}`, points: base }]);
    }
  });

  it('a booked clinic owner with a budget: 40 + 15 + 10 + 10 = 75, hot', () => {
    const result = score(analysis({ funnelStage: 'consultation_booked', niche: 'medicine', role: 'owner', budget: '150 000 сом', signals: ['budget_named'] }));
    expect(result.score).toBe(75);
    expect(result.interestLevel).toBe('hot');
    expect(result.breakdown).toEqual([
      { label: 'Stage: consultation_booked', points: 40 },
      { label: 'Niche: medicine', points: 15 },
      { label: 'Role: owner', points: 10 },
      { label: 'Budget named', points: 10 },
    ]);
  });

  it('a qualified info-business expert: 30 + 10 = 40, warm', () => {
    expect(score(analysis({ funnelStage: 'qualified', niche: 'infobusiness' }))).toMatchObject({ score: 40, interestLevel: 'warm' });
  });

  it('a targetologist is clamped at 0, cold', () => {
    const result = score(analysis({ funnelStage: 'not_qualified', role: 'targetologist' }));
    expect(result.score).toBe(0);
    expect(result.interestLevel).toBe('cold');
    expect(result.breakdown.at(-1)).toEqual({ label: 'Role: targetologist / SMM', points: -30 });
  });

  it('normalises niche and role before matching', () => {
    expect(score(analysis({ funnelStage: 'qualified', niche: '  Medicine ', role: 'OWNER' })).score).toBe(55);
    const shouting: ScoringRules = { ...DEFAULT_SCORING_RULES, modifiers: [{ id: 'smm', label: 'SMM', field: 'role', values: [' SMM '], points: -30 }] };
    expect(score(analysis({ funnelStage: 'qualified', role: 'smm' }), shouting).score).toBe(0);
  });

  it('deal_closed is hot even with no modifiers; clamped at 100', () => {
    expect(score(analysis({ funnelStage: 'deal_closed' })).interestLevel).toBe('hot');
    expect(score(analysis({ funnelStage: 'deal_closed', niche: 'medicine', role: 'owner', signals: ['budget_named'] })).score).toBe(100);
  });
});

describe('custom rules and thresholds', () => {
  const withSignal = (points: number, thresholds = { hot: 75, warm: 40 }): ScoringRules => ({
    modifiers: [{ id: 'price', label: 'Asked the price', field: 'signal', values: ['price_asked'], points }],
    thresholds,
    minIncoming: 0,
  });
  const qualifiedAsking = analysis({ funnelStage: 'qualified', signals: ['price_asked'] });

  it.each([
    [44, 74, 'warm'],
    [45, 75, 'hot'],
    [9, 39, 'cold'],
    [10, 40, 'warm'],
  ] as const)('30 + %i = %i → %s', (points, expected, level) => {
    const result = score(qualifiedAsking, withSignal(points));
    expect(result.score).toBe(expected);
    expect(result.interestLevel).toBe(level);
  });

  it('thresholds are the organization’s', () => {
    expect(score(qualifiedAsking, withSignal(20, { hot: 50, warm: 20 })).interestLevel).toBe('hot');
    expect(interestLevelFor(19, { hot: 50, warm: 20 })).toBe('cold');
    expect(interestLevelFor(0, { hot: 1, warm: 0 })).toBe('warm');
  });

  it('a modifier that does not match adds nothing; a stage without a base score counts 0', () => {
    expect(score(analysis({ funnelStage: 'qualified' }), withSignal(50)).score).toBe(30);
    expect(scoreAnalysis(analysis({ funnelStage: 'qualified' }), withSignal(0), {}).score).toBe(0);
  });
});

describe('qualificationComplete', () => {
  it('needs at least one question and every answer', () => {
    expect(score(analysis()).qualificationComplete).toBe(false);
    expect(score(analysis({ qualification: [{ question: 'Ниша?', answer: 'стоматология' }] })).qualificationComplete).toBe(true);
    expect(
      score(analysis({ qualification: [{ question: 'Ниша?', answer: 'стоматология' }, { question: 'Бюджет?', answer: null }] })).qualificationComplete,
    ).toBe(false);
    expect(score(analysis({ qualification: [{ question: 'Ниша?', answer: '  ' }] })).qualificationComplete).toBe(false);
  });
});
