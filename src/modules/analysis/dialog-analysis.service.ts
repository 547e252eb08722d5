import type { Db } from '../../platform/db/client.ts';
import type { Logger } from '../../platform/logger.ts';
import { recordAiCall, type AiService } from '../ai/index.ts';
import { listDialogCandidates, loadDialog, type DialogCandidate } from '../conversations/index.ts';
import { createLead, findLeadForContact, getDefaultPipeline, lastStageChangeSource, updateLead, type PipelineWithStages } from '../pipelines/index.ts';
import type { DialogAnalysisOutput, DialogMessage, ScoringRules } from './engine/analysis-schema.ts';
import { buildAnalysisRequest } from './engine/analysis-request.ts';
import { DEFAULT_STAGE_BASE_SCORES, scoreAnalysis } from './engine/scoring.ts';
import { refineOfflineAnalysis } from './engine/dialog-model.ts';
import type { InterestLevel } from './engine/analysis-schema.ts';
import { currentPrompt, getBusinessProfile } from './business-profile.service.ts';
import { dialogModelFor } from './dialog-learning.service.ts';
import { syncLeadScore } from './dialog-leads.service.ts';
import { observeAnalysis, observeScore } from './analysis-metrics.ts';

/** How many of a conversation's newest messages an analysis reads (a model's context is finite). */
export const MAX_DIALOG_MESSAGES = 200;

export interface AnalyzeOptions {
  channelAccountId?: string;
  instanceName?: string;
  minIncoming?: number;
  /** At most this many conversations are analysed (newest activity first). */
  maxDialogs?: number;
  /** At most this many distinct contacts. */
  maxContacts?: number;
  /** Re-analyse conversations with no new messages since their last analysis (and excluded ones). */
  force?: boolean;
  /** false: the offline analyser even when a model is configured. */
  useLlm?: boolean;
  conversationIds?: string[];
}

/** Seed 001's `stats` object. */
export interface AnalysisStats {
  total: number;
  analyzed: number;
  skipped: number;
  new_leads: number;
  hot: number;
  warm: number;
  cold: number;
  errors: number;
}

export interface AnalyzeHooks {
  runId?: string;
  onProgress?: (done: number, total: number) => void;
  logger?: Logger;
  now: () => Date;
}

export function emptyStats(): AnalysisStats {
  return { total: 0, analyzed: 0, skipped: 0, new_leads: 0, hot: 0, warm: 0, cold: 0, errors: 0 };
}

function baseScoresOf(pipeline: PipelineWithStages): Record<string, number> {
  const scores: Record<string, number> = { ...DEFAULT_STAGE_BASE_SCORES };
  for (const stage of pipeline.stages) if (stage.base_score !== null) scores[stage.key] = stage.base_score;
  return scores;
}

function toDialogMessages(lines: Awaited<ReturnType<typeof loadDialog>>): DialogMessage[] {
  return lines.filter((line) => line.text).map((line) => ({ from: line.direction === 'inbound' ? 'client' : 'business', text: line.text, at: line.sentAt.toISOString() }));
}

/**
 * Analyses the organization's dialogs: picks conversations with at least `minIncoming` client messages, skips those
 * unchanged since their last analysis (unless forced), asks the analyser for the facts, scores them with the
 * organization's rules, moves each conversation's lead (creating it if needed) and keeps every analysis as history.
 * One conversation failing is counted in `errors` and does not stop the others.
 */
