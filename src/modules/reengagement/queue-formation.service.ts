import { sql } from 'kysely';
import { DateTime } from 'luxon';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import type { ChannelAccount } from '../../platform/db/schema.ts';
import { recordAiCall } from '../ai/index.ts';
import { getBusinessProfile } from '../analysis/index.ts';
import { loadDialog } from '../conversations/index.ts';
import { getOrganization } from '../orgs/index.ts';
import { getAccountHealth } from '../channels/index.ts';
import { capFor, listAgents } from '../outreach/index.ts';
import { isValidZone } from '../campaigns/engine/schedule.ts';
import { explain, rankLeads, type LeadFacts, type ScoreReason } from './engine/scorer.ts';
import { capacity, minGapMs, planSlots, windowOfDay } from './engine/slots.ts';
import { buildMessageRequest, buildRankRequest, renderOfflineMessage, type MessageInput, type ShortlistEntry } from './engine/messages.ts';
import { getReengagementSettings, type ReengagementSettings } from './reengagement-settings.service.ts';

/** A forming queue whose process died is taken over after this long. */
const FORMING_LEASE_MS = 15 * 60_000;
/** The model sees at most this many leads of the rules' ranking. */
const MAX_SHORTLIST = 300;
/** How many messages are written by the model at once. */
const MESSAGE_CONCURRENCY = 4;
/** An autopilot reply this recent means the autopilot is still talking to the client. */
const AUTOPILOT_ACTIVE_DAYS = 7;

export async function organizationZone(db: Db, organizationId: string): Promise<string> {
  const organization = await getOrganization(db, organizationId);
  return isValidZone(organization.timezone) ? organization.timezone : 'UTC';
}

export function localDate(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).toISODate()!;
}

interface CandidateRow {
  lead_id: string;
  contact_id: string;
  display_name: string;
  phone_e164: string | null;
  telegram_id: string | null;
  telegram_username: string | null;
  contact_language: string | null;
  stage_key: string;
  stage_position: number;
  open_rank: number;
  open_stages: number;
  score: number | null;
  interest_level: 'hot' | 'warm' | 'cold' | null;
  days_quiet: number;
  conversation_id: string | null;
  last_direction: 'inbound' | 'outbound' | null;
  signals: string[] | null;
  summary: string | null;
  next_action: string | null;
  language: string | null;
}

/**
 * Open leads gone quiet, with their stage, score, analysis and who wrote last, minus every exclusion: opted-out
 * contacts, excluded stages, closed leads, leads picked within `recontactAfterDays`, leads the autopilot is talking
 * to, and contacts in an active outreach campaign. One set-based query.
 */
