-- The sandbox channel's own "provider side": what it accepted for delivery, keyed by our message id,
-- so a crashed send can be reconciled exactly as with a real provider that echoes a client reference.
CREATE TABLE sandbox_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  channel_account_id uuid NOT NULL,
  client_ref text NOT NULL,
  external_chat_id text NOT NULL,
  text text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel_account_id, client_ref),
  FOREIGN KEY (organization_id, channel_account_id) REFERENCES channel_accounts (organization_id, id) ON DELETE CASCADE
);
