-- Client reactivation, the sending half (issue 7, seed 003 parts 3–5): settings of the daily run and the sender,
-- the daily runs (one per organization and local date — the API's "campaigns"), and the attempts — one offer to one
-- client, from review through sending to the reply and the booking.

ALTER TABLE reactivation_settings
  ADD COLUMN auto_approve boolean NOT NULL DEFAULT false,
  ADD COLUMN channel_account_id uuid,
  ADD COLUMN send_window jsonb NOT NULL DEFAULT '{"start":"10:00","end":"20:00","daysOfWeek":[1,2,3,4,5,6]}',
  ADD COLUMN max_attempts integer NOT NULL DEFAULT 3 CHECK (max_attempts BETWEEN 1 AND 10),
  ADD COLUMN attempt_spacing_days integer NOT NULL DEFAULT 7 CHECK (attempt_spacing_days BETWEEN 1 AND 90),
  ADD COLUMN attribution_window_days integer NOT NULL DEFAULT 14 CHECK (attribution_window_days BETWEEN 0 AND 180),
  ADD COLUMN message_cost numeric(12, 4) NOT NULL DEFAULT 0 CHECK (message_cost >= 0);

-- One per organization and local date: the unique key is what makes the daily run safe from several job processes.
CREATE TABLE reactivation_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  run_date date NOT NULL,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
  trigger text NOT NULL DEFAULT 'schedule' CHECK (trigger IN ('schedule', 'manual')),
  created integer NOT NULL DEFAULT 0,
  followups integer NOT NULL DEFAULT 0,
  error text,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  UNIQUE (organization_id, id),
  UNIQUE (organization_id, run_date)
);

CREATE TABLE reactivation_attempts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  run_id uuid NOT NULL,
  client_campaign_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  service_id uuid NOT NULL,
  staff_id uuid,
  attempt_number integer NOT NULL,
  discount_percent integer NOT NULL DEFAULT 0,
  slots jsonb NOT NULL DEFAULT '[]',
  message text NOT NULL,
  message_source text NOT NULL CHECK (message_source IN ('ai', 'template')),
  status text NOT NULL CHECK (status IN ('pending_review', 'approved', 'scheduled', 'sent', 'replied', 'booked', 'declined', 'opted_out', 'skipped', 'failed', 'expired')),
  scheduled_at timestamptz,
  -- Claim-before-send: set by the one sender that may queue the message.
  send_claimed_at timestamptz,
  sent_at timestamptz,
  channel_account_id uuid,
  conversation_id uuid,
  message_id uuid,
  reply_class text CHECK (reply_class IN ('positive', 'negative', 'neutral')),
  replied_at timestamptz,
  booked_appointment_id uuid,
  booked_directly boolean NOT NULL DEFAULT false,
  revenue numeric(12, 2),
  reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id),
  UNIQUE (client_campaign_id, attempt_number),
  UNIQUE (run_id, contact_id),
  FOREIGN KEY (organization_id, run_id) REFERENCES reactivation_runs (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, client_campaign_id) REFERENCES reactivation_campaigns (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, contact_id) REFERENCES contacts (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX reactivation_attempts_contact_idx ON reactivation_attempts (organization_id, contact_id, created_at DESC);
CREATE INDEX reactivation_attempts_page_idx ON reactivation_attempts (organization_id, created_at DESC, id DESC);
CREATE INDEX reactivation_attempts_sent_idx ON reactivation_attempts (organization_id, sent_at) WHERE sent_at IS NOT NULL;

-- Replies of clients to the offers, classified (one row per inbound message handled).
CREATE TABLE reactivation_replies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  attempt_id uuid NOT NULL,
  message_id uuid NOT NULL UNIQUE,
  body text NOT NULL,
  reply_class text NOT NULL CHECK (reply_class IN ('positive', 'negative', 'neutral')),
  intent text NOT NULL,
  source text NOT NULL CHECK (source IN ('ai', 'rules')),
  action text NOT NULL,
  received_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (organization_id, attempt_id) REFERENCES reactivation_attempts (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX reactivation_replies_attempt_idx ON reactivation_replies (attempt_id, received_at);
