import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Job } from '../../platform/db/schema.ts';
import { defineJob, RetryLaterError } from '../../platform/jobs/job-queue.ts';
import { recordEvent } from '../events/index.ts';
import { getConversation, getMessage } from '../conversations/index.ts';
import { MESSAGE_DISPATCH_TASK } from './outreach-tasks.ts';
import { adapterContext, adapterFor, ChannelError, getChannelAccount, markAccountDisconnected, outcomeOfError, recordSendOutcome, type MessageTemplate, type SendOutcome } from '../channels/index.ts';
import { getContact } from '../contacts/index.ts';
import { readAttachmentBytes } from '../media/index.ts';
import { getOrganization } from '../orgs/index.ts';
import { counterWindows, effectiveLimits } from './engine/budget.ts';
import { allowanceToday } from './budget.service.ts';
import { keepsQuietHours, originOfMetadata, priorityOf } from './engine/origin.ts';
import { isInsideWindow, nextOpening, recipientZone, resolveWindow, type SendWindow } from './engine/quiet-hours.ts';
import { getBudgetRow, releaseSends, reserveSend } from './budget.repository.ts';
import { setOutboundStatus } from './outbound.service.ts';
import { getOrganizationSendWindow } from './settings.service.ts';

/**
 * Sends one queued outbound message: `queued → sending → sent | failed | unknown`. Before the channel is called
 * the message keeps the quiet hours (automated origins) and takes one send from the account's budget (its pace,
 * caps and warm-up, counted over every send of the account); without a slot the job comes back when there is one.
 * The row is `sending` before the channel is called, so a crash mid-call is visible on the next attempt: the
 * channel is asked whether the message went out and, if it cannot tell, the message becomes `unknown` — never sent twice.
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
      await setOutboundStatus(db, organizationId, message.id, ['queued', 'sending'], { status: 'failed', error });
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
        await setOutboundStatus(db, organizationId, message.id, ['sending'], { status: 'unknown', error: 'send was interrupted and the channel cannot tell whether it went out' });
        metrics.messagesSent.inc({ channel: account.channel, outcome: 'unknown' });
        return;
      }
      // The channel says it never got it: sending again is safe.
    }

    if (account.status !== 'active') {
      throw new RetryLaterError(`channel account is ${account.status}`, new Date(clock.now().getTime() + 5 * 60_000));
    }
    const metadata = (message.metadata ?? {}) as Record<string, unknown>;
    const origin = originOfMetadata(metadata);
    if (origin !== 'manual' && conversation.contact_opted_out_at) return fail('the contact opted out');
    const [organization, budget] = await Promise.all([getOrganization(db, organizationId), getBudgetRow(db, organizationId, account.id)]);
    const now = clock.now();

    if (keepsQuietHours(origin, { autopilotHasOwnHours: metadata.ownHours === true })) {
      const contact = conversation.contact_id ? await getContact(db, organizationId, conversation.contact_id).catch(() => null) : null;
      const zone = recipientZone((contact?.custom_fields as { timezone?: unknown } | null)?.timezone, organization.timezone);
      const window = resolveWindow(await getOrganizationSendWindow(db, organizationId), (budget?.send_window ?? null) as SendWindow | null);
      if (!isInsideWindow(now, window, zone)) throw new RetryLaterError('quiet hours', nextOpening(now, window, zone));
    }

    // A composer upload travels as its bytes; a file deleted meanwhile cannot be sent.
    const file = message.media?.mediaId && !message.media.url ? await readAttachmentBytes(db, organizationId, message.media.mediaId) : null;
    if (message.media?.mediaId && !message.media.url && !file) return fail('the attached file is no longer stored');

    const decision = await reserveSend(db, {
      organizationId,
      account,
      priority: priorityOf(origin),
      now,
      zone: organization.timezone,
      allowance: await allowanceToday(db, organizationId, account, effectiveLimits(account.channel, budget?.limits), now),
    });
    if (decision.kind === 'wait') throw new RetryLaterError(`sending budget: ${decision.reason}`, decision.until);
    const taken = counterWindows(now, organization.timezone);
    const giveBack = () => releaseSends(db, { organizationId, accountId: account.id, count: 1, hourStart: taken.hourStart, dayStart: taken.dayStart });

    await setOutboundStatus(db, organizationId, message.id, ['queued', 'sending'], { status: 'sending' });
    try {
      const template = (metadata as { template?: MessageTemplate }).template ?? null;
      const sent = await adapter.send(
        account,
        { clientRef: message.id, externalChatId: conversation.external_chat_id, text: message.body, media: message.media, file, template },
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
        await setOutboundStatus(db, organizationId, message.id, ['sending'], { status: 'unknown', error: String((error as Error).message ?? error) });
        metrics.messagesSent.inc({ channel: account.channel, outcome: 'unknown' });
        return;
      }
      // The channel did not take it: it does not count against the account's budget.
      await giveBack();
      if (error.code === 'RECIPIENT_INVALID' || error.code === 'REJECTED') return fail(error.message);
      if (error.code === 'AUTH_REVOKED') {
        await setOutboundStatus(db, organizationId, message.id, ['sending'], { status: 'queued', error: error.message });
        throw new RetryLaterError(error.message, new Date(clock.now().getTime() + 15 * 60_000));
      }
      // The channel did not take it: back to queued, retried with backoff (or after the channel's wait).
      if (isLastAttempt) return fail(`gave up after ${job.attempts} attempts: ${error.message}`);
      await setOutboundStatus(db, organizationId, message.id, ['sending'], { status: 'queued', error: error.message });
      metrics.messagesSent.inc({ channel: account.channel, outcome: 'retry' });
      if (error.code === 'RATE_LIMITED' && error.retryAfterMs) {
        throw new RetryLaterError(error.message, new Date(clock.now().getTime() + error.retryAfterMs));
      }
      throw error;
    }

    async function markSent(externalId: string, sentAt: Date) {
      const isUpdated = await db.transaction().execute(async (tx) => {
        const isUpdated = await setOutboundStatus(tx, organizationId, message.id, ['queued', 'sending'], { status: 'sent', externalId, error: null, sentAt });
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
