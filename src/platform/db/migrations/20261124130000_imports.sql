-- Import runs: one row per import (CLI or web upload), with live progress and the final report.
CREATE TABLE import_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  source text NOT NULL CHECK (source IN ('whatsapp', 'telegram', 'evolution', 'csv')),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
  is_dry_run boolean NOT NULL DEFAULT false,
  file_name text,
  options jsonb NOT NULL DEFAULT '{}',
  progress jsonb NOT NULL DEFAULT '{}',
  report jsonb,
  error text,
  created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  UNIQUE (organization_id, id)
);
CREATE INDEX import_runs_org_created_idx ON import_runs (organization_id, created_at DESC);