export async function analyzeDialogs(db: Db, ai: AiService, organizationId: string, options: AnalyzeOptions, hooks: AnalyzeHooks): Promise<AnalysisStats> {
  const profile = await getBusinessProfile(db, organizationId);
  const prompt = await currentPrompt(db, organizationId);
  const pipeline = await getDefaultPipeline(db, organizationId);
  const baseScores = baseScoresOf(pipeline);
  const { provider, settings } = await ai.providerFor(db, organizationId, { useLlm: options.useLlm });
  const minIncoming = options.minIncoming ?? profile.scoring.minIncoming;
  const model = await dialogModelFor(db, organizationId);

  const excluded = options.force || options.conversationIds
    ? []
    : (await db.selectFrom('analysis_exclusions').select('conversation_id').where('organization_id', '=', organizationId).execute()).map((row) => row.conversation_id);
  let candidates = await listDialogCandidates(db, organizationId, {
    minIncoming,
    channelAccountId: options.channelAccountId,
    channelAccountName: options.instanceName,
    conversationIds: options.conversationIds,
    excludeIds: excluded,
  });
  if (options.maxContacts !== undefined) {
    const contacts = new Set<string>();
    candidates = candidates.filter((candidate) => {
      if (contacts.has(candidate.contactId)) return true;
      if (contacts.size >= options.maxContacts!) return false;
      contacts.add(candidate.contactId);
      return true;
    });
  }
  if (options.maxDialogs !== undefined) candidates = candidates.slice(0, options.maxDialogs);

  const stats = emptyStats();
  stats.total = candidates.length;
  let done = 0;
  hooks.onProgress?.(0, candidates.length);

  const analyseOne = async (candidate: DialogCandidate) => {
    try {
      const outcome = await analyseConversation(db, organizationId, candidate, {
        force: options.force ?? false,
        analyse: async (messages) => {
          const request = buildAnalysisRequest(messages, profile.brief, prompt?.text ?? null);
          const started = performance.now();
          const result = await provider.generateJson(request);
          await recordAiCall(db, organizationId, result, request.task);
          // Without a model answering, the trained classifier refines the rules (see docs/analysis.md).
          const refined =
            result.provider === 'offline' && model
              ? refineOfflineAnalysis(model, messages, result.value, profile.brief, profile.scoring, baseScores, { now: hooks.now() })
              : null;
          const value = refined?.analysis ?? result.value;
          observeAnalysis({ provider: result.provider, seconds: (performance.now() - started) / 1000, usage: result.usage, costUsd: result.costUsd });
          return { ...result, value, modelInterest: refined?.interest, model: refined ? `${result.model} + dialog-v${model!.version}` : result.model };
        },
        scoring: profile.scoring,
        baseScores,
        pipeline,
        runId: hooks.runId ?? null,
        promptVersion: prompt?.version ?? null,
        now: hooks.now(),
      });
      if (outcome.kind === 'skipped') stats.skipped++;
      else {
        stats.analyzed++;
        stats[outcome.interestLevel]++;
        if (outcome.newLead) stats.new_leads++;
      }
    } catch (error) {
      stats.errors++;
      hooks.logger?.warn({ err: error, conversationId: candidate.conversationId }, 'dialog analysis failed');
    }
    done++;
    hooks.onProgress?.(done, candidates.length);
  };

  // As many conversations in flight as the provider allows calls; the provider's own semaphore is the real limit.
  const workers = Math.max(1, Math.min(settings.mode === 'llm' && options.useLlm !== false ? settings.concurrency : 2, candidates.length));
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < candidates.length) await analyseOne(candidates[next++]!);
    }),
  );
  return stats;
}

interface ConversationContext {
  force: boolean;
  analyse: (messages: DialogMessage[]) => Promise<{ value: DialogAnalysisOutput; provider: string; model: string; fallbackReason?: string; modelInterest?: InterestLevel }>;
  scoring: ScoringRules;
  baseScores: Record<string, number>;
  pipeline: PipelineWithStages;
  runId: string | null;
  promptVersion: number | null;
  now: Date;
}

type ConversationOutcome = { kind: 'skipped' } | { kind: 'analyzed'; interestLevel: 'hot' | 'warm' | 'cold'; newLead: boolean; analysisId: string };

