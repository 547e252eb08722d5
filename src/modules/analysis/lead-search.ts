import { sql, type RawBuilder } from 'kysely';
import type { DbOrTx } from '../../platform/db/client.ts';
import { decodeCursor, encodeCursor, iso } from '../../platform/http/pagination.ts';
import { badRequest } from '../../platform/errors.ts';
import { likePattern } from '../contacts/index.ts';
import { toLeadDto } from '../pipelines/index.ts';

/**
 * The leads read model: a lead with its contact, stage, current analysis and the conversation it came from, filtered
 * and sorted for the board, the seed's `/dialogs/analysis`, stats and the CSV export — one query shape for all four.
 */

export interface LeadFilters {
  interestLevel?: 'hot' | 'warm' | 'cold';
  minScore?: number;
  maxScore?: number;
  funnelStage?: string;
  qualificationComplete?: boolean;
  channelAccountId?: string;
  instanceName?: string;
  q?: string;
  pipelineId?: string;
  stageId?: string;
  contactId?: string;
  ownerUserId?: string;
  leadId?: string;
  /** Only leads that have an analysis (seed 001's view). */
  analysedOnly?: boolean;
}

export const LEAD_SORTS = ['score_desc', 'score_asc', 'analyzed_desc', 'last_message_desc', 'created_desc'] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

export interface LeadSearchRow {
  id: string;
  contact_id: string;
  contact_name: string;
  contact_phone: string | null;
  pipeline_id: string;
  stage_id: string;
  stage_key: string;
  stage_name: string;
  owner_user_id: string | null;
  title: string | null;
  value: string | null;
  currency: string | null;
  score: number | null;
  interest_level: 'hot' | 'warm' | 'cold' | null;
  source: string;
  autopilot: boolean;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  conversation_id: string | null;
  channel: string | null;
  channel_account_id: string | null;
  channel_account_name: string | null;
  last_message_at: Date | null;
  analysis_id: string | null;
  a_conversation_id: string | null;
  a_funnel_stage: string | null;
  a_score: number | null;
  a_interest_level: 'hot' | 'warm' | 'cold' | null;
  a_breakdown: Array<{ label: string; points: number }> | null;
  a_niche: string | null;
  a_role: string | null;
  a_budget: string | null;
  a_qualification: Array<{ question: string; answer: string | null }> | null;
  a_qualification_complete: boolean | null;
  a_signals: string[] | null;
  a_summary: string | null;
  a_next_action: string | null;
  a_language: string | null;
  a_provider: string | null;
  a_model: string | null;
  a_fallback_reason: string | null;
  a_prompt_version: number | null;
  a_incoming_count: number | null;
  a_message_count: number | null;
  a_last_message_at: Date | null;
  a_created_at: Date | null;
  sort_key: string | number;
}

const EPOCH = sql`'epoch'::timestamptz`;

function sortSpec(sort: LeadSort): { key: RawBuilder<unknown>; direction: 'asc' | 'desc'; kind: 'number' | 'timestamp' } {
  switch (sort) {
    case 'score_desc':
      return { key: sql`coalesce(l.score, -1)`, direction: 'desc', kind: 'number' };
    case 'score_asc':
      return { key: sql`coalesce(l.score, -1)`, direction: 'asc', kind: 'number' };
    case 'analyzed_desc':
      return { key: sql`coalesce(da.created_at, ${EPOCH})`, direction: 'desc', kind: 'timestamp' };
    case 'last_message_desc':
      return { key: sql`coalesce(cv.last_message_at, ${EPOCH})`, direction: 'desc', kind: 'timestamp' };
    case 'created_desc':
      return { key: sql`l.created_at`, direction: 'desc', kind: 'timestamp' };
  }
}

