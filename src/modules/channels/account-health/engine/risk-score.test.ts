import { describe, expect, it } from 'vitest';
import { riskScore, type RiskInputs } from './risk-score.ts';

const quiet: RiskInputs = { attempts: 0, failed: 0, rejected: 0, recipientInvalid: 0, rateLimited: 0, authRevoked: 0, contacted: 0, replied: 0, optedOut: 0 };

describe('risk score', () => {
  it('is 0 and low for a quiet or well-received account', () => {
    expect(riskScore(quiet)).toEqual({ score: 0, level: 'low', factors: [] });
    expect(riskScore({ ...quiet, attempts: 100, contacted: 100, replied: 60 }).score).toBe(0);
  });

  it('adds opt-outs and silence, largest first', () => {
    const result = riskScore({ ...quiet, attempts: 100, contacted: 100, replied: 10, optedOut: 4 });
    expect(result.factors.map((f) => f.code)).toEqual(['opt_outs', 'no_replies']);
    expect(result.factors[0]).toEqual({ code: 'opt_outs', points: 24, value: 0.04 });
    expect(result.factors[1]).toEqual({ code: 'no_replies', points: 20, value: 0.9 });
    expect(result).toMatchObject({ score: 44, level: 'medium' });
  });

  it('weighs blocks, reports, failures and rate limits; caps at 100', () => {
    const result = riskScore({ ...quiet, attempts: 50, failed: 15, rejected: 6, recipientInvalid: 20, rateLimited: 5, authRevoked: 1, contacted: 50, replied: 0, optedOut: 10 });
    expect(result.score).toBe(100);
    expect(result.level).toBe('high');
    expect(result.factors.map((f) => f.code)).toEqual(['opt_outs', 'blocks', 'no_replies', 'reports', 'failures', 'unreachable', 'rate_limits']);
  });

  it('ignores shares with too little behind them', () => {
    expect(riskScore({ ...quiet, attempts: 3, failed: 2, contacted: 3, replied: 0 }).score).toBe(0);
  });
});
