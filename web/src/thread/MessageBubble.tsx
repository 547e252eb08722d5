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

  const text = message.body || message.media?.caption || '';
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
