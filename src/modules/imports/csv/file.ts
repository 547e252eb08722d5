import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CsvImportError } from './errors.ts';
import { parseContactsCsv } from './parse.ts';
import type { CsvContactsResult, CsvParseOptions } from './types.ts';

/**
 * Reads a contacts CSV from disk (UTF-8 with or without BOM, or UTF-16 with a BOM). Throws CsvImportError — its
 * message starting with the file name — when the file cannot be read or imported; broken rows are in `problems`.
 */
export async function readContactsCsvFile(path: string, options: CsvParseOptions = {}): Promise<CsvContactsResult> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder' : error instanceof Error ? error.message : String(error);
    throw new CsvImportError(`${basename(path)}: cannot read the file: ${why}`);
  }
  try {
    return parseContactsCsv(bytes, options);
  } catch (error) {
    if (error instanceof CsvImportError) throw new CsvImportError(`${basename(path)}: ${error.message}`);
    throw error;
  }
}
