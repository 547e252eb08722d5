-- One row per AI call (provider or offline fallback): tokens, cost and latency for usage reporting and budgets.
CREATE TABLE ai_calls (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  task text NOT NULL,
  provider text NOT NULL,
  model text NOT NULL,
  prompt_tokens int NOT NULL DEFAULT 0,
  completion_tokens int NOT NULL DEFAULT 0,
  cost_usd numeric(12,6) NOT NULL DEFAULT 0,
  latency_ms int NOT NULL DEFAULT 0,
  fallback_reason text NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ai_calls_org_created_idx ON ai_calls (organization_id, created_at DESC);
