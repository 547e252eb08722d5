export { EvolutionClient, EvolutionError, DEFAULT_MESSAGE_PAGE_SIZE, parseRetryAfter, type MessagesPage } from './client.ts';
export {
  normalizeEvolutionMessage,
  normalizeEvolutionContact,
  normalizeEvolutionChat,
  parseEvolutionTimestamp,
  phoneFromJid,
  isGroupJid,
} from '../../channels/index.ts';
export { Pacer, systemClock } from './pacer.ts';
export type {
  Clock,
  EvolutionChat,
  EvolutionClientOptions,
  EvolutionContact,
  EvolutionErrorCode,
  EvolutionMedia,
  EvolutionMediaType,
  EvolutionMessage,
} from './types.ts';
