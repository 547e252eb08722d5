import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { openCheckedZip, ZipLimitError, type CheckedZip } from '../../../platform/zip.ts';
import { ImportSourceError } from './source-error.ts';

/**
 * Several files in one upload: the web app packs them into one .zip (stored, not compressed) and says so; here it is
 * unpacked into a folder of those files, which every reader takes as "each file in the folder". A bundle holds
 * files, not folders — an entry's path is cut to its base name so it cannot land outside the folder.
 */
export async function expandBundle(zipPath: string, intoDir: string): Promise<string> {
  // Sizes and ratios are checked before anything is unpacked; entries are inflated straight to disk.
  let zip: CheckedZip;
  try {
    zip = await openCheckedZip(zipPath);
  } catch (error) {
    if (error instanceof ZipLimitError) throw new ImportSourceError(error.message);
    throw new ImportSourceError(`the uploaded files could not be unpacked (${(error as Error).message})`);
  }
  const folder = join(intoDir, 'files');
  await mkdir(folder, { recursive: true });
  const used = new Set<string>();
  try {
    for (const entryName of zip.fileNames()) {
      let name = basename(entryName).replace(/[^\p{L}\p{N}._ ()-]/gu, '_') || 'file';
      for (let i = 2; used.has(name.toLowerCase()); i++) name = name.replace(/(\.[^.]*)?$/, ` (${i})$1`);
      used.add(name.toLowerCase());
      await zip.extract(entryName, join(folder, name));
    }
  } catch (error) {
    throw new ImportSourceError(`the uploaded files could not be unpacked (${(error as Error).message})`);
  } finally {
    zip.close();
  }
  if (used.size === 0) throw new ImportSourceError('the upload holds no files');
  return folder;
}

/** The files of a path: itself, or (a bundle's folder) every file in it, in name order. */
export async function filesOf(path: string, extensions: RegExp): Promise<string[]> {
  const info = await stat(path).catch(() => {
    throw new ImportSourceError(`${path}: no such file or folder`);
  });
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path)).filter((name) => extensions.test(name)).sort();
  if (names.length === 0) throw new ImportSourceError(`${basename(path)}: no files of this kind in the upload`);
  return names.map((name) => join(path, name));
}
