import type { Db } from '../../platform/db/client.ts';
import { recordAiCall, type AiService } from '../ai/index.ts';
import { createStageClassifier } from '../analysis/index.ts';
import { getDefaultPipeline, getPipeline, listPipelines, type PipelineWithStages } from '../pipelines/index.ts';
import { ImportSourceError } from './sources/source-error.ts';
import { buildStageRequest, type StageOption } from './engine/stage-classification.ts';

/** The consultation funnel's stage keys: the dialog analyser (seed 001) is tuned for exactly these. */
const ANALYSER_STAGES = new Set(['new_lead', 'not_qualified', 'qualified', 'consultation_booked', 'consultation_completed', 'deal_closed', 'deal_lost']);

/** The pipeline an import puts new leads into: by id, key or name (any case); the default one when not given. */
export async function resolveImportPipeline(db: Db, organizationId: string, ref: string | null | undefined): Promise<PipelineWithStages> {
  if (!ref?.trim()) return getDefaultPipeline(db, organizationId);
  const wanted = ref.trim().toLowerCase();
  const pipelines = await listPipelines(db, organizationId);
  const found = pipelines.find((p) => p.id === ref.trim() || p.key.toLowerCase() === wanted || p.name.toLowerCase() === wanted);
  if (!found) throw new ImportSourceError(`no pipeline "${ref}"; the organization's pipelines: ${pipelines.map((p) => p.name).join(', ')}`);
  return getPipeline(db, organizationId, found.id);
}

/**
 * Import `--use-llm`: a function answering which of the pipeline's stages a dialog is at, through the organization's
 * AI provider (offline rules without a key). The consultation funnel goes through the dialog analyser; any other
 * pipeline is classified against its own stages and their descriptions. Every call is recorded.
 */
export async function createPipelineStageClassifier(db: Db, ai: AiService, organizationId: string, pipeline: PipelineWithStages) {
  if (pipeline.stages.every((s) => ANALYSER_STAGES.has(s.key))) return createStageClassifier(db, ai, organizationId);
  const stages: StageOption[] = pipeline.stages.map((s) => ({ key: s.key, name: s.name, kind: s.kind, description: s.description }));
  const { provider } = await ai.providerFor(db, organizationId);
  return async (dialog: Array<{ from: 'client' | 'business'; text: string }>): Promise<string> => {
    const request = buildStageRequest({ stages, dialog });
    const result = await provider.generateJson(request);
    await recordAiCall(db, organizationId, result, request.task);
    return result.value.stageKey;
  };
}
