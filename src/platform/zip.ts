/**
 * Reading uploaded .zip archives safely: the central directory is checked (total uncompressed size, each
 * entry's compression ratio, entry count) before a single byte is inflated, and an entry is inflated as a
 * stream whose real size is held to the size it declared. A zip bomb gets a clear error and costs no memory.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { formatBytes } from './http/upload.ts';

export interface ZipLimits {
  /** Sum of every entry's uncompressed size. */
  maxTotalBytes: number;
  /** Largest single entry that may be read into memory. */
  maxEntryBytes: number;
  /** uncompressed / compressed, for entries big enough to matter (text compresses ~10:1, media ~1:1). */
  maxRatio: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalBytes: 4 * 1024 ** 3,
  maxEntryBytes: 512 * 1024 ** 2,
  maxRatio: 100,
  maxEntries: 100_000,
};

/** Entries smaller than this are not held to the ratio: tiny files of zeros compress absurdly well and harm nobody. */
const RATIO_FLOOR_BYTES = 1024 * 1024;

export class ZipLimitError extends Error {
  override name = 'ZipLimitError';
}

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  isDirectory: boolean;
}

/** Why the archive is refused, or null; pure so it can be tested on made-up directories. */
export function checkZipDirectory(entries: ZipEntryInfo[], limits: ZipLimits = DEFAULT_ZIP_LIMITS): string | null {
  if (entries.length > limits.maxEntries) return `the zip holds ${entries.length} files, more than the ${limits.maxEntries} allowed`;
  let total = 0;
  let compressed = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    compressed += entry.compressedSize;
    if (entry.uncompressedSize >= RATIO_FLOOR_BYTES && entry.uncompressedSize > limits.maxRatio * Math.max(entry.compressedSize, 1)) {
      const ratio = Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1));
      return `"${entry.name}" would expand from ${formatBytes(entry.compressedSize)} to ${formatBytes(entry.uncompressedSize)} (${ratio}:1, more than the ${limits.maxRatio}:1 allowed); this does not look like a chat export`;
    }
  }
  if (total > limits.maxTotalBytes) {
    return `the zip would expand from ${formatBytes(compressed)} to ${formatBytes(total)}, more than the ${formatBytes(limits.maxTotalBytes)} allowed`;
  }
  return null;
}

/** Opens a zip on disk and lists its entries; throws ZipLimitError when the directory breaks a limit. */
export async function openCheckedZip(path: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<CheckedZip> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false });
  try {
    if (zip.entryCount > limits.maxEntries) throw new ZipLimitError(`the zip holds ${zip.entryCount} files, more than the ${limits.maxEntries} allowed`);
    const entries = await readDirectory(zip);
    const problem = checkZipDirectory(
      entries.map((entry) => ({ name: entry.fileName, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize, isDirectory: entry.fileName.endsWith('/') })),
      limits,
    );
    if (problem) throw new ZipLimitError(problem);
    return new CheckedZip(zip, entries, limits);
  } catch (error) {
    zip.close();
    throw error;
  }
}

function readDirectory(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

export class CheckedZip {
  constructor(
    private readonly zip: ZipFile,
    private readonly entries: Entry[],
    private readonly limits: ZipLimits,
  ) {}

  /** File names (directories left out). */
  fileNames(): string[] {
    return this.entries.filter((entry) => !entry.fileName.endsWith('/')).map((entry) => entry.fileName);
  }

  /** One entry's bytes; refused when it is bigger than maxEntryBytes. yauzl stops the stream if it inflates past its declared size. */
  async read(name: string): Promise<Uint8Array> {
    const entry = this.entries.find((candidate) => candidate.fileName === name);
    if (!entry) throw new Error(`no "${name}" in the zip`);
    if (entry.uncompressedSize > this.limits.maxEntryBytes) {
      throw new ZipLimitError(`"${name}" is ${formatBytes(entry.uncompressedSize)} unpacked, more than the ${formatBytes(this.limits.maxEntryBytes)} allowed`);
    }
    const stream = await this.zip.openReadStreamPromise(entry);
    const out = new Uint8Array(entry.uncompressedSize);
    let offset = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (offset + chunk.length > out.length) throw new ZipLimitError(`"${name}" is bigger than its zip header says`);
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return offset === out.length ? out : out.subarray(0, offset);
  }

  /** Inflates one entry straight to a file on disk (never whole in memory). */
  async extract(name: string, path: string): Promise<void> {
    const entry = this.entries.find((candidate) => candidate.fileName === name);
    if (!entry) throw new Error(`no "${name}" in the zip`);
    await pipeline(await this.zip.openReadStreamPromise(entry), createWriteStream(path, { mode: 0o600 }));
  }

  close(): void {
    this.zip.close();
  }
}
