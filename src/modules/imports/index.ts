export { importChats, importContactRecords, type ImportOptions, type ImportProgress, type ImportSource } from './engine/importer.ts';
export type { ImportChat, ImportMessage, ImportReport, ImportContactRecord } from './engine/import-types.ts';
export { renderImportReport } from './engine/report.ts';
export { detectLanguage } from './engine/language.ts';
export { readWhatsAppChats } from './sources/whatsapp.source.ts';
export { ImportSourceError } from './sources/source-error.ts';
