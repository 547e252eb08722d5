/**
 * What a file chosen in the composer may be, and what it really is. The declared type (the browser's
 * Content-Type) is checked against the file's first bytes, so a renamed executable cannot travel as a photo.
 */

export type AttachmentKind = 'image' | 'video' | 'audio' | 'voice' | 'document';

/** Types people send to clients; anything else is refused with the list. */
export const ALLOWED_ATTACHMENT_TYPES: Record<string, Exclude<AttachmentKind, 'voice'>> = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/gif': 'image',
  'image/webp': 'image',
  'video/mp4': 'video',
  'audio/ogg': 'audio',
  'audio/webm': 'audio',
  'audio/mpeg': 'audio',
  'audio/mp4': 'audio',
  'audio/aac': 'audio',
  'application/pdf': 'document',
  'application/msword': 'document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'document',
  'application/vnd.ms-excel': 'document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'document',
  'application/vnd.ms-powerpoint': 'document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'document',
  'application/zip': 'document',
  'text/plain': 'document',
  'text/csv': 'document',
};

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) => signature.every((b, i) => bytes[offset + i] === b);
const ascii = (bytes: Uint8Array, text: string, offset = 0) => startsWith(bytes, [...text].map((c) => c.charCodeAt(0)), offset);

/** The container the first bytes show, as a MIME type; null when they show nothing we know. */
export function sniffMimeType(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(bytes, 'GIF87a') || ascii(bytes, 'GIF89a')) return 'image/gif';
  if (ascii(bytes, 'RIFF') && ascii(bytes, 'WEBP', 8)) return 'image/webp';
  if (ascii(bytes, '%PDF-')) return 'application/pdf';
  if (ascii(bytes, 'OggS')) return 'audio/ogg';
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return 'audio/webm';
  if (ascii(bytes, 'ftyp', 4)) return 'video/mp4';
  if (ascii(bytes, 'ID3') || startsWith(bytes, [0xff, 0xfb]) || startsWith(bytes, [0xff, 0xf3]) || startsWith(bytes, [0xff, 0xf2])) return 'audio/mpeg';
  if (startsWith(bytes, [0xff, 0xf1]) || startsWith(bytes, [0xff, 0xf9])) return 'audio/aac';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'application/zip';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'application/x-ole-storage';
  return null;
}

/** Declared types whose bytes must show one of these containers (Office files are ZIP or OLE inside). */
const CONTAINERS: Record<string, string[]> = {
  'image/jpeg': ['image/jpeg'],
  'image/png': ['image/png'],
  'image/gif': ['image/gif'],
  'image/webp': ['image/webp'],
  'application/pdf': ['application/pdf'],
  'audio/ogg': ['audio/ogg'],
  'audio/webm': ['audio/webm'],
  'video/mp4': ['video/mp4'],
  'audio/mp4': ['video/mp4'],
  'audio/mpeg': ['audio/mpeg'],
  'audio/aac': ['audio/aac'],
  'application/zip': ['application/zip'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['application/zip'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['application/zip'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['application/zip'],
  'application/msword': ['application/x-ole-storage'],
  'application/vnd.ms-excel': ['application/x-ole-storage'],
  'application/vnd.ms-powerpoint': ['application/x-ole-storage'],
};

export type AttachmentCheck = { ok: true; kind: AttachmentKind; mimeType: string } | { ok: false; reason: 'type_not_allowed' | 'content_mismatch'; message: string };

/**
 * Decides what an upload is: its declared type must be one we send, and its bytes must match it (text files
 * must be valid UTF-8 without NUL bytes). A voice note is an OGG, WebM or MP4 audio recording.
 */
export function checkAttachment(declaredType: string, head: Uint8Array, options: { voice?: boolean } = {}): AttachmentCheck {
  const mimeType = declaredType.split(';')[0]!.trim().toLowerCase();
  const kind = ALLOWED_ATTACHMENT_TYPES[mimeType];
  if (!kind) {
    return { ok: false, reason: 'type_not_allowed', message: `files of type ${mimeType || 'unknown'} cannot be sent; send an image (JPEG, PNG, GIF, WebP), a PDF or Office document, a text file, an MP4 video or an audio file` };
  }
  const expected = CONTAINERS[mimeType];
  if (expected) {
    const actual = sniffMimeType(head);
    if (!actual || !expected.includes(actual)) return { ok: false, reason: 'content_mismatch', message: `the file is declared as ${mimeType} but its contents are ${actual ?? 'something else'}` };
  } else if (head.includes(0) || !isUtf8Prefix(head)) {
    return { ok: false, reason: 'content_mismatch', message: `the file is declared as ${mimeType} but is not text` };
  }
  if (options.voice) {
    if (!['audio/ogg', 'audio/webm', 'audio/mp4', 'audio/mpeg'].includes(mimeType)) return { ok: false, reason: 'type_not_allowed', message: 'a voice note is an OGG, WebM, MP4 or MP3 audio recording' };
    return { ok: true, kind: 'voice', mimeType };
  }
  return { ok: true, kind, mimeType };
}

/** UTF-8 check of a file's first bytes, tolerating a character cut at the end. */
function isUtf8Prefix(bytes: Uint8Array): boolean {
  for (let cut = 0; cut < 4 && cut <= bytes.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - cut));
      return true;
    } catch {
      // try without the last bytes
    }
  }
  return false;
}
