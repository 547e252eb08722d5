import { forwardRef, useImperativeHandle, useRef, useState, type KeyboardEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import type { Conversation, ConversationNote, Message, Page } from '../../types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Icon } from '../../components/Icon.tsx';
import { messagesKey } from '../../thread/useThreadMessages.ts';
import { useSavedReplies } from './inboxQueries.ts';

/** The handful people use in a client chat; a full picker would be a dependency for little gain. */
const EMOJI = ['🙂', '😊', '😀', '😉', '😍', '🥰', '😘', '🤗', '🙏', '👍', '👌', '👋', '👏', '💪', '🎉', '🎁', '❤️', '💖', '🌸', '💅', '💇‍♀️', '✂️', '📅', '⏰', '📍', '✅', '❌', '⭐', '🔥', '😔', '😅', '🤔'];

export interface ComposerHandle {
  /** N: switch to a private note and put the cursor in the box. */
  startNote(): void;
}

/**
 * The reply box of a conversation: a reply to the client, or a private note for the team (never sent).
 * Typing `/` at the start offers the saved replies; picking one fills in its variables for this conversation.
 */
export const Composer = forwardRef<ComposerHandle, { conversation: Conversation }>(function Composer({ conversation }, ref) {
  const t = useT();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [text, setText] = useState('');
  const [pickerIndex, setPickerIndex] = useState(0);
  const [emojiOpen, setEmojiOpen] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const canSend = conversation.channelAccountId !== null;
  const saved = useSavedReplies();

  useImperativeHandle(ref, () => ({
    startNote() {
      setMode('note');
      box.current?.focus();
    },
  }));

  const send = useMutation({
    mutationFn: (body: string) => api.post<Message>(`/api/conversations/${conversation.id}/messages`, { body }),
    onSuccess: (message) => {
      queryClient.setQueryData<Page<Message>>(messagesKey(conversation.id), (old) => (old ? { ...old, items: [message, ...old.items.filter((m) => m.id !== message.id)] } : old));
      void queryClient.invalidateQueries({ queryKey: ['conversations'] });
    },
  });
  const note = useMutation({
    mutationFn: (body: string) => api.post<ConversationNote>(`/api/conversations/${conversation.id}/notes`, { body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['notes', conversation.id] }),
  });
  const render = useMutation({
    mutationFn: (savedReplyId: string) => api.post<{ text: string }>(`/api/conversations/${conversation.id}/saved-replies/${savedReplyId}/render`),
    onSuccess: ({ text: rendered }) => {
      setText(rendered);
      box.current?.focus();
    },
  });

  // "/pri" at the start of the box searches the saved replies by shortcut and text.
  const slash = mode === 'reply' && text.startsWith('/') && !text.includes('\n') ? text.slice(1).toLowerCase() : null;
  const matches = slash === null ? [] : (saved.data?.items ?? []).filter((r) => r.shortcut.toLowerCase().includes(slash) || r.body.toLowerCase().includes(slash)).slice(0, 8);

  const submit = () => {
    const body = text.trim();
    if (!body) return;
    const action = mode === 'note' ? note : send;
    if (mode === 'reply' && !canSend) return;
    setText('');
    action.mutateAsync(body).then(
      () => {
        if (mode === 'note') setMode('reply');
      },
      () => setText((current) => current || body),
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (matches.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setPickerIndex((i) => (i + (event.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        render.mutate(matches[Math.min(pickerIndex, matches.length - 1)]!.id);
        return;
      }
    }
    if (event.key === 'Escape' && mode === 'note') setMode('reply');
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  const insertEmoji = (emoji: string) => {
    const el = box.current;
    const at = el?.selectionStart ?? text.length;
    setText((current) => current.slice(0, at) + emoji + current.slice(el?.selectionEnd ?? at));
    setEmojiOpen(false);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + emoji.length, at + emoji.length);
    });
  };

  const isNote = mode === 'note';
  const disabled = !isNote && !canSend;
  return (
    <div className={isNote ? 'composer composer-note-mode' : 'composer'}>
      <ErrorBanner error={send.error ?? note.error ?? render.error} />
      {!canSend && !isNote && <div className="composer-note">{t('composer.readOnly')}</div>}
      <div className="composer-modes" role="tablist">
        <button type="button" role="tab" aria-selected={!isNote} className={!isNote ? 'composer-mode active' : 'composer-mode'} onClick={() => setMode('reply')} data-testid="composer-mode-reply">
          {t('inbox.reply')}
        </button>
        <button type="button" role="tab" aria-selected={isNote} className={isNote ? 'composer-mode active' : 'composer-mode'} onClick={() => setMode('note')} data-testid="composer-mode-note">
          {t('inbox.note')}
        </button>
      </div>
      {matches.length > 0 && (
        <ul className="saved-reply-picker" role="listbox" data-testid="saved-reply-picker">
          {matches.map((reply, index) => (
            <li key={reply.id} role="option" aria-selected={index === pickerIndex}>
              <button type="button" className={index === pickerIndex ? 'active' : ''} onMouseDown={(event) => event.preventDefault()} onClick={() => render.mutate(reply.id)} data-testid="saved-reply-option">
                <strong>/{reply.shortcut}</strong> <span className="muted">{reply.body}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="composer-row">
        <div className="emoji-picker">
          <button type="button" className="icon-button" onClick={() => setEmojiOpen((open) => !open)} aria-label="Emoji" aria-expanded={emojiOpen} disabled={disabled} data-testid="composer-emoji">
            <span aria-hidden="true">🙂</span>
          </button>
          {emojiOpen && (
            <div className="emoji-grid" role="listbox">
              {EMOJI.map((emoji) => (
                <button key={emoji} type="button" onClick={() => insertEmoji(emoji)}>
                  {emoji}
                </button>
              ))}
            </div>
          )}
        </div>
        <textarea
          ref={box}
          value={text}
          rows={Math.min(6, Math.max(1, text.split('\n').length))}
          onChange={(event) => {
            setText(event.target.value);
            setPickerIndex(0);
          }}
          onKeyDown={onKeyDown}
          placeholder={isNote ? t('inbox.notePlaceholder') : canSend ? t('composer.placeholder') : t('composer.readOnlyShort')}
          aria-label={isNote ? t('inbox.note') : t('composer.placeholder')}
          disabled={disabled}
          data-testid="composer-input"
        />
        <button type="button" className={`button ${isNote ? 'button-note' : 'button-primary'} composer-send`} onClick={submit} disabled={disabled || !text.trim()} title={isNote ? t('inbox.note') : t('composer.send')} data-testid="composer-send">
          <Icon name={isNote ? 'check' : 'send'} size={16} />
          <span>{isNote ? t('inbox.save') : t('composer.send')}</span>
        </button>
      </div>
      {!disabled && <div className="composer-hint">{isNote ? t('inbox.notePlaceholder') : `${t('composer.hint')} · ${t('inbox.savedRepliesHint')}`}</div>}
    </div>
  );
});
