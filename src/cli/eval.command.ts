import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../platform/config.ts';
import { type AiProvider, OfflineProvider, withOfflineFallback, OpenAiCompatibleProvider } from '../modules/ai/index.ts';
import { ZScoringRules, type DialogMessage, type ScoringRules, buildAnalysisRequest, DEFAULT_BUSINESS_BRIEF, evaluate, formatEvalReport, parseLabelledDialogs, type EvalAnalyser, compareMethods, comparisonSummary, examplesFromLabelled, formatComparison, analyseDialogOffline, registerOfflineAnalyser, renderAnalysisPromptTemplate, DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES, scoreAnalysis } from '../modules/analysis/index.ts';
import { evalOrganization } from './eval-org.ts';

/** The labelled set shipped with Parley (≥ 300 dialogs, several business types). */
export const DEFAULT_LABELLED_FILE = 'test/fixtures/labelled-dialogs.jsonl';

interface EvalCliOptions {
  useLlm?: boolean;
  rules?: string;
  concurrency?: string;
  folds?: string;
  seed?: string;
  cv?: boolean;
  org?: string;
  retrain?: boolean;
  json?: boolean;
}

function positiveInt(value: string | undefined, fallback: number, name: string): number | null {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2 || n > 50) {
    fail(`--${name} must be a whole number from 2 to 50, got "${value}"`);
    return null;
  }
  return n;
}

/** Scoring rules to evaluate instead of seed 001's, optionally with other base scores per stage. */
const ZEvalRules = ZScoringRules.extend({ stageBaseScores: z.record(z.string(), z.number()).optional() });

export function fail(message: string): void {
  console.error(message);
  process.exitCode = 2;
}

export async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' ? `No such file: ${path}` : `Cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

function llmProvider(): { provider: AiProvider; description: string } {
  const offline = registerOfflineAnalyser(new OfflineProvider());
  const config = loadConfig();
  if (!config.AI_API_KEY) {
    console.error('Note: --use-llm without AI_API_KEY: every dialog falls back to the offline analyser (no_key).');
    return { provider: withOfflineFallback(null, offline), description: 'offline (no AI_API_KEY)' };
  }
  const primary = new OpenAiCompatibleProvider({
    baseURL: config.AI_BASE_URL,
    apiKey: config.AI_API_KEY,
    model: config.AI_MODEL,
    timeoutMs: config.AI_TIMEOUT_MS,
    concurrency: config.AI_CONCURRENCY,
  });
  return { provider: withOfflineFallback(primary, offline), description: `${config.AI_MODEL} at ${config.AI_BASE_URL}, offline fallback` };
}

/**
 * `parley eval [file.jsonl] [--use-llm] [--rules rules.json]`: agreement of the analyser + scoring with labels.
 * Offline, it also cross-validates the trained model (rules only vs model vs both) and prints held-out figures.
 */
export function registerEvalCommand(program: Command): Command {
  return program
    .command('eval')
    .description('Measure the dialog analyser against hand-labelled dialogs (JSONL); prints agreement and confusion matrices')
    .argument('[file]', 'labelled dialogs, one JSON object per line (see docs/analysis.md)', DEFAULT_LABELLED_FILE)
    .option('--use-llm', 'analyse with the model from AI_BASE_URL / AI_API_KEY / AI_MODEL (offline fallback on errors)')
    .option('--rules <file.json>', "scoring rules to use instead of seed 001's (ScoringRules, optionally with stageBaseScores)")
    .option('--concurrency <n>', 'dialogs analysed at once', '4')
    .option('--folds <k>', 'cross-validation folds', '5')
    .option('--seed <n>', 'seed of the stratified fold assignment', '15')
    .option('--no-cv', 'skip the cross-validated model comparison')
    .option('--org <slug>', "agreement of the organization's model with its people's corrections, before and after retraining")
    .option('--retrain', 'with --org: retrain the organization model first')
    .option('--json', 'with --org: print the figures as one JSON object')
    .action(async (file: string, options: EvalCliOptions) => {
      if (options.org) {
        await evalOrganization(options.org, options);
        return;
      }
      const folds = positiveInt(options.folds, 5, 'folds');
      const seed = positiveInt(options.seed, 15, 'seed');
      if (folds === null || seed === null) return;
      const text = await readText(file);
      if (text === null) return;
      const { items, errors } = parseLabelledDialogs(text);
      for (const error of errors.slice(0, 20)) console.error(`${file}:${error.line}: ${error.message}`);
      if (errors.length > 20) console.error(`… and ${errors.length - 20} more bad lines`);
      if (items.length === 0) {
        fail(`No valid labelled dialogs in ${file}${errors.length ? ` (${errors.length} bad lines)` : ' (the file is empty)'}.`);
        return;
      }

      let rules: ScoringRules = DEFAULT_SCORING_RULES;
      let stageBaseScores: Record<string, number> = { ...DEFAULT_STAGE_BASE_SCORES };
      if (options.rules) {
        const rulesText = await readText(options.rules);
        if (rulesText === null) return;
        let parsed: z.infer<typeof ZEvalRules>;
        try {
          parsed = ZEvalRules.parse(JSON.parse(rulesText));
        } catch (error) {
          fail(`Invalid rules in ${options.rules}: ${error instanceof Error ? error.message : String(error)}`);
          return;
        }
        const { stageBaseScores: bases, ...scoring } = parsed;
        rules = scoring;
        if (bases) stageBaseScores = { ...stageBaseScores, ...bases };
      }

      const brief = DEFAULT_BUSINESS_BRIEF;
      let analyse: EvalAnalyser;
      let fallbacks = 0;
      if (options.useLlm) {
        const { provider, description } = llmProvider();
        const prompt = renderAnalysisPromptTemplate(brief);
        console.error(`Analysing ${items.length} dialogs with ${description}…`);
        analyse = async (messages: DialogMessage[]) => {
          const result = await provider.generateJson(buildAnalysisRequest(messages, brief, prompt));
          if (result.fallbackReason) fallbacks++;
          return { interestLevel: scoreAnalysis(result.value, rules, stageBaseScores).interestLevel, funnelStage: result.value.funnelStage };
        };
      } else {
        analyse = async (messages: DialogMessage[]) => {
          const analysis = analyseDialogOffline(messages, brief);
          return { interestLevel: scoreAnalysis(analysis, rules, stageBaseScores).interestLevel, funnelStage: analysis.funnelStage };
        };
      }

      const result = await evaluate(items, analyse, { concurrency: Math.max(1, Number(options.concurrency) || 4) });
      if (options.useLlm && fallbacks) console.error(`${fallbacks} of ${items.length} dialogs were answered by the offline fallback.`);
      if (options.useLlm || options.cv === false) {
        console.log(formatEvalReport(result));
        return;
      }
      // The rules' figures above are on every dialog (they are hand-written, not trained); the model's are held out.
      const report = formatEvalReport(result).split('\n');
      const rulesLine = JSON.parse(report.pop()!) as Record<string, unknown>;
      console.log(['Offline rules on every dialog:', ...report].join('\n'));
      const comparisons = compareMethods(examplesFromLabelled(items), brief, rules, stageBaseScores, { k: folds, seed });
      console.log(formatComparison(comparisons, folds, seed));
      const cv = comparisonSummary(comparisons);
      console.log(
        '\n' +
          JSON.stringify({
            n: result.n,
            interestAgreement: cv.interest?.agreement ?? rulesLine.interestAgreement,
            stageAgreement: cv.stage?.agreement ?? rulesLine.stageAgreement,
            rules: rulesLine,
            crossValidated: cv,
          }),
      );
    });
}
