import type { Db, DbOrTx } from '../../platform/db/client.ts';
import type { Pipeline, PipelineStage } from '../../platform/db/schema.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import { DEFAULT_PIPELINES } from './default-pipelines.ts';

export async function createDefaultPipelines(db: DbOrTx, organizationId: string): Promise<void> {
  for (const [position, pipeline] of DEFAULT_PIPELINES.entries()) {
    await insertPipeline(db, organizationId, {
      key: pipeline.key,
      name: pipeline.name,
      isDefault: pipeline.isDefault,
      position,
      stages: pipeline.stages.map((s) => ({ key: s.key, name: s.name, kind: s.kind, baseScore: s.baseScore, description: s.description })),
    });
  }
}

interface StageInput {
  key: string;
  name: string;
  kind: 'open' | 'won' | 'lost';
  baseScore: number | null;
  description?: string | null;
}

async function insertPipeline(
  db: DbOrTx,
  organizationId: string,
  input: { key: string; name: string; isDefault: boolean; position: number; stages: StageInput[] },
): Promise<string> {
  const pipeline = await db
    .insertInto('pipelines')
    .values({ organization_id: organizationId, key: input.key, name: input.name, is_default: input.isDefault, position: input.position })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('pipeline_stages')
    .values(
      input.stages.map((stage, position) => ({
        organization_id: organizationId,
        pipeline_id: pipeline.id,
        key: stage.key,
        name: stage.name,
        kind: stage.kind,
        base_score: stage.baseScore,
        description: stage.description ?? null,
        position,
      })),
    )
    .execute();
  return pipeline.id;
}

export type PipelineWithStages = Pipeline & { stages: PipelineStage[] };

export async function listPipelines(db: DbOrTx, organizationId: string): Promise<PipelineWithStages[]> {
  const [pipelines, stages] = await Promise.all([
    db.selectFrom('pipelines').selectAll().where('organization_id', '=', organizationId).orderBy('position').orderBy('created_at').execute(),
    db.selectFrom('pipeline_stages').selectAll().where('organization_id', '=', organizationId).orderBy('position').execute(),
  ]);
  return pipelines.map((p) => ({ ...p, stages: stages.filter((s) => s.pipeline_id === p.id) }));
}

export async function getPipeline(db: DbOrTx, organizationId: string, pipelineId: string): Promise<PipelineWithStages> {
  const pipeline = (await listPipelines(db, organizationId)).find((p) => p.id === pipelineId);
  if (!pipeline) throw notFound('pipeline');
  return pipeline;
}

export async function getDefaultPipeline(db: DbOrTx, organizationId: string): Promise<PipelineWithStages> {
  const pipelines = await listPipelines(db, organizationId);
  const pipeline = pipelines.find((p) => p.is_default) ?? pipelines[0];
  if (!pipeline) throw notFound('pipeline');
  return pipeline;
}

export async function createPipeline(
  db: Db,
  organizationId: string,
  input: { key: string; name: string; isDefault: boolean; stages: StageInput[] },
): Promise<PipelineWithStages> {
  const keys = input.stages.map((s) => s.key);
  if (new Set(keys).size !== keys.length) throw conflict('stage keys must be unique within a pipeline', 'body.stages');
  const existing = await listPipelines(db, organizationId);
  if (existing.some((p) => p.key === input.key)) throw conflict(`a pipeline with key "${input.key}" exists`, 'body.key');
  const id = await db.transaction().execute(async (tx) => {
    if (input.isDefault) await tx.updateTable('pipelines').set({ is_default: false }).where('organization_id', '=', organizationId).execute();
    return insertPipeline(tx, organizationId, { ...input, position: existing.length });
  });
  return getPipeline(db, organizationId, id);
}

export async function updatePipeline(
  db: Db,
  organizationId: string,
  pipelineId: string,
  patch: { name?: string; isDefault?: true },
): Promise<PipelineWithStages> {
  await getPipeline(db, organizationId, pipelineId);
  await db.transaction().execute(async (tx) => {
    if (patch.isDefault) await tx.updateTable('pipelines').set({ is_default: false }).where('organization_id', '=', organizationId).execute();
    await tx
      .updateTable('pipelines')
      .set({ ...(patch.name ? { name: patch.name } : {}), ...(patch.isDefault ? { is_default: true } : {}), updated_at: new Date() })
      .where('organization_id', '=', organizationId)
      .where('id', '=', pipelineId)
      .execute();
  });
  return getPipeline(db, organizationId, pipelineId);
}