function whereClauses(organizationId: string, filters: LeadFilters): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [sql`l.organization_id = ${organizationId}`];
  if (filters.interestLevel) where.push(sql`l.interest_level = ${filters.interestLevel}`);
  if (filters.minScore !== undefined) where.push(sql`l.score >= ${filters.minScore}`);
  if (filters.maxScore !== undefined) where.push(sql`l.score <= ${filters.maxScore}`);
  if (filters.funnelStage) where.push(sql`st.key = ${filters.funnelStage}`);
  if (filters.qualificationComplete !== undefined) where.push(sql`coalesce(da.qualification_complete, false) = ${filters.qualificationComplete}`);
  if (filters.channelAccountId) where.push(sql`cv.channel_account_id = ${filters.channelAccountId}`);
  if (filters.instanceName) where.push(sql`ca.name = ${filters.instanceName}`);
  if (filters.pipelineId) where.push(sql`l.pipeline_id = ${filters.pipelineId}`);
  if (filters.stageId) where.push(sql`l.stage_id = ${filters.stageId}`);
  if (filters.contactId) where.push(sql`l.contact_id = ${filters.contactId}`);
  if (filters.ownerUserId) where.push(sql`l.owner_user_id = ${filters.ownerUserId}`);
  if (filters.leadId) where.push(sql`l.id = ${filters.leadId}`);
  if (filters.analysedOnly) where.push(sql`da.id IS NOT NULL`);
  if (filters.q) {
    const pattern = likePattern(filters.q);
    const digits = filters.q.replace(/\D/g, '');
    where.push(
      sql`(ct.display_name ILIKE ${pattern} OR da.summary ILIKE ${pattern} OR da.niche ILIKE ${pattern}${digits.length >= 3 ? sql` OR ct.phone_e164 LIKE ${`%${digits}%`}` : sql``})`,
    );
  }
  return where;
}

/** FROM … with the lateral joins every leads query shares. */
const FROM = sql`
  FROM leads l
  JOIN contacts ct ON ct.id = l.contact_id
  JOIN pipeline_stages st ON st.id = l.stage_id
  LEFT JOIN LATERAL (
    SELECT d.* FROM dialog_analyses d
    WHERE d.organization_id = l.organization_id AND d.lead_id = l.id AND d.is_current
    ORDER BY d.created_at DESC LIMIT 1
  ) da ON true
  LEFT JOIN LATERAL (
    SELECT c.id, c.channel, c.channel_account_id, c.last_message_at FROM conversations c
    WHERE c.organization_id = l.organization_id AND c.contact_id = l.contact_id AND NOT c.is_group
    ORDER BY coalesce(c.id = da.conversation_id, false) DESC, c.last_message_at DESC NULLS LAST LIMIT 1
  ) cv ON true
  LEFT JOIN channel_accounts ca ON ca.id = cv.channel_account_id`;

const COLUMNS = sql`
  l.id, l.contact_id, ct.display_name AS contact_name, ct.phone_e164 AS contact_phone, l.pipeline_id, l.stage_id,
  st.key AS stage_key, st.name AS stage_name, l.owner_user_id, l.title, l.value, l.currency, l.score, l.interest_level,
  l.source, l.autopilot, l.created_at, l.updated_at, l.closed_at,
  cv.id AS conversation_id, cv.channel, cv.channel_account_id, ca.name AS channel_account_name, cv.last_message_at,
  da.id AS analysis_id, da.conversation_id AS a_conversation_id, da.funnel_stage AS a_funnel_stage, da.score AS a_score,
  da.interest_level AS a_interest_level, da.breakdown AS a_breakdown, da.niche AS a_niche, da.role AS a_role,
  da.budget AS a_budget, da.qualification AS a_qualification, da.qualification_complete AS a_qualification_complete,
  da.signals AS a_signals, da.summary AS a_summary, da.next_action AS a_next_action, da.language AS a_language,
  da.provider AS a_provider, da.model AS a_model, da.fallback_reason AS a_fallback_reason,
  da.prompt_version AS a_prompt_version, da.incoming_count AS a_incoming_count, da.message_count AS a_message_count,
  da.last_message_at AS a_last_message_at, da.created_at AS a_created_at`;