async function loadCandidates(db: Db, organizationId: string, settings: ReengagementSettings, now: Date): Promise<CandidateRow[]> {
  const excluded = settings.excludedStages.length ? settings.excludedStages : ['\u0000'];
  const result = await sql<CandidateRow>`
    WITH base AS (
      SELECT l.id AS lead_id, l.contact_id, l.score, l.interest_level, l.autopilot, l.created_at,
             st.key AS stage_key, st.position AS stage_position,
             (SELECT count(*) FROM pipeline_stages s2 WHERE s2.organization_id = ${organizationId} AND s2.pipeline_id = l.pipeline_id AND s2.kind = 'open' AND s2.position < st.position)::int AS open_rank,
             (SELECT count(*) FROM pipeline_stages s3 WHERE s3.organization_id = ${organizationId} AND s3.pipeline_id = l.pipeline_id AND s3.kind = 'open')::int AS open_stages,
             c.display_name, c.phone_e164, c.telegram_id, c.telegram_username, c.language AS contact_language, c.last_message_at AS contact_last_at
      FROM leads l
      JOIN pipeline_stages st ON st.organization_id = l.organization_id AND st.id = l.stage_id
      JOIN contacts c ON c.organization_id = l.organization_id AND c.id = l.contact_id
      WHERE l.organization_id = ${organizationId}
        AND l.closed_at IS NULL
        AND c.opted_out_at IS NULL
        AND st.key <> ALL(${excluded}::text[])
    ),
    enriched AS (
      SELECT b.*, cv.id AS conversation_id, cv.last_message_at AS conv_last_at
      FROM base b
      LEFT JOIN LATERAL (
        SELECT v.id, v.last_message_at FROM conversations v
        WHERE v.organization_id = ${organizationId} AND v.contact_id = b.contact_id AND NOT v.is_group
        ORDER BY v.last_message_at DESC NULLS LAST, v.id LIMIT 1
      ) cv ON true
    )
    SELECT e.lead_id, e.contact_id, e.display_name, e.phone_e164, e.telegram_id, e.telegram_username, e.contact_language,
           e.stage_key, e.stage_position, e.open_rank, e.open_stages, e.score, e.interest_level, e.conversation_id,
           floor(extract(epoch FROM (${now}::timestamptz - coalesce(e.conv_last_at, e.contact_last_at, e.created_at))) / 86400)::int AS days_quiet,
           lm.direction AS last_direction,
           da.signals, da.summary, da.next_action, da.language
    FROM enriched e
    LEFT JOIN LATERAL (
      SELECT m.direction FROM messages m
      WHERE m.organization_id = ${organizationId} AND m.conversation_id = e.conversation_id AND m.kind <> 'system'
      ORDER BY m.sent_at DESC, m.id DESC LIMIT 1
    ) lm ON true
    LEFT JOIN LATERAL (
      SELECT a.signals, a.summary, a.next_action, a.language FROM dialog_analyses a
      WHERE a.organization_id = ${organizationId} AND a.lead_id = e.lead_id AND a.is_current
      ORDER BY a.created_at DESC LIMIT 1
    ) da ON true
    WHERE coalesce(e.conv_last_at, e.contact_last_at, e.created_at) <= ${now}::timestamptz - make_interval(days => ${settings.minDaysQuiet})
      AND coalesce(e.conv_last_at, e.contact_last_at, e.created_at) >= ${now}::timestamptz - make_interval(days => ${settings.maxDaysQuiet})
      AND NOT EXISTS (
        SELECT 1 FROM reengagement_items ri
        WHERE ri.organization_id = ${organizationId} AND ri.lead_id = e.lead_id AND ri.status <> 'expired'
          AND ri.created_at > ${now}::timestamptz - make_interval(days => ${settings.recontactAfterDays}))
      AND NOT (e.autopilot AND EXISTS (
        SELECT 1 FROM autopilot_replies ar
        WHERE ar.organization_id = ${organizationId} AND ar.lead_id = e.lead_id
          AND ar.created_at > ${now}::timestamptz - make_interval(days => ${AUTOPILOT_ACTIVE_DAYS})))
      AND NOT EXISTS (
        SELECT 1 FROM campaign_participants p JOIN campaigns cp ON cp.organization_id = p.organization_id AND cp.id = p.campaign_id
        WHERE p.organization_id = ${organizationId} AND p.contact_id = e.contact_id
          AND cp.status IN ('active', 'paused') AND p.status IN ('pending', 'sent', 'delivered') AND p.finished_at IS NULL)`.execute(db);
  return result.rows;
}

async function sendingAccount(db: Db, organizationId: string, settings: ReengagementSettings): Promise<ChannelAccount | null> {
  let query = db.selectFrom('channel_accounts').selectAll().where('organization_id', '=', organizationId);
  query = settings.channelAccountId ? query.where('id', '=', settings.channelAccountId) : query.where('status', '=', 'active').orderBy('created_at').orderBy('id');
  return (await query.executeTakeFirst()) ?? null;
}

/**
 * What the account may still send today: the health card's allowance, less the share kept for replies (cold outreach
 * yields first), minus every send of the day (campaigns, reactivation, autopilot, people and this module alike) —
 * the one count of the account's sending budget that every sender reads.
 */
async function remainingAllowance(db: Db, organizationId: string, account: ChannelAccount, now: Date, zone: string) {
  const [agent, health] = await Promise.all([listAgents(db, organizationId, now, zone, account.id), getAccountHealth(db, organizationId, account.id, now)]);
  const coldCap = capFor(health.today.allowed, 'cold');
  const allowance = coldCap === null ? null : Math.max(0, coldCap - health.today.sent);
  return { limits: agent[0]!.limits, allowance };
}

/** Claims the (organization, date) queue: the unique key lets one process form it; a dead former's lease expires. */
async function claimQueue(db: Db, organizationId: string, date: string, now: Date, retryFailed: boolean): Promise<{ id: string; claimed: boolean }> {
  const lease = new Date(now.getTime() + FORMING_LEASE_MS);
  const inserted = await db
    .insertInto('reengagement_queues')
    .values({ organization_id: organizationId, queue_date: date, status: 'forming', lease_until: lease })
    .onConflict((oc) => oc.columns(['organization_id', 'queue_date']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, claimed: true };
  const takenOver = await db
    .updateTable('reengagement_queues')
    .set({ lease_until: lease, status: 'forming', error: null })
    .where('organization_id', '=', organizationId)
    .where('queue_date', '=', date)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'forming'), eb('lease_until', '<', now)]),
        // Asked for by a person: a failed queue, or one that picked nobody (formed after the window, with the allowance
        // spent, …), is formed again — there is nothing in it to lose.
        ...(retryFailed ? [eb('status', '=', 'failed'), eb.and([eb('status', '=', 'ready'), eb('picked', '=', 0)])] : []),
      ]),
    )
    .returning('id')
    .executeTakeFirst();
  if (takenOver) return { id: takenOver.id, claimed: true };
  const existing = await db.selectFrom('reengagement_queues').select('id').where('organization_id', '=', organizationId).where('queue_date', '=', date).executeTakeFirstOrThrow();
  return { id: existing.id, claimed: false };
}

