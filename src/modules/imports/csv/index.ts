/**
 * Contacts CSV reader (Google Contacts, HubSpot, Outlook, generic English/Russian headers) on top of csv-parse.
 * See README.md in this folder for the rules it follows.
 */
export type { CsvColumnMapping, CsvContactField, CsvContactRow, CsvContactsResult, CsvFormat, CsvParseOptions, CsvProblem } from './types.ts';
export { CsvImportError } from './errors.ts';
export { parseContactsCsv, detectDelimiter, decodeCsvBytes } from './parse.ts';
export { headerKey } from './columns.ts';
export { readContactsCsvFile } from './file.ts';
