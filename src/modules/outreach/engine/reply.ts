import { originOfMetadata, type OutboundOrigin } from './origin.ts';

/**
 * What a client's message answers: the latest outbound message of the conversation before it, its origin and the
 * feature's own reference (which campaign participant, reactivation attempt, re-engagement item or autopilot answer).
 * A conversation's first message answers nothing (origin null): the autopilot still answers it.
 */
export type ReplyReference =
  | { kind: 'campaign'; campaignId: string | null; participantId: string | null; stepId: string | null }
  | { kind: 'reactivation'; reactivationAttemptId: string }
  | { kind: 'reengagement'; reengagementItemId: string }
  | { kind: 'autopilot'; triggerMessageId: string | null }
  | { kind: 'manual' };

export interface ReplyTarget {
  origin: OutboundOrigin | null;
  outboundMessageId: string | null;
  reference: ReplyReference | null;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/** The reference a feature stored in its outbound message's metadata. */
export function replyTargetOf(outbound: { id: string; metadata: unknown } | null | undefined): ReplyTarget {
  if (!outbound) return { origin: null, outboundMessageId: null, reference: null };
  const metadata = (outbound.metadata ?? {}) as Record<string, unknown>;
  const origin = originOfMetadata(metadata);
  const reference = ((): ReplyReference => {
    switch (origin) {
      case 'campaign':
        return { kind: 'campaign', campaignId: str(metadata.campaignId), participantId: str(metadata.participantId), stepId: str(metadata.stepId) };
      case 'reactivation':
      case 'reactivation_reply':
        return str(metadata.reactivationAttemptId) ? { kind: 'reactivation', reactivationAttemptId: str(metadata.reactivationAttemptId)! } : { kind: 'manual' };
      case 'reengagement':
        return str(metadata.reengagementItemId) ? { kind: 'reengagement', reengagementItemId: str(metadata.reengagementItemId)! } : { kind: 'manual' };
      case 'autopilot':
        return { kind: 'autopilot', triggerMessageId: str(metadata.replyTo) };
      case 'manual':
        return { kind: 'manual' };
    }
  })();
  return { origin, outboundMessageId: outbound.id, reference };
}

/** The `outreach.reply` event's payload: the client's message and what it answers. */
export interface OutreachReplyPayload extends ReplyTarget {
  messageId: string;
  conversationId: string;
  contactId: string;
  channel: string | null;
  /** The message text (first 1000 characters). */
  text: string;
  /** When the client wrote. */
  receivedAt: string;
}
