import type { Db, DbOrTx } from '../../platform/db/client.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { iso } from '../../platform/http/pagination.ts';
import { createContact, getContact, findContactByAddress, normalizePhone } from '../contacts/index.ts';
import { createLead, deleteLead, getDefaultPipeline, getLead, getPipeline, updateLead } from '../pipelines/index.ts';
import { addLeadNote } from '../pipelines/lead-notes.service.ts';
import type { DialogAnalysisOutput } from './engine/analysis-schema.ts';
import { DEFAULT_STAGE_BASE_SCORES, scoreAnalysis } from './engine/scoring.ts';
import { getBusinessProfile } from './business-profile.service.ts';
import { searchLeads, toBoardLeadDto } from './lead-search.ts';

export async function getBoardLead(db: DbOrTx, organizationId: string, leadId: string) {
  const page = await searchLeads(db, organizationId, { leadId }, { sort: 'created_desc', limit: 1 });
  const row = page.rows[0];
  if (!row) throw notFound('lead');
  return toBoardLeadDto(row);
}

export interface ManualLeadInput {
  contactId?: string;
  name?: string;
  phone?: string;
  stageKey?: string;
  interestLevel?: 'hot' | 'warm' | 'cold';
  score?: number;
  note?: string;
}

/** Seed 001's "create a lead by hand": for an existing contact, or a new one by phone and/or name. */
export async function createManualLead(db: Db, organizationId: string, input: ManualLeadInput, userId: string | null) {
  let contactId = input.contactId;
  if (contactId) {
    await getContact(db, organizationId, contactId).catch(() => {
      throw new AppError('BAD_REQUEST', 'contact not found', [{ field: 'body.contactId', message: 'no such contact' }]);
    });
  } else {
    if (!input.phone && !input.name) {
      throw new AppError('BAD_REQUEST', 'give contactId, or a phone and/or name for a new contact', [{ field: 'body.contactId', message: 'required without phone or name' }]);
    }
    const region = (await db.selectFrom('organizations').select('default_region').where('id', '=', organizationId).executeTakeFirst())?.default_region ?? 'KG';
    const phone = input.phone ? normalizePhone(input.phone, region) : null;
    if (input.phone && !phone?.e164) throw new AppError('BAD_REQUEST', `phone "${input.phone}" is ${phone?.problem ?? 'invalid'}`, [{ field: 'body.phone', message: phone?.problem ?? 'invalid' }]);
    const existing = phone?.e164 ? await findContactByAddress(db, organizationId, { phone: phone.e164 }) : null;
    contactId = existing?.id ?? (await createContact(db, organizationId, { ...(input.name ? { displayName: input.name } : {}), phone: phone?.e164 ?? null })).id;
  }
  const pipeline = await getDefaultPipeline(db, organizationId);
  const stage = input.stageKey ? pipeline.stages.find((s) => s.key === input.stageKey) : undefined;
  if (input.stageKey && !stage) throw new AppError('BAD_REQUEST', `no stage "${input.stageKey}" in the default pipeline`, [{ field: 'body.stageKey', message: 'unknown stage' }]);
  const lead = await createLead(
    db,
    organizationId,
    { contactId, pipelineId: pipeline.id, ...(stage ? { stageId: stage.id } : {}), source: 'manual', score: input.score ?? null, interestLevel: input.interestLevel ?? null },
    userId,
  );
  if (input.note) await addLeadNote(db, organizationId, lead.id, input.note, userId);
  return getBoardLead(db, organizationId, lead.id);
}

export interface LeadPatch {
  stageKey?: string;
  interestLevel?: 'hot' | 'warm' | 'cold' | null;
  score?: number | null;
  autopilot?: boolean;
  ownerUserId?: string | null;
  title?: string | null;
  value?: number | null;
  currency?: string | null;
}

/**
 * A person's change to a lead. Moving it to another stage re-scores it by the organization's rules from its current
 * analysis (unless the caller sets the score), so the board's numbers follow the manager's judgement.
 */
