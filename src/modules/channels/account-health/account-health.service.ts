import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../../platform/db/client.ts';
import type { ChannelAccount } from '../../../platform/db/schema.ts';
import { iso } from '../../../platform/http/pagination.ts';
import { notify } from '../../notifications/index.ts';
import { getOrganization } from '../../orgs/index.ts';
import { budgetTodayOf, effectiveLimits, getBudgetRow, MESSAGE_DISPATCH_TASK, warmupDay } from '../../outreach/index.ts';
import { accountReachSince } from '../../conversations/index.ts';
import { countOptedOutSince } from '../../contacts/index.ts';
import { ChannelError } from '../channel-adapter.ts';
import { getChannelAccount, pauseAccountForHealth } from '../channel-accounts.service.ts';
import {
  addCounts,
  DEFAULT_HEALTH_THRESHOLDS,
  emptyCounts,
  evaluateWindows,
  hourFloor,
  pausesAtOnce,
  SEND_OUTCOMES,
  type HealthReason,
  type HealthThresholds,
  type OutcomeCounts,
  type SendOutcome,
} from './health-rules.ts';
import { riskScore } from './engine/risk-score.ts';
import { dropWarmupLevel, syncWarmupLevel, type WarmupBudget, type WarmupLevel } from './warmup-level.service.ts';

const HOUR = 3_600_000;

/** What a channel's answer means for the account's health; anything that is not a ChannelError is a failed send. */
export function outcomeOfError(error: unknown): SendOutcome {
  if (!(error instanceof ChannelError)) return 'failed';
  switch (error.code) {
    case 'RECIPIENT_INVALID':
      return 'recipient_invalid';
    case 'RATE_LIMITED':
      return 'rate_limited';
    case 'AUTH_REVOKED':
      return 'auth_revoked';
    case 'REJECTED':
      return 'rejected';
    default:
      return 'failed';
  }
}

function toCounts(outcome: SendOutcome | readonly (SendOutcome | null)[] | Partial<OutcomeCounts>): OutcomeCounts {
  if (typeof outcome === 'string') return addCounts(emptyCounts(), { [outcome]: 1 });
  if (Array.isArray(outcome)) {
    const counts = emptyCounts();
    // null: a batch item the channel never saw (deferred), nothing to count.
    for (const o of outcome as readonly (SendOutcome | null)[]) if (o) counts[o] += 1;
    return counts;
  }
  return addCounts(emptyCounts(), outcome as Partial<OutcomeCounts>);
}

/**
 * Records send outcomes of one account — one outcome, a list (a campaign batch; null items are skipped), or counts —
 * in its hourly bucket, then applies the pause rules. Two upserts and a small read; every sending path calls it after the channel answered.
 * Returns whether this call paused the account.
 */
export async function recordSendOutcome(
  db: Db,
  organizationId: string,
  accountId: string,
  outcome: SendOutcome | readonly (SendOutcome | null)[] | Partial<OutcomeCounts>,
  now: Date,
): Promise<{ paused: boolean }> {
  const c = toCounts(outcome);
  const attempts = c.sent + c.failed + c.rejected + c.recipient_invalid;
  if (SEND_OUTCOMES.every((key) => c[key] === 0)) return { paused: false };
  const hour = hourFloor(now);
  await sql`
    WITH bucket AS (
      INSERT INTO channel_send_signals AS s (organization_id, channel_account_id, hour_start, sent, failed, recipient_invalid, rate_limited, auth_revoked, rejected)
      VALUES (${organizationId}, ${accountId}, ${hour}, ${c.sent}, ${c.failed}, ${c.recipient_invalid}, ${c.rate_limited}, ${c.auth_revoked}, ${c.rejected})
      ON CONFLICT (channel_account_id, hour_start) DO UPDATE SET
        sent = s.sent + EXCLUDED.sent, failed = s.failed + EXCLUDED.failed, recipient_invalid = s.recipient_invalid + EXCLUDED.recipient_invalid,
        rate_limited = s.rate_limited + EXCLUDED.rate_limited, auth_revoked = s.auth_revoked + EXCLUDED.auth_revoked, rejected = s.rejected + EXCLUDED.rejected
      RETURNING 1
    )
    INSERT INTO channel_account_health AS h (channel_account_id, organization_id, first_send_at, total_sent, total_attempts, updated_at)
    VALUES (${accountId}, ${organizationId}, ${c.sent > 0 ? now : null}, ${c.sent}, ${attempts}, ${now})
    ON CONFLICT (channel_account_id) DO UPDATE SET
      first_send_at = COALESCE(h.first_send_at, EXCLUDED.first_send_at),
      total_sent = h.total_sent + EXCLUDED.total_sent,
      total_attempts = h.total_attempts + EXCLUDED.total_attempts,
      updated_at = EXCLUDED.updated_at`.execute(db);
  return applyPauseRules(db, organizationId, accountId, c, now);
}

