-- Evolution API's own PostgreSQL as a source (issue 16, seed 001): per Evolution channel account, where its gateway
-- keeps messages (the URL sealed like other credentials), how often to read it (null: only on demand), and the
-- cursor — the last (messageTimestamp, id) read — so each sync reads only what is new.

CREATE TABLE evolution_db_syncs (
  channel_account_id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  db_url_sealed text NOT NULL,
  instance_name text NOT NULL,
  interval_minutes integer CHECK (interval_minutes IS NULL OR interval_minutes BETWEEN 5 AND 1440),
  cursor_timestamp bigint,
  cursor_id text,
  last_sync_at timestamptz,
  last_result jsonb,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (organization_id, channel_account_id) REFERENCES channel_accounts (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX evolution_db_syncs_due ON evolution_db_syncs (last_sync_at) WHERE interval_minutes IS NOT NULL;