async function mapLimit<T, R>(items: readonly T[], limit: number, run: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await run(items[index]!, index);
      }
    }),
  );
  return results;
}

export interface FormResult {
  queueId: string;
  /** False when the queue of that date already existed (or another process is forming it). */
  formed: boolean;
}

/**
 * Forms the organization's queue for its local date of `now`, once: candidates → rules ranking → (model re-ranking
 * of the shortlist) → the day's pick, cut to the size cap, the account's remaining daily allowance and what fits the
 * working window at the account's pace → one message per lead, generated now and stored → slots spread over the
 * window → items pending review (or approved when auto-approve is on).
 */
export async function formQueue(ctx: AppContext, organizationId: string, options: { retryFailed?: boolean } = {}): Promise<FormResult> {
  const { db, clock, ai } = ctx;
  const now = clock.now();
  const organization = await getOrganization(db, organizationId);
  const zone = isValidZone(organization.timezone) ? organization.timezone : 'UTC';
  const date = localDate(now, zone);
  const claim = await claimQueue(db, organizationId, date, now, options.retryFailed ?? false);
  if (!claim.claimed) return { queueId: claim.id, formed: false };
  const fail = async (error: string) => {
    await db.updateTable('reengagement_queues').set({ status: 'failed', error, formed_at: now, lease_until: null }).where('organization_id', '=', organizationId).where('id', '=', claim.id).execute();
    return { queueId: claim.id, formed: true };
  };
  try {
    const settings = await getReengagementSettings(db, organizationId);
    const account = await sendingAccount(db, organizationId, settings);
    if (!account) return await fail('no channel account to send through: connect one in Settings → Channels');
    const adapter = ctx.channels.get(account.channel);
    const { limits, allowance } = await remainingAllowance(db, organizationId, account, now, zone);
    const window = windowOfDay(date, settings.window, zone);
    const from = new Date(Math.max(window.start.getTime(), Math.ceil(now.getTime() / 1000) * 1000));
    const gap = minGapMs(limits);
    const fits = capacity(from, window.end, gap);
    const dayCap = Math.min(settings.dailyLimit, allowance ?? Number.POSITIVE_INFINITY, fits);

    const rows = await loadCandidates(db, organizationId, settings, now);
    const addressable = rows.filter((row) => adapter?.chatIdForContact({ id: row.contact_id, phone_e164: row.phone_e164, telegram_id: row.telegram_id, telegram_username: row.telegram_username }));
    const byLead = new Map(addressable.map((row) => [row.lead_id, row]));
    const facts: LeadFacts[] = addressable.map((row) => ({
      leadId: row.lead_id,
      stageKey: row.stage_key,
      stagePosition: row.open_rank,
      openStages: row.open_stages,
      score: row.score,
      interestLevel: row.interest_level,
      daysQuiet: row.days_quiet,
      lastDirection: row.last_direction,
      signals: row.signals ?? [],
    }));
    // One message per contact: a contact with leads in two pipelines keeps its best-ranked lead.
    const seen = new Set<string>();
    const ranked = rankLeads(facts, settings.minPriority).filter((r) => {
      const contact = byLead.get(r.leadId)!.contact_id;
      if (seen.has(contact)) return false;
      seen.add(contact);
      return true;
    });

    const profile = await getBusinessProfile(db, organizationId);
    const { provider, mode } = await ai.providerFor(db, organizationId, { useLlm: settings.useAi });
    let picked: Array<{ leadId: string; priority: number; reasons: ScoreReason[]; why: string }> = ranked.map((r) => ({ leadId: r.leadId, priority: r.priority, reasons: r.reasons, why: explain(r.reasons) }));
    let scorer = 'rules';
    let scorerFallback: string | null = null;
    const take = Math.max(0, Math.floor(dayCap));
    if (mode === 'llm' && take > 0 && ranked.length > 0) {
      const shortlistSize = Math.min(ranked.length, MAX_SHORTLIST, Math.max(take + Math.ceil(take / 2), 10));
      const shortlist: ShortlistEntry[] = ranked.slice(0, shortlistSize).map((r, i) => {
        const row = byLead.get(r.leadId)!;
        return { ref: `L${i + 1}`, stage: row.stage_key, score: row.score, interest: row.interest_level, daysQuiet: row.days_quiet, signals: row.signals ?? [], summary: row.summary, reasons: r.reasons };
      });
      const request = buildRankRequest(shortlist, profile.brief);
      const result = await provider.generateJson(request);
      await recordAiCall(db, organizationId, result, request.task);
      scorer = result.provider === 'openai' ? 'ai' : 'rules';
      scorerFallback = result.fallbackReason ?? null;
      if (result.provider === 'openai') {
        const byRef = new Map(shortlist.map((entry, i) => [entry.ref, ranked[i]!]));
        const mentioned = new Set<string>();
        const kept: typeof picked = [];
        for (const entry of result.value.ranking) {
          const lead = byRef.get(entry.ref);
          if (!lead || mentioned.has(entry.ref)) continue;
          mentioned.add(entry.ref);
          if (!entry.keep) continue;
          const reasons = [{ code: 'ai', points: 0, value: entry.reason }, ...lead.reasons];
          kept.push({ leadId: lead.leadId, priority: lead.priority, reasons, why: entry.reason || explain(lead.reasons) });
        }
        // Leads the model did not mention keep the rules' order after its picks; leads it dropped stay dropped.
        const rest = ranked.filter((r, i) => i >= shortlistSize || !mentioned.has(`L${i + 1}`)).map((r) => ({ leadId: r.leadId, priority: r.priority, reasons: r.reasons, why: explain(r.reasons) }));
        picked = [...kept, ...rest];
      }
    }
    picked = picked.slice(0, take);

    const messages = await mapLimit(picked, MESSAGE_CONCURRENCY, async (pick) => {
      const row = byLead.get(pick.leadId)!;
      const spoken = (row.language ?? row.contact_language ?? organization.locale ?? 'ru').toLowerCase();
      const language = spoken.startsWith('en') ? 'en' : 'ru';
      const input: MessageInput = {
        clientName: row.display_name,
        language,
        stageKey: row.stage_key,
        daysQuiet: row.days_quiet,
        reasons: pick.reasons,
        brief: profile.brief,
        dialog: [],
        summary: row.summary,
        nextAction: row.next_action,
        templates: settings.templates,
      };
      if (mode !== 'llm') return { text: renderOfflineMessage(input), source: 'offline' as const };
      if (row.conversation_id) {
        const dialog = await loadDialog(db, organizationId, row.conversation_id, 30);
        input.dialog = dialog.filter((line) => line.text).map((line) => ({ from: line.direction === 'inbound' ? 'client' : 'business', text: line.text }));
      }
      const request = buildMessageRequest(input);
      const result = await provider.generateJson(request);
      await recordAiCall(db, organizationId, result, request.task);
      return { text: result.value.text.trim(), source: result.provider === 'openai' ? ('ai' as const) : ('offline' as const) };
    });

    const slots = planSlots(picked.length, from, window.end, gap, settings.slotMinutes, window.start);
    const status = settings.autoApprove ? 'approved' : 'pending_review';
    await db.transaction().execute(async (tx) => {
      for (let start = 0; start < picked.length; start += 500) {
        await tx
          .insertInto('reengagement_items')
          .values(
            picked.slice(start, start + 500).map((pick, j) => {
              const i = start + j;
              const row = byLead.get(pick.leadId)!;
              return {
                organization_id: organizationId,
                queue_id: claim.id,
                lead_id: pick.leadId,
                contact_id: row.contact_id,
                rank: i + 1,
                priority: pick.priority,
                reasons: JSON.stringify(pick.reasons),
                why: pick.why.slice(0, 500),
                stage_key: row.stage_key,
                stage_position: row.stage_position,
                days_quiet: row.days_quiet,
                message: messages[i]!.text,
                generated_message: messages[i]!.text,
                message_source: messages[i]!.source,
                status,
                slot_start: slots[i]!.slotStart,
                scheduled_at: slots[i]!.at,
                channel_account_id: account.id,
                reviewed_at: settings.autoApprove ? now : null,
                created_at: now,
                updated_at: now,
              };
            }),
          )
          .execute();
      }
      await tx
        .updateTable('reengagement_queues')
        .set({
          status: 'ready',
          lease_until: null,
          channel_account_id: account.id,
          candidates: rows.length,
          eligible: ranked.length,
          picked: picked.length,
          allowance: allowance,
          scorer,
          scorer_fallback_reason: scorerFallback,
          window_start: window.start,
          window_end: window.end,
          slot_minutes: settings.slotMinutes,
          min_gap_ms: gap,
          formed_at: now,
          error: null,
        })
        .where('organization_id', '=', organizationId)
        .where('id', '=', claim.id)
        .execute();
    });
    return { queueId: claim.id, formed: true };
  } catch (error) {
    ctx.logger.error({ err: error, organizationId }, 're-engagement queue formation failed');
    return fail(error instanceof Error ? error.message.slice(0, 500) : String(error));
  }
}
