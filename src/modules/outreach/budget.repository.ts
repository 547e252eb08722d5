import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/client.ts';
import { counterWindows, decideSend, effectiveLimits, paceIntervalMs, type BudgetDecision, type BudgetState, type SendPriority } from './engine/budget.ts';

/**
 * The account's budget row (`account_send_budget`): its limits and the counters every send from the account moves.
 * Single sends (a person's reply, the autopilot, reactivation, re-engagement) take their slot here, under a row
 * lock; campaign batches take theirs in the campaign claim statement, which locks the same row. Either way the
 * counters count every send, so no number of job processes exceeds the pace or the caps.
 */

export async function ensureBudgetRow(db: DbOrTx, organizationId: string, accountId: string, now: Date): Promise<void> {
  await db
    .insertInto('account_send_budget')
    .values({ channel_account_id: accountId, organization_id: organizationId, warmup_started_at: now })
    .onConflict((oc) => oc.column('channel_account_id').doNothing())
    .execute();
}

export async function getBudgetRow(db: DbOrTx, organizationId: string, accountId: string) {
  return db
    .selectFrom('account_send_budget')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('channel_account_id', '=', accountId)
    .executeTakeFirst();
}

type BudgetRow = NonNullable<Awaited<ReturnType<typeof getBudgetRow>>>;

/** The row's counters as they stand in the current hour and day (0 when they belong to an earlier one). */
export function usedNow(row: Pick<BudgetRow, 'hour_start' | 'hour_count' | 'day_start' | 'day_count'> | undefined, now: Date, zone: string): { hour: number; day: number } {
  if (!row) return { hour: 0, day: 0 };
  const { hourStart, dayStart } = counterWindows(now, zone);
  return {
    hour: row.hour_start && new Date(row.hour_start).getTime() === hourStart.getTime() ? Number(row.hour_count) : 0,
    day: row.day_start && new Date(row.day_start).getTime() === dayStart.getTime() ? Number(row.day_count) : 0,
  };
}

export interface ReserveInput {
  organizationId: string;
  account: { id: string; channel: string };
  priority: SendPriority;
  now: Date;
  /** The organization's zone: the hour and day the counters belong to. */
  zone: string;
  /** Today's allowance (the daily cap lowered by the warm-up level: `allowanceToday`); null = unlimited. */
  allowance: number | null;
}

/**
 * Takes one send from the account's budget, or says when to ask again. The row is locked for the decision, so two
 * processes asking at once are served one after the other. A reply that has to wait marks the row, and cold
 * outreach stands aside until it went.
 */
export async function reserveSend(db: DbOrTx, input: ReserveInput): Promise<BudgetDecision> {
  const { organizationId, account, now, zone, priority } = input;
  await ensureBudgetRow(db, organizationId, account.id, now);
  const run = async (tx: DbOrTx): Promise<BudgetDecision> => {
    const row = await sql<BudgetRow>`
      SELECT * FROM account_send_budget WHERE channel_account_id = ${account.id} AND organization_id = ${organizationId} FOR UPDATE`.execute(tx);
    const budget = row.rows[0]!;
    const limits = effectiveLimits(account.channel, budget.limits);
    const windows = counterWindows(now, zone);
    const used = usedNow(budget, now, zone);
    const intervalMs = paceIntervalMs(limits, null);
    const state: BudgetState = {
      nextSlotAt: new Date(budget.next_slot_at),
      blockedUntil: budget.blocked_until ? new Date(budget.blocked_until) : null,
      hourUsed: used.hour,
      dayUsed: used.day,
      replyWaitingSince: budget.reply_waiting_since ? new Date(budget.reply_waiting_since) : null,
    };
    const decision = decideSend(state, { now, intervalMs, hourCap: limits.hourlyCap, dayCap: input.allowance, hourEnd: windows.hourEnd, dayEnd: windows.dayEnd }, priority);
    if (decision.kind === 'go') {
      await tx
        .updateTable('account_send_budget')
        .set({
          ...(intervalMs > 0 ? { next_slot_at: new Date(now.getTime() + intervalMs) } : {}),
          hour_start: windows.hourStart,
          hour_count: used.hour + 1,
          day_start: windows.dayStart,
          day_count: used.day + 1,
          ...(priority === 'reply' ? { reply_waiting_since: null } : { single_waiting_since: null }),
          updated_at: now,
        })
        .where('channel_account_id', '=', account.id)
        .execute();
    } else if (priority === 'reply' && decision.reason === 'pace' && !budget.reply_waiting_since) {
      await tx.updateTable('account_send_budget').set({ reply_waiting_since: now }).where('channel_account_id', '=', account.id).execute();
    } else if (priority === 'cold' && decision.reason === 'pace' && !budget.single_waiting_since) {
      // A single cold message (an offer, a follow-up) waits its turn before campaign batches, after replies.
      await tx.updateTable('account_send_budget').set({ single_waiting_since: now }).where('channel_account_id', '=', account.id).execute();
    }
    return decision;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/**
 * Gives back sends that were counted but did not go out (the channel refused them, a claimed participant had
 * nothing to send): only while the counters still belong to the hour and day they were taken in.
 */
export async function releaseSends(db: DbOrTx, input: { organizationId: string; accountId: string; count: number; hourStart: Date; dayStart: Date }): Promise<void> {
  if (input.count <= 0) return;
  await sql`
    UPDATE account_send_budget SET
      hour_count = CASE WHEN hour_start = ${input.hourStart}::timestamptz THEN greatest(0, hour_count - ${input.count}::int) ELSE hour_count END,
      day_count = CASE WHEN day_start = ${input.dayStart}::timestamptz THEN greatest(0, day_count - ${input.count}::int) ELSE day_count END
    WHERE channel_account_id = ${input.accountId} AND organization_id = ${input.organizationId}`.execute(db);
}

/** Counts sends that took no slot beforehand (a campaign on an account without limits): they still count. */
export async function countSends(db: DbOrTx, input: { organizationId: string; accountId: string; count: number; now: Date; zone: string }): Promise<void> {
  if (input.count <= 0) return;
  const { hourStart, dayStart } = counterWindows(input.now, input.zone);
  await sql`
    INSERT INTO account_send_budget AS b (channel_account_id, organization_id, warmup_started_at, hour_start, hour_count, day_start, day_count, updated_at)
    VALUES (${input.accountId}, ${input.organizationId}, ${input.now}, ${hourStart}, ${input.count}, ${dayStart}, ${input.count}, ${input.now})
    ON CONFLICT (channel_account_id) DO UPDATE SET
      hour_count = CASE WHEN b.hour_start = EXCLUDED.hour_start THEN b.hour_count + EXCLUDED.hour_count ELSE EXCLUDED.hour_count END,
      hour_start = EXCLUDED.hour_start,
      day_count = CASE WHEN b.day_start = EXCLUDED.day_start THEN b.day_count + EXCLUDED.day_count ELSE EXCLUDED.day_count END,
      day_start = EXCLUDED.day_start,
      updated_at = EXCLUDED.updated_at`.execute(db);
}

/** The channel said "slow down": no send from this account until then. */
export async function blockAccount(db: DbOrTx, organizationId: string, accountId: string, until: Date, now: Date): Promise<void> {
  await sql`
    INSERT INTO account_send_budget (channel_account_id, organization_id, blocked_until, warmup_started_at, updated_at)
    VALUES (${accountId}, ${organizationId}, ${until}, ${now}, ${now})
    ON CONFLICT (channel_account_id) DO UPDATE SET blocked_until = greatest(account_send_budget.blocked_until, excluded.blocked_until), updated_at = excluded.updated_at`.execute(db);
}
