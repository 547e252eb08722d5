import { useState, type KeyboardEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useT } from '../../i18n.tsx';
import type { Conversation } from '../../types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Icon } from '../../components/Icon.tsx';
import { postInbound, rememberInbound } from './sandboxApi.ts';

/** Type as the contact: the text arrives in the inbox as an inbound message of this conversation. */
export function SandboxComposer({ conversation }: { conversation: Conversation }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const accountId = conversation.channelAccountId;

  const send = useMutation({
    mutationFn: (body: string) => postInbound(accountId!, { text: body, chatId: conversation.externalChatId }),
    onSuccess: (result) => rememberInbound(queryClient, result),
    onError: (_error, body) => setText((current) => current || body),
  });

  const submit = () => {
    const body = text.trim();
    if (!body || !accountId) return;
    setText('');
    send.mutate(body);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <div className="composer composer-sandbox">
      <ErrorBanner error={send.error} />
      <div className="composer-row">
        <textarea
          value={text}
          rows={Math.min(6, Math.max(1, text.split('\n').length))}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder={t('sandbox.inputPlaceholder')}
          aria-label={t('sandbox.inputPlaceholder')}
          disabled={!accountId}
          data-testid="sandbox-input"
        />
        <button type="button" className="button button-sandbox composer-send" onClick={submit} disabled={!accountId || !text.trim()} data-testid="sandbox-send">
          <Icon name="send" size={16} />
          <span>{t('sandbox.send')}</span>
        </button>
      </div>
    </div>
  );
}
