import { z } from 'zod';
import { CORE_SIGNALS, FUNNEL_STAGES, type BusinessBrief, type DialogAnalysisOutput, type DialogMessage, type FunnelStage, type InterestLevel, type ScoringRules } from './analysis-schema.ts';
import { predictProbabilities, trainLogisticRegression, type LinearModel, type TrainOptions } from './logistic-regression.ts';
import { analyseDialogOffline } from './offline-analyser.ts';
import { scoreAnalysis } from './scoring.ts';
import { dialogFeatures, FEATURE_BITS, type SparseVector } from './text-features.ts';

/**
 * The trained dialog classifier: three linear models (interest, funnel stage, qualification) over the dialog's
 * words and the offline rules' verdicts, stored as one small versioned JSON file. It answers labels with
 * probabilities; how they become a score that agrees with seed 001's bands is scoring's business.
 */

export const MODEL_TASKS = ['interest', 'stage', 'qualification'] as const;
export type ModelTask = (typeof MODEL_TASKS)[number];

export const TASK_LABELS: Record<ModelTask, readonly string[]> = {
  interest: ['hot', 'warm', 'cold'],
  stage: FUNNEL_STAGES,
  qualification: ['complete', 'incomplete'],
};

export interface DialogLabels {
  interest: InterestLevel;
  stage: FunnelStage;
  qualification: 'complete' | 'incomplete';
}

/** The signals the shipped model was trained on; newer ones stay out so its predictions do not move. */
const MODEL_SIGNALS: ReadonlySet<string> = new Set(CORE_SIGNALS);

/** What the hand-written rules say about a dialog; also fed to the model as features ("combined"). */
export interface RuleVerdicts extends DialogLabels {
  analysis: DialogAnalysisOutput;
  features: string[];
}

export function ruleVerdicts(messages: DialogMessage[], brief: BusinessBrief, rules: ScoringRules, baseScores: Record<string, number>): RuleVerdicts {
  return verdictsOf(analyseDialogOffline(messages, brief), rules, baseScores);
}

/** The rules' verdicts from an offline analysis already made. */
export function verdictsOf(analysis: DialogAnalysisOutput, rules: ScoringRules, baseScores: Record<string, number>): RuleVerdicts {
  const scored = scoreAnalysis(analysis, rules, baseScores);
  const qualification = scored.qualificationComplete ? 'complete' : 'incomplete';
  const features = [`interest=${scored.interestLevel}`, `stage=${analysis.funnelStage}`, `qualification=${qualification}`, ...analysis.signals.filter((s) => MODEL_SIGNALS.has(s)).map((s) => `signal=${s}`)];
  if (analysis.role) features.push(`role=${analysis.role}`);
  return { interest: scored.interestLevel, stage: analysis.funnelStage, qualification, analysis, features };
}

export function featuresFor(messages: DialogMessage[], verdicts: RuleVerdicts | null): SparseVector {
  return dialogFeatures(messages, verdicts?.features ?? []);
}

export interface TrainingExample {
  x: SparseVector;
  labels: Partial<DialogLabels>;
}

