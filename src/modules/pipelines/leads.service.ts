import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../platform/db/client.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { decodeCursor, iso, toPage } from '../../platform/http/pagination.ts';
import { recordEvent } from '../events/index.ts';
import { getContact } from '../contacts/index.ts';
import { getDefaultPipeline, getPipeline } from './pipelines.service.ts';

const leadColumns = [
  'leads.id',
  'leads.contact_id',
  'leads.pipeline_id',
  'leads.stage_id',
  'leads.owner_user_id',
  'leads.title',
  'leads.value',
  'leads.currency',
  'leads.score',
  'leads.interest_level',
  'leads.source',
  'leads.autopilot',
  'leads.created_at',
  'leads.updated_at',
  'leads.closed_at',
  'contacts.display_name as contact_name',
  'pipeline_stages.key as stage_key',
] as const;

function selectLeads(db: DbOrTx, organizationId: string) {
  return db
    .selectFrom('leads')
    .innerJoin('contacts', 'contacts.id', 'leads.contact_id')
    .innerJoin('pipeline_stages', 'pipeline_stages.id', 'leads.stage_id')
    .select(leadColumns)
    .where('leads.organization_id', '=', organizationId);
}

type LeadRow = Awaited<ReturnType<ReturnType<typeof selectLeads>['executeTakeFirstOrThrow']>>;

export function toLeadDto(row: LeadRow) {
  return {
    id: row.id,
    contactId: row.contact_id,
    contactName: row.contact_name,
    pipelineId: row.pipeline_id,
    stageId: row.stage_id,
    stageKey: row.stage_key,
    ownerUserId: row.owner_user_id,
    title: row.title,
    value: row.value === null ? null : Number(row.value),
    currency: row.currency,
    score: row.score,
    interestLevel: row.interest_level,
    source: row.source,
    autopilot: row.autopilot,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    closedAt: iso(row.closed_at),
  };
}

export async function getLead(db: DbOrTx, organizationId: string, leadId: string): Promise<LeadRow> {
  const lead = await selectLeads(db, organizationId).where('leads.id', '=', leadId).executeTakeFirst();
  if (!lead) throw notFound('lead');
  return lead;
}

async function assertOwner(db: DbOrTx, organizationId: string, userId: string | null | undefined): Promise<void> {
  if (!userId) return;
  const member = await db.selectFrom('memberships').select('user_id').where('organization_id', '=', organizationId).where('user_id', '=', userId).executeTakeFirst();
  if (!member) throw new AppError('BAD_REQUEST', 'owner is not a member of the organization', [{ field: 'body.ownerUserId', message: 'not a member' }]);
}

