import { describe, expect, it } from 'vitest';
import { classificationReport, crossValidatedPredictions, stratifiedFolds } from './cross-validation.ts';
import { compareMethods, examplesFromLabelled, formatComparison } from './model-evaluation.ts';
import { parseLabelledDialogs } from './eval.ts';
import { DEFAULT_BUSINESS_BRIEF } from './default-profile.ts';
import { DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES } from './scoring.ts';
import { readFileSync } from 'node:fs';
import { classifyDialog, parseDialogModel, serialiseDialogModel, trainDialogModel, type TrainingExample } from './dialog-model.ts';
import { predictLabel, trainLogisticRegression } from './logistic-regression.ts';
import { dialogFeatures, hashFeature, namedFeatures, tokenize } from './text-features.ts';
import type { DialogMessage } from './analysis-schema.ts';

const client = (text: string): DialogMessage => ({ from: 'client', text });
const business = (text: string): DialogMessage => ({ from: 'business', text });

describe('dialog features', () => {
  it('lower-cases, folds ё and keeps only the shape of numbers', () => {
    expect(tokenize('Ещё 15:00, 3500 сом! 💅')).toEqual(['еще', '#n', '#n', '#num', 'сом', '💅']);
  });

  it('hashes stably into the feature space', () => {
    expect(hashFeature('w:записали')).toBe(hashFeature('w:записали'));
    expect(hashFeature('w:записали')).not.toBe(hashFeature('w:записала'));
    expect(hashFeature('x')).toBeLessThan(1 << 18);
  });

  it('reads the client words, their last message on its own, the business words and the rules verdicts', () => {
    const names = namedFeatures([client('Сколько стоит?'), business('3500 сом'), client('Передумала')], ['interest=cold']);
    expect(names.has('w:сколько')).toBe(true);
    expect(names.has('w2:сколько_стоит')).toBe(true);
    expect(names.has('l:передумала')).toBe(true);
    expect(names.has('l:сколько')).toBe(false);
    expect(names.has('b:сом')).toBe(true);
    expect(names.has('c:<пер')).toBe(true);
    expect(names.has('r:interest=cold')).toBe(true);
    expect(names.has('s:last=client')).toBe(true);
  });

  it('marks a long silence and who broke it', () => {
    const names = namedFeatures([
      { from: 'client', text: 'price?', at: '2025-01-01T10:00:00Z' },
      { from: 'business', text: '30 usd', at: '2025-01-01T10:05:00Z' },
      { from: 'business', text: 'still interested?', at: '2025-01-04T10:00:00Z' },
    ]);
    expect(names.has('s:gap_before=business')).toBe(true);
    expect(names.has('a:interested')).toBe(true);
  });

  it('is a unit-length sparse vector with ascending indices', () => {
    const x = dialogFeatures([client('Hello, can I book a manicure tomorrow at 5?')]);
    expect(x.indices).toEqual([...x.indices].sort((a, b) => a - b));
    expect(Math.hypot(...x.values)).toBeCloseTo(1, 6);
  });
});

describe('logistic regression', () => {
  const data: Array<[string, string]> = [
    ['book me tomorrow please', 'hot'],
    ['yes book us for saturday', 'hot'],
    ['please book friday 5 pm', 'hot'],
    ['too expensive no thanks', 'cold'],
    ['no thanks not interested', 'cold'],
    ['stop writing to me, not interested', 'cold'],
  ];
  const xs = data.map(([text]) => dialogFeatures([client(text)]));
  const ys = data.map(([, label]) => label);

  it('learns a separable problem and is deterministic for a seed', () => {
    const a = trainLogisticRegression(xs, ys, ['hot', 'cold'], 1 << 18, { seed: 1, minDocFrequency: 1 });
    const b = trainLogisticRegression(xs, ys, ['hot', 'cold'], 1 << 18, { seed: 1, minDocFrequency: 1 });
    expect(xs.map((x) => predictLabel(a, x))).toEqual(ys);
    expect(Buffer.from(a.weights.buffer).equals(Buffer.from(b.weights.buffer))).toBe(true);
    expect(predictLabel(a, dialogFeatures([client('can you book me for monday?')]))).toBe('hot');
  });

  it('rejects a label the model does not know', () => {
    expect(() => trainLogisticRegression(xs, [...ys.slice(1), 'warm'], ['hot', 'cold'], 1 << 18)).toThrow(/label/);
  });
});

