-- Dialog analysis (seed 001) and business onboarding (seed 000): the brief and scoring rules per organization,
-- versioned analysis prompts, analysis runs, every analysis of a conversation (the newest is current), notes on
-- leads, and per-organization AI provider settings.

CREATE TABLE business_profiles (
  organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  brief jsonb NOT NULL,
  scoring jsonb NOT NULL,
  completed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE analysis_prompts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version > 0),
  text text NOT NULL,
  source text NOT NULL CHECK (source IN ('generated', 'template', 'edited')),
  provider text,
  model text,
  created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, version)
);

CREATE TABLE analysis_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  params jsonb NOT NULL DEFAULT '{}',
  total integer NOT NULL DEFAULT 0,
  done integer NOT NULL DEFAULT 0,
  stats jsonb,
  error text,
  created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  UNIQUE (organization_id, id)
);
CREATE INDEX analysis_runs_org_created_idx ON analysis_runs (organization_id, created_at DESC);

CREATE TABLE dialog_analyses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  lead_id uuid NOT NULL,
  run_id uuid,
  is_current boolean NOT NULL DEFAULT true,
  funnel_stage text NOT NULL,
  score integer NOT NULL CHECK (score BETWEEN 0 AND 100),
  interest_level text NOT NULL CHECK (interest_level IN ('hot', 'warm', 'cold')),
  breakdown jsonb NOT NULL DEFAULT '[]',
  niche text,
  role text,
  budget text,
  qualification jsonb NOT NULL DEFAULT '[]',
  qualification_complete boolean NOT NULL DEFAULT false,
  signals jsonb NOT NULL DEFAULT '[]',
  summary text NOT NULL DEFAULT '',
  next_action text NOT NULL DEFAULT '',
  language text,
  provider text NOT NULL,
  model text NOT NULL,
  fallback_reason text,
  prompt_version integer,
  incoming_count integer NOT NULL DEFAULT 0,
  message_count integer NOT NULL DEFAULT 0,
  last_message_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, conversation_id) REFERENCES conversations (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, contact_id) REFERENCES contacts (organization_id, id) ON DELETE CASCADE,
  -- Analyses belong to the lead they scored: deleting the lead deletes them.
  FOREIGN KEY (organization_id, lead_id) REFERENCES leads (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, run_id) REFERENCES analysis_runs (organization_id, id) ON DELETE SET NULL (run_id)
);
CREATE UNIQUE INDEX dialog_analyses_one_current ON dialog_analyses (conversation_id) WHERE is_current;
CREATE INDEX dialog_analyses_lead_idx ON dialog_analyses (organization_id, lead_id, created_at DESC);
CREATE INDEX dialog_analyses_conversation_idx ON dialog_analyses (conversation_id, created_at DESC);

-- A conversation whose lead was deleted from the analysis view is not analysed again unless forced.
CREATE TABLE analysis_exclusions (
  organization_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, conversation_id),
  FOREIGN KEY (organization_id, conversation_id) REFERENCES conversations (organization_id, id) ON DELETE CASCADE
);

CREATE TABLE lead_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  lead_id uuid NOT NULL,
  author_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, lead_id) REFERENCES leads (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX lead_notes_lead_idx ON lead_notes (organization_id, lead_id, created_at DESC);

CREATE INDEX leads_org_score_idx ON leads (organization_id, score DESC NULLS LAST, id DESC);

-- The organization's own model endpoint; without a row the environment's (or none: offline) applies.
CREATE TABLE ai_settings (
  organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  base_url text NOT NULL,
  model text NOT NULL,
  api_key_encrypted text,
  timeout_ms integer NOT NULL DEFAULT 30000 CHECK (timeout_ms BETWEEN 1000 AND 600000),
  concurrency integer NOT NULL DEFAULT 4 CHECK (concurrency BETWEEN 1 AND 64),
  prompt_price_per_1k numeric(12,6) NOT NULL DEFAULT 0,
  completion_price_per_1k numeric(12,6) NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ai_calls_org_task_idx ON ai_calls (organization_id, task, created_at DESC);