export async function patchLead(db: Db, organizationId: string, leadId: string, patch: LeadPatch, userId: string | null, now: Date) {
  const lead = await getLead(db, organizationId, leadId);
  const pipeline = await getPipeline(db, organizationId, lead.pipeline_id);
  const stage = patch.stageKey ? pipeline.stages.find((s) => s.key === patch.stageKey) : undefined;
  if (patch.stageKey && !stage) throw new AppError('BAD_REQUEST', `no stage "${patch.stageKey}" in the lead’s pipeline`, [{ field: 'body.stageKey', message: 'unknown stage' }]);
  let rescored: { score: number; interestLevel: 'hot' | 'warm' | 'cold' } | null = null;
  if (stage && stage.id !== lead.stage_id && patch.score === undefined && patch.interestLevel === undefined) {
    const analysis = await currentAnalysisOutput(db, organizationId, leadId);
    if (analysis) {
      const { scoring } = await getBusinessProfile(db, organizationId);
      const baseScores = { ...DEFAULT_STAGE_BASE_SCORES, ...Object.fromEntries(pipeline.stages.filter((s) => s.base_score !== null).map((s) => [s.key, s.base_score!])) };
      const scored = scoreAnalysis({ ...analysis, funnelStage: stage.key as DialogAnalysisOutput['funnelStage'] }, scoring, baseScores);
      rescored = { score: scored.score, interestLevel: scored.interestLevel };
    }
  }
  await updateLead(
    db,
    organizationId,
    leadId,
    {
      ...(stage ? { stageId: stage.id } : {}),
      ...(patch.autopilot !== undefined ? { autopilot: patch.autopilot } : {}),
      ...(patch.ownerUserId !== undefined ? { ownerUserId: patch.ownerUserId } : {}),
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.value !== undefined ? { value: patch.value } : {}),
      ...(patch.currency !== undefined ? { currency: patch.currency } : {}),
      ...(patch.score !== undefined ? { score: patch.score } : {}),
      ...(patch.interestLevel !== undefined ? { interestLevel: patch.interestLevel } : {}),
      ...(rescored ? { score: rescored.score, interestLevel: rescored.interestLevel } : {}),
    },
    { userId, source: 'manual' },
    now,
  );
  return getBoardLead(db, organizationId, leadId);
}

/** The lead's current analysis read back as analyser output (for re-scoring), or null. */
async function currentAnalysisOutput(db: DbOrTx, organizationId: string, leadId: string): Promise<DialogAnalysisOutput | null> {
  const row = await db
    .selectFrom('dialog_analyses')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('lead_id', '=', leadId)
    .where('is_current', '=', true)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return {
    niche: row.niche,
    role: row.role,
    budget: row.budget,
    qualification: row.qualification,
    funnelStage: row.funnel_stage as DialogAnalysisOutput['funnelStage'],
    signals: row.signals as DialogAnalysisOutput['signals'],
    summary: row.summary,
    nextAction: row.next_action,
    language: row.language ?? 'en',
  };
}

type AnalysisRow = Awaited<ReturnType<typeof analysisRowsOfLead>>[number];

function analysisRowsOfLead(db: DbOrTx, organizationId: string, leadId: string) {
  return db.selectFrom('dialog_analyses').selectAll().where('organization_id', '=', organizationId).where('lead_id', '=', leadId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

function toHistoryItem(row: AnalysisRow) {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    isCurrent: row.is_current,
    funnelStage: row.funnel_stage,
    score: row.score,
    interestLevel: row.interest_level,
    summary: row.summary,
    provider: row.provider,
    model: row.model,
    fallbackReason: row.fallback_reason,
    messageCount: row.message_count,
    analyzedAt: iso(row.created_at)!,
  };
}

/** One analysis with the lead it scored, and the lead's other analyses (newest first) as history. */
export async function getAnalysisWithHistory(db: DbOrTx, organizationId: string, analysisId: string) {
  const target = await db.selectFrom('dialog_analyses').select(['lead_id']).where('organization_id', '=', organizationId).where('id', '=', analysisId).executeTakeFirst();
  if (!target) throw notFound('analysis');
  const rows = await analysisRowsOfLead(db, organizationId, target.lead_id);
  const row = rows.find((r) => r.id === analysisId)!;
  const lead = await getBoardLead(db, organizationId, target.lead_id);
  return {
    ...toHistoryItem(row),
    breakdown: row.breakdown,
    niche: row.niche,
    role: row.role,
    budget: row.budget,
    qualification: row.qualification,
    qualificationComplete: row.qualification_complete,
    signals: row.signals,
    nextAction: row.next_action,
    language: row.language,
    promptVersion: row.prompt_version,
    incomingCount: row.incoming_count,
    lastMessageAt: iso(row.last_message_at),
    lead,
    history: rows.filter((r) => r.id !== analysisId).map(toHistoryItem),
  };
}

/**
 * Seed 001's "delete lead": the lead and its analyses go; contact and conversations stay, and those conversations
 * are not analysed again (which would bring the lead back) unless someone asks for them explicitly.
 */
export async function deleteAnalysedLead(db: Db, organizationId: string, analysisId: string): Promise<void> {
  const target = await db.selectFrom('dialog_analyses').select(['lead_id']).where('organization_id', '=', organizationId).where('id', '=', analysisId).executeTakeFirst();
  if (!target) throw notFound('analysis');
  const conversations = await db
    .selectFrom('dialog_analyses')
    .select('conversation_id')
    .distinct()
    .where('organization_id', '=', organizationId)
    .where('lead_id', '=', target.lead_id)
    .execute();
  if (conversations.length) {
    await db
      .insertInto('analysis_exclusions')
      .values(conversations.map((row) => ({ organization_id: organizationId, conversation_id: row.conversation_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  await deleteLead(db, organizationId, target.lead_id);
}
