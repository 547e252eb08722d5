import { forwardRef, useImperativeHandle, useRef, useState, type ClipboardEvent, type DragEvent, type KeyboardEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import type { Conversation, ConversationNote, Message, Page } from '../../types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Icon } from '../../components/Icon.tsx';
import { messagesKey } from '../../thread/useThreadMessages.ts';
import { useSavedReplies } from './inboxQueries.ts';
import { formatDuration, useVoiceRecorder } from './useVoiceRecorder.ts';

/** A file uploaded for this conversation, waiting to go out with the next message. */
interface Attachment {
  id: string;
  kind: 'image' | 'video' | 'audio' | 'voice' | 'document';
  mimeType: string;
  fileName: string | null;
  size: number;
  url: string;
}

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
  const [attachment, setAttachment] = useState<Attachment | null>(null);
  const [dragging, setDragging] = useState(false);
  const [suggestedFrom, setSuggestedFrom] = useState<'ai' | 'offline' | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const recorder = useVoiceRecorder();

  useImperativeHandle(ref, () => ({
    startNote() {
      setMode('note');
      box.current?.focus();
    },
  }));

  const upload = useMutation({
    mutationFn: ({ file, voice }: { file: File; voice: boolean }) =>
      api.upload<Attachment>(`/api/conversations/${conversation.id}/attachments`, { fileName: file.name || undefined, voice: voice ? 'true' : undefined }, file, { contentType: file.type || 'application/octet-stream' }),
    onSuccess: (uploaded) => {
      setAttachment(uploaded);
      box.current?.focus();
    },
  });
  const attach = (file: File | null | undefined, voice = false) => {
    if (!file || mode === 'note' || !canSend) return;
    upload.mutate({ file, voice });
  };
  const suggest = useMutation({
    mutationFn: () => api.post<{ text: string; source: 'ai' | 'offline' }>(`/api/conversations/${conversation.id}/suggested-reply`),
    onSuccess: ({ text: drafted, source }) => {
      setMode('reply');
      setText(drafted);
      setSuggestedFrom(source);
      requestAnimationFrame(() => box.current?.focus());
    },
  });
  const send = useMutation({
    mutationFn: ({ body, mediaId }: { body: string; mediaId?: string }) =>
      api.post<Message>(`/api/conversations/${conversation.id}/messages`, { ...(body ? { body } : {}), ...(mediaId ? { media: { mediaId } } : {}) }),
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
    if (mode === 'note') {
      if (!body) return;
      setText('');
      note.mutateAsync(body).then(
        () => setMode('reply'),
        () => setText((current) => current || body),
      );
      return;
    }
    if (!canSend || (!body && !attachment)) return;
    const sending = attachment;
    // A voice note goes alone: what is typed stays for the next message.
    if (sending?.kind !== 'voice') setText('');
    setAttachment(null);
    setSuggestedFrom(null);
    send.mutateAsync({ body: sending?.kind === 'voice' ? '' : body, mediaId: sending?.id }).catch(() => {
      setText((current) => current || body);
      setAttachment((current) => current ?? sending);
    });
  };

  const stopRecording = async () => {
    const file = await recorder.stop();
    if (file) attach(file, true);
  };
  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const file = event.clipboardData.files[0];
    if (file) {
      event.preventDefault();
      attach(file);
    }
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    attach(event.dataTransfer.files[0]);
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
    <div
      className={`${isNote ? 'composer composer-note-mode' : 'composer'}${dragging ? ' composer-dragging' : ''}`}
      onDragOver={(event) => {
        if (disabled || isNote || !event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid="composer"
    >
      {dragging && <div className="composer-drop">{t('composer.dropHere')}</div>}
      <ErrorBanner error={send.error ?? note.error ?? render.error ?? upload.error ?? suggest.error} />
      {recorder.state.phase === 'error' && <div className="composer-note">{t(recorder.state.reason === 'denied' ? 'composer.micDenied' : 'composer.micUnavailable')}</div>}
      {!canSend && !isNote && <div className="composer-note">{t('composer.readOnly')}</div>}
      <div className="composer-modes" role="tablist">
        <button type="button" role="tab" aria-selected={!isNote} className={!isNote ? 'composer-mode active' : 'composer-mode'} onClick={() => setMode('reply')} data-testid="composer-mode-reply">
          {t('inbox.reply')}
        </button>
        <button type="button" role="tab" aria-selected={isNote} className={isNote ? 'composer-mode active' : 'composer-mode'} onClick={() => setMode('note')} data-testid="composer-mode-note">
          {t('inbox.note')}
        </button>
        {canSend && (
          <button type="button" className="composer-suggest" onClick={() => suggest.mutate()} disabled={suggest.isPending} data-testid="composer-suggest">
            <Icon name="sparkles" size={14} />
            <span>{suggest.isPending ? t('composer.suggesting') : t('composer.suggest')}</span>
          </button>
        )}
      </div>
      {suggestedFrom && !isNote && text && (
        <div className="composer-suggested" data-testid="composer-suggested">
          {t(suggestedFrom === 'ai' ? 'composer.suggestedAi' : 'composer.suggestedOffline')}
        </div>
      )}
      {(attachment || upload.isPending) && !isNote && (
        <div className="composer-attachment" data-testid="composer-attachment">
          {upload.isPending ? (
            <span className="muted">{t('composer.attaching')}</span>
          ) : attachment!.kind === 'image' ? (
            <img src={attachment!.url} alt={attachment!.fileName ?? ''} />
          ) : attachment!.kind === 'voice' || attachment!.kind === 'audio' ? (
            <audio controls src={attachment!.url} />
          ) : (
            <span className="composer-file">
              <Icon name="paperclip" size={14} /> {attachment!.fileName ?? attachment!.mimeType}
            </span>
          )}
          {attachment && (
            <span className="muted composer-attachment-meta">
              {attachment.kind === 'voice' ? t('composer.voiceNote') : (attachment.fileName ?? '')} · {Math.max(1, Math.round(attachment.size / 1024))} KB
            </span>
          )}
          {attachment && (
            <button type="button" className="icon-button" onClick={() => setAttachment(null)} aria-label={t('composer.removeAttachment')} data-testid="composer-remove-attachment">
              <Icon name="x" size={14} />
            </button>
          )}
        </div>
      )}
      {recorder.state.phase === 'recording' && (
        <div className="composer-recording" role="status" data-testid="composer-recording">
          <span className="composer-recording-dot" aria-hidden="true" />
          <span>
            {t('composer.recording')} · {formatDuration(recorder.state.seconds)}
          </span>
          <button type="button" className="button button-primary" onClick={() => void stopRecording()} data-testid="composer-voice-stop">
            {t('composer.stopRecording')}
          </button>
          <button type="button" className="button" onClick={() => recorder.cancel()} data-testid="composer-voice-cancel">
            {t('composer.cancelRecording')}
          </button>
        </div>
      )}
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
        {!isNote && (
          <>
            <input
              ref={fileInput}
              type="file"
              hidden
              accept="image/jpeg,image/png,image/gif,image/webp,video/mp4,audio/*,application/pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.txt,.csv,.zip"
              onChange={(event) => {
                attach(event.target.files?.[0]);
                event.target.value = '';
              }}
              data-testid="composer-file"
            />
            <button type="button" className="icon-button" onClick={() => fileInput.current?.click()} aria-label={t('composer.attach')} title={t('composer.attach')} disabled={disabled || upload.isPending} data-testid="composer-attach">
              <Icon name="paperclip" size={18} />
            </button>
            <button
              type="button"
              className="icon-button"
              onClick={() => void recorder.start()}
              aria-label={t('composer.voice')}
              title={t('composer.voice')}
              disabled={disabled || recorder.state.phase === 'recording' || upload.isPending}
              data-testid="composer-voice"
            >
              <Icon name="mic" size={18} />
            </button>
          </>
        )}
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
          onPaste={onPaste}
          placeholder={isNote ? t('inbox.notePlaceholder') : !canSend ? t('composer.readOnlyShort') : attachment ? t('composer.captionPlaceholder') : t('composer.placeholder')}
          aria-label={isNote ? t('inbox.note') : t('composer.placeholder')}
          disabled={disabled}
          data-testid="composer-input"
        />
        <button type="button" className={`button ${isNote ? 'button-note' : 'button-primary'} composer-send`} onClick={submit} disabled={disabled || (!text.trim() && !(attachment && !isNote)) || upload.isPending} title={isNote ? t('inbox.note') : t('composer.send')} data-testid="composer-send">
          <Icon name={isNote ? 'check' : 'send'} size={16} />
          <span>{isNote ? t('inbox.save') : t('composer.send')}</span>
        </button>
      </div>
      {!disabled && <div className="composer-hint">{isNote ? t('inbox.notePlaceholder') : `${t('composer.hint')} · ${t('inbox.savedRepliesHint')}`}</div>}
    </div>
  );
});
