import { DateTime } from 'luxon';
import type { DbOrTx } from '../../../platform/db/client.ts';
import type { ChannelAccount } from '../../../platform/db/schema.ts';
import { getOrganization } from '../../orgs/index.ts';
import { addCounts, emptyCounts, SEND_OUTCOMES, type OutcomeCounts } from './health-rules.ts';
import { allowanceAtLevel, isDrop, judgeDay, nextLevel, topLevel, type DayVerdict, type WarmupCurve } from './engine/warmup-level.ts';

/** What the warm-up needs of the account's sending limits (kept by the campaigns' account limits). */
export interface WarmupBudget {
  limits: { dailyCap: number | null; warmup: WarmupCurve | null };
  /** When the warm-up curve started (null: not yet: it starts now). */
  warmupStartedAt: Date | null;
}

/** Whole days since the warm-up started, counted from 0 on the first day. */
const warmupDay = (start: Date, now: Date) => Math.max(0, Math.floor((now.getTime() - start.getTime()) / 86_400_000));

/** At most this many past days are judged in one catch-up (an account idle for longer restarts from the calendar). */
const MAX_CATCH_UP_DAYS = 60;

export interface WarmupLevel {
  /** null: the account has no warm-up curve (its allowance is the daily cap, or unlimited). */
  level: number | null;
  topLevel: number | null;
  /** Today's allowance at this level, before what was already sent today; null = unlimited. */
  allowance: number | null;
  changedAt: Date | null;
  /** Why the level last moved: a day verdict (`healthy`, `blocked`, …). */
  changeReason: DayVerdict | null;
}

const localDay = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toISODate()!;

/**
 * The account's warm-up level now, after judging every finished day not judged yet (lazily: the first read of a
 * day catches up). A new account starts at the level its calendar age gives, so accounts that warmed up before
 * levels existed keep their allowance.
 */
export async function syncWarmupLevel(db: DbOrTx, organizationId: string, account: ChannelAccount, budget: WarmupBudget, now: Date): Promise<WarmupLevel> {
  const organization = await getOrganization(db, organizationId);
  const limits = budget.limits;
  if (!limits.warmup) return { level: null, topLevel: null, allowance: limits.dailyCap, changedAt: null, changeReason: null };
  const zone = organization.timezone;
  const top = topLevel(limits.warmup, limits.dailyCap);
  const today = localDay(now, zone);
  const yesterday = DateTime.fromISO(today, { zone }).minus({ days: 1 }).toISODate()!;
  const budgetStart = budget.warmupStartedAt;

  let row = await db.selectFrom('channel_account_warmup').selectAll().where('organization_id', '=', organizationId).where('channel_account_id', '=', account.id).executeTakeFirst();
  const restarted = row && budgetStart && new Date(row.curve_started_at).getTime() !== budgetStart.getTime();
  // No row yet, or a person restarted the warm-up: the level starts from the calendar age of the curve.
  if (!row || restarted) {
    const curveStart = budgetStart ?? now;
    const level = top === null ? warmupDay(curveStart, now) : Math.min(top, warmupDay(curveStart, now));
    const values = { level, curve_started_at: curveStart, evaluated_through: yesterday, dropped_on: null, changed_at: now, change_reason: 'restart', updated_at: now };
    await db
      .insertInto('channel_account_warmup')
      .values({ channel_account_id: account.id, organization_id: organizationId, ...values })
      .onConflict((oc) => oc.column('channel_account_id').doUpdateSet(values))
      .execute();
    return { level, topLevel: top, allowance: allowanceAtLevel(limits.warmup, limits.dailyCap, level), changedAt: null, changeReason: null };
  }

  if (row.evaluated_through < yesterday) {
    const first = DateTime.fromISO(row.evaluated_through, { zone }).plus({ days: 1 });
    const from = DateTime.max(first, DateTime.fromISO(today, { zone }).minus({ days: MAX_CATCH_UP_DAYS }));
    const days = await dailyCounts(db, account.id, from.toJSDate(), DateTime.fromISO(today, { zone }).toJSDate(), zone);
    let level = row.level;
    let changedAt = row.changed_at ? new Date(row.changed_at) : null;
    let reason = row.change_reason;
    for (let day = from; day.toISODate()! <= yesterday; day = day.plus({ days: 1 })) {
      const key = day.toISODate()!;
      let verdict = judgeDay(days.get(key) ?? emptyCounts());
      // The drop already happened when the problem did (see dropWarmupLevel): judged again, the day only holds.
      if (key === row.dropped_on && isDrop(verdict)) verdict = 'hold';
      const next = nextLevel(level, verdict, top);
      if (next !== level) {
        level = next;
        changedAt = day.plus({ days: 1 }).toJSDate();
        reason = verdict;
      }
    }
    const updated = await db
      .updateTable('channel_account_warmup')
      .set({ level, evaluated_through: yesterday, changed_at: changedAt, change_reason: reason, updated_at: now })
      .where('channel_account_id', '=', account.id)
      .where('evaluated_through', '=', row.evaluated_through)
      .returningAll()
      .executeTakeFirst();
    // Another reader caught up meanwhile: its result is the same, read it.
    row = updated ?? (await db.selectFrom('channel_account_warmup').selectAll().where('channel_account_id', '=', account.id).executeTakeFirstOrThrow());
  }
  return {
    level: row.level,
    topLevel: top,
    allowance: allowanceAtLevel(limits.warmup, limits.dailyCap, row.level),
    changedAt: row.changed_at ? new Date(row.changed_at) : null,
    changeReason: row.change_reason === 'restart' ? null : (row.change_reason as DayVerdict | null),
  };
}

/** Outcome counts per local day, from the hourly buckets. */
async function dailyCounts(db: DbOrTx, accountId: string, from: Date, to: Date, zone: string): Promise<Map<string, OutcomeCounts>> {
  const rows = await db
    .selectFrom('channel_send_signals')
    .select(['hour_start', ...SEND_OUTCOMES])
    .where('channel_account_id', '=', accountId)
    .where('hour_start', '>=', from)
    .where('hour_start', '<', to)
    .execute();
  const days = new Map<string, OutcomeCounts>();
  for (const row of rows) {
    const key = localDay(new Date(row.hour_start), zone);
    days.set(key, addCounts(days.get(key) ?? emptyCounts(), row));
  }
  return days;
}

/**
 * The health rules just paused the account (a block or a failure burst): the level drops now, once a day, so
 * tomorrow's allowance is already smaller when a person resumes it.
 */
export async function dropWarmupLevel(
  db: DbOrTx,
  organizationId: string,
  account: ChannelAccount,
  budget: WarmupBudget,
  verdict: 'blocked' | 'failure_burst' | 'reported',
  now: Date,
): Promise<void> {
  const current = await syncWarmupLevel(db, organizationId, account, budget, now);
  if (current.level === null) return;
  const zone = (await getOrganization(db, organizationId)).timezone;
  const today = localDay(now, zone);
  await db
    .updateTable('channel_account_warmup')
    .set({ level: nextLevel(current.level, verdict, current.topLevel), dropped_on: today, changed_at: now, change_reason: verdict, updated_at: now })
    .where('channel_account_id', '=', account.id)
    .where((eb) => eb.or([eb('dropped_on', 'is', null), eb('dropped_on', '<>', today)]))
    .execute();
}
