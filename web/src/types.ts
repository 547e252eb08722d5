// Shapes of the Parley HTTP API as the UI uses them (see the API contract in src/modules/*/schemas).

export type Role = 'owner' | 'admin' | 'agent';

export interface Organization {
  id: string;
  slug: string;
  name: string;
  defaultRegion: string;
  timezone: string;
  locale: string;
  currency: string;
  createdAt: string;
}

export interface Me {
  user: { id: string; email: string; name: string; locale: string | null };
  organization: Organization;
  role: Role;
  organizations: { id: string; slug: string; name: string; role: Role }[];
  via: 'session' | 'token';
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Contact {
  id: string;
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  email: string | null;
  telegramId: string | null;
  telegramUsername: string | null;
  language: string | null;
  tags: string[];
  customFields: Record<string, unknown>;
  companyId: string | null;
  source: string;
  optedOut: boolean;
  optedOutAt: string | null;
  optOutReason: string | null;
  lastMessageAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type Channel =
  | 'sandbox'
  | 'evolution'
  | 'whatsapp_cloud'
  | 'telegram_bot'
  | 'telegram_user'
  | 'whatsapp_export'
  | 'telegram_export';

export interface Conversation {
  id: string;
  channel: Channel;
  channelAccountId: string | null;
  externalChatId: string;
  contact: { id: string; displayName: string; phone: string | null; optedOut: boolean; tags: string[] } | null;
  isGroup: boolean;
  title: string | null;
  lastMessageAt: string | null;
  lastMessagePreview: string | null;
  unreadCount: number;
  status: ConversationStatus;
  snoozedUntil: string | null;
  assignee: { id: string; name: string } | null;
  interestLevel: 'hot' | 'warm' | 'cold' | null;
  createdAt: string;
}

export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';

export interface InboxCounts {
  mine: { open: number; unread: number };
  unassigned: { open: number; unread: number };
  all: { open: number; unread: number };
}

export interface ConversationNote {
  id: string;
  conversationId: string;
  authorUserId: string | null;
  authorName: string | null;
  body: string;
  mentionedUserIds: string[];
  createdAt: string;
}

export interface SavedReply {
  id: string;
  shortcut: string;
  body: string;
}

export interface MessageHit {
  messageId: string;
  conversationId: string;
  direction: 'inbound' | 'outbound';
  excerpt: string;
  sentAt: string;
  conversationName: string | null;
  channel: string;
}

export interface Member {
  id: string;
  name: string;
  email: string;
  role: Role;
  isDisabled: boolean;
}

export type MessageStatus = 'received' | 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'unknown';

export interface Message {
  id: string;
  conversationId: string;
  direction: 'inbound' | 'outbound';
  kind: 'text' | 'media' | 'system';
  body: string | null;
  authorName: string | null;
  authorContactId: string | null;
  authorUserId: string | null;
  status: MessageStatus;
  error: string | null;
  media: {
    type: string;
    mimeType?: string | null;
    fileName?: string | null;
    caption?: string | null;
    omitted?: boolean;
    size?: number | null;
    /** The stored file (`GET /api/media/:id`), once downloaded from the channel. */
    mediaId?: string | null;
    download?: 'pending' | 'stored' | 'failed' | 'too_large' | null;
    /** A voice note as text, when speech-to-text is configured. */
    transcript?: string | null;
  } | null;
  sentAt: string | null;
  deliveredAt: string | null;
  readAt: string | null;
  externalId: string | null;
  createdAt: string;
  /** Written by the autopilot. */
  autopilot?: boolean;
}

export interface ChannelAccount {
  id: string;
  channel: Channel;
  name: string;
  address: string | null;
  status: string;
  createdAt: string;
}

export interface Stage {
  id: string;
  key: string;
  name: string;
  position: number;
  kind: 'open' | 'won' | 'lost';
  baseScore: number | null;
  /** What the stage means, in the business's words; the import's stage classifier matches dialogs against it. */
  description?: string | null;
}

export interface Pipeline {
  id: string;
  key: string;
  name: string;
  isDefault: boolean;
  stages: Stage[];
}

export interface Lead {
  id: string;
  contactId: string;
  contactName: string;
  pipelineId: string;
  stageId: string;
  stageKey: string;
  ownerUserId: string | null;
  title: string | null;
  value: number | null;
  currency: string | null;
  score: number | null;
  interestLevel: 'hot' | 'warm' | 'cold' | null;
  source: string;
  autopilot: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface Member {
  id: string;
  email: string;
  name: string;
  role: Role;
  isDisabled: boolean;
  createdAt: string;
}

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface Webhook {
  id: string;
  url: string;
  eventTypes: string[];
  isActive: boolean;
  createdAt: string;
}
