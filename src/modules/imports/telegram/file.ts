import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { TelegramExportError } from './errors.ts';
import { parseJsonText, parseTelegramExport } from './parse.ts';
import type { TelegramExport } from './types.ts';

/**
 * Reads a Telegram Desktop JSON export from disk: the `result.json` file, or the export folder holding it.
 * Throws TelegramExportError for an unreadable file, invalid JSON (with line, column and position) or a JSON that is
 * not an export; per-message problems are in each chat's `problems`.
 */
export async function readTelegramExportFile(path: string): Promise<TelegramExport> {
  let file = path;
  let text: string;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, 'result.json');
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : error instanceof Error ? error.message : String(error);
    throw new TelegramExportError(`${file}: cannot read the export: ${why}`);
  }
  const json = parseJsonText(text, basename(file));
  try {
    return parseTelegramExport(json);
  } catch (error) {
    if (error instanceof TelegramExportError) throw new TelegramExportError(`${basename(file)}: ${error.message}`);
    throw error;
  }
}
