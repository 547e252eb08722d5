import { z } from 'zod';
import { FUNNEL_STAGES, type DialogMessage, type FunnelStage, type InterestLevel } from './analysis-schema.ts';

/**
 * Agreement of an analyser (plus scoring) with hand-labelled dialogs, for `parley eval`. The labels are the
 * expected interest level (always) and funnel stage (optional); the analyser is any async function, so the same
 * harness measures the offline rules and a model.
 */

export const INTEREST_LEVELS = ['hot', 'warm', 'cold'] as const satisfies readonly InterestLevel[];

/** Business types the labelled set covers; the agency set is seed 001's own business. */
export const LABELLED_BUSINESSES = ['marketing_agency', 'beauty', 'clinic', 'education', 'b2b', 'infobusiness'] as const;

export const ZLabelledDialog = z.object({
  id: z.string().min(1).max(200),
  /** Whose dialog it is (the business answering); optional, for per-business reports. */
  business: z.enum(LABELLED_BUSINESSES).optional(),
  /** The client's language as written: ru, en, or a Kyrgyz/Kazakh mix (ky, kz). */
  language: z.string().min(2).max(8).optional(),
  messages: z
    .array(
      z.object({
        from: z.enum(['client', 'business']),
        text: z.string(),
        at: z.iso.datetime({ offset: true }).optional(),
      }),
    )
    .min(1),
  expected: z.object({
    interestLevel: z.enum(INTEREST_LEVELS),
    funnelStage: z.enum(FUNNEL_STAGES).optional(),
    /** Seed 001's "qualification complete": the business knows the need, that the client fits, and the terms. */
    qualificationComplete: z.boolean().optional(),
  }),
});
export type LabelledDialog = z.infer<typeof ZLabelledDialog>;

export interface ParseError {
  /** 1-based line number in the file. */
  line: number;
  message: string;
}

