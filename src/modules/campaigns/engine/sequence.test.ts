import { describe, expect, it } from 'vitest';
import { decideNext, planAfterSend, type SequencePolicy, type SequenceStep } from './sequence.ts';

const H = 3_600_000;
const t0 = new Date('2026-03-02T09:00:00Z');
const at = (hours: number) => new Date(t0.getTime() + hours * H);

const steps: SequenceStep[] = [
  { id: 's1', index: 0, trigger: 'delay', delayMinutes: 0, conditions: null },
  { id: 's2', index: 1, trigger: 'delay', delayMinutes: 48 * 60, conditions: null },
  { id: 's3', index: 2, trigger: 'after_reply', delayMinutes: 30, conditions: null },
];

function policy(now: Date, overrides: Partial<SequencePolicy> = {}): SequencePolicy {
  return { now, steps, stopOnReply: true, replyWindowMs: 72 * H, align: (d) => d, isOpen: () => true, conditionsMet: () => true, ...overrides };
}

describe('sequence walk', () => {
  it('sends the first step when due, then schedules the follow-up after its delay', () => {
    expect(decideNext({ currentStep: 0, anchorAt: t0, lastSentAt: null, lastReplyAt: null }, policy(t0))).toMatchObject({ kind: 'send', step: { id: 's1' } });
    expect(planAfterSend(0, t0, policy(t0))).toEqual({ currentStep: 1, anchorAt: t0, nextSendAt: at(48) });
  });

  it('waits for a step that is not due yet', () => {
    const decision = decideNext({ currentStep: 1, anchorAt: t0, lastSentAt: t0, lastReplyAt: null }, policy(at(1)));
    expect(decision).toMatchObject({ kind: 'wait', currentStep: 1, nextSendAt: at(48) });
  });

  it('a reply skips the follow-ups and goes to the after_reply step, due its delay after the reply', () => {
    const progress = { currentStep: 1, anchorAt: t0, lastSentAt: t0, lastReplyAt: at(2) };
    expect(decideNext(progress, policy(at(2)))).toMatchObject({ kind: 'wait', currentStep: 2, nextSendAt: at(2.5), skipped: [{ id: 's2' }] });
    expect(decideNext({ ...progress, currentStep: 2 }, policy(at(2.5)))).toMatchObject({ kind: 'send', step: { id: 's3' } });
  });

  it('stopIfReplied false on a step keeps it after a reply', () => {
    const keep = steps.map((s) => (s.id === 's2' ? { ...s, conditions: { stopIfReplied: false } } : s));
    const decision = decideNext({ currentStep: 1, anchorAt: t0, lastSentAt: t0, lastReplyAt: at(2) }, policy(at(48), { steps: keep }));
    expect(decision).toMatchObject({ kind: 'send', step: { id: 's2' } });
  });

  it('a reply older than our last send is not a reply to it', () => {
    const decision = decideNext({ currentStep: 1, anchorAt: t0, lastSentAt: t0, lastReplyAt: at(-1) }, policy(at(48)));
    expect(decision).toMatchObject({ kind: 'send', step: { id: 's2' } });
  });

  it('without a reply, the after_reply step waits out the reply window, then the participant finishes', () => {
    const sentAt = at(48);
    expect(planAfterSend(1, sentAt, policy(sentAt))).toEqual({ currentStep: 2, anchorAt: sentAt, nextSendAt: at(48 + 72) });
    expect(decideNext({ currentStep: 2, anchorAt: sentAt, lastSentAt: sentAt, lastReplyAt: null }, policy(at(60)))).toMatchObject({ kind: 'wait', nextSendAt: at(120) });
    expect(decideNext({ currentStep: 2, anchorAt: sentAt, lastSentAt: sentAt, lastReplyAt: null }, policy(at(120)))).toMatchObject({ kind: 'finish', currentStep: 2 });
  });

  it('outside the window a due step moves to the next opening', () => {
    const opening = at(20);
    const decision = decideNext({ currentStep: 0, anchorAt: t0, lastSentAt: null, lastReplyAt: null }, policy(t0, { isOpen: () => false, align: () => opening }));
    expect(decision).toEqual({ kind: 'wait', currentStep: 0, anchorAt: t0, nextSendAt: opening, skipped: [] });
  });

  it('an unmet condition skips the step without sending; the next is timed from the skip', () => {
    const decision = decideNext({ currentStep: 0, anchorAt: t0, lastSentAt: null, lastReplyAt: null }, policy(t0, { conditionsMet: (s) => s.id !== 's1' }));
    expect(decision).toMatchObject({ kind: 'wait', currentStep: 1, anchorAt: t0, nextSendAt: at(48), skipped: [{ id: 's1' }] });
  });

  it('finishes after the last step', () => {
    expect(planAfterSend(2, at(3), policy(at(3)))).toEqual({ currentStep: 3, anchorAt: at(3), nextSendAt: null });
    expect(decideNext({ currentStep: 3, anchorAt: at(3), lastSentAt: at(3), lastReplyAt: null }, policy(at(4)))).toMatchObject({ kind: 'finish' });
  });
});