describe('cross-validation', () => {
  it('spreads every label evenly over the folds, the same way for the same seed', () => {
    const labels = [...Array(10).fill('a'), ...Array(5).fill('b'), ...Array(3).fill('c')] as string[];
    const folds = stratifiedFolds(labels, 5, 15);
    expect(folds).toEqual(stratifiedFolds(labels, 5, 15));
    for (let f = 0; f < 5; f++) expect(labels.filter((l, i) => l === 'a' && folds[i] === f)).toHaveLength(2);
    for (let f = 0; f < 5; f++) expect(labels.filter((l, i) => l === 'b' && folds[i] === f)).toHaveLength(1);
    expect(new Set(labels.map((l, i) => (l === 'c' ? folds[i] : -1)).filter((f) => f !== undefined && f >= 0)).size).toBe(3);
  });

  it('predicts every item only from folds that exclude it', () => {
    const labels = ['a', 'b', 'a', 'b', 'a', 'b'];
    const seen: number[][] = [];
    const out = crossValidatedPredictions(labels, 3, 1, (train, test) => {
      seen.push(train);
      for (const t of test) expect(train).not.toContain(t);
      return test.map(() => 'a');
    });
    expect(out).toEqual(Array(6).fill('a'));
    expect(seen).toHaveLength(3);
  });

  it('computes agreement, macro-F1 and the confusion matrix', () => {
    const report = classificationReport(['hot', 'hot', 'warm', 'cold'], ['hot', 'warm', 'warm', 'cold'], ['hot', 'warm', 'cold']);
    expect(report.accuracy).toBe(0.75);
    expect(report.matrix).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    // F1: hot 2/3, warm 2/3, cold 1
    expect(report.macroF1).toBeCloseTo((2 / 3 + 2 / 3 + 1) / 3, 6);
  });
});

describe('the stored dialog model', () => {
  const examples: TrainingExample[] = [
    ['Book me for tomorrow 5 pm please', 'hot', 'consultation_booked'],
    ['Yes, Saturday 10 works, book us', 'hot', 'consultation_booked'],
    ['Friday 3 pm is perfect, see you', 'hot', 'consultation_booked'],
    ['Too expensive, no thanks', 'cold', 'deal_lost'],
    ['Not interested, please stop', 'cold', 'deal_lost'],
    ['No thanks, I found another place', 'cold', 'deal_lost'],
  ].map(([text, interest, stage]) => ({ x: dialogFeatures([client(text!)]), labels: { interest: interest as 'hot', stage: stage as 'deal_lost' } }));

  it('round-trips through its JSON file with the same answers', () => {
    const model = trainDialogModel(examples, false, 3, new Date('2026-01-01T00:00:00Z'), { seed: 2, minDocFrequency: 1 });
    const stored = JSON.parse(JSON.stringify(serialiseDialogModel(model)));
    expect(stored).toMatchObject({ format: 'parley-dialog-model', version: 3, usesRules: false });
    expect(stored.tasks.qualification).toBeUndefined();
    const parsed = parseDialogModel(stored);
    const dialog = [client('Could you book me for Monday 5 pm?')];
    const before = classifyDialog(model, dialog, null);
    const after = classifyDialog(parsed, dialog, null);
    expect(after.interest!.label).toBe(before.interest!.label);
    expect(after.stage!.label).toBe(before.stage!.label);
    expect(after.interest!.confidence).toBeCloseTo(before.interest!.confidence, 2);
  });

  it('refuses a file that is not a dialog model', () => {
    expect(() => parseDialogModel({ format: 'something-else' })).toThrow();
  });
});

describe('rules vs model vs combined, cross-validated', () => {
  it('reports every task with agreement, macro-F1 and a confusion matrix over held-out folds', () => {
    const text = readFileSync(new URL('../../../../test/fixtures/labelled-dialogs.jsonl', import.meta.url), 'utf8');
    const examples = examplesFromLabelled(parseLabelledDialogs(text).items).filter((_, i) => i % 4 === 0);
    const comparisons = compareMethods(examples, DEFAULT_BUSINESS_BRIEF, DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES, { k: 3, seed: 15, train: { epochs: 10, seed: 15 } });
    expect(comparisons.map((c) => c.task)).toEqual(['interest', 'stage', 'qualification']);
    for (const c of comparisons) {
      expect(c.n).toBe(examples.length);
      for (const method of ['rules', 'model', 'combined'] as const) {
        const total = c.reports[method].matrix.flat().reduce((a, b) => a + b, 0);
        expect(total).toBe(c.n);
      }
      expect(c.reports[c.best].macroF1).toBe(Math.max(c.reports.rules.macroF1, c.reports.model.macroF1, c.reports.combined.macroF1));
    }
    const report = formatComparison(comparisons, 3, 15);
    expect(report).toContain('3-fold cross-validation');
    expect(report).toContain('← chosen');
  });
});

describe('the fast feature path', () => {
  it('gives bit-for-bit the features of the readable definition on every labelled dialog, so predictions do not change', async () => {
    const { readFileSync } = await import('node:fs');
    const { dialogFeaturesByName } = await import('./text-features.ts');
    const { ruleVerdicts } = await import('./dialog-model.ts');
    const { DEFAULT_BUSINESS_BRIEF } = await import('./default-profile.ts');
    const { DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES } = await import('./scoring.ts');
    const lines = readFileSync(new URL('../../../../test/fixtures/labelled-dialogs.jsonl', import.meta.url), 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(300);
    for (const line of lines) {
      const { messages } = JSON.parse(line);
      const extra = ruleVerdicts(messages, DEFAULT_BUSINESS_BRIEF, DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES).features;
      expect(dialogFeatures(messages, extra)).toEqual(dialogFeaturesByName(messages, extra));
    }
  });
});
