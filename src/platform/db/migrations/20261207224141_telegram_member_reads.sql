-- Reading a Telegram group's members into a campaign audience as a background task (issue 16): page by page
-- through channels.getParticipants, with its progress (members read of the total, kept after the filters), a
-- cancel the next page obeys, and its outcome.

CREATE TABLE telegram_member_reads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  channel_account_id uuid NOT NULL,
  group_id text NOT NULL,
  group_title text,
  filters jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'cancelled', 'failed')),
  cancel_requested boolean NOT NULL DEFAULT false,
  total integer,
  read_count integer NOT NULL DEFAULT 0,
  kept_count integer NOT NULL DEFAULT 0,
  created_count integer NOT NULL DEFAULT 0,
  retry_after_seconds integer,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  FOREIGN KEY (organization_id, channel_account_id) REFERENCES channel_accounts (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX telegram_member_reads_account ON telegram_member_reads (organization_id, channel_account_id, created_at DESC);
