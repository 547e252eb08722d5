import { useFormat, useT } from '../i18n.tsx';
import type { Message } from '../types.ts';
import { MediaBlock } from './MediaBlock.tsx';
import { StatusTick } from './StatusTick.tsx';

interface MessageBubbleProps {
  message: Message;
  /** Which side of the thread the bubble sits on (depends on whose point of view the thread shows). */
  side: 'left' | 'right';
  showAuthor: boolean;
  showStatus: boolean;
  highlighted?: boolean;
}

/** A media line of an export stored before imports dropped it ("<Media omitted>", "image omitted"): the attachment already says it. */
const MEDIA_PLACEHOLDER = /^\u200e?(?:<[^<>\n]{1,40}>|[^\n]{0,80}\bomitted)$/i;

function shownText(message: Message): string {
  if (message.media && MEDIA_PLACEHOLDER.test((message.body ?? '').trim())) return message.media.caption ?? '';
  return message.body || message.media?.caption || '';
}

export function MessageBubble({ message, side, showAuthor, showStatus, highlighted }: MessageBubbleProps) {
  const fmt = useFormat();
  const t = useT();
  const at = message.sentAt ?? message.createdAt;

  if (message.kind === 'system') {
    return (
      <div className="system-message" data-testid="message-bubble" data-direction={message.direction} data-kind="system">
        <span>{message.body}</span>
        <time dateTime={at}>{fmt.time(at)}</time>
      </div>
    );
  }

  const text = shownText(message);
  return (
    <div className={`bubble-row bubble-row-${side}`}>
      <div
        className={`bubble bubble-${side} bubble-${message.direction}${message.status === 'failed' ? ' bubble-failed' : ''}${highlighted ? ' bubble-highlighted' : ''}`}
        data-testid="message-bubble"
        data-direction={message.direction}
        data-status={message.status}
        data-kind={message.kind}
        data-message-id={message.id}
        data-autopilot={message.autopilot ? 'true' : undefined}
      >
        {message.autopilot && <div className="bubble-autopilot">{t('thread.autopilot')}</div>}
        {showAuthor && message.authorName && <div className="bubble-author">{message.authorName}</div>}
        {message.media && <MediaBlock media={message.media} />}
        {text && <div className="bubble-text">{text}</div>}
        <div className="bubble-meta">
          <time dateTime={at} title={fmt.dateTime(at)}>
            {fmt.time(at)}
          </time>
          {showStatus && message.direction === 'outbound' && <StatusTick status={message.status} error={message.error} />}
        </div>
        {message.status === 'failed' && message.error && <div className="bubble-error">{message.error}</div>}
      </div>
    </div>
  );
}