export interface SearchPage {
  rows: LeadSearchRow[];
  nextCursor: string | null;
}

/** One keyset page. The cursor is bound to the sort it was made with; a cursor of another sort is a 400. */
export async function searchLeads(
  db: DbOrTx,
  organizationId: string,
  filters: LeadFilters,
  page: { sort: LeadSort; cursor?: string; limit: number },
): Promise<SearchPage> {
  const spec = sortSpec(page.sort);
  const where = whereClauses(organizationId, filters);
  const cursor = decodeCursor(page.cursor);
  if (cursor) {
    const valid = spec.kind === 'number' ? typeof cursor.value === 'number' : typeof cursor.value === 'string' && !Number.isNaN(Date.parse(cursor.value));
    if (!valid) throw badRequest('cursor does not belong to this sort; start from the first page', 'query.cursor');
    const value = spec.kind === 'number' ? sql`${cursor.value}::int` : sql`${cursor.value}::timestamptz`;
    where.push(spec.direction === 'desc' ? sql`(${spec.key}, l.id) < (${value}, ${cursor.id}::uuid)` : sql`(${spec.key}, l.id) > (${value}, ${cursor.id}::uuid)`);
  }
  const direction = spec.direction === 'desc' ? sql`DESC` : sql`ASC`;
  const sortKey = spec.kind === 'number' ? sql`${spec.key}` : sql`${spec.key}::text`;
  const result = await sql<LeadSearchRow>`
    SELECT ${COLUMNS}, ${sortKey} AS sort_key
    ${FROM}
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY ${spec.key} ${direction}, l.id ${direction}
    LIMIT ${page.limit + 1}`.execute(db);
  const rows = result.rows;
  const hasMore = rows.length > page.limit;
  const pageRows = hasMore ? rows.slice(0, page.limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { rows: pageRows, nextCursor: hasMore && last ? encodeCursor({ value: spec.kind === 'number' ? Number(last.sort_key) : String(last.sort_key), id: last.id }) : null };
}

export interface LeadCount {
  count: number;
  /** True when `count` is the query planner's estimate rather than an exact count. */
  estimated: boolean;
}

/**
 * How many leads match, without reading them all on every page: a first page that holds every match is
 * its own exact count; otherwise the planner's row estimate (statistics, no scan), never below what the
 * page has already shown.
 */
export async function countLeads(db: DbOrTx, organizationId: string, filters: LeadFilters, page: { firstPage: boolean; rows: number; hasMore: boolean }): Promise<LeadCount> {
  if (page.firstPage && !page.hasMore) return { count: page.rows, estimated: false };
  const where = sql.join(whereClauses(organizationId, filters), sql` AND `);
  const plan = await sql<{ 'QUERY PLAN': unknown }>`EXPLAIN (FORMAT JSON) SELECT 1 ${FROM} WHERE ${where}`.execute(db);
  const seen = page.firstPage ? page.rows + 1 : 0;
  return { count: Math.max(seen, planRows(plan.rows[0]?.['QUERY PLAN'])), estimated: true };
}

/** The top node's row estimate from `EXPLAIN (FORMAT JSON)` (a parsed array, or its text on some drivers). */
function planRows(plan: unknown): number {
  const parsed = (typeof plan === 'string' ? JSON.parse(plan) : plan) as Array<{ Plan?: { 'Plan Rows'?: number } }>;
  return Math.round(parsed[0]?.Plan?.['Plan Rows'] ?? 0);
}

export async function leadStats(db: DbOrTx, organizationId: string, filters: LeadFilters) {
  const where = sql.join(whereClauses(organizationId, filters), sql` AND `);
  const totals = await sql<{ total: number; hot: number; warm: number; cold: number; average: string | null; complete: number; analysed: number }>`
    SELECT count(*)::int AS total,
      count(*) FILTER (WHERE l.interest_level = 'hot')::int AS hot,
      count(*) FILTER (WHERE l.interest_level = 'warm')::int AS warm,
      count(*) FILTER (WHERE l.interest_level = 'cold')::int AS cold,
      round(avg(l.score), 1)::text AS average,
      count(*) FILTER (WHERE da.qualification_complete)::int AS complete,
      count(da.id)::int AS analysed
    ${FROM} WHERE ${where}`.execute(db);
  const groups = await sql<{ dimension: string; value: string | null; n: number }>`
    SELECT 'stage' AS dimension, st.key AS value, count(*)::int AS n ${FROM} WHERE ${where} GROUP BY st.key
    UNION ALL
    SELECT 'niche', da.niche, count(*)::int ${FROM} WHERE ${where} AND da.niche IS NOT NULL GROUP BY da.niche
    UNION ALL
    SELECT 'language', da.language, count(*)::int ${FROM} WHERE ${where} AND da.language IS NOT NULL GROUP BY da.language`.execute(db);
  const by = (dimension: string) => Object.fromEntries(groups.rows.filter((row) => row.dimension === dimension && row.value !== null).map((row) => [row.value!, row.n]));
  const row = totals.rows[0]!;
  return {
    total: row.total,
    analysed: row.analysed,
    hot: row.hot,
    warm: row.warm,
    cold: row.cold,
    averageScore: row.average === null ? null : Number(row.average),
    qualificationComplete: row.complete,
    byStage: by('stage') as Record<string, number>,
    byNiche: by('niche') as Record<string, number>,
    byLanguage: by('language') as Record<string, number>,
  };
}

/** The current analysis of a lead as the API shows it, or null. */
export function analysisOfRow(row: LeadSearchRow) {
  if (!row.analysis_id) return null;
  return {
    id: row.analysis_id,
    conversationId: row.a_conversation_id!,
    funnelStage: row.a_funnel_stage!,
    score: row.a_score!,
    interestLevel: row.a_interest_level!,
    breakdown: row.a_breakdown ?? [],
    niche: row.a_niche,
    role: row.a_role,
    budget: row.a_budget,
    qualification: row.a_qualification ?? [],
    qualificationComplete: row.a_qualification_complete ?? false,
    signals: row.a_signals ?? [],
    summary: row.a_summary ?? '',
    nextAction: row.a_next_action ?? '',
    language: row.a_language,
    provider: row.a_provider!,
    model: row.a_model!,
    fallbackReason: row.a_fallback_reason,
    promptVersion: row.a_prompt_version,
    incomingCount: row.a_incoming_count ?? 0,
    messageCount: row.a_message_count ?? 0,
    lastMessageAt: iso(row.a_last_message_at),
    analyzedAt: iso(row.a_created_at)!,
  };
}

/** A board lead: the lead, where it talks to us, and its current analysis. */
export function toBoardLeadDto(row: LeadSearchRow) {
  return {
    ...toLeadDto(row),
    contactPhone: row.contact_phone,
    conversationId: row.conversation_id,
    channel: row.channel,
    channelAccountId: row.channel_account_id,
    channelAccountName: row.channel_account_name,
    lastMessageAt: iso(row.last_message_at),
    analysis: analysisOfRow(row),
  };
}

/** Seed 001's analysis row: the analysis first, with the lead it scored. Only for rows with an analysis. */
export function toDialogAnalysisDto(row: LeadSearchRow) {
  const analysis = analysisOfRow(row)!;
  return {
    ...analysis,
    contactId: row.contact_id,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    channel: row.channel,
    channelAccountId: row.channel_account_id,
    channelAccountName: row.channel_account_name,
    leadId: row.id,
    leadStageKey: row.stage_key,
    leadScore: row.score,
    leadInterestLevel: row.interest_level,
    autopilot: row.autopilot,
  };
}
