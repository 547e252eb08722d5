import { Fragment, useLayoutEffect, useRef } from 'react';
import { useFormat, useT } from '../i18n.tsx';
import type { ConversationNote, Message } from '../types.ts';
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
  /** Private notes of the team, shown in time order between the messages (the inbox only). */
  notes?: ConversationNote[];
  /** A message to scroll to and mark (a search result). */
  highlightId?: string | null;
}

type Item = { kind: 'message'; at: string; message: Message } | { kind: 'note'; at: string; note: ConversationNote };

function mergeByTime(messages: Message[], notes: ConversationNote[]): Item[] {
  const items: Item[] = messages.map((message) => ({ kind: 'message', at: message.sentAt ?? message.createdAt, message }));
  if (notes.length === 0) return items;
  const all = [...items, ...notes.map((note): Item => ({ kind: 'note', at: note.createdAt, note }))];
  // Stable: messages keep their order; a note goes after everything up to its time.
  return all.map((item, index) => ({ item, index })).sort((a, b) => a.item.at.localeCompare(b.item.at) || a.index - b.index).map(({ item }) => item);
}

const NEAR_BOTTOM_PX = 80;

/** The scrolling list of bubbles with day separators; stays pinned to the bottom as messages arrive. */
export function MessageList({ messages, perspective, isGroup, hasOlder, loadingOlder, onLoadOlder, emptyText, notes = [], highlightId }: MessageListProps) {
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
  }, [messages.length, lastId, lastIsMine, notes.length]);

  const highlighted = useRef<string | null>(null);
  const hasHighlight = Boolean(highlightId && messages.some((m) => m.id === highlightId));
  useLayoutEffect(() => {
    if (!highlightId || !hasHighlight || highlighted.current === highlightId) return;
    const el = scroller.current?.querySelector(`[data-message-id="${highlightId}"]`);
    if (!el) return;
    highlighted.current = highlightId;
    pinned.current = false;
    el.scrollIntoView({ block: 'center' });
  }, [highlightId, hasHighlight]);

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
      {mergeByTime(messages, notes).map((item) => {
        const at = item.at;
        const day = fmt.dayKey(at);
        const separator = day !== previousDay;
        previousDay = day;
        const dayLine = separator && (
          <div className="day-separator">
            <span>{fmt.day(at)}</span>
          </div>
        );
        if (item.kind === 'note') {
          return (
            <Fragment key={`note-${item.note.id}`}>
              {dayLine}
              <div className="note-row" data-testid="thread-note">
                <div className="note-bubble">
                  <div className="note-author">{t('inbox.noteBy', { name: item.note.authorName ?? '—' })}</div>
                  <div className="bubble-text">{item.note.body}</div>
                  <div className="bubble-meta">
                    <time dateTime={at}>{fmt.time(at)}</time>
                  </div>
                </div>
              </div>
            </Fragment>
          );
        }
        const message = item.message;
        const ours = message.direction === 'outbound';
        const side = (perspective === 'agent') === ours ? 'right' : 'left';
        return (
          <Fragment key={message.id}>
            {separator && (
              <div className="day-separator">
                <span>{fmt.day(at)}</span>
              </div>
            )}
            <MessageBubble message={message} side={side} showAuthor={isGroup && !ours} showStatus={perspective === 'agent'} highlighted={message.id === highlightId} />
          </Fragment>
        );
      })}
    </div>
  );
}
