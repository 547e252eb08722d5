import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Db, DbOrTx, Tx } from '../../platform/db/client.ts';
import type { ChannelAccount, ChannelType } from '../../platform/db/schema.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import { recordEvent } from '../events/index.ts';
import { getChannelAccount, listChannelAccounts } from '../channels/index.ts';
import { getPipeline, getDefaultPipeline } from '../pipelines/index.ts';
import { getOrganization } from '../orgs/index.ts';
import { TemplateError, validateTemplate } from './engine/render.ts';
import { alignToWindow, zoneFor } from './engine/schedule.ts';
import { firstSendAt } from './engine/sequence.ts';
import {
  audienceOf,
  compact,
  scheduleOf,
  toCampaignDto,
  toSequenceStep,
  toStepDto,
  toTemplateDto,
  variantsOf,
  type CampaignRow,
  type StepRow,
  type StepVariant,
  type TemplateRow,
} from './campaign-model.ts';
import { insertParticipants, previewAudience, type AudienceScope } from './campaign-audience.ts';
import { ensureBudgetRow } from './account-limits.ts';
import type { CampaignSettingsInput, CreateCampaignInput, LeadCreationInput, StepInput, TargetAudience, UpdateCampaignInput } from './campaigns.schemas.ts';

const badField = (field: string, message: string) => new AppError('BAD_REQUEST', `${field}: ${message}`, [{ field, message }]);
const stateConflict = (message: string, field = 'params.campaignId') => new AppError('CONFLICT', message, [{ field, message }]);

// --- reading ---

export async function getCampaignRow(db: DbOrTx, organizationId: string, campaignId: string): Promise<CampaignRow> {
  const row = await db.selectFrom('campaigns').selectAll().where('organization_id', '=', organizationId).where('id', '=', campaignId).executeTakeFirst();
  if (!row) throw notFound('campaign');
  return row;
}

