import { mkdir, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { MODELS_DIR, shippedModelVersions, DEFAULT_BUSINESS_BRIEF, featuresFor, ruleVerdicts, serialiseDialogModel, trainDialogModel, parseLabelledDialogs, compareMethods, comparisonSummary, examplesFromLabelled, formatComparison, DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES } from '../modules/analysis/index.ts';
import { DEFAULT_LABELLED_FILE, fail, readText } from './eval.command.ts';

/**
 * `parley train [file.jsonl] [--out file.json]`: cross-validates rules vs model vs both on the labelled dialogs,
 * then trains the dialog model on all of them (with the rules' verdicts as features when that measured better)
 * and writes the next `src/modules/analysis/models/dialog-vN.json`.
 */
export function registerTrainCommand(program: Command): Command {
  return program
    .command('train')
    .description('Train the offline dialog model on labelled dialogs (JSONL) and store it as the next versioned JSON file')
    .argument('[file]', 'labelled dialogs, one JSON object per line', DEFAULT_LABELLED_FILE)
    .option('--out <file.json>', 'where to write the model (default: the next models/dialog-vN.json)')
    .action(async (file: string, options: { out?: string }) => {
      const text = await readText(file);
      if (text === null) return;
      const { items, errors } = parseLabelledDialogs(text);
      if (errors.length) for (const error of errors.slice(0, 20)) console.error(`${file}:${error.line}: ${error.message}`);
      if (items.length < 20) {
        fail(`Need at least 20 valid labelled dialogs in ${file}, found ${items.length}.`);
        return;
      }
      const examples = examplesFromLabelled(items);
      const brief = DEFAULT_BUSINESS_BRIEF;
      const comparisons = compareMethods(examples, brief, DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES, { k: 5, seed: 15 });
      console.log(formatComparison(comparisons, 5, 15));
      const usesRules = (comparisons.find((c) => c.task === 'interest')?.best ?? 'combined') !== 'model';
      const version = (shippedModelVersions().at(-1) ?? 0) + 1;
      const model = trainDialogModel(
        examples.map((e) => ({ x: featuresFor(e.messages, usesRules ? ruleVerdicts(e.messages, brief, DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES) : null), labels: e.labels })),
        usesRules,
        version,
        new Date(),
      );
      const out = options.out ?? new URL(`dialog-v${version}.json`, MODELS_DIR).pathname;
      if (!options.out) await mkdir(MODELS_DIR, { recursive: true });
      const stored = { ...serialiseDialogModel(model), crossValidated: comparisonSummary(comparisons) };
      await writeFile(out, `${JSON.stringify(stored)}\n`);
      console.log(`\nTrained on ${items.length} dialogs (${usesRules ? 'words + rules' : 'words only'}); wrote ${out}`);
    });
}
