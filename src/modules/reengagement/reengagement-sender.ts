import { sql } from 'kysely';
import { z } from 'zod';
import { defineJob, enqueueJob } from '../../platform/jobs/job-queue.ts';
import { DateTime } from 'luxon';
import type { AppContext } from '../../platform/context.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Selectable } from 'kysely';
import type { Tx } from '../../platform/db/client.ts';
import type { ChannelType, Job, ReengagementItemsTable } from '../../platform/db/schema.ts';
import type { EventSubscriber, StoredEvent } from '../events/index.ts';
import { findOrCreateConversation, getMessage } from '../conversations/index.ts';
import { queueOutboundMessage, type OutreachReplyPayload, type ReplyListener } from '../outreach/index.ts';
import { markContactOptedOut } from '../contacts/index.ts';
import { optOutPhrases } from '../campaigns/campaign-replies.ts';
import { isOptOutMessage } from '../campaigns/engine/opt-out.ts';
import { isValidZone } from '../campaigns/engine/schedule.ts';
import { formQueue, localDate, organizationZone } from './queue-formation.service.ts';
import { ZReengagementSettings, DEFAULT_REENGAGEMENT_SETTINGS, getReengagementSettings } from './reengagement-settings.service.ts';

type Item = Selectable<ReengagementItemsTable>;

/** Sends per queue per tick at most (a sandbox account has no pace; the rest send one per pace interval). */
const MAX_SENDS_PER_TICK = 200;
/** An item claimed for sending but never marked sent (the process died) is failed after this, never re-sent. */
const STUCK_SENDING_MS = 10 * 60_000;

/**
 * Sends the due approved items of today's queues through the normal outbound path. Per queue, the right to send is
 * claimed by moving `next_send_at` forward by the account's minimum gap, and the item is claimed (approved → sending)
 * before the message is queued: two processes never send the same item, nor two items closer than the pace.
 * Returns whether more are due now.
 */
export async function sendDueItems(ctx: AppContext, organizationId: string): Promise<boolean> {
  const { db, clock } = ctx;
  const now = clock.now();
  const queues = await db
    .selectFrom('reengagement_queues')
    .select(['id', 'channel_account_id', 'min_gap_ms'])
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'ready')
    .where('window_end', '>', now)
    .where((eb) => eb.or([eb('next_send_at', 'is', null), eb('next_send_at', '<=', now)]))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('reengagement_items as i')
          .select('i.id')
          .whereRef('i.queue_id', '=', 'reengagement_queues.id')
          .where('i.organization_id', '=', organizationId)
          .where('i.status', '=', 'approved')
          .where('i.scheduled_at', '<=', now),
      ),
    )
    .execute();
  let more = false;
  for (const queue of queues) {
    if (!queue.channel_account_id) continue;
    const account = await db.selectFrom('channel_accounts').selectAll().where('organization_id', '=', organizationId).where('id', '=', queue.channel_account_id).executeTakeFirst();
    // A paused or disconnected account sends nothing; the items wait (and expire with the day's window).
    if (!account || account.status !== 'active') continue;
    const adapter = ctx.channels.get(account.channel);
    if (!adapter) continue;
    for (let sent = 0; sent < MAX_SENDS_PER_TICK; sent++) {
      const at = clock.now();
      const slot = await db
        .updateTable('reengagement_queues')
        .set({ next_send_at: new Date(at.getTime() + queue.min_gap_ms) })
        .where('organization_id', '=', organizationId)
        .where('id', '=', queue.id)
        .where((eb) => eb.or([eb('next_send_at', 'is', null), eb('next_send_at', '<=', at)]))
        .returning('id')
        .executeTakeFirst();
      if (!slot) break;
      const claimed = await sql<Item>`
        UPDATE reengagement_items SET status = 'sending', updated_at = ${at}
        WHERE id = (
          SELECT id FROM reengagement_items
          WHERE organization_id = ${organizationId} AND queue_id = ${queue.id} AND status = 'approved' AND scheduled_at <= ${at}
          ORDER BY scheduled_at, rank LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING *`.execute(db);
      const item = claimed.rows[0];
      if (!item) {
        // Nothing was due after all: give the pace slot back.
        await db.updateTable('reengagement_queues').set({ next_send_at: null }).where('organization_id', '=', organizationId).where('id', '=', queue.id).execute();
        break;
      }
      await sendItem(ctx, item, account, adapter.chatIdForContact.bind(adapter));
      // Paced accounts send one item per gap; the next is due on a later tick.
      if (queue.min_gap_ms > 0) break;
      more = true;
    }
  }
  return more;
}