export function parseLabelledDialogs(text: string): { items: LabelledDialog[]; errors: ParseError[] } {
  const items: LabelledDialog[] = [];
  const errors: ParseError[] = [];
  const seen = new Set<string>();
  const lines = text.replace(/^\uFEFF/u, '').split(/\r?\n/u);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      errors.push({ line: i + 1, message: `not JSON: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    const parsed = ZLabelledDialog.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length ? issue.path.join('.') : 'line';
      errors.push({ line: i + 1, message: `${where}: ${issue?.message ?? 'invalid'}` });
      continue;
    }
    if (seen.has(parsed.data.id)) {
      errors.push({ line: i + 1, message: `duplicate id "${parsed.data.id}"` });
      continue;
    }
    seen.add(parsed.data.id);
    items.push(parsed.data);
  }
  return { items, errors };
}

export interface Confusion<K extends string> {
  /** Row and column labels, in order. */
  labels: readonly K[];
  /** matrix[expected][actual] counts. */
  matrix: number[][];
}

export interface EvalMismatch {
  id: string;
  expected: { interestLevel: InterestLevel; funnelStage?: FunnelStage };
  actual: { interestLevel: InterestLevel; funnelStage: FunnelStage };
  interestMatches: boolean;
  stageMatches: boolean | null;
}

export interface EvalResult {
  n: number;
  interestAgreement: number;
  /** Over the items with an expected stage; null when none has one. */
  stageAgreement: number | null;
  stageN: number;
  interestConfusion: Confusion<InterestLevel>;
  stageConfusion: Confusion<FunnelStage>;
  mismatches: EvalMismatch[];
  /** Items the analyser threw on; they are not counted in n. */
  failures: Array<{ id: string; message: string }>;
}

export type EvalAnalyser = (messages: DialogMessage[]) => Promise<{ interestLevel: InterestLevel; funnelStage: FunnelStage }>;

function emptyMatrix(size: number): number[][] {
  return Array.from({ length: size }, () => new Array<number>(size).fill(0));
}

export async function evaluate(items: LabelledDialog[], analyse: EvalAnalyser, options: { concurrency?: number } = {}): Promise<EvalResult> {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const outcomes: Array<{ ok: true; interestLevel: InterestLevel; funnelStage: FunnelStage } | { ok: false; message: string }> = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        try {
          const actual = await analyse(items[i]!.messages);
          outcomes[i] = { ok: true, ...actual };
        } catch (error) {
          outcomes[i] = { ok: false, message: error instanceof Error ? error.message : String(error) };
        }
      }
    }),
  );

  const interestConfusion: Confusion<InterestLevel> = { labels: INTEREST_LEVELS, matrix: emptyMatrix(INTEREST_LEVELS.length) };
  const stageConfusion: Confusion<FunnelStage> = { labels: FUNNEL_STAGES, matrix: emptyMatrix(FUNNEL_STAGES.length) };
  const mismatches: EvalMismatch[] = [];
  const failures: EvalResult['failures'] = [];
  let n = 0;
  let interestHits = 0;
  let stageN = 0;
  let stageHits = 0;
  items.forEach((item, i) => {
    const outcome = outcomes[i]!;
    if (!outcome.ok) {
      failures.push({ id: item.id, message: outcome.message });
      return;
    }
    n++;
    const interestMatches = outcome.interestLevel === item.expected.interestLevel;
    if (interestMatches) interestHits++;
    interestConfusion.matrix[INTEREST_LEVELS.indexOf(item.expected.interestLevel)]![INTEREST_LEVELS.indexOf(outcome.interestLevel)]!++;
    let stageMatches: boolean | null = null;
    if (item.expected.funnelStage) {
      stageN++;
      stageMatches = outcome.funnelStage === item.expected.funnelStage;
      if (stageMatches) stageHits++;
      stageConfusion.matrix[FUNNEL_STAGES.indexOf(item.expected.funnelStage)]![FUNNEL_STAGES.indexOf(outcome.funnelStage)]!++;
    }
    if (!interestMatches || stageMatches === false) {
      mismatches.push({
        id: item.id,
        expected: item.expected,
        actual: { interestLevel: outcome.interestLevel, funnelStage: outcome.funnelStage },
        interestMatches,
        stageMatches,
      });
    }
  });
  return {
    n,
    interestAgreement: n ? interestHits / n : 0,
    stageAgreement: stageN ? stageHits / stageN : null,
    stageN,
    interestConfusion,
    stageConfusion,
    mismatches,
    failures,
  };
}

function formatConfusion<K extends string>(title: string, confusion: Confusion<K>): string[] {
  const width = Math.max(8, ...confusion.labels.map((l) => l.length)) + 1;
  const cell = Math.max(5, ...confusion.labels.map((l) => l.length)) + 1;
  const lines = [`${title} (rows: expected, columns: actual)`];
  lines.push(`${''.padEnd(width)}${confusion.labels.map((l) => l.padStart(cell)).join('')}`);
  confusion.labels.forEach((label, r) => {
    lines.push(`${label.padEnd(width)}${confusion.matrix[r]!.map((v) => String(v).padStart(cell)).join('')}`);
  });
  return lines;
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** A human-readable report whose last line is one JSON object with the headline figures, for scripts. */
export function formatEvalReport(result: EvalResult): string {
  const lines: string[] = [];
  lines.push(`Dialogs evaluated: ${result.n}${result.failures.length ? ` (${result.failures.length} failed, not counted)` : ''}`);
  lines.push(`Interest level agreement: ${percent(result.interestAgreement)} (${Math.round(result.interestAgreement * result.n)}/${result.n})`);
  lines.push(
    result.stageAgreement === null
      ? 'Funnel stage agreement: – (no item has an expected stage)'
      : `Funnel stage agreement: ${percent(result.stageAgreement)} (${Math.round(result.stageAgreement * result.stageN)}/${result.stageN})`,
  );
  lines.push('', ...formatConfusion('Interest level', result.interestConfusion));
  if (result.stageN > 0) lines.push('', ...formatConfusion('Funnel stage', result.stageConfusion));
  if (result.mismatches.length) {
    lines.push('', `Mismatches (${result.mismatches.length}):`);
    for (const m of result.mismatches) {
      const interest = m.interestMatches ? m.actual.interestLevel : `${m.expected.interestLevel} → ${m.actual.interestLevel}`;
      const stage = m.stageMatches === false ? `${m.expected.funnelStage} → ${m.actual.funnelStage}` : m.actual.funnelStage;
      lines.push(`  ${m.id}: interest ${interest}; stage ${stage}`);
    }
  }
  if (result.failures.length) {
    lines.push('', 'Failures:');
    for (const f of result.failures) lines.push(`  ${f.id}: ${f.message}`);
  }
  const round = (v: number) => Math.round(v * 10000) / 10000;
  lines.push('', JSON.stringify({ n: result.n, interestAgreement: round(result.interestAgreement), stageAgreement: result.stageAgreement === null ? null : round(result.stageAgreement) }));
  return lines.join('\n');
}
