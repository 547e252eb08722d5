/** Every domain event the application writes to the outbox; webhooks subscribe to these names. */
export const EVENT_TYPES = [
  'contact.created',
  'contact.deleted',
  'contact.opted_out',
  'contact.opted_in',
  'message.received',
  'message.sent',
  'message.delivered',
  'message.read',
  'message.failed',
  'lead.created',
  'lead.stage_changed',
  'lead.deleted',
  'channel_account.active',
  'channel_account.paused',
  'channel_account.disconnected',
  'import.completed',
  'analysis.completed',
  'campaign.created',
  'campaign.started',
  'campaign.paused',
  'campaign.resumed',
  'campaign.completed',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
