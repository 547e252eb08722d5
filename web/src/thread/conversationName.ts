import { parsePhoneNumberFromString } from 'libphonenumber-js';
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

/** A name that is only a phone number (an imported author known by number) reads as people write it: +996 700 111 222. */
function readablePhone(name: string): string {
  if (!/^\+?[\d\s()-]{7,}$/.test(name)) return name;
  const parsed = parsePhoneNumberFromString(name.startsWith('+') ? name : `+${name}`);
  return parsed?.isValid() ? parsed.formatInternational() : name;
}

/** What to call a conversation: the group title, else the contact, else a readable form of the chat id. */
export function conversationName(conversation: Conversation): string {
  if (conversation.isGroup && conversation.title) return conversation.title;
  return readablePhone(conversation.contact?.displayName || conversation.title || readableChatId(conversation.externalChatId));
}
