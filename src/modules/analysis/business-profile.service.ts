import type { Db, DbOrTx } from '../../platform/db/client.ts';
import { iso } from '../../platform/http/pagination.ts';
import { recordAiCall, type AiService } from '../ai/index.ts';
import { ZBusinessBrief, ZScoringRules, type BusinessBrief, type ScoringRules } from './engine/analysis-schema.ts';
import { DEFAULT_BUSINESS_BRIEF } from './engine/default-profile.ts';
import { DEFAULT_SCORING_RULES } from './engine/scoring.ts';
import { ANALYSIS_BUSINESS_TYPES, briefWithPreset, businessPreset, editedPresetParts, type AnalysisBusinessType, type PresetLanguage, type PresetPart } from './engine/business-presets.ts';
import { buildMetaPromptRequest, renderAnalysisPromptTemplate } from './engine/prompt-template.ts';

export interface BusinessProfile {
  brief: BusinessBrief;
  scoring: ScoringRules;
  completedAt: string | null;
  businessType: AnalysisBusinessType | null;
  /** Parts changed by a person since the business type's preset (empty when they are the preset's). */
  presetEdits: PresetPart[];
}

const isBusinessType = (value: string | null): value is AnalysisBusinessType => value !== null && (ANALYSIS_BUSINESS_TYPES as readonly string[]).includes(value);

/** The organization's brief and scoring rules; seed 001's defaults until onboarding saves its own. */
export async function getBusinessProfile(db: DbOrTx, organizationId: string): Promise<BusinessProfile> {
  const row = await db.selectFrom('business_profiles').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
  if (!row) return { brief: DEFAULT_BUSINESS_BRIEF, scoring: DEFAULT_SCORING_RULES, completedAt: null, businessType: null, presetEdits: [] };
  // Stored JSON is re-validated so a row written by an older version cannot break analysis; gaps take defaults.
  const parsedBrief = ZBusinessBrief.safeParse(row.brief);
  const parsedScoring = ZScoringRules.safeParse(row.scoring);
  const brief = parsedBrief.success ? parsedBrief.data : DEFAULT_BUSINESS_BRIEF;
  const scoring = parsedScoring.success ? parsedScoring.data : DEFAULT_SCORING_RULES;
  const businessType = isBusinessType(row.business_type) ? row.business_type : null;
  return { brief, scoring, completedAt: iso(row.completed_at), businessType, presetEdits: businessType ? editedPresetParts(brief, scoring, businessType) : [] };
}

async function upsertProfile(
  db: DbOrTx,
  organizationId: string,
  patch: { brief?: BusinessBrief; scoring?: ScoringRules; completedAt?: Date; businessType?: AnalysisBusinessType },
  now: Date,
) {
  const current = await getBusinessProfile(db, organizationId);
  const brief = JSON.stringify(patch.brief ?? current.brief);
  const scoring = JSON.stringify(patch.scoring ?? current.scoring);
  const businessType = patch.businessType ?? current.businessType;
  await db
    .insertInto('business_profiles')
    .values({ organization_id: organizationId, brief, scoring, business_type: businessType, completed_at: patch.completedAt ?? null, updated_at: now })
    .onConflict((oc) =>
      oc
        .column('organization_id')
        .doUpdateSet({ brief, scoring, business_type: businessType, updated_at: now, ...(patch.completedAt ? { completed_at: patch.completedAt } : {}) }),
    )
    .execute();
}

/**
 * Sets the business type. With `applyPreset` its preset replaces the scoring rules, stage meanings, qualification
 * questions and signals (the business section and tone stay); without it only the type changes, so nothing a person
 * edited is overwritten unless they asked.
 */
export async function setBusinessType(
  db: DbOrTx,
  organizationId: string,
  input: { businessType: AnalysisBusinessType; applyPreset: boolean; language: PresetLanguage },
  now: Date,
): Promise<void> {
  if (!input.applyPreset) return upsertProfile(db, organizationId, { businessType: input.businessType }, now);
  const current = await getBusinessProfile(db, organizationId);
  const preset = businessPreset(input.businessType, input.language);
  await upsertProfile(db, organizationId, { businessType: input.businessType, brief: briefWithPreset(current.brief, preset), scoring: preset.scoring }, now);
}