async function analyseConversation(db: Db, organizationId: string, candidate: DialogCandidate, context: ConversationContext): Promise<ConversationOutcome> {
  const previous = await db
    .selectFrom('dialog_analyses')
    .select(['id', 'last_message_at', 'message_count'])
    .where('organization_id', '=', organizationId)
    .where('conversation_id', '=', candidate.conversationId)
    .where('is_current', '=', true)
    .executeTakeFirst();
  const unchanged =
    previous &&
    previous.message_count === candidate.messageCount &&
    (previous.last_message_at?.getTime() ?? 0) >= (candidate.lastMessageAt?.getTime() ?? 0);
  if (unchanged && !context.force) return { kind: 'skipped' };

  const messages = toDialogMessages(await loadDialog(db, organizationId, candidate.conversationId, MAX_DIALOG_MESSAGES));
  const result = await context.analyse(messages);
  const analysis = result.value;
  const { pipeline } = context;
  const analysedStage = pipeline.stages.find((stage) => stage.key === analysis.funnelStage) ?? null;

  let lead = await findLeadForContact(db, organizationId, candidate.contactId, pipeline.id);
  let newLead = false;
  if (!lead) {
    lead = await createLead(
      db,
      organizationId,
      { contactId: candidate.contactId, pipelineId: pipeline.id, ...(analysedStage ? { stageId: analysedStage.id } : {}), source: 'analysis', reason: analysis.summary.split('\n')[0] ?? null },
      null,
    );
    newLead = true;
  } else if (analysedStage && analysedStage.id !== lead.stage_id && (await lastStageChangeSource(db, organizationId, lead.id)) !== 'manual') {
    // A stage a person chose stays; the analysis is still recorded and shown next to it.
    lead = await updateLead(db, organizationId, lead.id, { stageId: analysedStage.id, reason: analysis.summary.split('\n')[0] }, { userId: null, source: 'analysis' }, context.now);
  }

  const scored = scoreAnalysis(analysis, context.scoring, context.baseScores, result.modelInterest);

  const analysisId = await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('dialog_analyses')
      .set({ is_current: false })
      .where('organization_id', '=', organizationId)
      .where('conversation_id', '=', candidate.conversationId)
      .where('is_current', '=', true)
      .execute();
    const row = await tx
      .insertInto('dialog_analyses')
      .values({
        organization_id: organizationId,
        conversation_id: candidate.conversationId,
        contact_id: candidate.contactId,
        lead_id: lead.id,
        run_id: context.runId,
        funnel_stage: analysis.funnelStage,
        score: scored.score,
        interest_level: scored.interestLevel,
        breakdown: JSON.stringify(scored.breakdown),
        niche: analysis.niche,
        role: analysis.role,
        budget: analysis.budget,
        qualification: JSON.stringify(analysis.qualification),
        qualification_complete: scored.qualificationComplete,
        signals: JSON.stringify(analysis.signals),
        summary: analysis.summary,
        next_action: analysis.nextAction,
        language: analysis.language,
        provider: result.provider,
        model: result.model,
        fallback_reason: result.fallbackReason ?? null,
        prompt_version: context.promptVersion,
        incoming_count: candidate.incomingCount,
        message_count: candidate.messageCount,
        last_message_at: candidate.lastMessageAt,
        created_at: context.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.deleteFrom('analysis_exclusions').where('organization_id', '=', organizationId).where('conversation_id', '=', candidate.conversationId).execute();
    return row.id;
  });
  // The lead's score follows the stage it is actually in and what a person set by hand (engine/lead-card.ts).
  const card = await syncLeadScore(db, organizationId, lead.id, context.now);
  const interestLevel = card?.interestLevel ?? scored.interestLevel;
  observeScore({ provider: result.provider, score: scored.score, interest: scored.interestLevel });
  return { kind: 'analyzed', interestLevel, newLead, analysisId };
}

/**
 * Import `--use-llm` (seed 004): a function that reads a dialog and answers the funnel stage it is at, through the
 * organization's provider (the offline analyser without a model, or when the model fails). Every call is recorded.
 */
export async function createStageClassifier(db: Db, ai: AiService, organizationId: string, options: { useLlm?: boolean } = {}) {
  const profile = await getBusinessProfile(db, organizationId);
  const prompt = await currentPrompt(db, organizationId);
  const { provider } = await ai.providerFor(db, organizationId, { useLlm: options.useLlm });
  return async (dialog: DialogMessage[]): Promise<string> => {
    const request = buildAnalysisRequest(dialog, profile.brief, prompt?.text ?? null);
    const result = await provider.generateJson(request);
    await recordAiCall(db, organizationId, result, request.task);
    return result.value.funnelStage;
  };
}
