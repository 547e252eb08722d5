-- Client reactivation (issue 7, seed 003 part 1): per-organization settings, per-service reactivation rules with
-- their adaptive interval and its source, and reactivation campaigns — one row per client and service being brought
-- back, the hook the campaign manager builds on and the detector reads to leave clients already in a campaign alone.

-- Absent = defaults (see reactivation settings service).
CREATE TABLE reactivation_settings (
  organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  is_enabled boolean NOT NULL DEFAULT false,
  business_type text NOT NULL DEFAULT 'beauty_salon',
  daily_run_time text NOT NULL DEFAULT '10:00' CHECK (daily_run_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  daily_limit integer NOT NULL DEFAULT 50 CHECK (daily_limit BETWEEN 1 AND 100000),
  recent_contact_days integer NOT NULL DEFAULT 14 CHECK (recent_contact_days BETWEEN 0 AND 365),
  max_overdue_days integer NOT NULL DEFAULT 180 CHECK (max_overdue_days BETWEEN 1 AND 3650),
  vip_min_visits integer NOT NULL DEFAULT 10 CHECK (vip_min_visits >= 1),
  vip_min_spend numeric(14, 2) CHECK (vip_min_spend >= 0),
  regular_min_visits integer NOT NULL DEFAULT 3 CHECK (regular_min_visits >= 1),
  service_min_intervals integer NOT NULL DEFAULT 5 CHECK (service_min_intervals >= 1),
  client_min_intervals integer NOT NULL DEFAULT 3 CHECK (client_min_intervals >= 1),
  slot_horizon_days integer NOT NULL DEFAULT 7 CHECK (slot_horizon_days BETWEEN 1 AND 60),
  slots_per_client integer NOT NULL DEFAULT 3 CHECK (slots_per_client BETWEEN 1 AND 5),
  last_run_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One rule per service. Every candidate interval is kept (manual, historical with its sample size, the AI's with its
-- reasoning, the business-type default) and interval_days/interval_source is the one chosen in that order.
CREATE TABLE reactivation_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  service_id uuid NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  manual_interval_days integer CHECK (manual_interval_days BETWEEN 1 AND 3650),
  historical_interval_days integer,
  historical_sample integer NOT NULL DEFAULT 0,
  ai_interval_days integer,
  ai_reasoning text,
  ai_model text,
  default_interval_days integer NOT NULL,
  interval_days integer NOT NULL CHECK (interval_days BETWEEN 1 AND 3650),
  interval_source text NOT NULL CHECK (interval_source IN ('manual', 'historical', 'ai', 'default')),
  -- A client with enough returns of their own is due by their own median rather than the service's.
  use_client_history boolean NOT NULL DEFAULT true,
  -- Discount in percent offered at attempt 1, 2, 3… (the message generator reads it).
  attempt_discounts integer[] NOT NULL DEFAULT '{0,10,15}',
  computed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id),
  UNIQUE (organization_id, service_id),
  FOREIGN KEY (organization_id, service_id) REFERENCES booking_services (organization_id, id) ON DELETE CASCADE
);

-- A client being brought back for a service. queued/active/responded are "in a campaign": the detector skips the
-- client, and at most one such row exists per client and service. The campaign manager moves it through attempts.
CREATE TABLE reactivation_campaigns (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  contact_id uuid NOT NULL,
  service_id uuid NOT NULL,
  rule_id uuid,
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'active', 'responded', 'booked', 'booked_direct', 'declined', 'opted_out', 'no_response', 'cancelled')),
  segment text NOT NULL CHECK (segment IN ('vip', 'regular', 'new')),
  overdue_days integer NOT NULL DEFAULT 0,
  interval_days integer NOT NULL,
  interval_source text NOT NULL,
  attempt integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  preferences jsonb,
  offered_slots jsonb NOT NULL DEFAULT '[]',
  appointment_id uuid,
  revenue numeric(12, 2),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, contact_id) REFERENCES contacts (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, service_id) REFERENCES booking_services (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, rule_id) REFERENCES reactivation_rules (organization_id, id) ON DELETE SET NULL (rule_id)
);
CREATE UNIQUE INDEX reactivation_campaigns_open_key ON reactivation_campaigns (organization_id, contact_id, service_id)
  WHERE status IN ('queued', 'active', 'responded');
CREATE INDEX reactivation_campaigns_contact_idx ON reactivation_campaigns (organization_id, contact_id, last_attempt_at);
CREATE INDEX reactivation_campaigns_due_idx ON reactivation_campaigns (next_attempt_at) WHERE status IN ('queued', 'active');
