import type { SparseVector } from './text-features.ts';

/**
 * Multinomial logistic regression over sparse hashed features, trained by stochastic gradient descent with L2
 * decay and balanced class weights (so a rare stage is not drowned by "qualified"). Deterministic for a seed.
 * Small on purpose: a few hundred to a few thousand dialogs train in well under a second.
 */

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  /** L2 strength per example step. */
  l2?: number;
  seed?: number;
  /** Features seen in fewer training dialogs than this keep weight 0 (one-off typos would only memorise). */
  minDocFrequency?: number;
}

export interface LinearModel {
  labels: string[];
  dim: number;
  /** weights[c * dim + feature] */
  weights: Float32Array;
  bias: Float32Array;
}

/** mulberry32: a tiny seeded generator so folds and shuffles repeat exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function logits(model: LinearModel, x: SparseVector, out: Float64Array): void {
  const { dim, weights, bias } = model;
  for (let c = 0; c < model.labels.length; c++) {
    let sum = bias[c]!;
    const offset = c * dim;
    for (let k = 0; k < x.indices.length; k++) sum += weights[offset + x.indices[k]!]! * x.values[k]!;
    out[c] = sum;
  }
}

function softmaxInPlace(z: Float64Array): void {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    z[i] = Math.exp(z[i]! - max);
    sum += z[i]!;
  }
  for (let i = 0; i < z.length; i++) z[i] = z[i]! / sum;
}

export function trainLogisticRegression(xs: SparseVector[], ys: string[], labels: readonly string[], dim: number, options: TrainOptions = {}): LinearModel {
  const epochs = options.epochs ?? 40;
  const rate = options.learningRate ?? 0.5;
  const l2 = options.l2 ?? 1e-4;
  const random = seededRandom(options.seed ?? 15);
  const model: LinearModel = { labels: [...labels], dim, weights: new Float32Array(labels.length * dim), bias: new Float32Array(labels.length) };
  const target = ys.map((y) => labels.indexOf(y));
  if (target.some((t) => t < 0)) throw new Error('a training label is not among the model labels');

  // Balanced class weights: n / (classes × count), classes absent from the data get none.
  const counts = new Array<number>(labels.length).fill(0);
  for (const t of target) counts[t]!++;
  const present = counts.filter((c) => c > 0).length;
  const classWeight = counts.map((c) => (c ? xs.length / (present * c) : 0));

  // Lazy L2: a global scale would complicate reading the weights; decay only the touched weights instead.
  const minDf = options.minDocFrequency ?? 2;
  const df = new Uint16Array(dim);
  for (const x of xs) for (const index of x.indices) if (df[index]! < 65535) df[index]!++;
  const kept = xs.map((x) => {
    const indices: number[] = [];
    const values: number[] = [];
    x.indices.forEach((index, k) => {
      if (df[index]! >= minDf) {
        indices.push(index);
        values.push(x.values[k]!);
      }
    });
    return { indices, values };
  });
  const order = xs.map((_, i) => i);
  const p = new Float64Array(labels.length);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(order, random);
    const lr = rate / (1 + epoch * 0.1);
    for (const i of order) {
      const x = kept[i]!;
      logits(model, x, p);
      softmaxInPlace(p);
      const w = classWeight[target[i]!]!;
      for (let c = 0; c < labels.length; c++) {
        const g = (p[c]! - (c === target[i] ? 1 : 0)) * w;
        const offset = c * dim;
        for (let k = 0; k < x.indices.length; k++) {
          const at = offset + x.indices[k]!;
          model.weights[at] = model.weights[at]! - lr * (g * x.values[k]! + l2 * model.weights[at]!);
        }
        model.bias[c] = model.bias[c]! - lr * g * 0.1;
      }
    }
  }
  return model;
}

/**
 * For prediction, the weights feature-major and only for features with a weight: one cache line per feature for all
 * classes instead of one per class in a 2^18-wide row (the dense walk was the model's main cost). Same products in
 * the same order, minus the zero ones, so the same logits. Built once per model; a model is not changed after training.
 */
interface PredictionLayout {
  rowOf: Int32Array;
  rows: Float32Array;
}
const layouts = new WeakMap<LinearModel, PredictionLayout>();

function layoutOf(model: LinearModel): PredictionLayout {
  const cached = layouts.get(model);
  if (cached) return cached;
  const classes = model.labels.length;
  const { dim, weights } = model;
  const rowOf = new Int32Array(dim).fill(-1);
  let used = 0;
  for (let f = 0; f < dim; f++) {
    for (let c = 0; c < classes; c++) {
      if (weights[c * dim + f] !== 0) {
        rowOf[f] = used++;
        break;
      }
    }
  }
  const rows = new Float32Array(used * classes);
  for (let f = 0; f < dim; f++) {
    const row = rowOf[f]!;
    if (row >= 0) for (let c = 0; c < classes; c++) rows[row * classes + c] = weights[c * dim + f]!;
  }
  const layout = { rowOf, rows };
  layouts.set(model, layout);
  return layout;
}

function predictionLogits(model: LinearModel, x: SparseVector, out: Float64Array): void {
  const { rowOf, rows } = layoutOf(model);
  const classes = model.labels.length;
  for (let c = 0; c < classes; c++) out[c] = model.bias[c]!;
  for (let k = 0; k < x.indices.length; k++) {
    const row = rowOf[x.indices[k]!]!;
    if (row < 0) continue;
    const value = x.values[k]!;
    const at = row * classes;
    for (let c = 0; c < classes; c++) out[c] = out[c]! + rows[at + c]! * value;
  }
}

export function predictProbabilities(model: LinearModel, x: SparseVector): Float64Array {
  const p = new Float64Array(model.labels.length);
  predictionLogits(model, x, p);
  softmaxInPlace(p);
  return p;
}

export function predictLabel(model: LinearModel, x: SparseVector): string {
  const p = predictProbabilities(model, x);
  let best = 0;
  for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
  return model.labels[best]!;
}
