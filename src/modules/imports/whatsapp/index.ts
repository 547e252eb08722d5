/**
 * WhatsApp "Export chat" parser (.txt / .zip, Android and iOS, any date/time locale).
 * See README.md in this folder for the rules it follows.
 */
export type {
  DateOrder,
  WhatsAppMedia,
  WhatsAppMediaType,
  WhatsAppMessage,
  WhatsAppParseOptions,
  WhatsAppParseProblem,
  WhatsAppParseResult,
} from './types.ts';
export { parseWhatsAppExport } from './parse.ts';
export { readWhatsAppExportFile, chatNameFromFileName, type WhatsAppExportFile } from './file.ts';
export { mediaTypeFromFileName } from './classify.ts';
export { streamWhatsAppExport, MAX_STREAM_PROBLEMS, type WhatsAppStream } from './stream.ts';
