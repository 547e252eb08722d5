/**
 * Chrome's MediaRecorder records voice as WebM/Opus; messengers play voice notes from OGG/Opus. The Opus packets
 * stay as they are: only the container changes (Matroska blocks → Ogg pages, RFC 7845), so no codec is needed.
 */

const ID = { segment: 0x18538067, tracks: 0x1654ae6b, trackEntry: 0xae, codecId: 0x86, codecPrivate: 0x63a2, audio: 0xe1, channels: 0x9f, cluster: 0x1f43b675, simpleBlock: 0xa3, blockGroup: 0xa0, block: 0xa1 };
/** Master elements whose children we read; every other element is skipped by its size. */
const DESCEND = new Set([ID.segment, ID.tracks, ID.trackEntry, ID.audio, ID.cluster, ID.blockGroup]);

interface Vint {
  value: number;
  length: number;
  unknown: boolean;
}

function readVint(bytes: Uint8Array, at: number, keepMarker: boolean): Vint | null {
  const first = bytes[at];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (length > 8 || at + length > bytes.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === (0xff >> length);
  for (let i = 1; i < length; i++) {
    value = value * 256 + bytes[at + i]!;
    if (bytes[at + i] !== 0xff) allOnes = false;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

interface OpusTrack {
  head: Uint8Array | null;
  channels: number;
  isOpus: boolean;
  packets: Uint8Array[];
}

function parseWebm(bytes: Uint8Array): OpusTrack | null {
  const track: OpusTrack = { head: null, channels: 1, isOpus: false, packets: [] };
  let at = 0;
  while (at < bytes.length) {
    const id = readVint(bytes, at, true);
    if (!id) return null;
    const size = readVint(bytes, at + id.length, false);
    if (!size) break;
    const start = at + id.length + size.length;
    if (DESCEND.has(id.value)) {
      at = start;
      continue;
    }
    if (size.unknown) return null;
    const end = Math.min(start + size.value, bytes.length);
    const data = bytes.subarray(start, end);
    if (id.value === ID.codecId) track.isOpus = new TextDecoder().decode(data) === 'A_OPUS';
    else if (id.value === ID.codecPrivate) track.head = data;
    else if (id.value === ID.channels) track.channels = data[0] ?? 1;
    else if (id.value === ID.simpleBlock || id.value === ID.block) {
      const trackNumber = readVint(data, 0, false);
      if (!trackNumber) return null;
      const flags = data[trackNumber.length + 2] ?? 0;
      // Laced blocks hold several frames; MediaRecorder never writes them, so they are not worth supporting.
      if (flags & 0x06) return null;
      track.packets.push(data.subarray(trackNumber.length + 3));
    }
    at = end;
  }
  return track.isOpus && track.packets.length > 0 ? track : null;
}

/** Samples at 48 kHz in one Opus packet, from its TOC byte (RFC 6716 §3.1). */
export function opusPacketSamples(packet: Uint8Array): number {
  const toc = packet[0];
  if (toc === undefined) return 0;
  const config = toc >> 3;
  const frameTenthsMs = config < 12 ? [100, 200, 400, 600][config % 4]! : config < 16 ? [100, 200][config % 2]! : [25, 50, 100, 200][config % 4]!;
  const code = toc & 3;
  const frames = code === 0 ? 1 : code === 3 ? (packet[1] ?? 0) & 0x3f : 2;
  return (frames * frameTenthsMs * 48) / 10;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  return crc;
}

function oggPage(packets: Uint8Array[], granule: bigint, sequence: number, flags: number): Buffer {
  const lacing: number[] = [];
  for (const packet of packets) {
    let left = packet.length;
    while (left >= 255) {
      lacing.push(255);
      left -= 255;
    }
    lacing.push(left);
  }
  const header = Buffer.alloc(27 + lacing.length);
  header.write('OggS', 0, 'ascii');
  header[5] = flags;
  header.writeBigInt64LE(granule, 6);
  header.writeUInt32LE(0x5041524c, 14); // stream serial number
  header.writeUInt32LE(sequence, 18);
  header[26] = lacing.length;
  lacing.forEach((value, i) => (header[27 + i] = value));
  const page = Buffer.concat([header, ...packets]);
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}

function opusHead(channels: number): Uint8Array {
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'ascii');
  head[8] = 1;
  head[9] = channels;
  head.writeUInt16LE(312, 10);
  head.writeUInt32LE(48000, 12);
  return head;
}

function opusTags(): Uint8Array {
  const vendor = Buffer.from('Parley');
  const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
  tags.write('OpusTags', 0, 'ascii');
  tags.writeUInt32LE(vendor.length, 8);
  vendor.copy(tags, 12);
  return tags;
}

/** The same Opus audio in an Ogg container, or null when the bytes are not a WebM file with one Opus track. */
export function webmOpusToOgg(webm: Uint8Array): Buffer | null {
  const track = parseWebm(webm);
  if (!track) return null;
  const head = track.head && new TextDecoder().decode(track.head.subarray(0, 8)) === 'OpusHead' ? track.head : opusHead(track.channels);
  const pages = [oggPage([head], 0n, 0, 0x02), oggPage([opusTags()], 0n, 1, 0)];
  let granule = 0n;
  let page: Uint8Array[] = [];
  let segments = 0;
  const flush = (last: boolean) => {
    pages.push(oggPage(page, granule, pages.length, last ? 0x04 : 0));
    page = [];
    segments = 0;
  };
  track.packets.forEach((packet, i) => {
    const needed = Math.floor(packet.length / 255) + 1;
    if (segments + needed > 255 || (page.length > 0 && segments >= 50)) flush(false);
    page.push(packet);
    segments += needed;
    granule += BigInt(opusPacketSamples(packet));
    if (i === track.packets.length - 1) flush(true);
  });
  return Buffer.concat(pages);
}
