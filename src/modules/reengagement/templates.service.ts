import type { Db } from '../../platform/db/client.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { getBusinessProfile } from '../analysis/index.ts';
import { getOrganization } from '../orgs/index.ts';
import { builtInTemplate, registerOf, renderTemplate, templateError, type MessageInput } from './engine/messages.ts';
import { getReengagementSettings } from './reengagement-settings.service.ts';

const DAY_MS = 86_400_000;

function languageOf(locale: string | null | undefined): 'ru' | 'en' {
  return (locale ?? 'ru').toLowerCase().startsWith('en') ? 'en' : 'ru';
}

/**
 * The per-stage templates of the offline message writer, for the settings page: one row per stage key of the
 * organization's pipelines (a key shared by two pipelines is one template) and `default` for any other stage, each
 * with the organization's own template (or null) and the built-in one it replaces, in the organization's language
 * and the register of its tone of voice.
 */
export async function listTemplates(db: Db, organizationId: string) {
  const [organization, profile, settings, stages] = await Promise.all([
    getOrganization(db, organizationId),
    getBusinessProfile(db, organizationId),
    getReengagementSettings(db, organizationId),
    db
      .selectFrom('pipeline_stages as s')
      .innerJoin('pipelines as p', (join) => join.onRef('p.organization_id', '=', 's.organization_id').onRef('p.id', '=', 's.pipeline_id'))
      .select(['s.id', 's.key', 's.name', 's.kind', 'p.name as pipeline_name'])
      .where('s.organization_id', '=', organizationId)
      .orderBy('p.position')
      .orderBy('p.created_at')
      .orderBy('s.position')
      .execute(),
  ]);
  const language = languageOf(organization.locale);
  const register = registerOf(profile.brief.signals.toneOfVoice);
  const byKey = new Map<string, { key: string; stageId: string | null; name: string; kind: string; pipelines: string[] }>();
  for (const stage of stages) {
    const known = byKey.get(stage.key);
    if (known) known.pipelines.push(stage.pipeline_name);
    else byKey.set(stage.key, { key: stage.key, stageId: stage.id, name: stage.name, kind: stage.kind, pipelines: [stage.pipeline_name] });
  }
  if (!byKey.has('default')) byKey.set('default', { key: 'default', stageId: null, name: '', kind: 'open', pipelines: [] });
  return {
    language,
    register,
    templates: [...byKey.values()].map((row) => ({
      ...row,
      excluded: settings.excludedStages.includes(row.key),
      template: settings.templates[row.key] ?? null,
      defaultTemplate: builtInTemplate(language, register, row.key),
    })),
  };
}

export interface PreviewInput {
  content: string;
  stageKey?: string | undefined;
  stageId?: string | undefined;
  leadId?: string | undefined;
}

/**
 * Renders a template on a real lead: the given one, else the most recently updated lead of the stage, else the most
 * recently updated lead of the organization (else sample values). A template that does not parse or render is a
 * 400 naming `body.content`.
 */
export async function previewTemplate(db: Db, organizationId: string, input: PreviewInput, now: Date) {
  let stageKey = input.stageKey ?? null;
  if (input.stageId) {
    const stage = await db.selectFrom('pipeline_stages').select('key').where('organization_id', '=', organizationId).where('id', '=', input.stageId).executeTakeFirst();
    if (!stage) throw new AppError('BAD_REQUEST', 'no such stage', [{ field: 'body.stageId', message: 'unknown stage' }]);
    stageKey = stage.key;
  }
  const leads = db
    .selectFrom('leads as l')
    .innerJoin('contacts as c', (join) => join.onRef('c.organization_id', '=', 'l.organization_id').onRef('c.id', '=', 'l.contact_id'))
    .innerJoin('pipeline_stages as s', (join) => join.onRef('s.organization_id', '=', 'l.organization_id').onRef('s.id', '=', 'l.stage_id'))
    .select([
      'l.id',
      'l.created_at',
      's.key as stage_key',
      'c.display_name',
      'c.language as contact_language',
      'c.last_message_at',
      (eb) =>
        eb
          .selectFrom('dialog_analyses as a')
          .select('a.language')
          .where('a.organization_id', '=', organizationId)
          .whereRef('a.lead_id', '=', 'l.id')
          .where('a.is_current', '=', true)
          .orderBy('a.created_at', 'desc')
          .limit(1)
          .as('analysis_language'),
    ])
    .where('l.organization_id', '=', organizationId);
  let lead = null;
  if (input.leadId) {
    lead = await leads.where('l.id', '=', input.leadId).executeTakeFirst();
    if (!lead) throw notFound('lead');
  } else {
    if (stageKey && stageKey !== 'default') lead = await leads.where('s.key', '=', stageKey).orderBy('l.updated_at', 'desc').orderBy('l.id').limit(1).executeTakeFirst();
    lead ??= await leads.orderBy('l.updated_at', 'desc').orderBy('l.id').limit(1).executeTakeFirst();
  }
  const [organization, profile] = await Promise.all([getOrganization(db, organizationId), getBusinessProfile(db, organizationId)]);
  const last = lead ? (lead.last_message_at ?? lead.created_at) : null;
  const message: MessageInput = {
    clientName: lead?.display_name ?? null,
    language: languageOf(lead?.analysis_language ?? lead?.contact_language ?? organization.locale),
    stageKey: stageKey ?? lead?.stage_key ?? 'default',
    daysQuiet: last ? Math.max(0, Math.floor((now.getTime() - last.getTime()) / DAY_MS)) : 7,
    reasons: [],
    brief: profile.brief,
    dialog: [],
    summary: null,
    nextAction: null,
    templates: {},
  };
  let text: string;
  try {
    text = renderTemplate(input.content, message);
  } catch (error) {
    throw new AppError('BAD_REQUEST', 'the template does not render', [{ field: 'body.content', message: templateError(error) }]);
  }
  return {
    text,
    language: message.language,
    lead: lead ? { id: lead.id, name: lead.display_name, stageKey: lead.stage_key, daysQuiet: message.daysQuiet } : null,
  };
}
