import type { Db, DbOrTx } from '../../platform/db/client.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { iso } from '../../platform/http/pagination.ts';
import { createContact, getContact, findContactByAddress, normalizePhone } from '../contacts/index.ts';
import { createLead, deleteLead, getDefaultPipeline, getLead, getPipeline, updateLead } from '../pipelines/index.ts';
import { addLeadNote } from '../pipelines/lead-notes.service.ts';
import type { DialogAnalysisOutput } from './engine/analysis-schema.ts';
import { DEFAULT_STAGE_BASE_SCORES } from './engine/scoring.ts';
import { leadCard, type LeadCard } from './engine/lead-card.ts';
import { getBusinessProfile } from './business-profile.service.ts';
import { recordCorrection } from './dialog-learning.service.ts';
import { loadDialog } from '../conversations/index.ts';
import type { DialogMessage, InterestLevel } from './engine/analysis-schema.ts';
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
  if (input.score !== undefined || input.interestLevel !== undefined) {
    await setOverride(db, organizationId, lead.id, { score: input.score ?? null, interestLevel: input.interestLevel ?? null }, userId);
  }
  await syncLeadScore(db, organizationId, lead.id, new Date());
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
 * A person's change to a lead. A typed score or a chosen interest is kept as theirs (the card says so); a stage
 * change re-weights the score by the organization's rules and drops a typed score. Every manual change of
 * interest or stage is also kept, with the dialog, as a labelled example the organization's model learns from.
 */
export async function patchLead(db: Db, organizationId: string, leadId: string, patch: LeadPatch, userId: string | null, now: Date) {
  const lead = await getLead(db, organizationId, leadId);
  const pipeline = await getPipeline(db, organizationId, lead.pipeline_id);
  const stage = patch.stageKey ? pipeline.stages.find((s) => s.key === patch.stageKey) : undefined;
  if (patch.stageKey && !stage) throw new AppError('BAD_REQUEST', `no stage "${patch.stageKey}" in the lead’s pipeline`, [{ field: 'body.stageKey', message: 'unknown stage' }]);
  const stageChanged = stage !== undefined && stage.id !== lead.stage_id;
  const before = await leadCardOf(db, organizationId, leadId);
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
    },
    { userId, source: 'manual' },
    now,
  );
  const override: { score?: number | null; interestLevel?: InterestLevel | null } = {};
  if (patch.score !== undefined) override.score = patch.score;
  else if (stageChanged) override.score = null;
  if (patch.interestLevel !== undefined) override.interestLevel = patch.interestLevel;
  if (Object.keys(override).length) await setOverride(db, organizationId, leadId, override, userId);
  await syncLeadScore(db, organizationId, leadId, now);

  const corrections: Array<{ field: 'interest' | 'stage'; value: string; previous: string | null }> = [];
  if (stageChanged) corrections.push({ field: 'stage', value: stage.key, previous: lead.stage_key });
  if (patch.interestLevel && patch.interestLevel !== before?.interestLevel) corrections.push({ field: 'interest', value: patch.interestLevel, previous: before?.interestLevel ?? null });
  if (corrections.length) {
    const dialog = await dialogOfLead(db, organizationId, leadId);
    for (const correction of corrections) await recordCorrection(db, organizationId, { leadId, userId, ...dialog, ...correction });
  }
  return getBoardLead(db, organizationId, leadId);
}

/** The lead's conversation as the analyser read it, for a correction to be a complete training example. */
async function dialogOfLead(db: DbOrTx, organizationId: string, leadId: string): Promise<{ conversationId: string | null; messages: DialogMessage[] }> {
  const row = await db
    .selectFrom('dialog_analyses')
    .select('conversation_id')
    .where('organization_id', '=', organizationId)
    .where('lead_id', '=', leadId)
    .where('is_current', '=', true)
    .executeTakeFirst();
  if (!row) return { conversationId: null, messages: [] };
  const lines = await loadDialog(db, organizationId, row.conversation_id, 200);
  return {
    conversationId: row.conversation_id,
    messages: lines.filter((l) => l.text).map((l) => ({ from: l.direction === 'inbound' ? 'client' : 'business', text: l.text, at: l.sentAt.toISOString() })),
  };
}

async function setOverride(db: DbOrTx, organizationId: string, leadId: string, patch: { score?: number | null; interestLevel?: InterestLevel | null }, userId: string | null) {
  const values = {
    ...(patch.score !== undefined ? { score: patch.score } : {}),
    ...(patch.interestLevel !== undefined ? { interest_level: patch.interestLevel } : {}),
    updated_by_user_id: userId,
    updated_at: new Date(),
  };
  await db
    .insertInto('lead_overrides')
    .values({ organization_id: organizationId, lead_id: leadId, ...values })
    .onConflict((oc) => oc.columns(['organization_id', 'lead_id']).doUpdateSet(values))
    .execute();
}

/** Score, interest and breakdown of the lead as the card shows them: always adding up (see engine/lead-card.ts). */
export async function leadCardOf(db: DbOrTx, organizationId: string, leadId: string): Promise<LeadCard | null> {
  const lead = await getLead(db, organizationId, leadId);
  const pipeline = await getPipeline(db, organizationId, lead.pipeline_id);
  const analysis = await db
    .selectFrom('dialog_analyses')
    .select('breakdown')
    .where('organization_id', '=', organizationId)
    .where('lead_id', '=', leadId)
    .where('is_current', '=', true)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const override = await db.selectFrom('lead_overrides').select(['score', 'interest_level']).where('organization_id', '=', organizationId).where('lead_id', '=', leadId).executeTakeFirst();
  // A lead nobody analysed or scored has no score to explain.
  if (!analysis && override?.score == null && override?.interest_level == null) return null;
  const { scoring } = await getBusinessProfile(db, organizationId);
  const baseScores = { ...DEFAULT_STAGE_BASE_SCORES, ...Object.fromEntries(pipeline.stages.filter((s) => s.base_score !== null).map((s) => [s.key, s.base_score!])) };
  return leadCard({
    breakdown: analysis?.breakdown ?? [],
    stageKey: lead.stage_key,
    baseScores,
    thresholds: scoring.thresholds,
    manualScore: override?.score ?? null,
    manualInterest: override?.interest_level ?? null,
  });
}

/** Writes the card's score and interest onto the lead, so the board, filters and the card never disagree. */
export async function syncLeadScore(db: Db, organizationId: string, leadId: string, now: Date): Promise<LeadCard | null> {
  const card = await leadCardOf(db, organizationId, leadId);
  if (!card) return null;
  const lead = await getLead(db, organizationId, leadId);
  if (lead.score !== card.score || lead.interest_level !== card.interestLevel) {
    await updateLead(db, organizationId, leadId, { score: card.score, interestLevel: card.interestLevel }, { userId: null, source: 'analysis' }, now);
  }
  return card;
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
