import { useT } from '../i18n.tsx';
import type { Message } from '../types.ts';
import { Icon } from '../components/Icon.tsx';

type Media = NonNullable<Message['media']>;

/** The stored file of an inbound attachment (`GET /api/media/:id`, session cookie, same origin). */
function mediaUrl(media: Media, download = false): string | null {
  return media.mediaId ? `/api/media/${encodeURIComponent(media.mediaId)}${download ? '?download=1' : ''}` : null;
}

function formatSize(bytes: number | null | undefined): string | null {
  if (!bytes) return null;
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * An attachment in a message bubble: a player for voice notes and audio (with the transcript under it when there is
 * one), a preview for images, a download link for documents and videos; a description while the file is
 * being fetched, or when it could not be stored.
 */
export function MediaBlock({ media }: { media: Media }) {
  const t = useT();
  const url = mediaUrl(media);
  const isAudio = media.type === 'voice' || media.type === 'audio';

  if (url && isAudio) {
    return (
      <div className="media-block media-audio" data-testid="media-audio" style={{ flexDirection: 'column', alignItems: 'stretch' }}>
        <audio controls preload="metadata" src={url} style={{ width: '100%', minWidth: 220 }}>
          <a href={mediaUrl(media, true)!}>{t('media.download')}</a>
        </audio>
        {media.transcript && (
          <div className="media-transcript" data-testid="media-transcript" style={{ fontSize: 12.5, fontStyle: 'italic', whiteSpace: 'pre-wrap' }}>
            <span className="media-type" style={{ fontStyle: 'normal' }}>{t('media.transcript')}: </span>
            {media.transcript}
          </div>
        )}
      </div>
    );
  }

  if (url && (media.type === 'image' || media.type === 'sticker')) {
    return (
      <a className="media-image" href={url} target="_blank" rel="noreferrer" data-testid="media-image" style={{ display: 'block', margin: '2px 0 4px' }}>
        <img src={url} alt={media.caption || media.fileName || t('media.image')} loading="lazy" style={{ display: 'block', maxWidth: 'min(320px, 100%)', maxHeight: 320, borderRadius: 'var(--radius)' }} />
      </a>
    );
  }

  const state = media.download;
  const note =
    state === 'pending' ? t('media.pending') : state === 'failed' ? t('media.failed') : state === 'too_large' ? t('media.tooLarge') : media.omitted ? t('message.mediaOmitted') : null;
  const size = formatSize(media.size);
  return (
    <div className="media-block" data-testid="media-file">
      <Icon name="paperclip" size={16} />
      <div className="media-text">
        <span className="media-type">{t(`media.type.${media.type}` as 'media.type.other') || t('message.media')}</span>
        {media.fileName && <span className="media-name">{media.fileName}</span>}
        {url && (
          <a href={mediaUrl(media, true)!} download={media.fileName ?? true} data-testid="media-download">
            {t('media.download')}
            {size ? ` · ${size}` : ''}
          </a>
        )}
        {note && <span className="media-omitted">{note}</span>}
        {!url && media.transcript && <span className="media-transcript">{media.transcript}</span>}
      </div>
    </div>
  );
}
