-- Failed sign-ins per account (the e-mail typed, existing or not) and per client address, shared by every API
-- process: growing delays and temporary locks survive restarts and hold behind a load balancer.
CREATE TABLE login_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  last_failure_at timestamptz NOT NULL,
  next_attempt_at timestamptz,
  locked_until timestamptz
);