export async function listCampaigns(db: DbOrTx, organizationId: string, query: { cursor?: string; limit: number; status?: CampaignRow['status'] }) {
  const cursor = decodeCursor(query.cursor, 'timestamp');
  let builder = db
    .selectFrom('campaigns')
    .selectAll()
    .select(sql<string>`created_at::text`.as('sort_key'))
    .where('organization_id', '=', organizationId);
  if (query.status) builder = builder.where('status', '=', query.status);
  if (cursor) builder = builder.where(sql<boolean>`(created_at, id) < (${cursor.value}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await builder.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
  return toPage(rows, query.limit, toCampaignDto, (row) => ({ value: row.sort_key, id: row.id }));
}

export async function campaignTemplates(db: DbOrTx, organizationId: string, campaignId: string): Promise<TemplateRow[]> {
  return db
    .selectFrom('campaign_templates')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where((eb) => eb.or([eb('campaign_id', '=', campaignId), eb('campaign_id', 'is', null)]))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function listSteps(db: DbOrTx, organizationId: string, campaignId: string): Promise<StepRow[]> {
  return db.selectFrom('campaign_steps').selectAll().where('organization_id', '=', organizationId).where('campaign_id', '=', campaignId).orderBy('order_index').execute();
}

export async function getCampaignDetail(db: DbOrTx, organizationId: string, campaignId: string) {
  const row = await getCampaignRow(db, organizationId, campaignId);
  const [templates, steps] = await Promise.all([campaignTemplates(db, organizationId, campaignId), listSteps(db, organizationId, campaignId)]);
  const byId = new Map(templates.map((t) => [t.id, t]));
  return {
    ...toCampaignDto(row),
    templates: templates.filter((t) => t.campaign_id === campaignId).map(toTemplateDto),
    steps: steps.map((s) => toStepDto(s, byId)),
  };
}

// --- validation of references ---

function checkTemplate(content: string, field: string): void {
  try {
    validateTemplate(content);
  } catch (error) {
    if (error instanceof TemplateError) throw badField(field, `template does not render: ${error.message}`);
    throw error;
  }
}

async function checkAccount(db: DbOrTx, organizationId: string, accountId: string, field: string): Promise<ChannelAccount> {
  try {
    return await getChannelAccount(db, organizationId, accountId);
  } catch {
    throw badField(field, 'no such channel account');
  }
}

async function checkAudience(db: DbOrTx, organizationId: string, audience: TargetAudience | null | undefined): Promise<void> {
  if (!audience) return;
  const prefix = 'body.targetAudience';
  if (audience.bdAccountId) await checkAccount(db, organizationId, audience.bdAccountId, `${prefix}.bdAccountId`);
  if (audience.telegramGroup?.bdAccountId) await checkAccount(db, organizationId, audience.telegramGroup.bdAccountId, `${prefix}.telegramGroup.bdAccountId`);
  if ((audience.source ?? 'crm') === 'telegram_group' && !audience.telegramGroup) throw badField(`${prefix}.telegramGroup`, 'required for the telegram_group source');
  const filters = audience.filters;
  if (filters?.companyId) {
    const company = await db.selectFrom('companies').select('id').where('organization_id', '=', organizationId).where('id', '=', filters.companyId).executeTakeFirst();
    if (!company) throw badField(`${prefix}.filters.companyId`, 'no such company');
  }
  if (filters?.pipelineId) {
    const pipeline = await getPipeline(db, organizationId, filters.pipelineId).catch(() => null);
    if (!pipeline) throw badField(`${prefix}.filters.pipelineId`, 'no such pipeline');
    for (const [i, stageId] of (filters.stageIds ?? []).entries()) {
      if (!pipeline.stages.some((s) => s.id === stageId)) throw badField(`${prefix}.filters.stageIds.${i}`, 'not a stage of the pipeline');
    }
  }
}

async function checkLeadSettings(db: DbOrTx, organizationId: string, settings: LeadCreationInput | null | undefined): Promise<void> {
  if (!settings) return;
  const pipeline = settings.pipelineId
    ? await getPipeline(db, organizationId, settings.pipelineId).catch(() => {
        throw badField('body.leadCreationSettings.pipelineId', 'no such pipeline');
      })
    : await getDefaultPipeline(db, organizationId);
  if (settings.stageId && !pipeline.stages.some((s) => s.id === settings.stageId)) throw badField('body.leadCreationSettings.stageId', 'not a stage of the pipeline');
}

async function checkConditions(db: DbOrTx, organizationId: string, conditions: StepInput['conditions'], field: string): Promise<void> {
  for (const key of ['inPipelineStage', 'notInPipelineStage'] as const) {
    const rule = conditions?.[key];
    if (!rule) continue;
    const pipeline = await getPipeline(db, organizationId, rule.pipelineId).catch(() => null);
    if (!pipeline) throw badField(`${field}.${key}.pipelineId`, 'no such pipeline');
    for (const [i, stageId] of rule.stageIds.entries()) {
      if (!pipeline.stages.some((s) => s.id === stageId)) throw badField(`${field}.${key}.stageIds.${i}`, 'not a stage of the pipeline');
    }
  }
}

function normalizeAudience(audience: TargetAudience | null | undefined, accountId: string | null): Record<string, unknown> {
  const stored = compact({ ...(audience ?? {}), bdAccountId: accountId } as Record<string, unknown>);
  if (stored.filters) stored.filters = compact(stored.filters as Record<string, unknown>);
  return stored;
}

function normalizeSettings(settings: CampaignSettingsInput | null | undefined): Record<string, unknown> {
  return compact({ ...(settings ?? {}) } as Record<string, unknown>);
}

// --- campaigns ---

export async function createCampaign(db: Db, organizationId: string, userId: string | null, input: CreateCampaignInput) {
  const accountId = input.channelAccountId ?? input.targetAudience?.bdAccountId ?? null;
  if (accountId) await checkAccount(db, organizationId, accountId, input.channelAccountId ? 'body.channelAccountId' : 'body.targetAudience.bdAccountId');
  await checkAudience(db, organizationId, input.targetAudience);
  await checkLeadSettings(db, organizationId, input.leadCreationSettings);
  const campaignId = await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('campaigns')
      .values({
        organization_id: organizationId,
        name: input.name,
        channel_account_id: accountId,
        schedule: input.schedule ? JSON.stringify(compact(input.schedule)) : null,
        target_audience: JSON.stringify(normalizeAudience(input.targetAudience, accountId)),
        lead_creation_settings: input.leadCreationSettings ? JSON.stringify(compact(input.leadCreationSettings)) : null,
        settings: JSON.stringify(normalizeSettings(input.settings)),
        created_by_user_id: userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.steps && input.steps.length > 0) await writeSteps(tx, organizationId, row.id, 'draft', input.steps, 'body.steps');
    await recordEvent(tx, { organizationId, type: 'campaign.created', subjectType: 'campaign', subjectId: row.id, payload: { name: input.name } });
    return row.id;
  });
  return getCampaignDetail(db, organizationId, campaignId);
}

export async function updateCampaign(ctx: AppContext, organizationId: string, campaignId: string, input: UpdateCampaignInput) {
  const { db, clock } = ctx;
  const current = await getCampaignRow(db, organizationId, campaignId);
  if (current.status === 'completed' && Object.keys(input).some((k) => k !== 'name' && k !== 'status')) {
    throw stateConflict('a completed campaign can only be renamed');
  }
  const isDraft = current.status === 'draft';
  if (isDraft && input.status === 'active') {
    throw new AppError('UNPROCESSABLE', 'a draft starts through the pre-launch check: POST /api/campaigns/:id/prelaunch, then POST /start with its confirmToken', [
      { field: 'body.status', message: 'start through the pre-launch check' },
    ]);
  }
  if (!isDraft && input.targetAudience !== undefined) throw stateConflict('the audience is fixed once the campaign has started', 'body.targetAudience');
  // The sending account can be replaced while paused (say, the old one was deleted or banned).
  if (!isDraft && current.status !== 'paused' && input.channelAccountId !== undefined && input.channelAccountId !== current.channel_account_id) {
    throw stateConflict('pause the campaign to change its sending account', 'body.channelAccountId');
  }
  if (!isDraft && input.channelAccountId === null) throw badField('body.channelAccountId', 'a started campaign needs a sending account');
  const accountId = input.channelAccountId !== undefined ? input.channelAccountId : input.targetAudience?.bdAccountId !== undefined ? input.targetAudience.bdAccountId : current.channel_account_id;
  if (accountId && accountId !== current.channel_account_id) await checkAccount(db, organizationId, accountId, 'body.channelAccountId');
  await checkAudience(db, organizationId, input.targetAudience);
  await checkLeadSettings(db, organizationId, input.leadCreationSettings);
  const now = clock.now();
  if (accountId && accountId !== current.channel_account_id && !isDraft) await ensureBudgetRow(db, organizationId, accountId, now);
  await db
    .updateTable('campaigns')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.schedule !== undefined ? { schedule: input.schedule ? JSON.stringify(compact(input.schedule)) : null } : {}),
      ...(input.targetAudience !== undefined || input.channelAccountId !== undefined
        ? { target_audience: JSON.stringify(normalizeAudience(input.targetAudience === undefined ? audienceOf(current) : input.targetAudience, accountId)), channel_account_id: accountId }
        : {}),
      ...(input.leadCreationSettings !== undefined ? { lead_creation_settings: input.leadCreationSettings ? JSON.stringify(compact(input.leadCreationSettings)) : null } : {}),
      ...(input.settings !== undefined ? { settings: JSON.stringify({ ...(current.settings as object), ...normalizeSettings(input.settings) }) } : {}),
      updated_at: now,
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', campaignId)
    .execute();
  if (input.status && input.status !== current.status) {
    if (input.status === 'active') await (current.status === 'paused' ? resumeCampaign(ctx, organizationId, campaignId) : startCampaign(ctx, organizationId, campaignId));
    else if (input.status === 'paused') await pauseCampaign(ctx, organizationId, campaignId);
    else await stopCampaign(ctx, organizationId, campaignId);
  }
  return getCampaignDetail(db, organizationId, campaignId);
}

export async function deleteCampaign(db: Db, organizationId: string, campaignId: string): Promise<void> {
  const current = await getCampaignRow(db, organizationId, campaignId);
  if (current.status !== 'draft' && current.status !== 'completed') throw stateConflict('only a draft or a completed campaign can be deleted; stop it first');
  await db.deleteFrom('campaigns').where('organization_id', '=', organizationId).where('id', '=', campaignId).where('status', 'in', ['draft', 'completed']).execute();
}

/** The account a campaign sends from: its own, else the first active one of the organization (seed 002). */
export async function resolveSendingAccount(db: DbOrTx, organizationId: string, campaign: CampaignRow): Promise<ChannelAccount> {
  if (campaign.channel_account_id) return getChannelAccount(db, organizationId, campaign.channel_account_id);
  const account = (await listChannelAccounts(db, organizationId)).find((a) => a.status === 'active');
  if (!account) throw new AppError('UNPROCESSABLE', 'no active channel account to send from', [{ field: 'body.channelAccountId', message: 'connect a channel account first' }]);
  return account;
}

export async function assertStartable(ctx: AppContext, organizationId: string, campaign: CampaignRow, steps: StepRow[], account: ChannelAccount): Promise<void> {
  if (steps.length === 0) throw new AppError('UNPROCESSABLE', 'the campaign has no steps', [{ field: 'body.steps', message: 'add at least one step' }]);
  if (steps[0]!.trigger_type !== 'delay') throw new AppError('UNPROCESSABLE', 'the first step must be a delay step', [{ field: 'body.steps.0.trigger', message: 'must be delay' }]);
  if (account.status !== 'active') throw new AppError('UNPROCESSABLE', `the sending account is ${account.status}`, [{ field: 'body.channelAccountId', message: `account is ${account.status}` }]);
  if (!ctx.channels.get(account.channel)) {
    throw new AppError('UNPROCESSABLE', `the ${account.channel} channel cannot send yet`, [{ field: 'body.channelAccountId', message: 'channel not available' }]);
  }
  const templates = new Map((await campaignTemplates(ctx.db, organizationId, campaign.id)).map((t) => [t.id, t]));
  for (const step of steps) {
    for (const variant of variantsOf(step)) {
      const template = templates.get(variant.templateId);
      if (!template) throw new AppError('UNPROCESSABLE', `step ${step.order_index + 1} has no template`, [{ field: `body.steps.${step.order_index}`, message: 'template missing' }]);
      checkTemplate(template.content, `body.steps.${step.order_index}.content`);
    }
  }
}

export function audienceScope(organizationId: string, campaignId: string, account: ChannelAccount): AudienceScope {
  return { organizationId, campaignId, channel: account.channel as ChannelType, accountId: account.id };
}

/** Draft → active: every matching contact becomes a participant in one statement, due at the first step. */
export async function startCampaign(ctx: AppContext, organizationId: string, campaignId: string) {
  const { db, clock } = ctx;
  const campaign = await getCampaignRow(db, organizationId, campaignId);
  if (campaign.status === 'paused') throw stateConflict('the campaign is paused: resume it');
  if (campaign.status !== 'draft') throw stateConflict(`the campaign is already ${campaign.status}`);
  const steps = await listSteps(db, organizationId, campaignId);
  const account = await resolveSendingAccount(db, organizationId, campaign);
  await assertStartable(ctx, organizationId, campaign, steps, account);
  const organization = await getOrganization(db, organizationId);
  const now = clock.now();
  const schedule = scheduleOf(campaign);
  const zone = zoneFor(schedule, null, organization.timezone);
  const dueAt = firstSendAt(steps.map(toSequenceStep), now);
  const aligned = alignToWindow(dueAt, schedule, zone, () => 0);
  // Moved to a later opening: spread over the jitter window instead of all at the opening minute.
  const jitterMs = aligned.getTime() !== dueAt.getTime() && schedule ? schedule.jitterMinutes * 60_000 : 0;
  const audience = audienceOf(campaign);
  const joined = await db.transaction().execute(async (tx) => {
    // The start sorts the audience by contact (see insertParticipants): in memory, not on disk.
    await sql`SET LOCAL work_mem = '256MB'`.execute(tx);
    const updated = await tx
      .updateTable('campaigns')
      .set({ status: 'active', started_at: now, updated_at: now, channel_account_id: account.id, target_audience: JSON.stringify({ ...audience, bdAccountId: account.id }) })
      .where('organization_id', '=', organizationId)
      .where('id', '=', campaignId)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw stateConflict('the campaign was started meanwhile');
    const count = await insertParticipants(tx, audience, audienceScope(organizationId, campaignId, account), { now, firstAt: aligned, jitterMs });
    if (count === 0) {
      throw new AppError('UNPROCESSABLE', 'no contact matches the audience (opted-out contacts and contacts the account cannot reach are left out)', [
        { field: 'body.targetAudience', message: 'no matching contacts' },
      ]);
    }
    await ensureBudgetRow(tx, organizationId, account.id, now);
    await recordEvent(tx, { organizationId, type: 'campaign.started', subjectType: 'campaign', subjectId: campaignId, payload: { participants: count, channelAccountId: account.id } });
    return count;
  });
  return { participants: joined, campaign: await getCampaignDetail(db, organizationId, campaignId) };
}

export async function pauseCampaign(ctx: AppContext, organizationId: string, campaignId: string) {
  const { db, clock } = ctx;
  const campaign = await getCampaignRow(db, organizationId, campaignId);
  if (campaign.status !== 'active') throw stateConflict(`only an active campaign can be paused (it is ${campaign.status})`);
  const now = clock.now();
  await db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable('campaigns')
      .set({ status: 'paused', paused_at: now, updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', '=', campaignId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw stateConflict('the campaign changed meanwhile');
    await recordEvent(tx, { organizationId, type: 'campaign.paused', subjectType: 'campaign', subjectId: campaignId, payload: {} });
  });
  return getCampaignDetail(db, organizationId, campaignId);
}

export async function resumeCampaign(ctx: AppContext, organizationId: string, campaignId: string) {
  const { db, clock } = ctx;
  const campaign = await getCampaignRow(db, organizationId, campaignId);
  if (campaign.status !== 'paused') throw stateConflict(`only a paused campaign can be resumed (it is ${campaign.status})`);
  const now = clock.now();
  await db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable('campaigns')
      .set({ status: 'active', paused_at: null, updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', '=', campaignId)
      .where('status', '=', 'paused')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw stateConflict('the campaign changed meanwhile');
    await recordEvent(tx, { organizationId, type: 'campaign.resumed', subjectType: 'campaign', subjectId: campaignId, payload: {} });
  });
  return getCampaignDetail(db, organizationId, campaignId);
}

/** Stop: completed at once; every participant with a step still to come is stopped. */
export async function stopCampaign(ctx: AppContext, organizationId: string, campaignId: string) {
  const { db, clock } = ctx;
  const campaign = await getCampaignRow(db, organizationId, campaignId);
  if (campaign.status === 'completed') throw stateConflict('the campaign is already completed');
  const now = clock.now();
  await db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable('campaigns')
      .set({ status: 'completed', completed_at: now, completed_reason: 'stopped', updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', '=', campaignId)
      .where('status', '!=', 'completed')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw stateConflict('the campaign changed meanwhile');
    const stopped = await sql`
      UPDATE campaign_participants SET
        status = CASE WHEN status IN ('pending', 'sent', 'delivered') THEN 'stopped' ELSE status END,
        next_send_at = NULL, claim_token = NULL, finished_at = ${now}, updated_at = ${now}
      WHERE organization_id = ${organizationId} AND campaign_id = ${campaignId} AND next_send_at IS NOT NULL`.execute(tx);
    await recordEvent(tx, {
      organizationId,
      type: 'campaign.completed',
      subjectType: 'campaign',
      subjectId: campaignId,
      payload: { reason: 'stopped', stoppedParticipants: Number(stopped.numAffectedRows ?? 0) },
    });
  });
  return getCampaignDetail(db, organizationId, campaignId);
}

export async function stopParticipant(ctx: AppContext, organizationId: string, campaignId: string, participantId: string) {
  await getCampaignRow(ctx.db, organizationId, campaignId);
  const now = ctx.clock.now();
  const row = await ctx.db
    .updateTable('campaign_participants')
    .set((eb) => ({
      status: sql`CASE WHEN ${eb.ref('status')} IN ('pending', 'sent', 'delivered') THEN 'stopped' ELSE ${eb.ref('status')} END`,
      next_send_at: null,
      claim_token: null,
      finished_at: sql`coalesce(${eb.ref('finished_at')}, ${now}::timestamptz)`,
      updated_at: now,
    }))
    .where('organization_id', '=', organizationId)
    .where('campaign_id', '=', campaignId)
    .where('id', '=', participantId)
    .returning('id')
    .executeTakeFirst();
  if (!row) throw notFound('participant');
}

export async function previewCampaignAudience(db: DbOrTx, organizationId: string, campaignId: string) {
  const campaign = await getCampaignRow(db, organizationId, campaignId);
  const account = await resolveSendingAccount(db, organizationId, campaign);
  return { ...(await previewAudience(db, audienceOf(campaign), audienceScope(organizationId, campaignId, account))), channelAccountId: account.id };
}

/**
 * The same count for an audience not saved yet (the editor's filters as they are typed) and, optionally, another
 * sending account: nothing is written. Missing parts fall back to the campaign's saved ones.
 */
export async function previewUnsavedAudience(db: DbOrTx, organizationId: string, campaignId: string, draft: { targetAudience?: TargetAudience | null; channelAccountId?: string | null }) {
  const campaign = await getCampaignRow(db, organizationId, campaignId);
  if (draft.channelAccountId) await checkAccount(db, organizationId, draft.channelAccountId, 'body.channelAccountId');
  await checkAudience(db, organizationId, draft.targetAudience);
  const account = draft.channelAccountId
    ? await getChannelAccount(db, organizationId, draft.channelAccountId)
    : await resolveSendingAccount(db, organizationId, campaign);
  const audience = draft.targetAudience ? (normalizeAudience(draft.targetAudience, account.id) as TargetAudience) : audienceOf(campaign);
  return { ...(await previewAudience(db, audience, audienceScope(organizationId, campaignId, account))), channelAccountId: account.id };
}

// --- templates ---

export async function listCampaignTemplates(db: DbOrTx, organizationId: string, campaignId: string | null) {
  if (campaignId) await getCampaignRow(db, organizationId, campaignId);
  const rows = await db
    .selectFrom('campaign_templates')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('campaign_id', campaignId ? '=' : 'is', campaignId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toTemplateDto);
}

export async function createTemplate(
  db: Db,
  organizationId: string,
  campaignId: string | null,
  input: { name: string; channel?: string | null; content: string; conditions?: StepInput['conditions'] },
  now: Date,
) {
  if (campaignId) {
    const campaign = await getCampaignRow(db, organizationId, campaignId);
    if (campaign.status === 'completed') throw stateConflict('the campaign is completed');
  }
  checkTemplate(input.content, 'body.content');
  await checkConditions(db, organizationId, input.conditions, 'body.conditions');
  const row = await db
    .insertInto('campaign_templates')
    .values({
      organization_id: organizationId,
      campaign_id: campaignId,
      name: input.name,
      channel: input.channel ?? null,
      content: input.content,
      conditions: input.conditions ? JSON.stringify(input.conditions) : null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toTemplateDto(row);
}

async function getTemplateRow(db: DbOrTx, organizationId: string, campaignId: string | null, templateId: string): Promise<TemplateRow> {
  if (campaignId) await getCampaignRow(db, organizationId, campaignId);
  const row = await db
    .selectFrom('campaign_templates')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', templateId)
    .where('campaign_id', campaignId ? '=' : 'is', campaignId)
    .executeTakeFirst();
  if (!row) throw notFound('template');
  return row;
}

export async function updateTemplate(
  db: Db,
  organizationId: string,
  campaignId: string | null,
  templateId: string,
  input: { name?: string; channel?: string | null; content?: string; conditions?: StepInput['conditions'] },
  now: Date,
) {
  await getTemplateRow(db, organizationId, campaignId, templateId);
  if (input.content !== undefined) checkTemplate(input.content, 'body.content');
  await checkConditions(db, organizationId, input.conditions, 'body.conditions');
  const row = await db
    .updateTable('campaign_templates')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.channel !== undefined ? { channel: input.channel } : {}),
      ...(input.content !== undefined ? { content: input.content } : {}),
      ...(input.conditions !== undefined ? { conditions: input.conditions ? JSON.stringify(input.conditions) : null } : {}),
      updated_at: now,
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', templateId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toTemplateDto(row);
}

export async function deleteTemplate(db: Db, organizationId: string, campaignId: string | null, templateId: string): Promise<void> {
  await getTemplateRow(db, organizationId, campaignId, templateId);
  const uses = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM campaign_steps
    WHERE organization_id = ${organizationId} AND (template_id = ${templateId} OR variants @> ${JSON.stringify([{ templateId }])}::jsonb)`.execute(db);
  if ((uses.rows[0]?.n ?? 0) > 0) throw new AppError('CONFLICT', 'the template is used by a campaign step', [{ field: 'params.templateId', message: 'in use' }]);
  await db.deleteFrom('campaign_templates').where('organization_id', '=', organizationId).where('id', '=', templateId).execute();
}

// --- steps ---

/**
 * Writes a campaign's sequence: steps with an id are updated, new ones inserted, missing ones removed. While a
 * campaign runs, steps may be edited and appended but not removed or reordered (participants stand at a step
 * number); pause it for that.
 */
async function writeSteps(tx: Tx, organizationId: string, campaignId: string, status: CampaignRow['status'], inputs: StepInput[], field: string): Promise<void> {
  const existing = await listSteps(tx, organizationId, campaignId);
  const byId = new Map(existing.map((s) => [s.id, s]));
  const keptIds = new Set(inputs.map((s) => s.id).filter((id): id is string => !!id));
  for (const [index, input] of inputs.entries()) {
    if (input.id && !byId.has(input.id)) throw badField(`${field}.${index}.id`, 'no such step in this campaign');
  }
  if (status === 'active') {
    const reordered = inputs.some((input, index) => input.id && byId.get(input.id)!.order_index !== index);
    const removed = existing.some((s) => !keptIds.has(s.id));
    if (reordered || removed) throw stateConflict('steps of a running campaign can be edited and appended, not removed or reordered; pause it first', field);
  }
  if (inputs[0] && (inputs[0].trigger ?? 'delay') !== 'delay') throw badField(`${field}.0.trigger`, 'the first step must be a delay step');
  const now = new Date();
  const removedSteps = existing.filter((s) => !keptIds.has(s.id));
  if (removedSteps.length > 0) {
    await tx.deleteFrom('campaign_steps').where('organization_id', '=', organizationId).where('id', 'in', removedSteps.map((s) => s.id)).execute();
  }
  for (const [index, input] of inputs.entries()) {
    const path = `${field}.${index}`;
    const current = input.id ? byId.get(input.id) : undefined;
    await checkConditions(tx, organizationId, input.conditions, `${path}.conditions`);
    const variants = await resolveVariants(tx, organizationId, campaignId, input, current, path, index, now);
    const delayMinutes =
      input.delayMinutes != null || input.delayHours != null
        ? Math.round((input.delayMinutes ?? 0) + (input.delayHours ?? 0) * 60)
        : current?.delay_minutes ?? 0;
    const values = {
      order_index: index,
      template_id: variants[0]!.templateId,
      delay_minutes: delayMinutes,
      trigger_type: input.trigger ?? current?.trigger_type ?? 'delay',
      conditions: input.conditions !== undefined ? (input.conditions ? JSON.stringify(input.conditions) : null) : current?.conditions ? JSON.stringify(current.conditions) : null,
      variants: JSON.stringify(variants.length > 1 ? variants : []),
      updated_at: now,
    };
    if (current) {
      await tx.updateTable('campaign_steps').set(values).where('organization_id', '=', organizationId).where('id', '=', current.id).execute();
    } else {
      await tx.insertInto('campaign_steps').values({ ...values, organization_id: organizationId, campaign_id: campaignId }).execute();
    }
  }
  await removeOrphanStepTemplates(tx, organizationId, campaignId);
}

/** The step's messages as variants; inline content becomes (or updates) a template owned by the step. */
async function resolveVariants(
  tx: Tx,
  organizationId: string,
  campaignId: string,
  input: StepInput,
  current: StepRow | undefined,
  path: string,
  index: number,
  now: Date,
): Promise<StepVariant[]> {
  const currentVariants = current ? variantsOf(current) : [];
  const entries: Array<{ key: string; templateId?: string | null; content?: string | null; weight: number; field: string }> = input.variants
    ? input.variants.map((v, i) => ({ key: v.key ?? String.fromCharCode(65 + i), templateId: v.templateId, content: v.content, weight: v.weight ?? 1, field: `${path}.variants.${i}` }))
    : input.templateId || input.content
      ? [{ key: 'A', templateId: input.templateId, content: input.content, weight: 1, field: path }]
      : currentVariants.map((v) => ({ key: v.key, templateId: v.templateId, weight: v.weight, field: path }));
  if (entries.length === 0) throw badField(`${path}.content`, 'a step needs content, a templateId or variants');
  if (new Set(entries.map((e) => e.key)).size !== entries.length) throw badField(`${path}.variants`, 'variant keys must differ');
  const variants: StepVariant[] = [];
  for (const entry of entries) {
    if (entry.templateId && entry.content) throw badField(`${entry.field}.content`, 'give either templateId or content');
    if (entry.templateId) {
      const template = await tx
        .selectFrom('campaign_templates')
        .select(['id', 'content'])
        .where('organization_id', '=', organizationId)
        .where('id', '=', entry.templateId)
        .where((eb) => eb.or([eb('campaign_id', '=', campaignId), eb('campaign_id', 'is', null)]))
        .executeTakeFirst();
      if (!template) throw badField(`${entry.field}.templateId`, 'no such template in this campaign or the presets');
      variants.push({ key: entry.key, templateId: template.id, weight: entry.weight });
      continue;
    }
    if (!entry.content) throw badField(`${entry.field}.content`, 'required');
    checkTemplate(entry.content, `${entry.field}.content`);
    const previous = currentVariants.find((v) => v.key === entry.key);
    const owned = previous
      ? await tx
          .selectFrom('campaign_templates')
          .select(['id', 'content'])
          .where('organization_id', '=', organizationId)
          .where('id', '=', previous.templateId)
          .where('campaign_id', '=', campaignId)
          .where('step_owned', '=', true)
          .executeTakeFirst()
      : undefined;
    if (owned) {
      if (owned.content !== entry.content) {
        await tx.updateTable('campaign_templates').set({ content: entry.content, updated_at: now }).where('id', '=', owned.id).execute();
      }
      variants.push({ key: entry.key, templateId: owned.id, weight: entry.weight });
    } else {
      const created = await tx
        .insertInto('campaign_templates')
        .values({ organization_id: organizationId, campaign_id: campaignId, name: `Step ${index + 1}${entries.length > 1 ? ` · ${entry.key}` : ''}`, content: entry.content, step_owned: true })
        .returning('id')
        .executeTakeFirstOrThrow();
      variants.push({ key: entry.key, templateId: created.id, weight: entry.weight });
    }
  }
  return variants;
}

async function removeOrphanStepTemplates(tx: Tx, organizationId: string, campaignId: string): Promise<void> {
  await sql`
    DELETE FROM campaign_templates t
    WHERE t.organization_id = ${organizationId} AND t.campaign_id = ${campaignId} AND t.step_owned
      AND NOT EXISTS (
        SELECT 1 FROM campaign_steps s
        WHERE s.campaign_id = ${campaignId} AND (s.template_id = t.id OR s.variants @> jsonb_build_array(jsonb_build_object('templateId', t.id::text))))`.execute(tx);
}

async function assertEditable(db: DbOrTx, organizationId: string, campaignId: string): Promise<CampaignRow> {
  const campaign = await getCampaignRow(db, organizationId, campaignId);
  if (campaign.status === 'completed') throw stateConflict('a completed campaign cannot be changed');
  return campaign;
}

export async function replaceSteps(db: Db, organizationId: string, campaignId: string, inputs: StepInput[]) {
  const campaign = await assertEditable(db, organizationId, campaignId);
  await db.transaction().execute((tx) => writeSteps(tx, organizationId, campaignId, campaign.status, inputs, 'body.steps'));
  return (await getCampaignDetail(db, organizationId, campaignId)).steps;
}

function toInput(step: StepRow): StepInput {
  return { id: step.id };
}

export async function addStep(db: Db, organizationId: string, campaignId: string, input: StepInput) {
  const campaign = await assertEditable(db, organizationId, campaignId);
  const existing = await listSteps(db, organizationId, campaignId);
  await db.transaction().execute((tx) => writeSteps(tx, organizationId, campaignId, campaign.status, [...existing.map(toInput), { ...input, id: undefined }], 'body'));
  return (await getCampaignDetail(db, organizationId, campaignId)).steps.at(-1)!;
}

export async function updateStep(db: Db, organizationId: string, campaignId: string, stepId: string, input: StepInput) {
  const campaign = await assertEditable(db, organizationId, campaignId);
  const existing = await listSteps(db, organizationId, campaignId);
  if (!existing.some((s) => s.id === stepId)) throw notFound('step');
  const inputs = existing.map((s) => (s.id === stepId ? { ...input, id: stepId } : toInput(s)));
  await db.transaction().execute((tx) => writeSteps(tx, organizationId, campaignId, campaign.status, inputs, 'body'));
  return (await getCampaignDetail(db, organizationId, campaignId)).steps.find((s) => s.id === stepId)!;
}

export async function deleteStep(db: Db, organizationId: string, campaignId: string, stepId: string): Promise<void> {
  const campaign = await assertEditable(db, organizationId, campaignId);
  const existing = await listSteps(db, organizationId, campaignId);
  if (!existing.some((s) => s.id === stepId)) throw notFound('step');
  await db.transaction().execute((tx) => writeSteps(tx, organizationId, campaignId, campaign.status, existing.filter((s) => s.id !== stepId).map(toInput), 'params.stepId'));
}
