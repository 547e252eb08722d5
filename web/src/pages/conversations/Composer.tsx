import { useState, type KeyboardEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import type { Conversation, Message, Page } from '../../types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Icon } from '../../components/Icon.tsx';
import { messagesKey } from '../../thread/useThreadMessages.ts';

/** The reply box: Enter sends, Shift+Enter starts a new line. */
export function Composer({ conversation }: { conversation: Conversation }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const canSend = conversation.channelAccountId !== null;

  const send = useMutation({
    mutationFn: (body: string) => api.post<Message>(`/api/conversations/${conversation.id}/messages`, { body }),
    onSuccess: (message) => {
      queryClient.setQueryData<Page<Message>>(messagesKey(conversation.id), (old) =>
        old ? { ...old, items: [message, ...old.items.filter((m) => m.id !== message.id)] } : old,
      );
      void queryClient.invalidateQueries({ queryKey: ['conversations'] });
    },
    onError: (_error, body) => setText((current) => current || body),
  });

  const submit = () => {
    const body = text.trim();
    if (!body || !canSend) return;
    setText('');
    send.mutate(body);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  const rows = Math.min(6, Math.max(1, text.split('\n').length));
  return (
    <div className="composer">
      <ErrorBanner error={send.error} />
      {!canSend && <div className="composer-note">{t('composer.readOnly')}</div>}
      <div className="composer-row">
        <textarea
          value={text}
          rows={rows}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder={canSend ? t('composer.placeholder') : t('composer.readOnlyShort')}
          disabled={!canSend}
          aria-label={t('composer.placeholder')}
          data-testid="composer-input"
        />
        <button
          type="button"
          className="button button-primary composer-send"
          onClick={submit}
          disabled={!canSend || !text.trim()}
          title={t('composer.send')}
          data-testid="composer-send"
        >
          <Icon name="send" size={16} />
          <span>{t('composer.send')}</span>
        </button>
      </div>
      {canSend && <div className="composer-hint">{t('composer.hint')}</div>}
    </div>
  );
}