async function sendItem(
  ctx: AppContext,
  item: Item,
  account: { id: string; channel: ChannelType },
  chatIdFor: (contact: { id: string; phone_e164: string | null; telegram_id: string | null; telegram_username: string | null }) => string | null,
): Promise<void> {
  const { db, clock } = ctx;
  const organizationId = item.organization_id;
  const finish = (values: Partial<{ status: Item['status']; error: string | null; message_id: string; conversation_id: string; sent_at: Date }>) =>
    db
      .updateTable('reengagement_items')
      .set({ ...values, updated_at: clock.now() })
      .where('organization_id', '=', organizationId)
      .where('id', '=', item.id)
      .where('status', '=', 'sending')
      .execute();
  try {
    const contact = await db.selectFrom('contacts').selectAll().where('organization_id', '=', organizationId).where('id', '=', item.contact_id).executeTakeFirst();
    if (!contact) return void (await finish({ status: 'cancelled', error: 'the contact was deleted' }));
    if (contact.opted_out_at) return void (await finish({ status: 'cancelled', error: 'the contact opted out' }));
    const chatId = chatIdFor(contact);
    if (!chatId) return void (await finish({ status: 'failed', error: 'the contact has no address on this channel' }));
    const conversation = await findOrCreateConversation(db, organizationId, { channel: account.channel, channelAccountId: account.id, externalChatId: chatId }, { contactId: contact.id });
    const message = await queueOutboundMessage(
      db,
      organizationId,
      {
        conversationId: conversation.id,
        body: item.message,
        authorUserId: item.reviewed_by_user_id,
        authorName: 'Re-engagement',
        metadata: { reengagementItemId: item.id },
        origin: 'reengagement',
      },
      clock.now(),
    );
    await finish({ status: 'sent', message_id: message.id, conversation_id: conversation.id, sent_at: message.sent_at, error: null });
  } catch (error) {
    await finish({ status: 'failed', error: error instanceof Error ? error.message.slice(0, 300) : String(error) });
  }
}

/** Outreach's reply listener of re-engagement (`outreach.reply`). */
export function reengagementReplyListener(clock: Clock): ReplyListener {
  return (organizationId, reply, tx) => onReply(organizationId, reply, tx, clock.now());
}

/**
 * Outbox subscriber, in the dispatch transaction: a client's message (`outreach.reply`) after our send marks the item replied (the
 * time to reply is replied_at − sent_at); an opt-out phrase also opts the contact out; a client who writes before
 * their message went out is no longer quiet, so the unsent item is cancelled. A move of the lead to a later (not
 * lost) stage within the conversion window of a send is a conversion. A failed send marks the item failed.
 */
export function reengagementEventSubscriber(clock: Clock): EventSubscriber {
  return async (event, tx) => {
    if (event.type === 'lead.stage_changed') await onStageChanged(event, tx, clock.now());
    else if (event.type === 'message.failed' && event.subjectId) {
      await tx
        .updateTable('reengagement_items')
        .set({ status: 'failed', error: 'the channel reported the message as failed', updated_at: clock.now() })
        .where('organization_id', '=', event.organizationId)
        .where('message_id', '=', event.subjectId)
        .where('status', '=', 'sent')
        .execute();
    }
  };
}

