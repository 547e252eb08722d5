import type { MediaInfo } from '../../../platform/db/schema.ts';

const MB = 1024 * 1024;

/** What the Cloud API accepts per message type (Meta's "Supported media types"), and its size caps. */
const RULES: Partial<Record<MediaInfo['type'], { types: string[]; maxBytes: number; label: string }>> = {
  image: { types: ['image/jpeg', 'image/png'], maxBytes: 5 * MB, label: 'images as JPEG or PNG' },
  audio: { types: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'], maxBytes: 16 * MB, label: 'audio as AAC, AMR, MP3, M4A or OGG/Opus' },
  voice: { types: ['audio/ogg', 'audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/amr'], maxBytes: 16 * MB, label: 'voice notes as OGG/Opus' },
  video: { types: ['video/mp4', 'video/3gpp'], maxBytes: 16 * MB, label: 'video as MP4 or 3GP' },
  document: {
    types: [
      'text/plain',
      'application/pdf',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    maxBytes: 100 * MB,
    label: 'documents as PDF, Office files or plain text',
  },
};

/** Why the Cloud API would refuse this stored file, in words for the person sending it; null when it is fine. */
export function cloudMediaRefusal(media: MediaInfo): string | null {
  // Files sent by link are checked by Meta when it fetches them.
  if (!media.mediaId || media.url) return null;
  const rule = RULES[media.type];
  if (!rule) return `the WhatsApp Cloud API cannot send ${media.type} files`;
  const mimeType = (media.mimeType ?? '').toLowerCase();
  if (!rule.types.includes(mimeType)) return `the WhatsApp Cloud API sends ${rule.label}; this file is ${mimeType || 'of an unknown type'}`;
  if (media.size && media.size > rule.maxBytes) return `the WhatsApp Cloud API sends ${media.type === 'document' ? 'documents' : media.type === 'image' ? 'images' : 'audio and video'} up to ${rule.maxBytes / MB} MB; this file is ${(media.size / MB).toFixed(1)} MB`;
  return null;
}
