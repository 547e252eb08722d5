-- Re-engagement queue (issue 8, seed 000): per-organization settings, one queue per organization per local date
-- (the unique key makes formation safe from several job processes), and one item per picked lead with the message
-- generated once at formation, its review, its time slot, its send and what came of it.

CREATE TABLE reengagement_settings (
  organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  settings jsonb NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reengagement_queues (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  queue_date text NOT NULL,
  status text NOT NULL DEFAULT 'forming' CHECK (status IN ('forming', 'ready', 'failed')),
  lease_until timestamptz,
  channel_account_id uuid,
  candidates integer NOT NULL DEFAULT 0,
  eligible integer NOT NULL DEFAULT 0,
  picked integer NOT NULL DEFAULT 0,
  allowance integer,
  scorer text,
  scorer_fallback_reason text,
  window_start timestamptz,
  window_end timestamptz,
  slot_minutes integer NOT NULL DEFAULT 30,
  min_gap_ms integer NOT NULL DEFAULT 0,
  next_send_at timestamptz,
  error text,
  formed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id),
  UNIQUE (organization_id, queue_date),
  FOREIGN KEY (organization_id, channel_account_id) REFERENCES channel_accounts (organization_id, id) ON DELETE SET NULL (channel_account_id)
);

CREATE TABLE reengagement_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  queue_id uuid NOT NULL,
  lead_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  rank integer NOT NULL,
  priority integer NOT NULL,
  reasons jsonb NOT NULL DEFAULT '[]',
  why text NOT NULL DEFAULT '',
  stage_key text NOT NULL,
  stage_position integer NOT NULL,
  days_quiet integer NOT NULL,
  message text NOT NULL,
  generated_message text NOT NULL,
  message_source text NOT NULL CHECK (message_source IN ('ai', 'offline')),
  status text NOT NULL CHECK (status IN ('pending_review', 'approved', 'skipped', 'sending', 'sent', 'failed', 'replied', 'converted', 'no_reply', 'expired', 'cancelled')),
  slot_start timestamptz NOT NULL,
  scheduled_at timestamptz NOT NULL,
  edited boolean NOT NULL DEFAULT false,
  reviewed_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  reviewed_at timestamptz,
  channel_account_id uuid,
  conversation_id uuid,
  message_id uuid,
  sent_at timestamptz,
  replied_at timestamptz,
  reply_message_id uuid,
  opted_out boolean NOT NULL DEFAULT false,
  converted_at timestamptz,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id),
  UNIQUE (queue_id, lead_id),
  FOREIGN KEY (organization_id, queue_id) REFERENCES reengagement_queues (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, lead_id) REFERENCES leads (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX reengagement_items_queue_idx ON reengagement_items (queue_id, rank);
CREATE INDEX reengagement_items_due_idx ON reengagement_items (organization_id, scheduled_at) WHERE status = 'approved';
CREATE INDEX reengagement_items_contact_idx ON reengagement_items (organization_id, contact_id, created_at DESC);
CREATE INDEX reengagement_items_lead_idx ON reengagement_items (organization_id, lead_id, created_at DESC);
