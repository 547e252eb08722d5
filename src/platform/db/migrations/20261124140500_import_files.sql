-- Uploaded files wait for their import job in the database, so any job process can run the import
-- (API and job processes need not share a disk). Deleted when the run finishes.
CREATE TABLE import_files (
  run_id uuid PRIMARY KEY,
  organization_id uuid NOT NULL,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (organization_id, run_id) REFERENCES import_runs (organization_id, id) ON DELETE CASCADE
);