export async function createLead(
  db: Db,
  organizationId: string,
  input: {
    contactId: string;
    pipelineId?: string;
    stageId?: string;
    ownerUserId?: string | null;
    title?: string | null;
    value?: number | null;
    currency?: string | null;
    source?: string;
    score?: number | null;
    interestLevel?: 'hot' | 'warm' | 'cold' | null;
    reason?: string | null;
  },
  actorUserId: string | null,
) {
  await getContact(db, organizationId, input.contactId).catch(() => {
    throw new AppError('BAD_REQUEST', 'contact not found', [{ field: 'body.contactId', message: 'no such contact' }]);
  });
  const pipeline = input.pipelineId
    ? await getPipeline(db, organizationId, input.pipelineId).catch(() => {
        throw new AppError('BAD_REQUEST', 'pipeline not found', [{ field: 'body.pipelineId', message: 'no such pipeline' }]);
      })
    : await getDefaultPipeline(db, organizationId);
  const stage = input.stageId ? pipeline.stages.find((s) => s.id === input.stageId) : pipeline.stages[0];
  if (!stage) throw new AppError('BAD_REQUEST', 'stage is not in the pipeline', [{ field: 'body.stageId', message: 'not in this pipeline' }]);
  await assertOwner(db, organizationId, input.ownerUserId);
  const leadId = await db.transaction().execute(async (tx) => {
    const lead = await tx
      .insertInto('leads')
      .values({
        organization_id: organizationId,
        contact_id: input.contactId,
        pipeline_id: pipeline.id,
        stage_id: stage.id,
        owner_user_id: input.ownerUserId ?? null,
        title: input.title ?? null,
        value: input.value ?? null,
        currency: input.currency ?? null,
        source: input.source ?? 'manual',
        score: input.score ?? null,
        interest_level: input.interestLevel ?? null,
        closed_at: stage.kind === 'open' ? null : new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('lead_stage_history')
      .values({
        organization_id: organizationId,
        lead_id: lead.id,
        from_stage_id: null,
        to_stage_id: stage.id,
        changed_by_user_id: actorUserId,
        source: input.source ?? 'manual',
        reason: input.reason ?? null,
      })
      .execute();
    await recordEvent(tx, {
      organizationId,
      type: 'lead.created',
      subjectType: 'lead',
      subjectId: lead.id,
      payload: { contactId: input.contactId, pipelineId: pipeline.id, stageKey: stage.key },
    });
    return lead.id;
  });
  return getLead(db, organizationId, leadId);
}

export async function updateLead(
  db: Db,
  organizationId: string,
  leadId: string,
  patch: {
    stageId?: string;
    ownerUserId?: string | null;
    title?: string | null;
    value?: number | null;
    currency?: string | null;
    autopilot?: boolean;
    score?: number | null;
    interestLevel?: 'hot' | 'warm' | 'cold' | null;
    reason?: string;
  },
  actor: { userId: string | null; source?: string },
  now: Date,
) {
  const current = await getLead(db, organizationId, leadId);
  const pipeline = await getPipeline(db, organizationId, current.pipeline_id);
  const stage = patch.stageId ? pipeline.stages.find((s) => s.id === patch.stageId) : undefined;
  if (patch.stageId && !stage) throw new AppError('BAD_REQUEST', 'stage is not in the lead’s pipeline', [{ field: 'body.stageId', message: 'not in this pipeline' }]);
  await assertOwner(db, organizationId, patch.ownerUserId);
  const isStageChange = stage !== undefined && stage.id !== current.stage_id;
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('leads')
      .set({
        ...(isStageChange ? { stage_id: stage.id, closed_at: stage.kind === 'open' ? null : now } : {}),
        ...(patch.ownerUserId !== undefined ? { owner_user_id: patch.ownerUserId } : {}),
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.value !== undefined ? { value: patch.value } : {}),
        ...(patch.currency !== undefined ? { currency: patch.currency } : {}),
        ...(patch.autopilot !== undefined ? { autopilot: patch.autopilot } : {}),
        ...(patch.score !== undefined ? { score: patch.score } : {}),
        ...(patch.interestLevel !== undefined ? { interest_level: patch.interestLevel } : {}),
        updated_at: now,
      })
      .where('organization_id', '=', organizationId)
      .where('id', '=', leadId)
      .execute();
    if (isStageChange) {
      await tx
        .insertInto('lead_stage_history')
        .values({
          organization_id: organizationId,
          lead_id: leadId,
          from_stage_id: current.stage_id,
          to_stage_id: stage.id,
          changed_by_user_id: actor.userId,
          source: actor.source ?? 'manual',
          reason: patch.reason ?? null,
        })
        .execute();
      await recordEvent(tx, {
        organizationId,
        type: 'lead.stage_changed',
        subjectType: 'lead',
        subjectId: leadId,
        payload: { fromStageKey: current.stage_key, toStageKey: stage.key, contactId: current.contact_id },
      });
    }
  });
  return getLead(db, organizationId, leadId);
}

export async function deleteLead(db: Db, organizationId: string, leadId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const result = await tx.deleteFrom('leads').where('organization_id', '=', organizationId).where('id', '=', leadId).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw notFound('lead');
    await recordEvent(tx, { organizationId, type: 'lead.deleted', subjectType: 'lead', subjectId: leadId, payload: {} });
  });
}

