import { describe, expect, it } from 'vitest';
import { replyTargetOf } from './reply.ts';

describe('what a client’s message answers', () => {
  it('names the feature and its reference from the outbound message before it', () => {
    expect(replyTargetOf({ id: 'm1', metadata: { origin: 'campaign', campaignId: 'c', participantId: 'p', stepId: 's' } })).toEqual({
      origin: 'campaign',
      outboundMessageId: 'm1',
      reference: { kind: 'campaign', campaignId: 'c', participantId: 'p', stepId: 's' },
    });
    expect(replyTargetOf({ id: 'm2', metadata: { origin: 'reactivation_reply', reactivationAttemptId: 'a' } }).reference).toEqual({ kind: 'reactivation', reactivationAttemptId: 'a' });
    expect(replyTargetOf({ id: 'm3', metadata: { reengagementItemId: 'i' } })).toMatchObject({ origin: 'reengagement', reference: { kind: 'reengagement', reengagementItemId: 'i' } });
    expect(replyTargetOf({ id: 'm4', metadata: { origin: 'autopilot', replyTo: 'in1' } }).reference).toEqual({ kind: 'autopilot', triggerMessageId: 'in1' });
    expect(replyTargetOf({ id: 'm5', metadata: {} })).toEqual({ origin: 'manual', outboundMessageId: 'm5', reference: { kind: 'manual' } });
  });

  it('a first message answers nothing', () => {
    expect(replyTargetOf(null)).toEqual({ origin: null, outboundMessageId: null, reference: null });
  });
});
