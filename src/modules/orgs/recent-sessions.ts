import type { AuthContext } from '../../platform/http/auth.ts';

/**
 * How long a resolved session cookie is reused without reading the database again. Logging out, a role
 * change and removing a member clear every entry of this process at once; another API process sharing the
 * database notices such a change at its next lookup, so a revoked session stops working everywhere within
 * this many milliseconds.
 */
export const RECENT_SESSION_MS = 5_000;

interface Entry {
  auth: AuthContext;
  /** The application clock's time of the lookup, and the session's own expiry on that clock. */
  checkedAt: number;
  expiresAt: number;
  /** Monotonic time of the lookup: a frozen or travelling test clock cannot keep an entry alive. */
  checkedAtMonotonic: number;
}

/** Sessions looked up in the last few seconds, keyed by the cookie's token hash (never the token itself). */
export class RecentSessions {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = RECENT_SESSION_MS,
    private readonly maxEntries = 10_000,
  ) {}

  get(tokenHash: string, now: Date): AuthContext | undefined {
    const entry = this.#entries.get(tokenHash);
    if (!entry) return undefined;
    const at = now.getTime();
    const isFresh = at >= entry.checkedAt && at - entry.checkedAt < this.ttlMs && at < entry.expiresAt && performance.now() - entry.checkedAtMonotonic < this.ttlMs;
    if (isFresh) return entry.auth;
    this.#entries.delete(tokenHash);
    return undefined;
  }

  remember(tokenHash: string, auth: AuthContext, now: Date, expiresAt: Date): void {
    // A burst of distinct cookies (a scan) must not grow the map without bound: start over instead.
    if (this.#entries.size >= this.maxEntries) this.#entries.clear();
    this.#entries.set(tokenHash, { auth, checkedAt: now.getTime(), expiresAt: expiresAt.getTime(), checkedAtMonotonic: performance.now() });
  }

  /** After a logout or a membership change: every session is looked up again. */
  forgetAll(): void {
    this.#entries.clear();
  }
}
