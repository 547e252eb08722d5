import type { SendPriority } from './budget.ts';

/**
 * Who asked for an outbound message. Features decide what and to whom; the origin tells outreach how to treat it:
 * its priority inside the account's budget and whether quiet hours apply.
 */
export type OutboundOrigin = 'manual' | 'autopilot' | 'campaign' | 'reactivation' | 'reactivation_reply' | 'reengagement';

export const OUTBOUND_ORIGINS: readonly OutboundOrigin[] = ['manual', 'autopilot', 'campaign', 'reactivation', 'reactivation_reply', 'reengagement'];

/** A person's reply and automatic answers to a client who just wrote go first; cold outreach yields. */
export function priorityOf(origin: OutboundOrigin): SendPriority {
  return origin === 'manual' || origin === 'autopilot' || origin === 'reactivation_reply' ? 'reply' : 'cold';
}

/**
 * Quiet hours hold every automated send. A person's own message is never held; the autopilot keeps its own
 * working hours when it has them, and the quiet hours otherwise.
 */
export function keepsQuietHours(origin: OutboundOrigin, options: { autopilotHasOwnHours?: boolean } = {}): boolean {
  if (origin === 'manual') return false;
  if (origin === 'autopilot') return !options.autopilotHasOwnHours;
  return true;
}

/** The origin stored in a message's metadata (older rows carry feature-specific keys instead). */
export function originOfMetadata(metadata: Record<string, unknown> | null | undefined): OutboundOrigin {
  const m = metadata ?? {};
  if (typeof m.origin === 'string' && (OUTBOUND_ORIGINS as readonly string[]).includes(m.origin)) return m.origin as OutboundOrigin;
  if (m.autopilot === true) return 'autopilot';
  if (typeof m.reengagementItemId === 'string') return 'reengagement';
  if (typeof m.reactivationAttemptId === 'string') return 'reactivation';
  return 'manual';
}
