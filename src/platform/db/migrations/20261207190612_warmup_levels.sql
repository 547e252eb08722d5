-- Warm-up levels (issue 13): each sending account climbs a level after a healthy day and drops on blocks, spam
-- reports and failure bursts; today's allowance follows the level. One row per account, caught up lazily day by day.

CREATE TABLE channel_account_warmup (
  channel_account_id uuid PRIMARY KEY,
  organization_id uuid NOT NULL,
  level integer NOT NULL DEFAULT 0,
  -- The warm-up start the level was counted from: a restarted warm-up starts the level again.
  curve_started_at timestamptz NOT NULL,
  -- The last local day (organization zone, YYYY-MM-DD) whose outcomes were judged.
  evaluated_through text NOT NULL,
  -- A day whose problems already dropped the level at the moment they happened: judged again, it only holds.
  dropped_on text,
  changed_at timestamptz,
  change_reason text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (organization_id, channel_account_id) REFERENCES channel_accounts (organization_id, id) ON DELETE CASCADE
);
