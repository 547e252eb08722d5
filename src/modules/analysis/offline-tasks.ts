import type { OfflineProvider } from '../ai/index.ts';
import { registerOfflineAnalyser } from './engine/offline-analyser.ts';
import { registerOfflinePromptWriter } from './engine/prompt-template.ts';

/** The analysis module's deterministic answers for its AI tasks: the dialog analyser and the prompt writer. */
export function registerAnalysisOfflineTasks(offline: OfflineProvider): void {
  registerOfflineAnalyser(offline);
  registerOfflinePromptWriter(offline);
}
