/**
 * Telegram Desktop export reader (result.json of "Export chat history" or "Export Telegram data", JSON format).
 * See README.md in this folder for the rules it follows.
 */
export type {
  TelegramChat,
  TelegramChatProblem,
  TelegramContact,
  TelegramExport,
  TelegramMedia,
  TelegramMediaType,
  TelegramMessage,
  TelegramOwner,
} from './types.ts';
export { TelegramExportError } from './errors.ts';
export { parseTelegramExport, flattenText, serviceText } from './parse.ts';
export { readTelegramExportFile } from './file.ts';