export async function saveBrief(db: DbOrTx, organizationId: string, brief: BusinessBrief, complete: boolean, now: Date): Promise<void> {
  await upsertProfile(db, organizationId, { brief, ...(complete ? { completedAt: now } : {}) }, now);
}

export async function saveScoringRules(db: DbOrTx, organizationId: string, scoring: ScoringRules, now: Date): Promise<void> {
  await upsertProfile(db, organizationId, { scoring }, now);
}

export interface PromptVersion {
  id: string;
  version: number;
  text: string;
  source: 'generated' | 'template' | 'edited';
  provider: string | null;
  model: string | null;
  createdByUserId: string | null;
  createdAt: string;
}

function toPromptVersion(row: {
  id: string;
  version: number;
  text: string;
  source: PromptVersion['source'];
  provider: string | null;
  model: string | null;
  created_by_user_id: string | null;
  created_at: Date;
}): PromptVersion {
  return {
    id: row.id,
    version: row.version,
    text: row.text,
    source: row.source,
    provider: row.provider,
    model: row.model,
    createdByUserId: row.created_by_user_id,
    createdAt: iso(row.created_at)!,
  };
}

export async function listPromptVersions(db: DbOrTx, organizationId: string): Promise<PromptVersion[]> {
  const rows = await db.selectFrom('analysis_prompts').selectAll().where('organization_id', '=', organizationId).orderBy('version', 'desc').execute();
  return rows.map(toPromptVersion);
}

/** The newest version is the one analysis uses; null before any was generated (analysis then uses the template). */
export async function currentPrompt(db: DbOrTx, organizationId: string): Promise<PromptVersion | null> {
  const row = await db.selectFrom('analysis_prompts').selectAll().where('organization_id', '=', organizationId).orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row ? toPromptVersion(row) : null;
}

/** Appends a version; the per-organization unique version number makes concurrent appends retry, not collide. */
export async function addPromptVersion(
  db: Db,
  organizationId: string,
  input: { text: string; source: PromptVersion['source']; provider: string | null; model: string | null; userId: string | null },
): Promise<PromptVersion> {
  for (let attempt = 0; ; attempt++) {
    try {
      const row = await db
        .insertInto('analysis_prompts')
        .values((eb) => ({
          organization_id: organizationId,
          version: eb
            .selectFrom('analysis_prompts')
            .select(eb.fn.coalesce(eb(eb.fn.max('version'), '+', 1), eb.val(1)).as('next'))
            .where('organization_id', '=', organizationId),
          text: input.text,
          source: input.source,
          provider: input.provider,
          model: input.model,
          created_by_user_id: input.userId,
        }))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toPromptVersion(row);
    } catch (error) {
      if (attempt >= 3 || !String((error as Error).message).includes('analysis_prompts_organization_id_version_key')) throw error;
    }
  }
}

/**
 * Seed 000's meta-prompt: the brief goes to the AI provider, which writes the organization's analysis prompt. When no
 * model is configured (or it fails) the deterministic template writes it instead, and the version says so.
 */
export async function generateAnalysisPrompt(db: Db, ai: AiService, organizationId: string, userId: string | null, options: { useLlm?: boolean } = {}): Promise<PromptVersion> {
  const { brief } = await getBusinessProfile(db, organizationId);
  const { provider, mode } = await ai.providerFor(db, organizationId, options);
  if (mode === 'offline') {
    return addPromptVersion(db, organizationId, { text: renderAnalysisPromptTemplate(brief), source: 'template', provider: 'offline', model: null, userId });
  }
  const request = buildMetaPromptRequest(brief);
  const result = await provider.generateJson(request);
  await recordAiCall(db, organizationId, result, request.task);
  const fromModel = result.provider !== 'offline';
  return addPromptVersion(db, organizationId, {
    text: result.value.prompt,
    source: fromModel ? 'generated' : 'template',
    provider: result.provider,
    model: fromModel ? result.model : null,
    userId,
  });
}
