import { z } from 'zod';

export const ZStageKind = z.enum(['open', 'won', 'lost']);
const ZKey = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be lower_snake_case');

export const ZStage = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  position: z.number(),
  kind: ZStageKind,
  baseScore: z.number().nullable(),
  description: z.string().nullable(),
});

export const ZPipeline = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  isDefault: z.boolean(),
  stages: z.array(ZStage),
});

export const ZCreatePipeline = z.strictObject({
  key: ZKey,
  name: z.string().trim().min(1).max(100),
  isDefault: z.boolean().default(false),
  stages: z
    .array(
      z.strictObject({
        key: ZKey,
        name: z.string().trim().min(1).max(100),
        kind: ZStageKind.default('open'),
        baseScore: z.number().int().min(0).max(100).nullable().default(null),
    description: z.string().trim().max(500).nullable().optional().describe('What the stage means; the import stage classifier matches dialogs against it'),
      }),
    )
    .min(1)
    .max(50),
});

export const ZUpdatePipeline = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  isDefault: z.literal(true).optional(),
});

export const ZCreateStage = z.strictObject({
  key: ZKey,
  name: z.string().trim().min(1).max(100),
  kind: ZStageKind.default('open'),
  baseScore: z.number().int().min(0).max(100).nullable().default(null),
  description: z.string().trim().max(500).nullable().optional().describe('What the stage means; the import stage classifier matches dialogs against it'),
  position: z.number().int().min(0).optional(),
});

export const ZUpdateStage = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  kind: ZStageKind.optional(),
  baseScore: z.number().int().min(0).max(100).nullable().optional(),
  description: z.string().trim().max(500).nullable().optional().describe('What the stage means; the import stage classifier matches dialogs against it'),
  position: z.number().int().min(0).optional(),
});

export const ZPipelineParams = z.strictObject({ pipelineId: z.uuid() });
export const ZStageParams = z.strictObject({ pipelineId: z.uuid(), stageId: z.uuid() });

export const ZLead = z.object({
  id: z.string(),
  contactId: z.string(),
  contactName: z.string(),
  pipelineId: z.string(),
  stageId: z.string(),
  stageKey: z.string(),
  ownerUserId: z.string().nullable(),
  title: z.string().nullable(),
  value: z.number().nullable(),
  currency: z.string().nullable(),
  score: z.number().nullable(),
  interestLevel: z.enum(['hot', 'warm', 'cold']).nullable(),
  source: z.string(),
  autopilot: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
});

export const ZCreateLead = z.strictObject({
  contactId: z.uuid(),
  pipelineId: z.uuid().optional().describe('Defaults to the default pipeline'),
  stageId: z.uuid().optional().describe('Defaults to the first stage of the pipeline'),
  ownerUserId: z.uuid().nullable().optional(),
  title: z.string().trim().max(200).nullable().optional(),
  value: z.number().min(0).max(1e12).nullable().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).nullable().optional(),
});

export const ZUpdateLead = z.strictObject({
  stageId: z.uuid().optional(),
  ownerUserId: z.uuid().nullable().optional(),
  title: z.string().trim().max(200).nullable().optional(),
  value: z.number().min(0).max(1e12).nullable().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).nullable().optional(),
  autopilot: z.boolean().optional(),
  reason: z.string().trim().max(500).optional().describe('Why the stage changed; kept in the stage history'),
});

export const ZListLeadsQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  pipelineId: z.uuid().optional(),
  stageId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  ownerUserId: z.uuid().optional(),
});

export const ZLeadParams = z.strictObject({ leadId: z.uuid() });

export const ZStageHistoryEntry = z.object({
  id: z.string(),
  fromStageId: z.string().nullable(),
  toStageId: z.string(),
  changedByUserId: z.string().nullable(),
  source: z.string(),
  reason: z.string().nullable(),
  createdAt: z.string(),
});
