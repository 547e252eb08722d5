import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { Db, Tx } from '../../platform/db/client.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Job } from '../../platform/db/schema.ts';
import { defineJob, enqueueJob, RetryLaterError } from '../../platform/jobs/job-queue.ts';
import type { EventSubscriber, StoredEvent } from '../events/index.ts';
import { recordAiCall } from '../ai/index.ts';
import { getConversation, getMessage, loadDialog } from '../conversations/index.ts';
import { queueOutboundMessage, type OutreachReplyPayload, type ReplyListener } from '../outreach/index.ts';
import { findLeadForContact, getDefaultPipeline, updateLead } from '../pipelines/index.ts';
import { getBusinessProfile, getBoardLead } from '../analysis/index.ts';
import { notify } from '../notifications/index.ts';
import { getAccountHealth } from '../channels/index.ts';
import { isWithinWindow, nextWindowOpening, type CampaignSchedule } from '../campaigns/engine/schedule.ts';
import { buildAutopilotRequest, MIN_CONFIDENCE } from './engine/autopilot-reply.ts';
import { getAutopilotSettings, handoverPhrasesOf, type AutopilotSettings } from './autopilot-settings.service.ts';

export const AUTOPILOT_REPLY_TASK = 'autopilot.reply';
/** How much of the conversation the autopilot reads before answering. */
const DIALOG_TAIL = 40;

function windowOf(settings: AutopilotSettings, timezone: string): CampaignSchedule | null {
  if (!settings.workingHours) return null;
  return { timezone, workingHours: { start: settings.workingHours.start, end: settings.workingHours.end }, daysOfWeek: settings.workingHours.daysOfWeek, useContactTimezone: false, jitterMinutes: 0 };
}

async function organizationTimezone(db: Db | Tx, organizationId: string): Promise<string> {
  const row = await db.selectFrom('organizations').select('timezone').where('id', '=', organizationId).executeTakeFirst();
  return row?.timezone ?? 'UTC';
}

/** Outreach's reply listener of the autopilot (`outreach.reply`, a conversation's first message too). */
export function autopilotReplyListener(clock: Clock): ReplyListener {
  return (organizationId, reply, tx) => scheduleReply(organizationId, reply, tx, clock.now());
}

/**
 * Outbox subscriber: a client's message (`outreach.reply`, a conversation's first message too) to a lead on autopilot schedules a reply after the typing delay (inside
 * working hours); a new lead takes the organization's default. Runs in the dispatch transaction.
 */
export function autopilotEventSubscriber(clock: Clock): EventSubscriber {
  return async (event, tx) => {
    if (event.type === 'lead.created') await applyDefault(event, tx);
  };
}

async function scheduleReply(organizationId: string, reply: OutreachReplyPayload, tx: Tx, now: Date): Promise<void> {
  const { contactId, messageId } = reply;
  const onAutopilot = await tx
    .selectFrom('leads')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('contact_id', '=', contactId)
    .where('autopilot', '=', true)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  if (!onAutopilot) return;
  const settings = await getAutopilotSettings(tx, organizationId);
  const zone = await organizationTimezone(tx, organizationId);
  const due = nextWindowOpening(new Date(now.getTime() + settings.typingDelaySeconds * 1000), windowOf(settings, zone), zone);
  await enqueueJob(tx, AUTOPILOT_REPLY_TASK, { messageId }, { organizationId, jobKey: `autopilot:${messageId}`, runAt: due, maxAttempts: 5 });
}

async function applyDefault(event: StoredEvent, tx: Tx): Promise<void> {
  if (!event.subjectId) return;
  const settings = await getAutopilotSettings(tx, event.organizationId);
  if (!settings.defaultOn) return;
  await tx.updateTable('leads').set({ autopilot: true }).where('organization_id', '=', event.organizationId).where('id', '=', event.subjectId).execute();
}

type Outcome = 'replied' | 'handed_over' | 'skipped';

/**
 * Claims the decision for one inbound message before acting on it (unique per message), so a retried or
 * duplicated job never sends a second reply: a crash after the claim loses at most this one reply.
 */
