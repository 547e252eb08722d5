import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Job } from '../../platform/db/schema.ts';
import { defineJob, RetryLaterError } from '../../platform/jobs/job-queue.ts';
import { adapterFor } from '../channels/channel-adapter.ts';
import { upsertOutboundConversations } from '../conversations/index.ts';
import { queueOutboundMessage } from '../outreach/index.ts';
import { getOrganization } from '../orgs/index.ts';
import { isInSendWindow, nextSendOpening } from './engine/send-plan.ts';
import { closeCampaignIfNothingSent, REACTIVATION_SEND_TASK, refreshStaleOffer } from './queue.service.ts';
import { getReactivationSettings } from './reactivation-settings.service.ts';
import { usableAccounts } from './sending-account.ts';

const HOLD_MS = 60 * 60_000;

/**
 * Sends one approved or scheduled offer at its time, through the conversations module's outbound path (the message
 * is queued and the dispatch job delivers it, like the autopilot's replies). Before sending it checks again what may
 * have changed since the queue was formed: the send window, the client opting out, booking directly (edge case 4),
 * joining another active campaign (edge case 5), and the sending account — paused or banned accounts are passed
 * over for another usable one, and with none the offer is held and retried (edge case 6). The claim
 * (`send_claimed_at`, set once) comes right before the message is queued, so a retried or duplicated job never
 * sends twice.
 */
