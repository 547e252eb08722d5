import { Fragment, useLayoutEffect, useRef } from 'react';
import { useFormat, useT } from '../i18n.tsx';
import type { Message } from '../types.ts';
import { MessageBubble } from './MessageBubble.tsx';

interface MessageListProps {
  messages: Message[];
  /** `agent`: our messages on the right (the inbox). `contact`: theirs on the right (the sandbox). */
  perspective: 'agent' | 'contact';
  isGroup: boolean;
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder(): void;
  emptyText: string;
}

const NEAR_BOTTOM_PX = 80;

/** The scrolling list of bubbles with day separators; stays pinned to the bottom as messages arrive. */
export function MessageList({ messages, perspective, isGroup, hasOlder, loadingOlder, onLoadOlder, emptyText }: MessageListProps) {
  const t = useT();
  const fmt = useFormat();
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const heightBeforeOlder = useRef<number | null>(null);
  const last = messages.at(-1);
  const lastId = last?.id;
  const previousLastId = useRef<string | undefined>(undefined);
  // A message we just wrote ourselves (outbound in the inbox, inbound in the sandbox) always scrolls into view.
  const lastIsMine = last ? (last.direction === 'outbound') === (perspective === 'agent') : false;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (heightBeforeOlder.current !== null) {
      // Older messages were added on top: keep the view where it was.
      el.scrollTop += el.scrollHeight - heightBeforeOlder.current;
      heightBeforeOlder.current = null;
    } else if (pinned.current || (lastIsMine && lastId !== previousLastId.current)) {
      el.scrollTop = el.scrollHeight;
      pinned.current = true;
    }
    previousLastId.current = lastId;
  }, [messages.length, lastId, lastIsMine]);

  const loadOlder = () => {
    heightBeforeOlder.current = scroller.current?.scrollHeight ?? null;
    onLoadOlder();
  };

  let previousDay = '';
  return (
    <div
      className="message-list"
      ref={scroller}
      onScroll={(event) => {
        const el = event.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
      }}
      data-testid="message-list"
    >
      {hasOlder && (
        <div className="load-older">
          <button type="button" className="button button-ghost button-small" onClick={loadOlder} disabled={loadingOlder}>
            {loadingOlder ? t('common.loading') : t('thread.loadOlder')}
          </button>
        </div>
      )}
      {messages.length === 0 && <div className="thread-empty">{emptyText}</div>}
      {messages.map((message) => {
        const at = message.sentAt ?? message.createdAt;
        const day = fmt.dayKey(at);
        const separator = day !== previousDay;
        previousDay = day;
        const ours = message.direction === 'outbound';
        const side = (perspective === 'agent') === ours ? 'right' : 'left';
        return (
          <Fragment key={message.id}>
            {separator && (
              <div className="day-separator">
                <span>{fmt.day(at)}</span>
              </div>
            )}
            <MessageBubble message={message} side={side} showAuthor={isGroup && !ours} showStatus={perspective === 'agent'} />
          </Fragment>
        );
      })}
    </div>
  );
}
