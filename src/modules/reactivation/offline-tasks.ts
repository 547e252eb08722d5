import type { OfflineProvider } from '../ai/index.ts';
import { registerIntervalOfflineTask } from './engine/interval-suggestion.ts';
import { registerOfferOfflineTask } from './engine/offer-message.ts';
import { registerReplyOfflineTask } from './engine/reply-classifier.ts';

/** The deterministic answers of the reactivation AI tasks: the interval table, the offer template, the reply rules. */
export function registerReactivationOfflineTasks(offline: OfflineProvider): OfflineProvider {
  registerIntervalOfflineTask(offline);
  registerOfferOfflineTask(offline);
  return registerReplyOfflineTask(offline);
}