async function onStageChanged(event: StoredEvent, tx: Tx, now: Date): Promise<void> {
  if (!event.subjectId) return;
  const organizationId = event.organizationId;
  const settings = await getReengagementSettings(tx, organizationId);
  await sql`
    UPDATE reengagement_items i SET status = CASE WHEN i.status = 'no_reply' OR i.status = 'sent' OR i.status = 'replied' THEN 'converted' ELSE i.status END,
      converted_at = ${now}, updated_at = ${now}
    FROM leads l JOIN pipeline_stages s ON s.organization_id = l.organization_id AND s.id = l.stage_id
    WHERE i.organization_id = ${organizationId} AND i.lead_id = ${event.subjectId}
      AND l.organization_id = ${organizationId} AND l.id = i.lead_id
      AND i.status IN ('sent', 'replied', 'no_reply') AND i.converted_at IS NULL
      AND i.sent_at <= ${now}::timestamptz AND i.sent_at > ${now}::timestamptz - make_interval(days => ${settings.conversionWindowDays})
      AND s.position > i.stage_position AND s.kind <> 'lost'`.execute(tx);
}

async function onReply(organizationId: string, reply: OutreachReplyPayload, tx: Tx, now: Date): Promise<void> {
  const { contactId } = reply;
  const known = await tx
    .selectFrom('reengagement_items')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('contact_id', '=', contactId)
    .where('status', 'in', ['pending_review', 'approved', 'sent', 'no_reply', 'converted', 'replied'])
    .limit(1)
    .executeTakeFirst();
  if (!known) return;
  const at = new Date(reply.receivedAt);
  const text = reply.text;
  const optOut = isOptOutMessage(text, await optOutPhrases(tx, organizationId));
  const replied = await tx
    .updateTable('reengagement_items')
    .set((eb) => ({
      status: eb.case().when('status', 'in', ['sent', 'no_reply']).then(sql.lit('replied')).else(eb.ref('status')).end() as never,
      replied_at: at,
      reply_message_id: reply.messageId,
      opted_out: optOut,
      updated_at: now,
    }))
    .where('organization_id', '=', organizationId)
    .where('contact_id', '=', contactId)
    .where('status', 'in', ['sent', 'no_reply', 'converted'])
    .where('replied_at', 'is', null)
    .where('sent_at', '<', at)
    .returning('id')
    .execute();
  await tx
    .updateTable('reengagement_items')
    .set({ status: 'cancelled', error: 'the client wrote before the message went out', updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('contact_id', '=', contactId)
    .where('status', 'in', ['pending_review', 'approved'])
    .execute();
  if (optOut && replied.length > 0) await markContactOptedOut(tx, organizationId, contactId, 'opt-out reply', now);
}

/**
 * What came of the sends, set-based per organization: a send with no reply within the reply window is `no_reply`; items of a day
 * whose window closed unsent expire; an item stuck in `sending` (its process died) is failed, never re-sent.
 */
export async function sweepOutcomes(ctx: AppContext, organizationId: string, settings: { replyWindowDays: number }): Promise<void> {
  const { db, clock } = ctx;
  const now = clock.now();
  await db
    .updateTable('reengagement_items')
    .set({ status: 'no_reply', updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'sent')
    .where('sent_at', '<', new Date(now.getTime() - settings.replyWindowDays * 86_400_000))
    .execute();
  await db
    .updateTable('reengagement_items')
    .set({ status: 'expired', updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('status', 'in', ['pending_review', 'approved'])
    .where((eb) =>
      eb('queue_id', 'in', eb.selectFrom('reengagement_queues').select('id').where('organization_id', '=', organizationId).where('window_end', '<=', now)),
    )
    .execute();
  await db
    .updateTable('reengagement_items')
    .set({ status: 'failed', error: 'interrupted while sending; not retried so that nothing is sent twice', updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'sending')
    .where('updated_at', '<', new Date(now.getTime() - STUCK_SENDING_MS))
    .execute();
}

/**
 * The periodic task of the module: has each enabled organization's queue formed (a job) once its local time passes
 * `formAt` on a sending day, sends what is due, and sweeps outcomes. Safe in any number of processes (see formQueue/sendDueItems).
 */
export async function runReengagement(ctx: AppContext): Promise<boolean> {
  const { db, clock } = ctx;
  const now = clock.now();
  const rows = await db
    .selectFrom('reengagement_settings as s')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .select(['s.organization_id', 's.settings', 'o.timezone'])
    .execute();
  const active = await db
    .selectFrom('reengagement_queues')
    .select('organization_id')
    .distinct()
    .where('created_at', '>', new Date(now.getTime() - 130 * 86_400_000))
    .execute();
  const organizations = new Map<string, { settings: typeof DEFAULT_REENGAGEMENT_SETTINGS; zone: string }>();
  for (const row of rows) {
    const parsed = ZReengagementSettings.safeParse({ ...DEFAULT_REENGAGEMENT_SETTINGS, ...row.settings });
    organizations.set(row.organization_id, { settings: parsed.success ? parsed.data : DEFAULT_REENGAGEMENT_SETTINGS, zone: isValidZone(row.timezone) ? row.timezone : 'UTC' });
  }
  let more = false;
  for (const [organizationId, { settings, zone }] of organizations) {
    if (!settings.enabled) continue;
    const local = DateTime.fromJSDate(now, { zone });
    if (!settings.daysOfWeek.includes(local.weekday) || local.toFormat('HH:mm') < settings.formAt) continue;
    const date = localDate(now, zone);
    const exists = await db.selectFrom('reengagement_queues').select('id').where('organization_id', '=', organizationId).where('queue_date', '=', date).executeTakeFirst();
    // Formation (with a model: one call per lead) runs as a job, so it never holds up the loop's periodic tasks.
    if (!exists) await enqueueJob(db, REENGAGEMENT_FORM_TASK, { date }, { organizationId, jobKey: `reengagement:form:${organizationId}:${date}`, runAt: now });
  }
  const ids = new Set([...active.map((r) => r.organization_id), ...organizations.keys()]);
  for (const organizationId of ids) {
    try {
      if (await sendDueItems(ctx, organizationId)) more = true;
      const settings = organizations.get(organizationId)?.settings ?? DEFAULT_REENGAGEMENT_SETTINGS;
      await sweepOutcomes(ctx, organizationId, settings);
    } catch (error) {
      ctx.logger.error({ err: error, organizationId }, 're-engagement tick failed');
    }
  }
  return more;
}

export const REENGAGEMENT_FORM_TASK = 'reengagement.form';

/**
 * Forms an organization's queue of the day (a no-op when it exists: formQueue claims the day first). Enqueued by the
 * periodic task at `formAt`, and by "form the queue now" (`retryFailed`: a failed queue of the day is formed again).
 */
export const reengagementFormJob = defineJob({
  task: REENGAGEMENT_FORM_TASK,
  payload: z.object({ date: z.string(), retryFailed: z.boolean().optional() }),
  leaseMs: 60_000, // renewed by the runner's heartbeat while it runs: a crash is taken over within a minute
  async handler({ payload, job, ctx }: { payload: { date: string; retryFailed?: boolean | undefined }; job: Job; ctx: AppContext }) {
    const organizationId = job.organization_id!;
    const zone = await organizationZone(ctx.db, organizationId);
    // A job that runs after the local midnight would form the next day's queue: that one is formed by its own job.
    if (localDate(ctx.clock.now(), zone) !== payload.date) return;
    await formQueue(ctx, organizationId, { retryFailed: payload.retryFailed ?? false });
  },
});

export function reengagementTask(ctx: AppContext) {
  return { name: 'reengagement', everyMs: 10_000, run: () => runReengagement(ctx) };
}
