-- Real channels (Evolution API, WhatsApp Cloud API, Telegram Bot API). Credentials already live sealed
-- (AES-256-GCM) in channel_accounts.secrets_encrypted; this adds what the provider last said about the
-- account's connection, and the Telegram long-polling cursor.

-- Provider-side connection state (Evolution's connection.update, the bot's webhook mode, a rejected token):
-- shown in the UI and kept apart from the user's settings.
ALTER TABLE channel_accounts ADD COLUMN provider_state jsonb NOT NULL DEFAULT '{}';

-- One row per bot in polling mode: the getUpdates offset, and a lease so only one job process polls a bot
-- at a time (Telegram answers 409 to overlapping getUpdates calls).
CREATE TABLE channel_polls (
  channel_account_id uuid PRIMARY KEY,
  organization_id uuid NOT NULL,
  update_offset bigint NOT NULL DEFAULT 0,
  locked_by text,
  locked_until timestamptz,
  next_poll_at timestamptz NOT NULL DEFAULT now(),
  failures integer NOT NULL DEFAULT 0,
  last_error text,
  last_polled_at timestamptz,
  FOREIGN KEY (organization_id, channel_account_id) REFERENCES channel_accounts (organization_id, id) ON DELETE CASCADE
);
