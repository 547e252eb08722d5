-- Autopilot (issue 8): per-organization settings and FAQ, one row per inbound message the autopilot handled
-- (replied, handed over, or skipped, and why), and in-app notifications (handovers reach the team here).

CREATE TABLE autopilot_settings (
  organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  default_on boolean NOT NULL DEFAULT false,
  faq jsonb NOT NULL DEFAULT '[]',
  typing_delay_seconds integer NOT NULL DEFAULT 20 CHECK (typing_delay_seconds BETWEEN 0 AND 600),
  working_hours jsonb,
  handover_phrases jsonb,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE autopilot_replies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  lead_id uuid,
  trigger_message_id uuid NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('replied', 'handed_over', 'skipped')),
  reason text NOT NULL,
  reply_message_id uuid,
  provider text,
  model text,
  fallback_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id),
  UNIQUE (trigger_message_id),
  FOREIGN KEY (organization_id, conversation_id) REFERENCES conversations (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, lead_id) REFERENCES leads (organization_id, id) ON DELETE SET NULL (lead_id)
);
CREATE INDEX autopilot_replies_conversation_idx ON autopilot_replies (organization_id, conversation_id, created_at DESC);

CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  kind text NOT NULL,
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  subject_type text,
  subject_id uuid,
  link text,
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id)
);
CREATE INDEX notifications_org_created_idx ON notifications (organization_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (organization_id) WHERE read_at IS NULL;
