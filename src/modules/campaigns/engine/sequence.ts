import type { StepConditions } from './conditions.ts';

/**
 * How a participant walks its campaign's sequence (seed 002 §3.2/§3.5), as pure functions of its state.
 *
 * Steps run in order. A `delay` step is due `delayMinutes` after the previous step was handled (sent or
 * skipped; the first one after the start). An `after_reply` step waits for the contact to write after our last
 * send and is due `delayMinutes` after that reply; without a reply it waits up to the reply window after the
 * last send, and the participant then finishes. A reply skips every following `delay` step whose effective
 * `stopIfReplied` holds (the campaign's stop-on-reply setting unless the step says otherwise), so the reply
 * stops the follow-ups and goes straight to the next `after_reply` step, if any. A due step is sent only inside
 * the sending window (otherwise it moves to the next opening) and only if its conditions hold (otherwise it is
 * skipped).
 */
export interface SequenceStep {
  id: string;
  index: number;
  trigger: 'delay' | 'after_reply';
  delayMinutes: number;
  conditions: StepConditions | null;
}

export interface ParticipantProgress {
  currentStep: number;
  /** When the previous step was handled (sent or skipped), or when the participant started. */
  anchorAt: Date;
  lastSentAt: Date | null;
  /** The contact's latest message we know of (from the participant, or the contact's own last inbound). */
  lastReplyAt: Date | null;
}

export interface SequencePolicy {
  now: Date;
  steps: SequenceStep[];
  stopOnReply: boolean;
  replyWindowMs: number;
  /** The first moment at or after `at` inside the participant's sending window (with jitter when moved). */
  align(at: Date): Date;
  isOpen(at: Date): boolean;
  /** Every condition except stopIfReplied, which the walk itself applies. */
  conditionsMet(step: SequenceStep): boolean;
}

export type Decision =
  | { kind: 'send'; step: SequenceStep; skipped: SequenceStep[] }
  | { kind: 'wait'; currentStep: number; anchorAt: Date; nextSendAt: Date; skipped: SequenceStep[] }
  | { kind: 'finish'; currentStep: number; anchorAt: Date; skipped: SequenceStep[] };

const MINUTE = 60_000;

export function hasRepliedSinceLastSend(progress: ParticipantProgress): boolean {
  return progress.lastSentAt !== null && progress.lastReplyAt !== null && progress.lastReplyAt > progress.lastSentAt;
}

export function stopsOnReply(step: SequenceStep, stopOnReply: boolean): boolean {
  return step.trigger === 'delay' && (step.conditions?.stopIfReplied ?? stopOnReply);
}

/** What to do with a participant that came due (or was woken by a reply) at `policy.now`. */
export function decideNext(progress: ParticipantProgress, policy: SequencePolicy): Decision {
  const { now, steps } = policy;
  const replied = hasRepliedSinceLastSend(progress);
  const skipped: SequenceStep[] = [];
  let index = progress.currentStep;
  let anchorAt = progress.anchorAt;
  while (index < steps.length) {
    const step = steps[index]!;
    if (step.trigger === 'delay' && replied && stopsOnReply(step, policy.stopOnReply)) {
      skipped.push(step);
      index++;
      anchorAt = now;
      continue;
    }
    let dueAt: Date;
    if (step.trigger === 'after_reply') {
      if (!replied) {
        const deadline = new Date((progress.lastSentAt ?? anchorAt).getTime() + policy.replyWindowMs);
        if (now >= deadline) return { kind: 'finish', currentStep: index, anchorAt, skipped };
        return { kind: 'wait', currentStep: index, anchorAt, nextSendAt: deadline, skipped };
      }
      dueAt = new Date(progress.lastReplyAt!.getTime() + step.delayMinutes * MINUTE);
    } else {
      dueAt = new Date(anchorAt.getTime() + step.delayMinutes * MINUTE);
    }
    if (dueAt > now) return { kind: 'wait', currentStep: index, anchorAt, nextSendAt: policy.align(dueAt), skipped };
    if (!policy.isOpen(now)) return { kind: 'wait', currentStep: index, anchorAt, nextSendAt: policy.align(now), skipped };
    if (!policy.conditionsMet(step)) {
      skipped.push(step);
      index++;
      anchorAt = now;
      continue;
    }
    return { kind: 'send', step, skipped };
  }
  return { kind: 'finish', currentStep: index, anchorAt, skipped };
}

/** Where a participant stands right after step `stepIndex` went out at `sentAt`: the next step's due time, or done. */
export function planAfterSend(
  stepIndex: number,
  sentAt: Date,
  policy: Pick<SequencePolicy, 'steps' | 'replyWindowMs' | 'align'>,
): { currentStep: number; anchorAt: Date; nextSendAt: Date | null } {
  const next = stepIndex + 1;
  const step = policy.steps[next];
  if (!step) return { currentStep: next, anchorAt: sentAt, nextSendAt: null };
  if (step.trigger === 'after_reply') return { currentStep: next, anchorAt: sentAt, nextSendAt: new Date(sentAt.getTime() + policy.replyWindowMs) };
  return { currentStep: next, anchorAt: sentAt, nextSendAt: policy.align(new Date(sentAt.getTime() + step.delayMinutes * MINUTE)) };
}

/** The first due time of a participant joining at `startAt` (the first step must be a `delay` step). */
export function firstSendAt(steps: SequenceStep[], startAt: Date): Date {
  const first = steps[0];
  return new Date(startAt.getTime() + (first?.delayMinutes ?? 0) * MINUTE);
}