/** Pauses an active account whose signals crossed a threshold; says so in an in-app notification. */
async function applyPauseRules(db: Db, organizationId: string, accountId: string, recorded: OutcomeCounts, now: Date): Promise<{ paused: boolean }> {
  const account = await db.selectFrom('channel_accounts').selectAll().where('organization_id', '=', organizationId).where('id', '=', accountId).executeTakeFirst();
  // Paused or disconnected accounts send nothing: there is nothing to stop.
  if (!account || account.status !== 'active') return { paused: false };
  const { thresholds } = await getHealthThresholds(db, organizationId);
  if (!thresholds.autoPause) return { paused: false };
  const immediate = pausesAtOnce(recorded, thresholds);
  const windows = immediate ? [] : evaluateWindows(...(await windowCounts(db, accountId, now)), thresholds).filter((r) => r.level === 'pause');
  const reasons = immediate ? [immediate] : windows;
  if (reasons.length === 0) return { paused: false };
  const paused = await db.transaction().execute(async (tx) => {
    const isPaused = await pauseAccountForHealth(tx, account, reasons, now);
    if (!isPaused) return false;
    // The pause also costs warm-up: a block halves the level, a burst of failures takes two off.
    await dropWarmupLevel(tx, organizationId, account, await warmupBudgetOf(tx, organizationId, account), reasons.some((r) => r.code === 'auth_revoked') ? 'blocked' : 'failure_burst', now);
    await tx
      .updateTable('channel_account_health')
      .set({ paused_at: now, pause_reasons: JSON.stringify(reasons), updated_at: now })
      .where('channel_account_id', '=', accountId)
      .execute();
    await notify(tx, organizationId, {
      kind: 'channel_account.auto_paused',
      title: `Sending through “${account.name}” was paused`,
      body: `Account health: ${reasons.map(describeReason).join('; ')}. Check the account, then resume it in Settings → Channels.`,
      subjectType: 'channel_account',
      subjectId: accountId,
      link: '/settings/channels',
    });
    return true;
  });
  return { paused };
}

function describeReason(reason: HealthReason): string {
  const pct = (n: number | null) => `${Math.round((n ?? 0) * 100)}%`;
  switch (reason.code) {
    case 'failure_ratio':
      return `${pct(reason.value)} of sends failed in the last hour (limit ${pct(reason.threshold)})`;
    case 'invalid_recipients':
      return `${pct(reason.value)} of recipients were unreachable in 24 h (limit ${pct(reason.threshold)})`;
    case 'rate_limited':
      return `${reason.value} rate-limit answers in the last hour (limit ${reason.threshold})`;
    case 'auth_revoked':
      return 'the channel revoked the session or banned the number';
    default:
      return reason.code;
  }
}

interface BucketRow extends OutcomeCounts {
  hour_start: Date;
}

async function loadBuckets(db: DbOrTx, accountId: string, since: Date): Promise<BucketRow[]> {
  const rows = await db
    .selectFrom('channel_send_signals')
    .select(['hour_start', ...SEND_OUTCOMES])
    .where('channel_account_id', '=', accountId)
    .where('hour_start', '>=', since)
    .orderBy('hour_start')
    .execute();
  return rows.map((r) => ({ ...r, hour_start: new Date(r.hour_start) }));
}

/**
 * The counters the rules see: the current and previous hour, and the last 24 hourly buckets, counting only what
 * happened since a person last resumed the account (the buckets before, and the resumed hour's count at that moment,
 * were already judged).
 */
async function windowCounts(db: DbOrTx, accountId: string, now: Date): Promise<[OutcomeCounts, OutcomeCounts]> {
  const current = hourFloor(now);
  const [buckets, health] = await Promise.all([
    loadBuckets(db, accountId, new Date(current.getTime() - 23 * HOUR)),
    db.selectFrom('channel_account_health').select(['resumed_at', 'resume_baseline']).where('channel_account_id', '=', accountId).executeTakeFirst(),
  ]);
  const resumedHour = health?.resumed_at ? hourFloor(new Date(health.resumed_at)).getTime() : null;
  const baseline = (health?.resume_baseline ?? null) as Partial<OutcomeCounts> | null;
  let hour = emptyCounts();
  let day = emptyCounts();
  for (const bucket of buckets) {
    const at = bucket.hour_start.getTime();
    if (resumedHour !== null && at < resumedHour) continue;
    let counts: OutcomeCounts = bucket;
    if (resumedHour !== null && at === resumedHour && baseline) {
      counts = emptyCounts();
      for (const key of SEND_OUTCOMES) counts[key] = Math.max(0, bucket[key] - (baseline[key] ?? 0));
    }
    day = addCounts(day, counts);
    if (at >= current.getTime() - HOUR) hour = addCounts(hour, counts);
  }
  return [hour, day];
}

