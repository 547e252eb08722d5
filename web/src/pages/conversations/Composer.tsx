import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import type { Conversation, Message, Page } from '../../types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { messagesKey } from '../../thread/useThreadMessages.ts';
import { MessageBox } from '../../thread/MessageBox.tsx';

/** The reply box of a conversation; imported conversations without a channel account are read-only. */
export function Composer({ conversation }: { conversation: Conversation }) {
  const t = useT();
  const queryClient = useQueryClient();
  const canSend = conversation.channelAccountId !== null;

  const send = useMutation({
    mutationFn: (body: string) => api.post<Message>(`/api/conversations/${conversation.id}/messages`, { body }),
    onSuccess: (message) => {
      queryClient.setQueryData<Page<Message>>(messagesKey(conversation.id), (old) =>
        old ? { ...old, items: [message, ...old.items.filter((m) => m.id !== message.id)] } : old,
      );
      void queryClient.invalidateQueries({ queryKey: ['conversations'] });
    },
  });

  return (
    <MessageBox
      onSend={(body) => send.mutateAsync(body)}
      disabled={!canSend}
      placeholder={canSend ? t('composer.placeholder') : t('composer.readOnlyShort')}
      sendLabel={t('composer.send')}
      testIdPrefix="composer"
      buttonClassName="button-primary"
      header={
        <>
          <ErrorBanner error={send.error} />
          {!canSend && <div className="composer-note">{t('composer.readOnly')}</div>}
        </>
      }
      footer={canSend && <div className="composer-hint">{t('composer.hint')}</div>}
    />
  );
}
