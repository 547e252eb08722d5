export type TelegramMediaType = 'image' | 'video' | 'audio' | 'voice' | 'document' | 'sticker' | 'contact' | 'location' | 'other';

export interface TelegramMedia {
  type: TelegramMediaType;
  /** The attached file's name (`file_name`, else the base name of `photo`/`file`); absent when not exported. */
  fileName?: string;
  /** true when the export only holds a placeholder ("(File not included. …)", "(File exceeds maximum size. …)"). */
  omitted: boolean;
}

export interface TelegramMessage {
  /** 0-based position in the chat's `messages` array (skipped malformed entries leave gaps). */
  index: number;
  /** Telegram's message id; the array position when the export has none. */
  id: number | string;
  timestamp: Date;
  /** `from` (or `actor` for service messages); null for deleted accounts / unknown senders. */
  author: string | null;
  /** `from_id` / `actor_id` as exported: 'user123', 'channel456'. */
  authorId: string | null;
  /** Rich-text arrays flattened to plain text; for system messages a readable sentence without the actor. */
  text: string;
  kind: 'text' | 'media' | 'system';
  media?: TelegramMedia;
}

export interface TelegramChatProblem {
  /** 0-based position in the chat's `messages` array; -1 for a problem with the chat itself. */
  index: number;
  reason: string;
}

export interface TelegramChat {
  /** `id` as a string; `chat-N` (N = position in the list) when the export has none. */
  id: string;
  name: string | null;
  /** personal_chat, bot_chat, saved_messages, private_group, private_supergroup, public_supergroup, private_channel, public_channel; 'unknown' when absent. */
  type: string;
  isPersonal: boolean;
  isGroup: boolean;
  messages: TelegramMessage[];
  problems: TelegramChatProblem[];
}

export interface TelegramOwner {
  /** 'user123' (same form as `authorId`). */
  id: string | null;
  name: string | null;
  phone: string | null;
}

export interface TelegramContact {
  firstName: string;
  lastName: string;
  /** As written in the export; null when empty. */
  phone: string | null;
  date?: Date;
}

export interface TelegramExport {
  kind: 'single' | 'account';
  owner: TelegramOwner | null;
  chats: TelegramChat[];
  contacts: TelegramContact[];
}