export async function listLeads(
  db: DbOrTx,
  organizationId: string,
  query: { cursor?: string; limit: number; pipelineId?: string; stageId?: string; contactId?: string; ownerUserId?: string },
) {
  const cursor = decodeCursor(query.cursor, 'timestamp');
  let builder = selectLeads(db, organizationId).select(sql<string>`leads.created_at::text`.as('sort_key'));
  if (query.pipelineId) builder = builder.where('leads.pipeline_id', '=', query.pipelineId);
  if (query.stageId) builder = builder.where('leads.stage_id', '=', query.stageId);
  if (query.contactId) builder = builder.where('leads.contact_id', '=', query.contactId);
  if (query.ownerUserId) builder = builder.where('leads.owner_user_id', '=', query.ownerUserId);
  if (cursor) builder = builder.where(sql<boolean>`(leads.created_at, leads.id) < (${cursor.value}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await builder.orderBy('leads.created_at', 'desc').orderBy('leads.id', 'desc').limit(query.limit + 1).execute();
  return toPage(rows, query.limit, toLeadDto, (row) => ({ value: row.sort_key, id: row.id }));
}

export async function getStageHistory(db: DbOrTx, organizationId: string, leadId: string) {
  await getLead(db, organizationId, leadId);
  const rows = await db
    .selectFrom('lead_stage_history')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('lead_id', '=', leadId)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    fromStageId: row.from_stage_id,
    toStageId: row.to_stage_id,
    changedByUserId: row.changed_by_user_id,
    source: row.source,
    reason: row.reason,
    createdAt: iso(row.created_at)!,
  }));
}

/** The contact's newest lead in a pipeline that is still open, else its newest lead there, else null. */
export async function findLeadForContact(db: DbOrTx, organizationId: string, contactId: string, pipelineId: string): Promise<LeadRow | null> {
  const row = await selectLeads(db, organizationId)
    .where('leads.contact_id', '=', contactId)
    .where('leads.pipeline_id', '=', pipelineId)
    .orderBy(sql`leads.closed_at IS NULL`, 'desc')
    .orderBy('leads.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

/** Who moved the lead last: 'manual' (a person), 'analysis', 'import', … */
export async function lastStageChangeSource(db: DbOrTx, organizationId: string, leadId: string): Promise<string | null> {
  const row = await db
    .selectFrom('lead_stage_history')
    .select('source')
    .where('organization_id', '=', organizationId)
    .where('lead_id', '=', leadId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.source ?? null;
}

export type { LeadRow };

/**
 * The stage each contact's lead is at in each of the pipelines (the open lead, else the newest — as
 * findLeadForContact), for many contacts at once. Keyed `${contactId}:${pipelineId}`.
 */
export async function currentLeadStages(db: DbOrTx, organizationId: string, contactIds: string[], pipelineIds: string[]): Promise<Map<string, string>> {
  if (contactIds.length === 0 || pipelineIds.length === 0) return new Map();
  const rows = await sql<{ contact_id: string; pipeline_id: string; stage_id: string }>`
    SELECT DISTINCT ON (contact_id, pipeline_id) contact_id, pipeline_id, stage_id
    FROM leads
    WHERE organization_id = ${organizationId} AND contact_id = ANY(${contactIds}::uuid[]) AND pipeline_id = ANY(${pipelineIds}::uuid[])
    ORDER BY contact_id, pipeline_id, (closed_at IS NULL) DESC, created_at DESC`.execute(db);
  return new Map(rows.rows.map((row) => [`${row.contact_id}:${row.pipeline_id}`, row.stage_id]));
}

/** The contacts whose open lead is at this interest level, as a subquery other modules filter by. */
export function contactsWithInterest(db: DbOrTx, organizationId: string, level: 'hot' | 'warm' | 'cold') {
  return db
    .selectFrom('leads')
    .select('leads.contact_id')
    .where('leads.organization_id', '=', organizationId)
    .where('leads.interest_level', '=', level)
    .where('leads.closed_at', 'is', null);
}

/** The interest level of each contact's most recently updated open lead. */
export async function interestOfContacts(db: DbOrTx, organizationId: string, contactIds: string[]): Promise<Map<string, 'hot' | 'warm' | 'cold'>> {
  if (contactIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('leads')
    .select(['contact_id', 'interest_level'])
    .where('organization_id', '=', organizationId)
    .where('contact_id', 'in', contactIds)
    .where('interest_level', 'is not', null)
    .where('closed_at', 'is', null)
    .orderBy('updated_at', 'asc')
    .execute();
  return new Map(rows.map((row) => [row.contact_id, row.interest_level!]));
}
