-- Staff time off (seed 003, edge case 3 — a master on vacation): days a staff member does not work although the
-- weekly hours say they do. Free slots and bookings of the built-in calendar skip these days, so reactivation offers
-- another master's time instead of a slot nobody will serve. Dates are local to the organization, ends_on inclusive.
CREATE TABLE booking_staff_time_off (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  staff_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('vacation', 'day_off')),
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  note text CHECK (length(note) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on >= starts_on),
  FOREIGN KEY (organization_id, staff_id) REFERENCES booking_staff (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX booking_staff_time_off_staff_idx ON booking_staff_time_off (organization_id, staff_id, ends_on);
