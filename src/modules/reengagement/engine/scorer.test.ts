import { describe, expect, it } from 'vitest';
import { DEFAULT_MIN_PRIORITY, explain, rankLeads, scoreLead, type LeadFacts } from './scorer.ts';

const base: LeadFacts = { leadId: 'a', stageKey: 'qualified', stagePosition: 2, openStages: 5, score: 40, interestLevel: 'warm', daysQuiet: 10, lastDirection: 'outbound', signals: [] };

describe('re-engagement scorer', () => {
  it('adds up stage, quiet time, score, interest and signals, and explains the pick', () => {
    const scored = scoreLead({ ...base, signals: ['price_asked'] });
    expect(scored.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['stage', 'quiet', 'score', 'interest', 'signal']));
    expect(scored.priority).toBe(scored.reasons.reduce((sum, r) => sum + r.points, 0));
    expect(explain(scored.reasons)).toContain('asked about the price');
    expect(explain(scored.reasons)).toContain('quiet 10 days');
  });

  it('is deterministic and ranks hotter, further, unanswered leads first', () => {
    const leads: LeadFacts[] = [
      { ...base, leadId: 'cold', interestLevel: 'cold', score: 5, stagePosition: 0 },
      { ...base, leadId: 'hot', interestLevel: 'hot', score: 80, signals: ['booking_requested'] },
      { ...base, leadId: 'unanswered', lastDirection: 'inbound' },
    ];
    const ranked = rankLeads(leads);
    expect(ranked.map((r) => r.leadId)).toEqual(['hot', 'unanswered', 'cold']);
    expect(rankLeads([...leads].reverse()).map((r) => r.leadId)).toEqual(['hot', 'unanswered', 'cold']);
  });

  it('is loose: a quiet open lead with no analysis at all clears the threshold; “not interested” does not', () => {
    const bare = scoreLead({ ...base, score: null, interestLevel: null, stagePosition: 0, daysQuiet: 200 });
    expect(bare.priority).toBeGreaterThanOrEqual(DEFAULT_MIN_PRIORITY);
    const refused = scoreLead({ ...base, signals: ['not_interested'] });
    expect(refused.priority).toBeLessThan(DEFAULT_MIN_PRIORITY);
    expect(rankLeads([{ ...base, signals: ['not_interested'] }])).toHaveLength(0);
  });

  it('does not count an unanswered client twice', () => {
    const scored = scoreLead({ ...base, lastDirection: 'inbound', signals: ['no_reply_from_business'] });
    expect(scored.reasons.filter((r) => r.code === 'unanswered' || r.value === 'no_reply_from_business')).toHaveLength(1);
  });
});