/** Inserts a stage at `position` (default: last) and shifts the stages after it. */
export async function addStage(
  db: Db,
  organizationId: string,
  pipelineId: string,
  input: StageInput & { position?: number },
): Promise<PipelineWithStages> {
  const pipeline = await getPipeline(db, organizationId, pipelineId);
  if (pipeline.stages.some((s) => s.key === input.key)) throw conflict(`stage "${input.key}" exists in this pipeline`, 'body.key');
  const position = Math.min(input.position ?? pipeline.stages.length, pipeline.stages.length);
  await db.transaction().execute(async (tx) => {
    const stages = [...pipeline.stages];
    for (const [index, stage] of stages.entries()) {
      const newPosition = index >= position ? index + 1 : index;
      if (newPosition !== stage.position) await tx.updateTable('pipeline_stages').set({ position: newPosition }).where('id', '=', stage.id).execute();
    }
    await tx
      .insertInto('pipeline_stages')
      .values({ organization_id: organizationId, pipeline_id: pipelineId, key: input.key, name: input.name, kind: input.kind, base_score: input.baseScore, description: input.description ?? null, position })
      .execute();
  });
  return getPipeline(db, organizationId, pipelineId);
}

export async function updateStage(
  db: Db,
  organizationId: string,
  pipelineId: string,
  stageId: string,
  patch: { name?: string; kind?: 'open' | 'won' | 'lost'; baseScore?: number | null; description?: string | null; position?: number },
): Promise<PipelineWithStages> {
  const pipeline = await getPipeline(db, organizationId, pipelineId);
  const stage = pipeline.stages.find((s) => s.id === stageId);
  if (!stage) throw notFound('stage');
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('pipeline_stages')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
        ...(patch.baseScore !== undefined ? { base_score: patch.baseScore } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', stageId)
      .execute();
    if (patch.position !== undefined) {
      const ordered = pipeline.stages.filter((s) => s.id !== stageId);
      ordered.splice(Math.min(patch.position, ordered.length), 0, stage);
      for (const [index, s] of ordered.entries()) {
        if (s.position !== index) await tx.updateTable('pipeline_stages').set({ position: index }).where('id', '=', s.id).execute();
      }
    }
  });
  return getPipeline(db, organizationId, pipelineId);
}

export async function deleteStage(db: Db, organizationId: string, pipelineId: string, stageId: string): Promise<PipelineWithStages> {
  const pipeline = await getPipeline(db, organizationId, pipelineId);
  if (!pipeline.stages.some((s) => s.id === stageId)) throw notFound('stage');
  if (pipeline.stages.length === 1) throw new AppError('UNPROCESSABLE', 'a pipeline needs at least one stage');
  const inUse = await db.selectFrom('leads').select('id').where('organization_id', '=', organizationId).where('stage_id', '=', stageId).limit(1).executeTakeFirst();
  if (inUse) throw new AppError('UNPROCESSABLE', 'move the leads out of this stage before deleting it');
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('pipeline_stages').where('organization_id', '=', organizationId).where('id', '=', stageId).execute();
    // Close the gap: positions stay 0..n-1, which is what addStage/updateStage take as an index.
    for (const [index, stage] of pipeline.stages.filter((s) => s.id !== stageId).entries()) {
      if (stage.position !== index) await tx.updateTable('pipeline_stages').set({ position: index }).where('id', '=', stage.id).execute();
    }
  });
  return getPipeline(db, organizationId, pipelineId);
}

export function toPipelineDto(pipeline: PipelineWithStages) {
  return {
    id: pipeline.id,
    key: pipeline.key,
    name: pipeline.name,
    isDefault: pipeline.is_default,
    stages: pipeline.stages.map((s) => ({ id: s.id, key: s.key, name: s.name, position: s.position, kind: s.kind, baseScore: s.base_score, description: s.description })),
  };
}
