import type { ConversationInboxColumns, InboxTables } from './inbox.tables.ts';
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CreatedAt, Json, JsonDefault, Timestamp, UpdatedAt } from '../../platform/db/column-types.ts';
import type { ChannelType } from '../channels/channels.tables.ts';

export type MessageStatus = 'received' | 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'unknown';

export interface MediaInfo {
  type: 'image' | 'video' | 'audio' | 'voice' | 'document' | 'sticker' | 'contact' | 'location' | 'other';
  mimeType?: string | null;
  fileName?: string | null;
  size?: number | null;
  url?: string | null;
  caption?: string | null;
  omitted?: boolean;
  /** The stored file (`media_files.id`, served by `GET /api/media/:id`) once `media.download` fetched it. */
  mediaId?: string | null;
  /** Inbound media the channel lets Parley fetch: `pending` until the download job ran, then stored or failed. */
  download?: 'pending' | 'stored' | 'failed' | 'too_large' | null;
  /** A voice note or audio message as text, when a speech-to-text endpoint is configured. */
  transcript?: string | null;
}

export interface ConversationsTable extends ConversationInboxColumns {
  id: Generated<string>;
  organization_id: string;
  channel: ChannelType | 'whatsapp_export' | 'telegram_export';
  channel_account_id: string | null;
  external_chat_id: string;
  contact_id: string | null;
  is_group: Generated<boolean>;
  title: string | null;
  last_message_at: Timestamp | null;
  last_message_preview: string | null;
  last_inbound_at: Timestamp | null;
  unread_count: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MessagesTable {
  id: Generated<string>;
  organization_id: string;
  conversation_id: string;
  direction: 'inbound' | 'outbound';
  kind: Generated<'text' | 'media' | 'system'>;
  external_id: string | null;
  author_contact_id: string | null;
  author_user_id: string | null;
  author_name: string | null;
  body: Generated<string>;
  media: Json<MediaInfo> | null;
  status: MessageStatus;
  error: string | null;
  sent_at: ColumnType<Date, Date | string | undefined, Date | string>;
  delivered_at: Timestamp | null;
  read_at: Timestamp | null;
  metadata: JsonDefault;
  created_at: CreatedAt;
}

export type Conversation = Selectable<ConversationsTable>;

export type Message = Selectable<MessagesTable>;

/** The tables the conversations module owns: only its own files name them in SQL. */
export interface ConversationsTables extends InboxTables {
  conversations: ConversationsTable;
  messages: MessagesTable;
}
