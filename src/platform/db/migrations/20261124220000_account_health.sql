-- Account health (issue 6): per-account hourly counters of send outcomes from every sending path, the account's
-- health state (first send, totals, an automatic pause and its reasons, the baseline a person resumed from), and
-- per-organization overrides of the pause thresholds.

CREATE TABLE channel_send_signals (
  organization_id uuid NOT NULL,
  channel_account_id uuid NOT NULL,
  hour_start timestamptz NOT NULL,
  sent integer NOT NULL DEFAULT 0,
  failed integer NOT NULL DEFAULT 0,
  recipient_invalid integer NOT NULL DEFAULT 0,
  rate_limited integer NOT NULL DEFAULT 0,
  auth_revoked integer NOT NULL DEFAULT 0,
  rejected integer NOT NULL DEFAULT 0,
  PRIMARY KEY (channel_account_id, hour_start),
  FOREIGN KEY (organization_id, channel_account_id) REFERENCES channel_accounts (organization_id, id) ON DELETE CASCADE
);

CREATE TABLE channel_account_health (
  channel_account_id uuid PRIMARY KEY,
  organization_id uuid NOT NULL,
  first_send_at timestamptz,
  total_sent integer NOT NULL DEFAULT 0,
  total_attempts integer NOT NULL DEFAULT 0,
  paused_at timestamptz,
  pause_reasons jsonb,
  resumed_at timestamptz,
  resume_baseline jsonb,
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (organization_id, channel_account_id) REFERENCES channel_accounts (organization_id, id) ON DELETE CASCADE
);

CREATE TABLE channel_health_settings (
  organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  thresholds jsonb NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);
