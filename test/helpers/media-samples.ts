/** Small real files for attachment tests: a 1×1 PNG, a one-page PDF, an OGG/Opus page and a WebM/Opus recording. */

export const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

export const PDF_ONE_PAGE = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

/** An Ogg page header and some bytes: enough for type checks and the fakes, which store what they get. */
export const OGG_VOICE = Buffer.concat([Buffer.from('OggS\0\x02', 'binary'), Buffer.alloc(200, 9)]);

function vint(value: number): Buffer {
  // 4-byte EBML size: marker 0x10 then 28 bits.
  return Buffer.from([0x10 | ((value >> 24) & 0x0f), (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff]);
}

function element(id: number[], ...children: Buffer[]): Buffer {
  const data = Buffer.concat(children);
  return Buffer.concat([Buffer.from(id), vint(data.length), data]);
}

/** An unknown-size master element, as MediaRecorder writes the Segment and its Clusters while recording. */
function streaming(id: number[], ...children: Buffer[]): Buffer {
  return Buffer.concat([Buffer.from(id), Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), ...children]);
}

/**
 * A WebM file with one Opus track as Chrome's MediaRecorder writes it: OpusHead as CodecPrivate, SimpleBlocks of
 * 20 ms CELT packets (TOC 0xfc) in an unknown-size Cluster.
 */
export function webmOpus(packetCount = 50): { webm: Buffer; packets: Buffer[] } {
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'ascii');
  head[8] = 1;
  head[9] = 1;
  head.writeUInt16LE(312, 10);
  head.writeUInt32LE(48000, 12);
  const packets = Array.from({ length: packetCount }, (_, i) => Buffer.concat([Buffer.from([0xfc]), Buffer.alloc(40 + (i % 7), i)]));
  const blocks = packets.map((packet, i) => element([0xa3], Buffer.from([0x81, (i * 20) >> 8, (i * 20) & 0xff, 0x80]), packet));
  const webm = Buffer.concat([
    element([0x1a, 0x45, 0xdf, 0xa3], element([0x42, 0x82], Buffer.from('webm'))),
    streaming(
      [0x18, 0x53, 0x80, 0x67],
      element([0x15, 0x49, 0xa9, 0x66], element([0x2a, 0xd7, 0xb1], Buffer.from([0x0f, 0x42, 0x40]))),
      element([0x16, 0x54, 0xae, 0x6b], element([0xae], element([0xd7], Buffer.from([1])), element([0x86], Buffer.from('A_OPUS')), element([0x63, 0xa2], head), element([0xe1], element([0x9f], Buffer.from([1]))))),
      streaming([0x1f, 0x43, 0xb6, 0x75], element([0xe7], Buffer.from([0])), ...blocks),
    ),
  ]);
  return { webm, packets };
}

/** The packets of an Ogg stream, page by page (lacing values joined), for checking a remuxed file. */
export function oggPackets(ogg: Buffer): { packets: Buffer[]; pages: Array<{ flags: number; granule: bigint; sequence: number }> } {
  const packets: Buffer[] = [];
  const pages: Array<{ flags: number; granule: bigint; sequence: number }> = [];
  let at = 0;
  let pending: Buffer[] = [];
  while (at < ogg.length) {
    if (ogg.toString('ascii', at, at + 4) !== 'OggS') throw new Error(`no page at ${at}`);
    const segments = ogg[at + 26]!;
    pages.push({ flags: ogg[at + 5]!, granule: ogg.readBigInt64LE(at + 6), sequence: ogg.readUInt32LE(at + 18) });
    let offset = at + 27 + segments;
    for (let i = 0; i < segments; i++) {
      const size = ogg[at + 27 + i]!;
      pending.push(ogg.subarray(offset, offset + size));
      offset += size;
      if (size < 255) {
        packets.push(Buffer.concat(pending));
        pending = [];
      }
    }
    at = offset;
  }
  return { packets, pages };
}