async function claimDecision(db: Db, organizationId: string, input: { conversationId: string; leadId: string | null; messageId: string; outcome: Outcome; reason: string; provider?: string; model?: string; fallbackReason?: string | null }): Promise<string | null> {
  const row = await db
    .insertInto('autopilot_replies')
    .values({
      organization_id: organizationId,
      conversation_id: input.conversationId,
      lead_id: input.leadId,
      trigger_message_id: input.messageId,
      outcome: input.outcome,
      reason: input.reason.slice(0, 300),
      provider: input.provider ?? null,
      model: input.model ?? null,
      fallback_reason: input.fallbackReason ?? null,
    })
    .onConflict((oc) => oc.column('trigger_message_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export const autopilotReplyJob = defineJob({
  task: AUTOPILOT_REPLY_TASK,
  payload: z.object({ messageId: z.string() }),
  leaseMs: 5 * 60_000,
  async handler({ payload, job, ctx }: { payload: { messageId: string }; job: Job; ctx: AppContext }) {
    const { db, clock, ai } = ctx;
    const organizationId = job.organization_id!;
    const trigger = await getMessage(db, organizationId, payload.messageId).catch(() => null);
    if (!trigger || trigger.direction !== 'inbound') return;
    const conversation = await getConversation(db, organizationId, trigger.conversation_id);
    const skip = (leadId: string | null, reason: string) => claimDecision(db, organizationId, { conversationId: conversation.id, leadId, messageId: trigger.id, outcome: 'skipped', reason });
    if (!conversation.contact_id || !conversation.channel_account_id) return void (await skip(null, 'no channel to answer on'));
    if (conversation.contact_opted_out_at) return void (await skip(null, 'the contact opted out'));
    const pipeline = await getDefaultPipeline(db, organizationId);
    const lead = await findLeadForContact(db, organizationId, conversation.contact_id, pipeline.id);
    if (!lead || !lead.autopilot) return void (await skip(lead?.id ?? null, 'autopilot is off for this lead'));

    const later = await db
      .selectFrom('messages')
      .select(['direction'])
      .where('organization_id', '=', organizationId)
      .where('conversation_id', '=', conversation.id)
      .where('kind', '<>', 'system')
      .where((eb) => eb.or([eb('sent_at', '>', trigger.sent_at), eb.and([eb('sent_at', '=', trigger.sent_at), eb('id', '>', trigger.id)])]))
      .execute();
    // A newer client message has its own job, which answers both; a person (or the autopilot) already answered.
    if (later.some((m) => m.direction === 'inbound')) return void (await skip(lead.id, 'a newer message will be answered'));
    if (later.some((m) => m.direction === 'outbound')) return void (await skip(lead.id, 'already answered'));

    const settings = await getAutopilotSettings(db, organizationId);
    const zone = await organizationTimezone(db, organizationId);
    const window = windowOf(settings, zone);
    const now = clock.now();
    if (!isWithinWindow(now, window, zone)) throw new RetryLaterError('outside working hours', nextWindowOpening(now, window, zone));

    // The account's limits hold for automatic replies too: past the hourly cap the reply waits for the next hour;
    // a paused account or a spent daily allowance leaves the client to a person, who can still answer by hand.
    const health = await getAccountHealth(db, organizationId, conversation.channel_account_id, now);
    if (health.today.hourlyCap !== null && health.today.sentThisHour >= health.today.hourlyCap) {
      throw new RetryLaterError('the account reached its hourly cap', new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 + 3_600_000));
    }
    const blocked =
      health.accountStatus !== 'active'
        ? `the sending account is ${health.accountStatus}`
        : health.today.allowed !== null && health.today.sent >= health.today.allowed
          ? `the sending account reached today's limit (${health.today.allowed} messages)`
          : null;
    if (blocked) {
      const claimed = await claimDecision(db, organizationId, { conversationId: conversation.id, leadId: lead.id, messageId: trigger.id, outcome: 'handed_over', reason: blocked });
      if (!claimed) return;
      await handOver(ctx, organizationId, lead.id, conversation, blocked);
      return;
    }

    const [profile, board, dialog] = await Promise.all([
      getBusinessProfile(db, organizationId),
      getBoardLead(db, organizationId, lead.id),
      loadDialog(db, organizationId, conversation.id, DIALOG_TAIL),
    ]);
    const { provider } = await ai.providerFor(db, organizationId);
    const request = buildAutopilotRequest({
      messages: dialog.filter((line) => line.text).map((line) => ({ from: line.direction === 'inbound' ? 'client' : 'business', text: line.text })),
      brief: profile.brief,
      faq: settings.faq,
      handoverPhrases: handoverPhrasesOf(settings),
      analysisSummary: board.analysis?.summary ?? null,
      nextAction: board.analysis?.nextAction ?? null,
    });
    const result = await provider.generateJson(request);
    await recordAiCall(db, organizationId, result, request.task);
    const decision = result.value;
    const confident = decision.action === 'reply' && decision.text.trim() !== '' && decision.confidence >= MIN_CONFIDENCE;
    const meta = { provider: result.provider, model: result.model, fallbackReason: result.fallbackReason ?? null };

    if (confident) {
      const claimed = await claimDecision(db, organizationId, { conversationId: conversation.id, leadId: lead.id, messageId: trigger.id, outcome: 'replied', reason: decision.reason, ...meta });
      if (!claimed) return;
      const reply = await queueOutboundMessage(
        db,
        organizationId,
        { conversationId: conversation.id, body: decision.text.trim(), authorUserId: null, authorName: 'Autopilot', metadata: { autopilot: true, replyTo: trigger.id, reason: decision.reason, ownHours: window !== null }, origin: 'autopilot' },
        clock.now(),
      );
      await db.updateTable('autopilot_replies').set({ reply_message_id: reply.id }).where('id', '=', claimed).execute();
      return;
    }

    const reason = decision.action === 'handover' ? decision.reason : `unsure (${decision.reason})`;
    const claimed = await claimDecision(db, organizationId, { conversationId: conversation.id, leadId: lead.id, messageId: trigger.id, outcome: 'handed_over', reason, ...meta });
    if (!claimed) return;
    await handOver(ctx, organizationId, lead.id, conversation, reason);
  },
});

/** Autopilot off for the lead, and the team told who needs a person and why. */
async function handOver(ctx: AppContext, organizationId: string, leadId: string, conversation: { id: string; contact_name: string | null }, reason: string): Promise<void> {
  await updateLead(ctx.db, organizationId, leadId, { autopilot: false }, { userId: null, source: 'autopilot' }, ctx.clock.now());
  await notify(ctx.db, organizationId, {
    kind: 'autopilot.handover',
    title: `${conversation.contact_name ?? 'A client'} needs a person`,
    body: `Autopilot handed over: ${reason}. Autopilot is now off for this lead.`,
    subjectType: 'conversation',
    subjectId: conversation.id,
    link: `/conversations/${conversation.id}`,
  });
}
