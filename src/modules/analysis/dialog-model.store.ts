import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { projectPath } from '../../platform/project-root.ts';
import { parseDialogModel, type DialogModel } from './engine/dialog-model.ts';

/**
 * The dialog model shipped with Parley: the newest `models/dialog-vN.json`, trained by `parley train` on the
 * labelled dialogs in test/fixtures. Read once per process; a broken or missing file means rules only.
 */

export const MODELS_DIR = pathToFileURL(projectPath('src/modules/analysis/models') + '/');
const FILE = /^dialog-v(\d+)\.json$/u;

export function shippedModelVersions(): number[] {
  try {
    return readdirSync(MODELS_DIR)
      .map((name) => FILE.exec(name)?.[1])
      .filter((v): v is string => v !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  } catch {
    return [];
  }
}

let cached: DialogModel | null | undefined;

export function shippedDialogModel(): DialogModel | null {
  if (cached !== undefined) return cached;
  const version = shippedModelVersions().at(-1);
  try {
    cached = version === undefined ? null : parseDialogModel(JSON.parse(readFileSync(new URL(`dialog-v${version}.json`, MODELS_DIR), 'utf8')));
  } catch {
    cached = null;
  }
  return cached;
}
