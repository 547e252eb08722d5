-- Telegram user accounts (MTProto). The session itself is sealed with the other credentials in
-- channel_accounts.secrets_encrypted; this table keeps what MTProto needs to address a peer again after a
-- restart: a user or channel can only be written to with the access_hash the account was given for it.
CREATE TABLE telegram_user_peers (
  channel_account_id uuid NOT NULL,
  organization_id uuid NOT NULL,
  -- Marked id as GramJS's getPeerId spells it: "123" a user, "-123" a basic group, "-100123" a channel.
  peer_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('user', 'chat', 'channel')),
  access_hash text,
  username text,
  phone text,
  title text,
  -- A broadcast channel (subscribers, posts) rather than a group or supergroup.
  broadcast boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_account_id, peer_id),
  FOREIGN KEY (organization_id, channel_account_id) REFERENCES channel_accounts (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX telegram_user_peers_username_idx ON telegram_user_peers (channel_account_id, lower(username)) WHERE username IS NOT NULL;
