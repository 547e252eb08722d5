import { describe, expect, it } from 'vitest';
import { checkZipDirectory, DEFAULT_ZIP_LIMITS } from './zip.ts';

const MiB = 1024 * 1024;
const entry = (name: string, compressedSize: number, uncompressedSize: number) => ({ name, compressedSize, uncompressedSize, isDirectory: false });

describe('checkZipDirectory', () => {
  it('accepts a chat export: text at ~10:1 and media that does not compress', () => {
    expect(checkZipDirectory([entry('_chat.txt', 20 * MiB, 200 * MiB), entry('IMG-1.jpg', 3 * MiB, 3 * MiB)])).toBeNull();
  });

  it('refuses an entry that expands more than the ratio allows', () => {
    expect(checkZipDirectory([entry('bomb.bin', 1.5 * MiB, 1536 * MiB)])).toMatch(/"bomb\.bin" would expand from 2 MiB to 1\.5 GiB \(1024:1, more than the 100:1 allowed\)/);
  });

  it('ignores the ratio of tiny entries', () => {
    expect(checkZipDirectory([entry('zeros.txt', 10, 512 * 1024)])).toBeNull();
  });

  it('refuses a total uncompressed size over the limit, and too many entries', () => {
    const many = Array.from({ length: 5 }, (_, i) => entry(`part-${i}.bin`, 400 * MiB, 1024 * MiB));
    expect(checkZipDirectory(many)).toMatch(/would expand from 2\.0 GiB to 5\.0 GiB, more than the 4\.0 GiB allowed/);
    expect(checkZipDirectory([entry('a', 1, 1), entry('b', 1, 1)], { ...DEFAULT_ZIP_LIMITS, maxEntries: 1 })).toMatch(/holds 2 files/);
  });
});
