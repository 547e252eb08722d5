/**
 * Spacing-based pacing keyed by anything (a bot, a bot and a chat): a call may start only when every rule it
 * is subject to allows, and then pushes each rule's next free slot one interval further. Any window of
 * `intervalMs × n` therefore holds at most n starts per key — no bursts, unlike a token bucket.
 *
 * In-process: each job process paces its own calls. A provider's own rate-limit answer (Telegram's 429 with
 * `retry_after`) still reschedules the message, so several processes stay safe, only less smooth.
 */
export interface PaceRule {
  key: string;
  intervalMs: number;
}

export type PaceDecision = { ok: true; waitMs: number } | { ok: false; waitMs: number };

export class KeyedPacer {
  private readonly nextAt = new Map<string, number>();

  constructor(
    private readonly nowMs: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /**
   * Reserves the earliest slot allowed by every rule, unless it is more than `maxWaitMs` away: then nothing
   * is reserved and the caller should come back later (a job reschedules instead of holding a worker).
   */
  reserve(rules: PaceRule[], maxWaitMs: number): PaceDecision {
    const now = this.nowMs();
    this.prune(now);
    const at = Math.max(now, ...rules.map((rule) => this.nextAt.get(rule.key) ?? now));
    const waitMs = at - now;
    if (waitMs > maxWaitMs) return { ok: false, waitMs };
    for (const rule of rules) this.nextAt.set(rule.key, at + rule.intervalMs);
    return { ok: true, waitMs };
  }

  /** Reserves and waits for the slot; resolves with the decision (waited, or too far away and not reserved). */
  async acquire(rules: PaceRule[], maxWaitMs: number): Promise<PaceDecision> {
    const decision = this.reserve(rules, maxWaitMs);
    if (decision.ok && decision.waitMs > 0) await this.sleep(decision.waitMs);
    return decision;
  }

  private prune(now: number): void {
    if (this.nextAt.size < 10_000) return;
    for (const [key, at] of this.nextAt) if (at <= now) this.nextAt.delete(key);
  }
}
