import { z } from 'zod';
import type { AppContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db/client.ts';
import type { Job } from '../../../platform/db/schema.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { iso } from '../../../platform/http/pagination.ts';
import { defineJob, enqueueJob } from '../../../platform/jobs/job-queue.ts';
import { adapterContext } from '../adapter-context.ts';
import { ChannelError } from '../channel-adapter.ts';
import { getChannelAccount } from '../channel-accounts.service.ts';
import { keepMember, listGroupMembers, storeGroupMembers, type MemberFilters } from './telegram-user.dialogs.ts';
import type { TelegramUserAdapter } from './telegram-user.adapter.ts';

export const TELEGRAM_MEMBER_READ_TASK = 'telegram.member-read';

type ReadRow = Awaited<ReturnType<typeof findRead>>;

async function findRead(db: Db, organizationId: string, accountId: string, readId: string) {
  const row = await db
    .selectFrom('telegram_member_reads')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('channel_account_id', '=', accountId)
    .where('id', '=', readId)
    .executeTakeFirst();
  if (!row) throw notFound('member read');
  return row;
}

/** What the web app follows: members read of Telegram's total, kept after the filters, contacts created. */
export function toMemberReadDto(row: ReadRow) {
  return {
    id: row.id,
    groupId: row.group_id,
    groupTitle: row.group_title,
    filters: row.filters as MemberFilters,
    status: row.status,
    total: row.total,
    read: row.read_count,
    kept: row.kept_count,
    created: row.created_count,
    retryAfterSeconds: row.retry_after_seconds,
    error: row.error,
    createdAt: iso(row.created_at)!,
    finishedAt: iso(row.finished_at),
  };
}

export async function getMemberRead(db: Db, organizationId: string, accountId: string, readId: string) {
  return toMemberReadDto(await findRead(db, organizationId, accountId, readId));
}

/** Queues a read of a group's members; the job reads it page by page. */
export async function startMemberRead(db: Db, input: { organizationId: string; accountId: string; groupId: string; filters: MemberFilters; now: Date }) {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('telegram_member_reads')
      .values({ organization_id: input.organizationId, channel_account_id: input.accountId, group_id: input.groupId, filters: JSON.stringify(input.filters) })
      .returningAll()
      .executeTakeFirstOrThrow();
    await enqueueJob(tx, TELEGRAM_MEMBER_READ_TASK, { readId: row.id, accountId: input.accountId }, { organizationId: input.organizationId, jobKey: `member-read:${row.id}`, runAt: input.now });
    return toMemberReadDto(row);
  });
}

/** Asks a read to stop: it stops after the page it is on (what was read stays in the audience); a queued one never starts. */
export async function cancelMemberRead(db: Db, organizationId: string, accountId: string, readId: string, now: Date) {
  const row = await findRead(db, organizationId, accountId, readId);
  if (row.status === 'queued') {
    await db.updateTable('telegram_member_reads').set({ status: 'cancelled', cancel_requested: true, finished_at: now }).where('id', '=', row.id).where('status', '=', 'queued').execute();
  } else if (row.status === 'running') {
    await db.updateTable('telegram_member_reads').set({ cancel_requested: true }).where('id', '=', row.id).execute();
  }
  return getMemberRead(db, organizationId, accountId, readId);
}

async function finish(db: Db, readId: string, outcome: { status: 'completed' | 'cancelled' | 'failed'; error?: string; retryAfterSeconds?: number | null }, now: Date) {
  await db
    .updateTable('telegram_member_reads')
    .set({ status: outcome.status, error: outcome.error ?? null, retry_after_seconds: outcome.retryAfterSeconds ?? null, finished_at: now })
    .where('id', '=', readId)
    .execute();
}

/**
 * Reads the group page by page (channels.getParticipants, 200 a page), storing each page's kept members into the
 * campaign audience at once and saving the counts, and checks for a cancel between pages. A FLOOD_WAIT part-way ends
 * the read as completed with what was read and when to come back.
 */
export const telegramMemberReadJob = defineJob({
  task: TELEGRAM_MEMBER_READ_TASK,
  payload: z.object({ readId: z.string(), accountId: z.string() }),
  leaseMs: 60_000,
  maxAttempts: 1,
  async handler({ payload, job, ctx }: { payload: { readId: string; accountId: string }; job: Job; ctx: AppContext }) {
    const { db } = ctx;
    const organizationId = job.organization_id!;
    const read = await findRead(db, organizationId, payload.accountId, payload.readId);
    if (read.status !== 'queued') return;
    await db.updateTable('telegram_member_reads').set({ status: 'running' }).where('id', '=', read.id).execute();
    const filters = read.filters as MemberFilters;
    let cancelled = false;
    try {
      const account = await getChannelAccount(db, organizationId, payload.accountId);
      const adapter = ctx.channels.get('telegram_user') as TelegramUserAdapter | undefined;
      if (!adapter || !('pool' in adapter)) throw new AppError('UNPROCESSABLE', 'Telegram user accounts are not available in this process');
      const context = adapterContext(ctx);
      const client = await adapter.clientFor(account, context);
      let kept = 0;
      let created = 0;
      const listing = await listGroupMembers(db, account, client, read.group_id, context.now, {
        async onPage({ group, fresh, read: readSoFar, total }) {
          const keep = fresh.filter((m) => keepMember(m, filters));
          if (keep.length) {
            const saved = await storeGroupMembers(db, account, group, keep);
            kept += saved.stored;
            created += saved.created;
          }
          const state = await db
            .updateTable('telegram_member_reads')
            .set({ group_title: group.title, total, read_count: readSoFar, kept_count: kept, created_count: created })
            .where('id', '=', read.id)
            .returning('cancel_requested')
            .executeTakeFirstOrThrow();
          cancelled = state.cancel_requested;
          return !cancelled;
        },
      });
      const retryAfterSeconds = listing.stoppedBy ? Math.ceil((listing.stoppedBy.retryAfterMs ?? 60_000) / 1000) : null;
      await finish(db, read.id, { status: cancelled ? 'cancelled' : 'completed', retryAfterSeconds }, ctx.clock.now());
    } catch (error) {
      const message = error instanceof ChannelError && error.code === 'RATE_LIMITED' ? `Telegram asks to wait ${Math.ceil((error.retryAfterMs ?? 60_000) / 1000)} s: ${error.message}` : (error as Error).message;
      await finish(db, read.id, { status: 'failed', error: message, retryAfterSeconds: error instanceof ChannelError && error.retryAfterMs ? Math.ceil(error.retryAfterMs / 1000) : null }, ctx.clock.now());
    }
  },
});
