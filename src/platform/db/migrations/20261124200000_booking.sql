-- Booking (issue 7): the built-in calendar — services, staff with working hours, which staff do which service,
-- visit history and appointments — plus the organization's booking settings (which system is the source of truth:
-- the built-in calendar or YClients) and the reports of CSV visit imports. Rows synced from YClients live in the
-- same tables with source = 'yclients' and the provider's id in external_id, so the reactivation queries read one
-- set of tables whatever the booking system.

CREATE TABLE booking_services (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  category text,
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 1440),
  price numeric(12, 2) NOT NULL DEFAULT 0 CHECK (price >= 0),
  currency text NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  source text NOT NULL DEFAULT 'builtin',
  external_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id)
);
CREATE UNIQUE INDEX booking_services_external_key ON booking_services (organization_id, source, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX booking_services_org_name_idx ON booking_services (organization_id, lower(name));

-- working_hours: { "mon": [["09:00", "18:00"]], …, "sun": [] } in the organization's time zone.
CREATE TABLE booking_staff (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  working_hours jsonb NOT NULL DEFAULT '{}',
  is_active boolean NOT NULL DEFAULT true,
  source text NOT NULL DEFAULT 'builtin',
  external_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id)
);
CREATE UNIQUE INDEX booking_staff_external_key ON booking_staff (organization_id, source, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX booking_staff_org_name_idx ON booking_staff (organization_id, lower(name));

CREATE TABLE booking_staff_services (
  organization_id uuid NOT NULL,
  staff_id uuid NOT NULL,
  service_id uuid NOT NULL,
  PRIMARY KEY (staff_id, service_id),
  FOREIGN KEY (organization_id, staff_id) REFERENCES booking_staff (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, service_id) REFERENCES booking_services (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX booking_staff_services_service_idx ON booking_staff_services (service_id);

-- Visit history: what the client had done, with whom, when and for how much. fingerprint makes every way in
-- (CSV, YClients, a completed appointment) idempotent: the same visit arriving twice is stored once.
CREATE TABLE booking_visits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  contact_id uuid NOT NULL,
  service_id uuid NOT NULL,
  staff_id uuid,
  start_at timestamptz NOT NULL,
  price_paid numeric(12, 2) NOT NULL DEFAULT 0 CHECK (price_paid >= 0),
  currency text NOT NULL,
  status text NOT NULL DEFAULT 'completed' CHECK (status IN ('completed', 'no_show', 'cancelled')),
  source text NOT NULL DEFAULT 'manual',
  external_id text,
  fingerprint text NOT NULL,
  import_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id),
  UNIQUE (organization_id, fingerprint),
  FOREIGN KEY (organization_id, contact_id) REFERENCES contacts (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, service_id) REFERENCES booking_services (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, staff_id) REFERENCES booking_staff (organization_id, id) ON DELETE SET NULL (staff_id)
);
-- The detector walks completed visits per service and client in time order; the preference analyser per client.
CREATE INDEX booking_visits_service_contact_idx ON booking_visits (organization_id, service_id, contact_id, start_at) WHERE status = 'completed';
CREATE INDEX booking_visits_contact_idx ON booking_visits (organization_id, contact_id, start_at);
CREATE INDEX booking_visits_org_time_idx ON booking_visits (organization_id, start_at DESC, id DESC);

CREATE TABLE booking_appointments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  contact_id uuid NOT NULL,
  service_id uuid NOT NULL,
  staff_id uuid NOT NULL,
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL,
  price numeric(12, 2) NOT NULL DEFAULT 0 CHECK (price >= 0),
  currency text NOT NULL,
  status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'completed', 'cancelled', 'no_show')),
  -- Who made it: the calendar UI/API, a reactivation offer the client accepted, a sync from YClients.
  source text NOT NULL DEFAULT 'manual',
  external_id text,
  comment text,
  visit_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  cancelled_at timestamptz,
  CHECK (end_at > start_at),
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, contact_id) REFERENCES contacts (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, service_id) REFERENCES booking_services (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, staff_id) REFERENCES booking_staff (organization_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX booking_appointments_external_key ON booking_appointments (organization_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX booking_appointments_staff_time_idx ON booking_appointments (staff_id, start_at) WHERE status = 'booked';
CREATE INDEX booking_appointments_contact_idx ON booking_appointments (organization_id, contact_id, start_at) WHERE status = 'booked';
CREATE INDEX booking_appointments_org_time_idx ON booking_appointments (organization_id, start_at, id);

-- Absent = the built-in calendar with default slot settings. YClients tokens are sealed (SECRET_KEY).
CREATE TABLE booking_settings (
  organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  provider text NOT NULL DEFAULT 'builtin' CHECK (provider IN ('builtin', 'yclients')),
  slot_step_minutes integer NOT NULL DEFAULT 30 CHECK (slot_step_minutes BETWEEN 5 AND 240),
  min_lead_minutes integer NOT NULL DEFAULT 60 CHECK (min_lead_minutes BETWEEN 0 AND 10080),
  yclients jsonb,
  secrets_encrypted text,
  last_sync jsonb,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE booking_visit_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  file_name text,
  report jsonb NOT NULL,
  created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id)
);
CREATE INDEX booking_visit_imports_org_idx ON booking_visit_imports (organization_id, created_at DESC);
