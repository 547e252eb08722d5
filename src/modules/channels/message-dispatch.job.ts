import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Job } from '../../platform/db/schema.ts';
import { defineJob, RetryLaterError } from '../../platform/jobs/job-queue.ts';
import { recordEvent } from '../events/index.ts';
import { getConversation, getMessage, setMessageStatus } from '../conversations/index.ts';
import { MESSAGE_DISPATCH_TASK } from '../conversations/conversation-tasks.ts';
import { adapterFor, ChannelError, type MessageTemplate } from './channel-adapter.ts';
import { adapterContext } from './adapter-context.ts';
import { getChannelAccount, markAccountDisconnected } from './channel-accounts.service.ts';
import { outcomeOfError, recordSendOutcome } from './account-health/account-health.service.ts';
import type { SendOutcome } from './account-health/health-rules.ts';

/**
 * Sends one queued outbound message. The row is marked `sending` before the channel is called, so a
 * crash mid-call is visible on the next attempt: the channel is asked whether the message went out and,
 * if it cannot tell, the message becomes `unknown` — never sent twice.
 */
export const messageDispatchJob = defineJob({
  task: MESSAGE_DISPATCH_TASK,
  payload: z.object({ messageId: z.string() }),
  leaseMs: 2 * 60_000,
  async handler({ payload, job, ctx }: { payload: { messageId: string }; job: Job; ctx: AppContext }) {
    const { db, clock, channels, metrics } = ctx;
    const organizationId = job.organization_id!;
    const message = await getMessage(db, organizationId, payload.messageId);
    if (message.status !== 'queued' && message.status !== 'sending') return;
    const conversation = await getConversation(db, organizationId, message.conversation_id);
    const fail = async (error: string) => {
      await setMessageStatus(db, organizationId, message.id, ['queued', 'sending'], { status: 'failed', error });
      await recordEvent(db, { organizationId, type: 'message.failed', subjectType: 'message', subjectId: message.id, payload: { error } });
      metrics.messagesSent.inc({ channel: conversation.channel, outcome: 'failed' });
    };
    if (!conversation.channel_account_id) return fail('conversation has no channel account');
    const account = await getChannelAccount(db, organizationId, conversation.channel_account_id).catch(() => null);
    if (!account) return fail('channel account was deleted');
    const adapter = adapterFor(channels, account.channel);
    const context = adapterContext(ctx);
    // Health counters must never turn a finished send into a retry: a failure to count is logged, not thrown.
    const countOutcome = async (outcome: SendOutcome) => {
      try {
        await recordSendOutcome(db, organizationId, account.id, outcome, clock.now());
      } catch (error) {
        ctx.logger.warn({ err: error, accountId: account.id, outcome }, 'could not record the send outcome for account health');
      }
    };

    if (message.status === 'sending') {
      // The channel already reported this message back (its echo or a status carrying our id): it went out.
      if (message.external_id) {
        await markSent(message.external_id, message.sent_at);
        return;
      }
      const found = adapter.findSent ? await adapter.findSent(account, message.id, context) : undefined;
      if (found) {
        await markSent(found.externalId, found.sentAt);
        return;
      }
      if (found === undefined) {
        await setMessageStatus(db, organizationId, message.id, ['sending'], { status: 'unknown', error: 'send was interrupted and the channel cannot tell whether it went out' });
        metrics.messagesSent.inc({ channel: account.channel, outcome: 'unknown' });
        return;
      }
      // The channel says it never got it: sending again is safe.
    }

    if (account.status !== 'active') {
      throw new RetryLaterError(`channel account is ${account.status}`, new Date(clock.now().getTime() + 5 * 60_000));
    }
    await setMessageStatus(db, organizationId, message.id, ['queued', 'sending'], { status: 'sending' });
    try {
      const template = (message.metadata as { template?: MessageTemplate }).template ?? null;
      const sent = await adapter.send(
        account,
        { clientRef: message.id, externalChatId: conversation.external_chat_id, text: message.body, media: message.media, template },
        context,
      );
      await markSent(sent.externalId, sent.sentAt);
    } catch (error) {
      const isLastAttempt = job.attempts >= job.max_attempts;
      // After a revoked session the account is marked disconnected first, so the health rules see it stopped.
      if (error instanceof ChannelError && error.code === 'AUTH_REVOKED') await markAccountDisconnected(db, account, error.message, clock.now());
      const outcome = outcomeOfError(error);
      // A retried failure is one failed message, not one per attempt: an outage must not read as a failing account.
      if (outcome !== 'failed' || job.attempts <= 1) await countOutcome(outcome);
      if (!(error instanceof ChannelError)) {
        // Outcome unknown: stay `sending` so the retry reconciles; on the last attempt, say so and stop.
        if (!isLastAttempt) throw error;
        await setMessageStatus(db, organizationId, message.id, ['sending'], { status: 'unknown', error: String((error as Error).message ?? error) });
        metrics.messagesSent.inc({ channel: account.channel, outcome: 'unknown' });
        return;
      }
      if (error.code === 'RECIPIENT_INVALID' || error.code === 'REJECTED') return fail(error.message);
      if (error.code === 'AUTH_REVOKED') {
        await setMessageStatus(db, organizationId, message.id, ['sending'], { status: 'queued', error: error.message });
        throw new RetryLaterError(error.message, new Date(clock.now().getTime() + 15 * 60_000));
      }
      // The channel did not take it: back to queued, retried with backoff (or after the channel's wait).
      if (isLastAttempt) return fail(`gave up after ${job.attempts} attempts: ${error.message}`);
      await setMessageStatus(db, organizationId, message.id, ['sending'], { status: 'queued', error: error.message });
      metrics.messagesSent.inc({ channel: account.channel, outcome: 'retry' });
      if (error.code === 'RATE_LIMITED' && error.retryAfterMs) {
        throw new RetryLaterError(error.message, new Date(clock.now().getTime() + error.retryAfterMs));
      }
      throw error;
    }

    async function markSent(externalId: string, sentAt: Date) {
      const isUpdated = await db.transaction().execute(async (tx) => {
        const isUpdated = await setMessageStatus(tx, organizationId, message.id, ['queued', 'sending'], { status: 'sent', externalId, error: null, sentAt });
        if (!isUpdated) return false;
        await recordEvent(tx, {
          organizationId,
          type: 'message.sent',
          subjectType: 'message',
          subjectId: message.id,
          payload: { conversationId: conversation.id, contactId: conversation.contact_id, channel: account!.channel, externalId },
        });
        return true;
      });
      metrics.messagesSent.inc({ channel: account!.channel, outcome: 'sent' });
      // Counted once per message, by whoever moved it to `sent`.
      if (isUpdated) await countOutcome('sent');
    }
  },
});