export interface DialogModel {
  version: number;
  trainedAt: string;
  /** Examples each task was trained on. */
  examples: Record<ModelTask, number>;
  /** true: the rules' verdicts are features (the combination chosen by cross-validation). */
  usesRules: boolean;
  tasks: Partial<Record<ModelTask, LinearModel>>;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { epochs: 40, learningRate: 0.5, l2: 1e-4, seed: 15 };

export function trainTask(examples: TrainingExample[], task: ModelTask, options: TrainOptions = DEFAULT_TRAIN_OPTIONS): LinearModel | null {
  const usable = examples.filter((e) => e.labels[task] !== undefined);
  if (new Set(usable.map((e) => e.labels[task])).size < 2) return null;
  return trainLogisticRegression(
    usable.map((e) => e.x),
    usable.map((e) => e.labels[task]!),
    TASK_LABELS[task],
    1 << FEATURE_BITS,
    options,
  );
}

export function trainDialogModel(examples: TrainingExample[], usesRules: boolean, version: number, now: Date, options: TrainOptions = DEFAULT_TRAIN_OPTIONS): DialogModel {
  const tasks: DialogModel['tasks'] = {};
  const counts = { interest: 0, stage: 0, qualification: 0 } as Record<ModelTask, number>;
  for (const task of MODEL_TASKS) {
    const model = trainTask(examples, task, options);
    if (model) tasks[task] = model;
    counts[task] = examples.filter((e) => e.labels[task] !== undefined).length;
  }
  return { version, trainedAt: now.toISOString(), examples: counts, usesRules, tasks };
}

export interface Prediction<L extends string> {
  label: L;
  confidence: number;
  probabilities: Record<string, number>;
}

export function predictTask<L extends string>(model: LinearModel, x: SparseVector): Prediction<L> {
  const p = predictProbabilities(model, x);
  let best = 0;
  for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
  const probabilities: Record<string, number> = {};
  model.labels.forEach((label, c) => (probabilities[label] = p[c]!));
  return { label: model.labels[best] as L, confidence: p[best]!, probabilities };
}

export interface DialogPrediction {
  interest?: Prediction<InterestLevel>;
  stage?: Prediction<FunnelStage>;
  qualification?: Prediction<'complete' | 'incomplete'>;
}

export function classifyDialog(model: DialogModel, messages: DialogMessage[], verdicts: RuleVerdicts | null): DialogPrediction {
  const x = featuresFor(messages, model.usesRules ? verdicts : null);
  const out: DialogPrediction = {};
  if (model.tasks.interest) out.interest = predictTask<InterestLevel>(model.tasks.interest, x);
  if (model.tasks.stage) out.stage = predictTask<FunnelStage>(model.tasks.stage, x);
  if (model.tasks.qualification) out.qualification = predictTask<'complete' | 'incomplete'>(model.tasks.qualification, x);
  return out;
}

/**
 * The offline analysis, refined by the model: its stage replaces the rules' (summary and next step rewritten for
 * it), and its interest is returned for scoring to move the score into that band.
 */
export function refineOfflineAnalysis(
  model: DialogModel,
  messages: DialogMessage[],
  analysis: DialogAnalysisOutput,
  brief: BusinessBrief,
  rules: ScoringRules,
  baseScores: Record<string, number>,
  options: { now?: Date } = {},
): { analysis: DialogAnalysisOutput; interest: InterestLevel | undefined; prediction: DialogPrediction } {
  const prediction = classifyDialog(model, messages, verdictsOf(analysis, rules, baseScores));
  const stage = prediction.stage?.label;
  const refined = stage && stage !== analysis.funnelStage ? analyseDialogOffline(messages, brief, { ...options, stage }) : analysis;
  return { analysis: refined, interest: prediction.interest?.label, prediction };
}

// ---------------------------------------------------------------------------------------------------------------
// The stored file: only the features the model uses, weights quantised to one byte each (a linear model does not
// notice), indices delta-encoded — a couple of hundred KB for three tasks.

const ZStoredTask = z.object({
  labels: z.array(z.string()).min(2),
  bias: z.array(z.number()),
  /** weight = int8 × scale */
  scale: z.number().positive(),
  /** base64 of ascending feature indices, delta-encoded as unsigned LEB128 */
  features: z.string(),
  /** base64 of int8 weights, one row of `labels.length` per feature */
  weights: z.string(),
});

export const ZStoredDialogModel = z.object({
  format: z.literal('parley-dialog-model'),
  version: z.number().int().min(1),
  featureBits: z.literal(FEATURE_BITS),
  trainedAt: z.string(),
  examples: z.record(z.string(), z.number()),
  usesRules: z.boolean(),
  tasks: z.partialRecord(z.enum(MODEL_TASKS), ZStoredTask),
});
export type StoredDialogModel = z.infer<typeof ZStoredDialogModel>;

function encodeIndices(indices: number[]): string {
  const bytes: number[] = [];
  let previous = 0;
  for (const index of indices) {
    let delta = index - previous;
    previous = index;
    do {
      const low = delta & 0x7f;
      delta >>>= 7;
      bytes.push(delta ? low | 0x80 : low);
    } while (delta);
  }
  return Buffer.from(bytes).toString('base64');
}

function decodeIndices(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  const out: number[] = [];
  let previous = 0;
  for (let i = 0; i < bytes.length; ) {
    let delta = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[i++]!;
      delta |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    previous += delta;
    out.push(previous);
  }
  return out;
}

export function serialiseDialogModel(model: DialogModel): StoredDialogModel {
  const tasks: StoredDialogModel['tasks'] = {};
  for (const task of MODEL_TASKS) {
    const linear = model.tasks[task];
    if (!linear) continue;
    let max = 0;
    for (const w of linear.weights) max = Math.max(max, Math.abs(w));
    const scale = max / 127 || 1;
    const features: number[] = [];
    const quantised: number[] = [];
    for (let f = 0; f < linear.dim; f++) {
      const row = linear.labels.map((_, c) => Math.round(linear.weights[c * linear.dim + f]! / scale));
      if (row.every((q) => q === 0)) continue;
      features.push(f);
      quantised.push(...row);
    }
    tasks[task] = {
      labels: linear.labels,
      bias: [...linear.bias].map((b) => Math.round(b * 1e4) / 1e4),
      scale,
      features: encodeIndices(features),
      weights: Buffer.from(Int8Array.from(quantised).buffer).toString('base64'),
    };
  }
  return { format: 'parley-dialog-model', version: model.version, featureBits: FEATURE_BITS, trainedAt: model.trainedAt, examples: model.examples, usesRules: model.usesRules, tasks };
}

export function parseDialogModel(json: unknown): DialogModel {
  const stored = ZStoredDialogModel.parse(json);
  const dim = 1 << stored.featureBits;
  const tasks: DialogModel['tasks'] = {};
  for (const task of MODEL_TASKS) {
    const t = stored.tasks[task];
    if (!t) continue;
    const classes = t.labels.length;
    const features = decodeIndices(t.features);
    const raw = Buffer.from(t.weights, 'base64');
    const quantised = new Int8Array(raw.buffer, raw.byteOffset, raw.length);
    if (quantised.length !== features.length * classes) throw new Error(`model task ${task}: ${features.length} features but ${quantised.length} weights`);
    const weights = new Float32Array(classes * dim);
    features.forEach((f, i) => {
      if (f >= dim) throw new Error(`model task ${task}: feature ${f} outside the hash space`);
      for (let c = 0; c < classes; c++) weights[c * dim + f] = quantised[i * classes + c]! * t.scale;
    });
    tasks[task] = { labels: t.labels, dim, weights, bias: Float32Array.from(t.bias) };
  }
  const examples = { interest: stored.examples.interest ?? 0, stage: stored.examples.stage ?? 0, qualification: stored.examples.qualification ?? 0 };
  return { version: stored.version, trainedAt: stored.trainedAt, examples, usesRules: stored.usesRules, tasks };
}
