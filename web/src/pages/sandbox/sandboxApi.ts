import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import type { Message, Page } from '../../types.ts';
import { messagesKey } from '../../thread/useThreadMessages.ts';

export interface InboundInput {
  text: string;
  chatId?: string;
  from?: { name?: string; phone?: string };
}

export interface InboundResult {
  conversationId: string;
  message: Message;
}

/** Simulates the contact writing to us through a sandbox account. */
export function postInbound(accountId: string, input: InboundInput): Promise<InboundResult> {
  return api.post<InboundResult>(`/api/sandbox/${accountId}/inbound`, input);
}

/** Shows a just-simulated message at once instead of waiting for the next poll. */
export function rememberInbound(queryClient: QueryClient, result: InboundResult): void {
  queryClient.setQueryData<Page<Message>>(messagesKey(result.conversationId), (old) =>
    old ? { ...old, items: [result.message, ...old.items.filter((m) => m.id !== result.message.id)] } : old,
  );
  void queryClient.invalidateQueries({ queryKey: ['conversations'] });
}
