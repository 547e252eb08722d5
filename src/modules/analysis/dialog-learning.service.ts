import { existsSync, readFileSync } from 'node:fs';
import { projectPath } from '../../platform/project-root.ts';
import type { Db, DbOrTx } from '../../platform/db/client.ts';
import { iso } from '../../platform/http/pagination.ts';
import type { DialogMessage, ScoringRules, BusinessBrief } from './engine/analysis-schema.ts';
import { classificationReport, crossValidatedPredictions } from './engine/cross-validation.ts';
import {
  classifyDialog,
  featuresFor,
  parseDialogModel,
  predictTask,
  ruleVerdicts,
  serialiseDialogModel,
  TASK_LABELS,
  trainDialogModel,
  trainTask,
  type DialogLabels,
  type DialogModel,
  type TrainingExample,
} from './engine/dialog-model.ts';
import { DEFAULT_BUSINESS_BRIEF } from './engine/default-profile.ts';
import { parseLabelledDialogs } from './engine/eval.ts';
import { examplesFromLabelled, type LabelledExample } from './engine/model-evaluation.ts';
import { DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES } from './engine/scoring.ts';
import { shippedDialogModel } from './dialog-model.store.ts';
import { getBusinessProfile } from './business-profile.service.ts';

/**
 * Learning from the people who use Parley: every manual change of a lead's interest or stage is kept with the
 * dialog as it was, and the organization's model is retrained from the shipped labelled dialogs plus those
 * corrections (on demand and on a schedule). "Before" is the model in use measured on the corrections it never
 * saw; "after" is the retrained model measured by k-fold on the same corrections, each predicted by a model
 * trained without it.
 */

const LEARNED_TASKS = ['interest', 'stage'] as const;
type LearnedTask = (typeof LEARNED_TASKS)[number];
/** A correction weighs as much as this many shipped examples: it is the organization's own judgement. */
const CORRECTION_WEIGHT = 3;
const TRAIN = { epochs: 25, learningRate: 0.5, l2: 1e-4, seed: 15 };

const LABELLED_FILE = projectPath('test/fixtures/labelled-dialogs.jsonl');

let baseExamples: LabelledExample[] | null = null;
/** The shipped labelled dialogs (present in a source checkout); without them the corrections train alone. */
export function shippedExamples(): LabelledExample[] {
  if (baseExamples) return baseExamples;
  baseExamples = existsSync(LABELLED_FILE) ? examplesFromLabelled(parseLabelledDialogs(readFileSync(LABELLED_FILE, 'utf8')).items) : [];
  return baseExamples;
}

export async function recordCorrection(
  db: DbOrTx,
  organizationId: string,
  input: { leadId: string; field: 'interest' | 'stage'; value: string; previous: string | null; userId: string | null; messages: DialogMessage[]; conversationId: string | null },
): Promise<void> {
  await db
    .insertInto('analysis_corrections')
    .values({
      organization_id: organizationId,
      lead_id: input.leadId,
      conversation_id: input.conversationId,
      field: input.field,
      value: input.value,
      previous: input.previous,
      messages: JSON.stringify(input.messages),
      created_by_user_id: input.userId,
    })
    .execute();
}

/** One example per conversation: its latest interest and latest stage a person set. */
export async function correctionExamples(db: DbOrTx, organizationId: string): Promise<LabelledExample[]> {
  const rows = await db
    .selectFrom('analysis_corrections')
    .select(['id', 'lead_id', 'conversation_id', 'field', 'value', 'messages', 'created_at'])
    .where('organization_id', '=', organizationId)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  const byDialog = new Map<string, LabelledExample>();
  for (const row of rows) {
    if (!row.messages.length) continue;
    const key = row.conversation_id ?? row.lead_id ?? row.id;
    const example = byDialog.get(key) ?? { id: key, messages: row.messages, labels: {} };
    example.messages = row.messages;
    if (row.field === 'interest' && TASK_LABELS.interest.includes(row.value)) example.labels.interest = row.value as DialogLabels['interest'];
    if (row.field === 'stage' && TASK_LABELS.stage.includes(row.value)) example.labels.stage = row.value as DialogLabels['stage'];
    byDialog.set(key, example);
  }
  return [...byDialog.values()].filter((e) => e.labels.interest || e.labels.stage);
}

const modelCache = new Map<string, { version: number; model: DialogModel }>();

/** The organization's retrained model, else the shipped one, else null (rules only). */
export async function dialogModelFor(db: DbOrTx, organizationId: string): Promise<DialogModel | null> {
  const row = await db.selectFrom('org_dialog_models').select(['version']).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!row) return shippedDialogModel();
  const cached = modelCache.get(organizationId);
  if (cached && cached.version === row.version) return cached.model;
  const full = await db.selectFrom('org_dialog_models').select(['version', 'model']).where('organization_id', '=', organizationId).executeTakeFirstOrThrow();
  try {
    const model = parseDialogModel(full.model);
    modelCache.set(organizationId, { version: full.version, model });
    return model;
  } catch {
    return shippedDialogModel();
  }
}

export interface TaskAgreement {
  n: number;
  agreement: number | null;
  macroF1: number | null;
}
export type Agreement = Record<LearnedTask, TaskAgreement>;

export interface RetrainResult {
  version: number;
  corrections: number;
  examples: number;
  before: Agreement;
  after: Agreement;
  trainedAt: string;
}

function trainingExample(e: LabelledExample, brief: BusinessBrief, rules: ScoringRules, withRules: boolean): TrainingExample {
  return { x: featuresFor(e.messages, withRules ? ruleVerdicts(e.messages, brief, rules, DEFAULT_STAGE_BASE_SCORES) : null), labels: e.labels };
}

