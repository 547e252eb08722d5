import { describe, expect, it } from 'vitest';
import { oggPackets, webmOpus } from '../../../../test/helpers/media-samples.ts';
import { opusPacketSamples, webmOpusToOgg } from './webm-to-ogg.ts';

describe('webmOpusToOgg', () => {
  it('moves every Opus packet of a MediaRecorder WebM into Ogg pages: OpusHead, OpusTags, audio with granule positions, end of stream', () => {
    const { webm, packets } = webmOpus(120);
    const ogg = webmOpusToOgg(webm)!;
    expect(ogg.subarray(0, 4).toString('ascii')).toBe('OggS');
    const read = oggPackets(ogg);
    expect(read.packets[0]!.subarray(0, 8).toString('ascii')).toBe('OpusHead');
    expect(read.packets[1]!.subarray(0, 8).toString('ascii')).toBe('OpusTags');
    expect(read.packets.slice(2)).toEqual(packets);
    expect(read.pages[0]!.flags).toBe(0x02);
    expect(read.pages.at(-1)!.flags).toBe(0x04);
    // 120 packets of 20 ms at 48 kHz.
    expect(read.pages.at(-1)!.granule).toBe(120n * 960n);
    expect(read.pages.map((p) => p.sequence)).toEqual(read.pages.map((_, i) => i));
  });

  it('writes the CRC Ogg readers check (the page checksum of RFC 3533, polynomial 0x04c11db7)', () => {
    const ogg = webmOpusToOgg(webmOpus(3).webm)!;
    // The first page (OpusHead) recomputed with the checksum field zeroed gives the stored value.
    const first = ogg.subarray(0, 27 + 1 + 19);
    const stored = first.readUInt32LE(22);
    const zeroed = Buffer.from(first);
    zeroed.writeUInt32LE(0, 22);
    let crc = 0;
    for (const byte of zeroed) {
      crc ^= byte << 24;
      for (let i = 0; i < 8; i++) crc = crc & 0x80000000 ? ((crc << 1) ^ 0x04c11db7) >>> 0 : (crc << 1) >>> 0;
    }
    expect(stored).toBe(crc >>> 0);
  });

  it('answers null for what is not a WebM with an Opus track', () => {
    expect(webmOpusToOgg(Buffer.from('not a webm at all'))).toBeNull();
    expect(webmOpusToOgg(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x80]))).toBeNull();
  });

  it('counts an Opus packet’s samples from its TOC byte', () => {
    expect(opusPacketSamples(Uint8Array.from([0xfc]))).toBe(960); // CELT 20 ms, one frame
    expect(opusPacketSamples(Uint8Array.from([0x78 | 1]))).toBe(1920); // Hybrid 20 ms, two frames
    expect(opusPacketSamples(Uint8Array.from([0x18 | 3, 3]))).toBe(3 * 2880); // SILK 60 ms, three frames
  });
});
