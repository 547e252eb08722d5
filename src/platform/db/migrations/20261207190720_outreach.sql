-- One outbound path (outreach module). The budget row of an account now counts every send from it, whichever
-- feature made it; a reply waiting for the pace marks it so cold outreach stands aside; an account may override the
-- organization's send window (quiet hours).
ALTER TABLE account_send_budget ADD COLUMN reply_waiting_since timestamptz;
ALTER TABLE account_send_budget ADD COLUMN send_window jsonb;

-- Per organization: the send window automated messages keep to (NULL = 09:00–21:00).
CREATE TABLE outreach_settings (
  organization_id uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
  send_window jsonb,
  updated_at timestamptz NOT NULL DEFAULT now()
);
