import { Counter, Histogram, Registry } from 'prom-client';

/**
 * Seed 001's monitoring of dialog analysis, on /metrics: analyses per minute (rate of the counter), time per
 * dialog, mean score (sum / count of the score histogram), the hot/warm/cold split, and LLM tokens and cost.
 * One registry per process, merged into the app's at /metrics; see docs/grafana/parley-analysis.json.
 */
export const analysisRegistry = new Registry();

const analyses = new Counter({
  name: 'parley_dialog_analyses_total',
  help: 'Dialogs analysed, by analyser (offline or the model provider) and resulting interest level',
  labelNames: ['provider', 'interest'] as const,
  registers: [analysisRegistry],
});

const seconds = new Histogram({
  name: 'parley_dialog_analysis_seconds',
  help: 'Time to analyse one dialog (analyser call plus the trained classifier), by analyser',
  labelNames: ['provider'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1, 2.5, 5, 10, 30],
  registers: [analysisRegistry],
});

const scores = new Histogram({
  name: 'parley_lead_score',
  help: 'Scores given by dialog analysis (0–100); mean = sum / count',
  buckets: [10, 20, 30, 40, 50, 60, 75, 90, 100],
  registers: [analysisRegistry],
});

const tokens = new Counter({
  name: 'parley_analysis_llm_tokens_total',
  help: 'LLM tokens spent on dialog analysis, by kind (prompt, completion)',
  labelNames: ['kind'] as const,
  registers: [analysisRegistry],
});

const cost = new Counter({
  name: 'parley_analysis_llm_cost_usd_total',
  help: 'Estimated LLM cost of dialog analysis in US dollars',
  registers: [analysisRegistry],
});

export function observeAnalysis(input: { provider: string; seconds: number; usage?: { promptTokens: number; completionTokens: number }; costUsd?: number | null }): void {
  seconds.observe({ provider: input.provider }, input.seconds);
  if (input.usage) {
    if (input.usage.promptTokens) tokens.inc({ kind: 'prompt' }, input.usage.promptTokens);
    if (input.usage.completionTokens) tokens.inc({ kind: 'completion' }, input.usage.completionTokens);
  }
  if (input.costUsd) cost.inc(input.costUsd);
}

export function observeScore(input: { provider: string; score: number; interest: 'hot' | 'warm' | 'cold' }): void {
  analyses.inc({ provider: input.provider, interest: input.interest });
  scores.observe(input.score);
}
