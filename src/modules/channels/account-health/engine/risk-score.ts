/**
 * The account's risk score (seed 003 "spam score"): how likely the channel is to restrict the number soon, from
 * 0 (calm) to 100, over the last seven days. Each factor adds points and carries what would lower it, so the health
 * card can say in plain words what to change. Pure: counts in, a score and its factors out.
 */

export interface RiskInputs {
  /** Send attempts the channel processed (sent + failed + rejected + unreachable). */
  attempts: number;
  failed: number;
  /** The channel refused the message or flagged it as spam. */
  rejected: number;
  recipientInvalid: number;
  rateLimited: number;
  /** The session was revoked or the number banned. */
  authRevoked: number;
  /** Different people written to from this account. */
  contacted: number;
  /** Of those, how many wrote back. */
  replied: number;
  /** Of those, how many asked not to be written to again. */
  optedOut: number;
}

export type RiskFactorCode = 'opt_outs' | 'no_replies' | 'blocks' | 'reports' | 'failures' | 'unreachable' | 'rate_limits';

export interface RiskFactor {
  code: RiskFactorCode;
  /** Points this factor adds to the score. */
  points: number;
  /** The measured share (0–1) or count behind it. */
  value: number;
}

export type RiskLevel = 'low' | 'medium' | 'high';

export interface RiskScore {
  score: number;
  level: RiskLevel;
  /** Factors that add points, largest first. */
  factors: RiskFactor[];
}

/** Shares need enough people or sends behind them to mean something. */
const MIN_CONTACTED = 10;
const MIN_ATTEMPTS = 10;

const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
const capped = (points: number, max: number) => Math.max(0, Math.min(max, Math.round(points)));

export function riskScore(input: RiskInputs): RiskScore {
  const factors: RiskFactor[] = [];
  const add = (code: RiskFactorCode, points: number, value: number) => {
    if (points > 0) factors.push({ code, points, value: Math.round(value * 1000) / 1000 });
  };
  // 5 % of people opting out is already a strong spam signal for WhatsApp and Telegram.
  if (input.contacted >= MIN_CONTACTED || input.optedOut >= 3) {
    const rate = share(input.optedOut, Math.max(input.contacted, input.optedOut));
    add('opt_outs', capped(rate * 600, 30), rate);
  }
  // Silence counts from half the people upward: most cold messages go unanswered, almost all is a warning.
  if (input.contacted >= MIN_CONTACTED) {
    const rate = 1 - share(input.replied, input.contacted);
    add('no_replies', capped((rate - 0.5) * 50, 25), rate);
  }
  if (input.authRevoked > 0) add('blocks', 30, input.authRevoked);
  if (input.rejected > 0) add('reports', capped(input.rejected * 5, 20), input.rejected);
  if (input.attempts >= MIN_ATTEMPTS) {
    const failures = share(input.failed, input.attempts);
    add('failures', capped(failures * 100, 20), failures);
    const unreachable = share(input.recipientInvalid, input.attempts);
    add('unreachable', capped(unreachable * 40, 10), unreachable);
  }
  if (input.rateLimited > 0) add('rate_limits', capped(input.rateLimited * 3, 10), input.rateLimited);
  factors.sort((a, b) => b.points - a.points);
  const score = Math.min(100, factors.reduce((sum, f) => sum + f.points, 0));
  return { score, level: score >= 60 ? 'high' : score >= 30 ? 'medium' : 'low', factors };
}
