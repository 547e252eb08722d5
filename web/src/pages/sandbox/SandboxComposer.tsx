import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useT } from '../../i18n.tsx';
import type { Conversation } from '../../types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { MessageBox } from '../../thread/MessageBox.tsx';
import { postInbound, rememberInbound } from './sandboxApi.ts';

/** Type as the contact: the text arrives in the inbox as an inbound message of this conversation. */
export function SandboxComposer({ conversation }: { conversation: Conversation }) {
  const t = useT();
  const queryClient = useQueryClient();
  const accountId = conversation.channelAccountId;

  const send = useMutation({
    mutationFn: (body: string) => postInbound(accountId!, { text: body, chatId: conversation.externalChatId }),
    onSuccess: (result) => rememberInbound(queryClient, result),
  });

  return (
    <MessageBox
      onSend={(body) => send.mutateAsync(body)}
      disabled={!accountId}
      placeholder={t('sandbox.inputPlaceholder')}
      sendLabel={t('sandbox.send')}
      testIdPrefix="sandbox"
      buttonClassName="button-sandbox"
      className="composer-sandbox"
      header={<ErrorBanner error={send.error} />}
    />
  );
}
