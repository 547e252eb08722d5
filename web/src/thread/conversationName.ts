import type { Conversation } from '../types.ts';

/**
 * An imported chat without a contact is keyed by its export (`wa:chat:WhatsApp Chat with Anna.txt`): show the
 * person's part of it, never the key.
 */
function readableChatId(id: string): string {
  const bare = id
    .replace(/^(wa|tg|whatsapp|telegram)(_export)?:(chat:)?/i, '')
    .replace(/\.(txt|zip|json|html)$/i, '')
    .replace(/^(WhatsApp Chat with|WhatsApp Chat -|Чат WhatsApp с|Чат WhatsApp -)\s*/i, '')
    .trim();
  return bare || id;
}

/** What to call a conversation: the group title, else the contact, else a readable form of the chat id. */
export function conversationName(conversation: Conversation): string {
  if (conversation.isGroup && conversation.title) return conversation.title;
  return conversation.contact?.displayName || conversation.title || readableChatId(conversation.externalChatId);
}
