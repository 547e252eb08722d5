import { seededRandom, shuffleInPlace } from './logistic-regression.ts';

/**
 * Held-out measurement: stratified k-fold assignment and the figures `parley eval` prints (agreement, macro-F1,
 * confusion matrix). Pure and seeded, so the same data gives the same numbers on every machine.
 */

/** fold[i] in 0..k-1; every label is spread over the folds as evenly as its count allows. */
export function stratifiedFolds(labels: readonly string[], k: number, seed: number): number[] {
  const random = seededRandom(seed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, i) => byLabel.set(label, [...(byLabel.get(label) ?? []), i]));
  const folds = new Array<number>(labels.length).fill(0);
  let start = 0;
  for (const key of [...byLabel.keys()].sort()) {
    const members = shuffleInPlace([...byLabel.get(key)!], random);
    // Continue the round-robin where the previous label stopped, so small labels do not all land in fold 0.
    members.forEach((index, j) => (folds[index] = (start + j) % k));
    start = (start + members.length) % k;
  }
  return folds;
}

export interface ClassificationReport {
  n: number;
  accuracy: number;
  macroF1: number;
  labels: string[];
  /** matrix[expected][actual] */
  matrix: number[][];
  perLabel: Array<{ label: string; precision: number; recall: number; f1: number; support: number }>;
}

/** Macro-F1 averages over the labels that occur in `expected` (a label nobody has cannot be recalled). */
export function classificationReport(expected: readonly string[], actual: readonly string[], labels: readonly string[]): ClassificationReport {
  const index = new Map(labels.map((label, i) => [label, i]));
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  let hits = 0;
  expected.forEach((e, i) => {
    const r = index.get(e);
    const c = index.get(actual[i]!);
    if (r === undefined || c === undefined) throw new Error(`unknown label ${r === undefined ? e : actual[i]}`);
    matrix[r]![c]!++;
    if (r === c) hits++;
  });
  const perLabel = labels.map((label, i) => {
    const tp = matrix[i]![i]!;
    const support = matrix[i]!.reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((sum, row) => sum + row[i]!, 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  const present = perLabel.filter((l) => l.support > 0);
  return {
    n: expected.length,
    accuracy: expected.length ? hits / expected.length : 0,
    macroF1: present.length ? present.reduce((sum, l) => sum + l.f1, 0) / present.length : 0,
    labels: [...labels],
    matrix,
    perLabel,
  };
}

/**
 * Runs `predict(trainIndices, testIndices)` once per fold and gathers every item's held-out prediction, so each
 * item is predicted by a model that never saw it.
 */
export function crossValidatedPredictions(
  labels: readonly string[],
  k: number,
  seed: number,
  predict: (train: number[], test: number[]) => string[],
): string[] {
  const folds = stratifiedFolds(labels, k, seed);
  const out = new Array<string>(labels.length);
  for (let fold = 0; fold < k; fold++) {
    const train: number[] = [];
    const test: number[] = [];
    folds.forEach((f, i) => (f === fold ? test : train).push(i));
    if (test.length === 0) continue;
    const predicted = predict(train, test);
    test.forEach((i, j) => (out[i] = predicted[j]!));
  }
  return out;
}