/**
 * A person resumed the account: the signals so far are judged, so the rules start counting again from here,
 * and the messages the dispatcher was holding go out now rather than at their next check.
 */
export async function noteAccountResumed(db: DbOrTx, organizationId: string, accountId: string, now: Date): Promise<void> {
  const bucket = await db
    .selectFrom('channel_send_signals')
    .select(SEND_OUTCOMES)
    .where('channel_account_id', '=', accountId)
    .where('hour_start', '=', hourFloor(now))
    .executeTakeFirst();
  const baseline = JSON.stringify(bucket ?? emptyCounts());
  await db
    .insertInto('channel_account_health')
    .values({ channel_account_id: accountId, organization_id: organizationId, resumed_at: now, resume_baseline: baseline, updated_at: now })
    .onConflict((oc) =>
      oc.column('channel_account_id').doUpdateSet({ resumed_at: now, resume_baseline: baseline, paused_at: null, pause_reasons: null, updated_at: now }),
    )
    .execute();
  await sql`
    UPDATE jobs SET run_at = ${now}, updated_at = ${now}
    WHERE task = ${MESSAGE_DISPATCH_TASK} AND status = 'pending' AND organization_id = ${organizationId} AND run_at > ${now}
      AND job_key IN (
        SELECT 'dispatch:' || m.id FROM messages m JOIN conversations c ON c.organization_id = m.organization_id AND c.id = m.conversation_id
        WHERE c.organization_id = ${organizationId} AND c.channel_account_id = ${accountId} AND m.status IN ('queued', 'sending')
      )`.execute(db);
}

// ── Thresholds ───────────────────────────────────────────────────────────────

export async function getHealthThresholds(db: DbOrTx, organizationId: string): Promise<{ thresholds: HealthThresholds; overrides: Partial<HealthThresholds> }> {
  const row = await db.selectFrom('channel_health_settings').select('thresholds').where('organization_id', '=', organizationId).executeTakeFirst();
  const overrides = (row?.thresholds ?? {}) as Partial<HealthThresholds>;
  return { thresholds: { ...DEFAULT_HEALTH_THRESHOLDS, ...overrides }, overrides };
}

/** Stores the organization's overrides: the given fields change, `null` returns one to its default. */
export async function setHealthThresholds(
  db: DbOrTx,
  organizationId: string,
  patch: { [K in keyof HealthThresholds]?: HealthThresholds[K] | null },
  now: Date,
): Promise<{ thresholds: HealthThresholds; overrides: Partial<HealthThresholds> }> {
  const { overrides } = await getHealthThresholds(db, organizationId);
  const next: Record<string, unknown> = { ...overrides };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) delete next[key];
    else next[key] = value;
  }
  const json = JSON.stringify(next);
  await db
    .insertInto('channel_health_settings')
    .values({ organization_id: organizationId, thresholds: json, updated_at: now })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet({ thresholds: json, updated_at: now }))
    .execute();
  return getHealthThresholds(db, organizationId);
}

// ── The health card ──────────────────────────────────────────────────────────

export type HealthStatus = 'healthy' | 'warning' | 'paused';

