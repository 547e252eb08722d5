import { useT } from '../i18n.tsx';
import type { Message } from '../types.ts';
import { Icon } from '../components/Icon.tsx';

/** A placeholder for an attachment: its type and file name (media files are not shown inline yet). */
export function MediaBlock({ media }: { media: NonNullable<Message['media']> }) {
  const t = useT();
  return (
    <div className="media-block">
      <Icon name="paperclip" size={16} />
      <div className="media-text">
        <span className="media-type">{media.type || t('message.media')}</span>
        {media.fileName && <span className="media-name">{media.fileName}</span>}
        {media.omitted && <span className="media-omitted">{t('message.mediaOmitted')}</span>}
      </div>
    </div>
  );
}
