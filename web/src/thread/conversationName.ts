import type { Conversation } from '../types.ts';

/** What to call a conversation: the group title, else the contact, else the chat id. */
export function conversationName(conversation: Conversation): string {
  if (conversation.isGroup && conversation.title) return conversation.title;
  return conversation.contact?.displayName || conversation.title || conversation.externalChatId;
}