/** Everything the health card shows for one account. */
export async function getAccountHealth(db: DbOrTx, organizationId: string, accountId: string, now: Date) {
  const account = await getChannelAccount(db, organizationId, accountId);
  const current = hourFloor(now);
  const from = new Date(current.getTime() - 23 * HOUR);
  const weekAgo = new Date(current.getTime() - 7 * 24 * HOUR);
  const [buckets, health, { thresholds }, budget, organization, [hour, day], weekBuckets, reach, level] = await Promise.all([
    loadBuckets(db, accountId, from),
    db.selectFrom('channel_account_health').selectAll().where('channel_account_id', '=', accountId).executeTakeFirst(),
    getHealthThresholds(db, organizationId),
    getBudgetRow(db, organizationId, accountId),
    getOrganization(db, organizationId),
    windowCounts(db, accountId, now),
    loadBuckets(db, accountId, weekAgo),
    accountReachSince(db, organizationId, accountId, weekAgo),
    warmupBudgetOf(db, organizationId, account).then((b) => syncWarmupLevel(db, organizationId, account, b, now)),
  ]);
  const week = weekBuckets.reduce<OutcomeCounts>((sum, b) => addCounts(sum, b), emptyCounts());
  const risk = riskScore({
    attempts: week.sent + week.failed + week.rejected + week.recipient_invalid,
    failed: week.failed,
    rejected: week.rejected,
    recipientInvalid: week.recipient_invalid,
    rateLimited: week.rate_limited,
    authRevoked: week.auth_revoked,
    contacted: reach.contacted,
    replied: reach.replied,
    optedOut: await countOptedOutSince(db, organizationId, reach.contactIds, weekAgo),
  });

  const hours = Array.from({ length: 24 }, (_, i) => {
    const start = new Date(from.getTime() + i * HOUR);
    const bucket = buckets.find((b) => b.hour_start.getTime() === start.getTime());
    const counts = bucket ? addCounts(emptyCounts(), bucket) : emptyCounts();
    return { hourStart: start.toISOString(), ...counts };
  });
  const totals = hours.reduce<OutcomeCounts>((sum, h) => addCounts(sum, h), emptyCounts());

  const signals = evaluateWindows(hour, day, thresholds);
  const reasons: HealthReason[] = [];
  if (account.status === 'paused') {
    const autoReasons = (health?.paused_at ? (health.pause_reasons as HealthReason[] | null) : null) ?? [];
    if (autoReasons.length > 0) reasons.push(...autoReasons);
    else reasons.push({ code: 'paused_by_person', level: 'pause', window: null, value: null, threshold: null });
  } else if (account.status === 'disconnected') {
    reasons.push({ code: 'disconnected', level: 'pause', window: null, value: null, threshold: null });
  }
  for (const signal of signals) if (!reasons.some((r) => r.code === signal.code)) reasons.push(signal);
  const status: HealthStatus = account.status !== 'active' ? 'paused' : reasons.length > 0 ? 'warning' : 'healthy';

  // Today's numbers are the account's sending budget (outreach): the counters every send moves, whichever feature
  // made it — the same numbers the campaigns' agents list and the statistics show.
  const budgetToday = budgetTodayOf(account.channel, budget, now, organization.timezone, level.allowance);
  const firstSendAt = health?.first_send_at ? new Date(health.first_send_at) : null;
  return {
    accountId,
    accountStatus: account.status,
    status,
    reasons,
    pausedAutomatically: account.status === 'paused' && Boolean(health?.paused_at),
    pausedAt: account.status === 'paused' ? iso(health?.paused_at ?? null) : null,
    resumedAt: iso(health?.resumed_at ?? null),
    hours,
    totals,
    warmup: {
      day: budgetToday.warmupDay,
      level: level.level,
      topLevel: level.topLevel,
      levelChangedAt: iso(level.changedAt),
      levelChange: level.changeReason,
      daysSinceFirstSend: firstSendAt ? warmupDay(firstSendAt, now) : null,
      firstSendAt: iso(firstSendAt),
      totalSent: Number(health?.total_sent ?? 0),
      totalAttempts: Number(health?.total_attempts ?? 0),
    },
    today: {
      sent: budgetToday.sentToday,
      sentThisHour: budgetToday.sentThisHour,
      allowed: level.allowance,
      hourlyCap: budgetToday.limits.hourlyCap,
      paceSeconds: budgetToday.limits.paceSeconds,
    },
    risk,
    thresholds,
  };
}

export type AccountHealth = Awaited<ReturnType<typeof getAccountHealth>>;

// ── Warm-up levels ───────────────────────────────────────────────────────────

/** The account's warm-up curve and daily cap (the campaigns' account limits) and when its warm-up started. */
async function warmupBudgetOf(db: DbOrTx, organizationId: string, account: ChannelAccount): Promise<WarmupBudget> {
  const budget = await getBudgetRow(db, organizationId, account.id);
  return { limits: effectiveLimits(account.channel, budget?.limits), warmupStartedAt: budget?.warmup_started_at ? new Date(budget.warmup_started_at) : null };
}

/** The account's warm-up level now (days not judged yet are judged first). */
export async function accountWarmupLevel(db: DbOrTx, organizationId: string, accountId: string, now: Date): Promise<WarmupLevel> {
  const account = await getChannelAccount(db, organizationId, accountId);
  return syncWarmupLevel(db, organizationId, account, await warmupBudgetOf(db, organizationId, account), now);
}

/**
 * Today's allowance of an account from its warm-up level (null = unlimited): how many sends the whole day may
 * hold, before subtracting what was sent. The sending budget reads it through the channels module's index.
 */
export async function warmupAllowanceToday(db: DbOrTx, organizationId: string, accountId: string, now: Date): Promise<number | null> {
  return (await accountWarmupLevel(db, organizationId, accountId, now)).allowance;
}