const round = (v: number) => Math.round(v * 10000) / 10000;

function agreementOf(expected: string[], actual: string[], labels: readonly string[]): TaskAgreement {
  if (!expected.length) return { n: 0, agreement: null, macroF1: null };
  const report = classificationReport(expected, actual, labels);
  return { n: expected.length, agreement: round(report.accuracy), macroF1: round(report.macroF1) };
}

/** Retrains the organization's model; `base` defaults to the shipped labelled dialogs. */
export async function retrainOrgModel(db: Db, organizationId: string, now: Date, options: { base?: LabelledExample[] } = {}): Promise<RetrainResult> {
  const { brief, scoring } = await getBusinessProfile(db, organizationId);
  const corrections = await correctionExamples(db, organizationId);
  const base = options.base ?? shippedExamples();
  const current = await dialogModelFor(db, organizationId);
  const usesRules = current?.usesRules ?? true;
  const baseTraining = base.map((e) => trainingExample(e, DEFAULT_BUSINESS_BRIEF, DEFAULT_SCORING_RULES, usesRules));
  const correctionTraining = corrections.map((e) => trainingExample(e, brief, scoring, usesRules));

  const before = {} as Agreement;
  const after = {} as Agreement;
  for (const task of LEARNED_TASKS) {
    const indices = corrections.map((e, i) => (e.labels[task] ? i : -1)).filter((i) => i >= 0);
    const expected = indices.map((i) => corrections[i]!.labels[task]!);
    // Before: the model in use never saw these corrections.
    const previous = indices.map((i) => {
      const p = current ? classifyDialog(current, corrections[i]!.messages, usesRules ? ruleVerdicts(corrections[i]!.messages, brief, scoring, DEFAULT_STAGE_BASE_SCORES) : null)[task] : undefined;
      return p?.label ?? ruleVerdicts(corrections[i]!.messages, brief, scoring, DEFAULT_STAGE_BASE_SCORES)[task];
    });
    before[task] = agreementOf(expected, previous, TASK_LABELS[task]);
    // After: each correction predicted by a model trained on the base and the other corrections.
    const k = Math.min(5, expected.length);
    if (k < 2) {
      after[task] = { n: expected.length, agreement: null, macroF1: null };
      continue;
    }
    const predicted = crossValidatedPredictions(expected, k, 15, (train, test) => {
      const examples = [...baseTraining, ...train.flatMap((j) => Array<TrainingExample>(CORRECTION_WEIGHT).fill(correctionTraining[indices[j]!]!))];
      const model = trainTask(examples, task, TRAIN);
      return test.map((j) => (model ? predictTask(model, correctionTraining[indices[j]!]!.x).label : previous[j]!));
    });
    after[task] = agreementOf(expected, predicted, TASK_LABELS[task]);
  }

  const row = await db.selectFrom('org_dialog_models').select('version').where('organization_id', '=', organizationId).executeTakeFirst();
  const version = (row?.version ?? current?.version ?? 0) + 1;
  const model = trainDialogModel([...baseTraining, ...correctionTraining.flatMap((e) => Array<TrainingExample>(CORRECTION_WEIGHT).fill(e))], usesRules, version, now, TRAIN);
  const stored = JSON.stringify(serialiseDialogModel(model));
  const values = { model: stored, version, corrections: corrections.length, agreement_before: JSON.stringify(before), agreement_after: JSON.stringify(after), trained_at: now };
  await db
    .insertInto('org_dialog_models')
    .values({ organization_id: organizationId, ...values })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet(values))
    .execute();
  return { version, corrections: corrections.length, examples: base.length + corrections.length, before, after, trainedAt: now.toISOString() };
}

export interface ModelStatus {
  source: 'organization' | 'shipped' | 'rules';
  version: number | null;
  trainedAt: string | null;
  corrections: number;
  /** Corrections made since the model was trained. */
  pendingCorrections: number;
  before: Agreement | null;
  after: Agreement | null;
}

export async function modelStatus(db: DbOrTx, organizationId: string): Promise<ModelStatus> {
  const row = await db
    .selectFrom('org_dialog_models')
    .select(['version', 'trained_at', 'corrections', 'agreement_before', 'agreement_after'])
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  const total = await db.selectFrom('analysis_corrections').select((eb) => eb.fn.countAll<string>().as('n')).where('organization_id', '=', organizationId).executeTakeFirstOrThrow();
  let pending = Number(total.n);
  if (row) {
    const newer = await db
      .selectFrom('analysis_corrections')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organization_id', '=', organizationId)
      .where('created_at', '>', row.trained_at)
      .executeTakeFirstOrThrow();
    pending = Number(newer.n);
  }
  const shipped = shippedDialogModel();
  return {
    source: row ? 'organization' : shipped ? 'shipped' : 'rules',
    version: row?.version ?? shipped?.version ?? null,
    trainedAt: row ? iso(row.trained_at) : (shipped?.trainedAt ?? null),
    corrections: Number(total.n),
    pendingCorrections: pending,
    before: (row?.agreement_before as Agreement | null) ?? null,
    after: (row?.agreement_after as Agreement | null) ?? null,
  };
}

/** Organizations with corrections newer than their model (or with corrections and no model yet). */
export async function organizationsToRetrain(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .selectFrom('analysis_corrections as c')
    .leftJoin('org_dialog_models as m', 'm.organization_id', 'c.organization_id')
    .select('c.organization_id')
    .where((eb) => eb.or([eb('m.trained_at', 'is', null), eb('c.created_at', '>', eb.ref('m.trained_at'))]))
    .groupBy('c.organization_id')
    .execute();
  return rows.map((r) => r.organization_id);
}