export const reactivationSendJob = defineJob({
  task: REACTIVATION_SEND_TASK,
  payload: z.object({ attemptId: z.string() }),
  maxAttempts: 20,
  async handler({ payload, job, ctx }: { payload: { attemptId: string }; job: Job; ctx: AppContext }) {
    const { db, clock } = ctx;
    const organizationId = job.organization_id!;
    const attempt = await db.selectFrom('reactivation_attempts').selectAll().where('organization_id', '=', organizationId).where('id', '=', payload.attemptId).executeTakeFirst();
    if (!attempt || !['approved', 'scheduled'].includes(attempt.status) || attempt.send_claimed_at) return;
    const now = clock.now();
    const [settings, organization] = await Promise.all([getReactivationSettings(db, organizationId), getOrganization(db, organizationId)]);
    const zone = organization.timezone;
    if (attempt.scheduled_at && attempt.scheduled_at > now) throw new RetryLaterError('not yet', attempt.scheduled_at);
    if (!isInSendWindow(now, settings.sendWindow, zone)) throw new RetryLaterError('outside the send window', nextSendOpening(now, settings.sendWindow, zone));

    const skip = async (reason: string, campaignStatus: 'cancelled' | 'booked_direct' = 'cancelled') => {
      await db.updateTable('reactivation_attempts').set({ status: 'skipped', reason, updated_at: now }).where('id', '=', attempt.id).where('send_claimed_at', 'is', null).execute();
      await closeCampaignIfNothingSent(db, organizationId, attempt.client_campaign_id, now, campaignStatus);
    };
    const contact = await db
      .selectFrom('contacts')
      .select(['id', 'phone_e164', 'telegram_id', 'telegram_username', 'opted_out_at'])
      .where('organization_id', '=', organizationId)
      .where('id', '=', attempt.contact_id)
      .executeTakeFirst();
    if (!contact) return;
    if (contact.opted_out_at) {
      await db.updateTable('reactivation_attempts').set({ status: 'skipped', reason: 'the client opted out', updated_at: now }).where('id', '=', attempt.id).execute();
      await db.updateTable('reactivation_campaigns').set({ status: 'opted_out', closed_at: now, next_attempt_at: null, updated_at: now }).where('id', '=', attempt.client_campaign_id).where('organization_id', '=', organizationId).execute();
      return;
    }
    const booked = await db
      .selectFrom('booking_appointments')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('contact_id', '=', contact.id)
      .where('status', '=', 'booked')
      .where('start_at', '>', now)
      .executeTakeFirst();
    if (booked) return void (await skip('the client booked directly before the offer went out'));
    const otherCampaign = await db
      .selectFrom('campaign_participants as p')
      .innerJoin('campaigns as c', (j) => j.onRef('c.id', '=', 'p.campaign_id').onRef('c.organization_id', '=', 'p.organization_id'))
      .select('c.name')
      .where('p.organization_id', '=', organizationId)
      .where('p.contact_id', '=', contact.id)
      .where((eb) =>
        eb.or([
          // still going on in an active campaign…
          eb.and([eb('c.status', '=', 'active'), eb('p.status', 'in', ['pending', 'sent', 'delivered']), eb('p.finished_at', 'is', null)]),
          // …or written to by one recently: one conversation at a time.
          eb('p.last_sent_at', '>', new Date(now.getTime() - settings.recentContactDays * 86_400_000)),
        ]),
      )
      .executeTakeFirst();
    if (otherCampaign) return void (await skip(`the client is in another active campaign (${otherCampaign.name}); one conversation at a time`));

    const accounts = await usableAccounts(ctx, organizationId, settings, now);
    const choice = accounts
      .map((a) => ({ ...a, chatId: adapterFor(ctx.channels, a.channel).chatIdForContact(contact) }))
      .find((a) => a.chatId && (a.remainingToday === null || a.remainingToday > 0));
    if (!choice) {
      const reason = accounts.length === 0 ? 'held: no active sending account (paused or banned)' : 'held: the sending accounts reached today’s allowance or cannot reach the client';
      await db.updateTable('reactivation_attempts').set({ reason, updated_at: now }).where('id', '=', attempt.id).execute();
      throw new RetryLaterError(reason, nextSendOpening(new Date(now.getTime() + HOLD_MS), settings.sendWindow, zone));
    }

    if (!(await refreshStaleOffer(ctx, organizationId, attempt.id, now))) {
      return void (await skip('the offered times passed and nothing else is free this week'));
    }
    const current = await db.selectFrom('reactivation_attempts').select(['message', 'slots']).where('id', '=', attempt.id).executeTakeFirstOrThrow();
    attempt.message = current.message;
    attempt.slots = current.slots;

    const claimed = await db
      .updateTable('reactivation_attempts')
      .set({ send_claimed_at: now, updated_at: now })
      .where('id', '=', attempt.id)
      .where('organization_id', '=', organizationId)
      .where('send_claimed_at', 'is', null)
      .where('status', 'in', ['approved', 'scheduled'])
      .returning('id')
      .executeTakeFirst();
    if (!claimed) return;
    const switched = settings.channelAccountId && choice.id !== settings.channelAccountId ? `sent from ${choice.account.name}: the configured account is paused or unavailable` : null;
    try {
      const conversations = await upsertOutboundConversations(db, organizationId, { id: choice.id, channel: choice.channel }, [{ externalChatId: choice.chatId!, contactId: contact.id, body: attempt.message }], now);
      const conversationId = conversations.get(choice.chatId!)!;
      const message = await queueOutboundMessage(
        db,
        organizationId,
        { conversationId, body: attempt.message, authorUserId: null, authorName: 'Reactivation', metadata: { reactivationAttemptId: attempt.id }, origin: 'reactivation' },
        now,
      );
      await db
        .updateTable('reactivation_attempts')
        .set({ status: 'sent', sent_at: now, channel_account_id: choice.id, conversation_id: conversationId, message_id: message.id, reason: switched, updated_at: now })
        .where('id', '=', attempt.id)
        .execute();
      await db
        .updateTable('reactivation_campaigns')
        .set({ status: 'active', last_attempt_at: now, next_attempt_at: new Date(now.getTime() + settings.attemptSpacingDays * 86_400_000), offered_slots: JSON.stringify(attempt.slots), updated_at: now })
        .where('organization_id', '=', organizationId)
        .where('id', '=', attempt.client_campaign_id)
        .where('status', 'in', ['queued', 'active', 'responded'])
        .execute();
    } catch (error) {
      await db.updateTable('reactivation_attempts').set({ status: 'failed', reason: (error as Error).message.slice(0, 500), updated_at: now }).where('id', '=', attempt.id).execute();
      await closeCampaignIfNothingSent(db, organizationId, attempt.client_campaign_id, now);
    }
  },
});
