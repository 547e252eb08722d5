import type { BusinessBrief, DialogMessage, ScoringRules } from './analysis-schema.ts';
import { classificationReport, crossValidatedPredictions, type ClassificationReport } from './cross-validation.ts';
import { featuresFor, MODEL_TASKS, predictTask, ruleVerdicts, TASK_LABELS, trainTask, DEFAULT_TRAIN_OPTIONS, type DialogLabels, type ModelTask, type RuleVerdicts, type TrainingExample } from './dialog-model.ts';
import type { TrainOptions } from './logistic-regression.ts';

/**
 * Rules only vs trained model vs model with the rules' verdicts as features, each measured on held-out folds.
 * The rules are not trained, so their figure is simply their agreement on every item; the models are trained k
 * times and predict only the fold they did not see.
 */

export const METHODS = ['rules', 'model', 'combined'] as const;
export type Method = (typeof METHODS)[number];

export interface LabelledExample {
  id: string;
  messages: DialogMessage[];
  labels: Partial<DialogLabels>;
}

export interface TaskComparison {
  task: ModelTask;
  n: number;
  reports: Record<Method, ClassificationReport>;
  /** The method with the best macro-F1 (agreement breaks ties). */
  best: Method;
}

export interface CrossValidationOptions {
  k?: number;
  seed?: number;
  train?: TrainOptions;
}

export function compareMethods(
  examples: LabelledExample[],
  brief: BusinessBrief,
  rules: ScoringRules,
  baseScores: Record<string, number>,
  options: CrossValidationOptions = {},
): TaskComparison[] {
  const k = options.k ?? 5;
  const seed = options.seed ?? 15;
  const verdicts: RuleVerdicts[] = examples.map((e) => ruleVerdicts(e.messages, brief, rules, baseScores));
  const plain: TrainingExample[] = examples.map((e) => ({ x: featuresFor(e.messages, null), labels: e.labels }));
  const withRules: TrainingExample[] = examples.map((e, i) => ({ x: featuresFor(e.messages, verdicts[i]!), labels: e.labels }));

  const out: TaskComparison[] = [];
  for (const task of MODEL_TASKS) {
    const indices = examples.map((e, i) => (e.labels[task] === undefined ? -1 : i)).filter((i) => i >= 0);
    if (indices.length < k * 2) continue;
    const expected = indices.map((i) => examples[i]!.labels[task]!);
    const labels = TASK_LABELS[task];
    const heldOut = (data: TrainingExample[]) =>
      crossValidatedPredictions(expected, k, seed, (train, test) => {
        const model = trainTask(train.map((j) => data[indices[j]!]!), task, options.train ?? DEFAULT_TRAIN_OPTIONS);
        return test.map((j) => (model ? predictTask(model, data[indices[j]!]!.x).label : labels[0]!));
      });
    const reports: Record<Method, ClassificationReport> = {
      rules: classificationReport(expected, indices.map((i) => verdicts[i]![task]), labels),
      model: classificationReport(expected, heldOut(plain), labels),
      combined: classificationReport(expected, heldOut(withRules), labels),
    };
    const best = [...METHODS].sort((a, b) => reports[b].macroF1 - reports[a].macroF1 || reports[b].accuracy - reports[a].accuracy)[0]!;
    out.push({ task, n: indices.length, reports, best });
  }
  return out;
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** Long label sets (the seven stages) get numbered columns so the table fits a terminal. */
function formatMatrix(report: ClassificationReport): string[] {
  const numbered = report.labels.some((l) => l.length > 10);
  const heads = report.labels.map((l, i) => (numbered ? String(i + 1) : l));
  const rows = report.labels.map((l, i) => (numbered ? `${i + 1} ${l}` : l));
  const width = Math.max(9, ...rows.map((l) => l.length)) + 1;
  const cell = Math.max(5, ...heads.map((l) => l.length)) + 1;
  const lines = [`${''.padEnd(width)}${heads.map((l) => l.padStart(cell)).join('')}`];
  rows.forEach((label, r) => lines.push(`${label.padEnd(width)}${report.matrix[r]!.map((v) => String(v).padStart(cell)).join('')}`));
  return lines;
}

const TASK_TITLES: Record<ModelTask, string> = { interest: 'Interest level', stage: 'Funnel stage', qualification: 'Qualification complete' };

export function formatComparison(comparisons: TaskComparison[], k: number, seed: number): string {
  const lines = [`${k}-fold cross-validation, stratified, seed ${seed} (every dialog predicted by a model that never saw it)`];
  for (const c of comparisons) {
    lines.push('', `${TASK_TITLES[c.task]} (${c.n} dialogs)`);
    for (const method of ['rules', 'model', 'combined'] as const) {
      const r = c.reports[method];
      lines.push(`  ${method.padEnd(9)} agreement ${pct(r.accuracy).padStart(6)}  macro-F1 ${pct(r.macroF1).padStart(6)}${method === c.best ? '  ← chosen' : ''}`);
    }
    lines.push(`  Confusion, ${c.best} (rows: expected, columns: actual)`, ...formatMatrix(c.reports[c.best]).map((l) => `  ${l}`));
  }
  return lines.join('\n');
}

/** The labels of a labelled dialog in the model's terms. */
export function examplesFromLabelled(
  items: ReadonlyArray<{ id: string; messages: DialogMessage[]; expected: { interestLevel: DialogLabels['interest']; funnelStage?: DialogLabels['stage']; qualificationComplete?: boolean } }>,
): LabelledExample[] {
  return items.map((item) => ({
    id: item.id,
    messages: item.messages,
    labels: {
      interest: item.expected.interestLevel,
      ...(item.expected.funnelStage ? { stage: item.expected.funnelStage } : {}),
      ...(item.expected.qualificationComplete === undefined ? {} : { qualification: item.expected.qualificationComplete ? 'complete' : 'incomplete' }),
    },
  }));
}

/** One JSON object with the headline held-out figures, for scripts and docs. */
export function comparisonSummary(comparisons: TaskComparison[]): Record<string, { method: Method; n: number; agreement: number; macroF1: number; rulesAgreement: number }> {
  const round = (v: number) => Math.round(v * 10000) / 10000;
  return Object.fromEntries(
    comparisons.map((c) => [
      c.task,
      { method: c.best, n: c.n, agreement: round(c.reports[c.best].accuracy), macroF1: round(c.reports[c.best].macroF1), rulesAgreement: round(c.reports.rules.accuracy) },
    ]),
  );
}
