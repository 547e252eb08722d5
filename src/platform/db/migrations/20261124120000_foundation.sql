-- Foundation: organizations, access, contacts, conversations, messages, pipelines, leads, events, jobs.
-- Every tenant-owned table carries organization_id; child tables reference (organization_id, id) so a row
-- can never point at another organization's row.

CREATE TABLE organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text NOT NULL,
  default_region text NOT NULL DEFAULT 'KG',
  timezone text NOT NULL DEFAULT 'UTC',
  locale text NOT NULL DEFAULT 'ru',
  currency text NOT NULL DEFAULT 'USD',
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  name text NOT NULL,
  password_hash text NOT NULL,
  locale text,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE memberships (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'agent')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash text NOT NULL UNIQUE,
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  created_by_user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'agent')),
  token_prefix text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id)
);

CREATE TABLE companies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text NOT NULL,
  domain text,
  phone_e164 text,
  custom_fields jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id)
);
CREATE INDEX companies_org_name_idx ON companies (organization_id, lower(name));

CREATE TABLE contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  company_id uuid,
  first_name text,
  last_name text,
  display_name text NOT NULL,
  phone_e164 text,
  phone_raw text,
  email text,
  telegram_id text,
  telegram_username text,
  language text,
  tags text[] NOT NULL DEFAULT '{}',
  custom_fields jsonb NOT NULL DEFAULT '{}',
  source text NOT NULL DEFAULT 'manual',
  opted_out_at timestamptz,
  opt_out_reason text,
  last_message_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, company_id) REFERENCES companies (organization_id, id) ON DELETE SET NULL (company_id)
);
CREATE UNIQUE INDEX contacts_org_phone_key ON contacts (organization_id, phone_e164) WHERE phone_e164 IS NOT NULL;
CREATE UNIQUE INDEX contacts_org_telegram_id_key ON contacts (organization_id, telegram_id) WHERE telegram_id IS NOT NULL;
CREATE INDEX contacts_org_telegram_username_idx ON contacts (organization_id, lower(telegram_username));
CREATE INDEX contacts_org_email_idx ON contacts (organization_id, lower(email));
CREATE INDEX contacts_org_created_idx ON contacts (organization_id, created_at DESC, id DESC);
CREATE INDEX contacts_org_name_idx ON contacts (organization_id, lower(display_name));
CREATE INDEX contacts_tags_idx ON contacts USING gin (tags);

CREATE TABLE channel_accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('sandbox', 'evolution', 'whatsapp_cloud', 'telegram_bot', 'telegram_user')),
  name text NOT NULL,
  address text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'disconnected')),
  settings jsonb NOT NULL DEFAULT '{}',
  secrets_encrypted text,
  webhook_secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id)
);

CREATE TABLE conversations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  channel text NOT NULL,
  channel_account_id uuid,
  external_chat_id text NOT NULL,
  contact_id uuid,
  is_group boolean NOT NULL DEFAULT false,
  title text,
  last_message_at timestamptz,
  last_message_preview text,
  last_inbound_at timestamptz,
  unread_count integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, channel_account_id) REFERENCES channel_accounts (organization_id, id) ON DELETE SET NULL (channel_account_id),
  FOREIGN KEY (organization_id, contact_id) REFERENCES contacts (organization_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX conversations_external_key
  ON conversations (organization_id, channel, channel_account_id, external_chat_id) NULLS NOT DISTINCT;
CREATE INDEX conversations_org_recent_idx ON conversations (organization_id, last_message_at DESC NULLS LAST, id DESC);
CREATE INDEX conversations_contact_idx ON conversations (organization_id, contact_id);

CREATE TABLE messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  conversation_id uuid NOT NULL,
  direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  kind text NOT NULL DEFAULT 'text' CHECK (kind IN ('text', 'media', 'system')),
  external_id text,
  author_contact_id uuid,
  author_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  author_name text,
  body text NOT NULL DEFAULT '',
  media jsonb,
  status text NOT NULL CHECK (status IN ('received', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'unknown')),
  error text,
  sent_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  read_at timestamptz,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, conversation_id) REFERENCES conversations (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, author_contact_id) REFERENCES contacts (organization_id, id) ON DELETE SET NULL (author_contact_id)
);
CREATE UNIQUE INDEX messages_conversation_external_key ON messages (conversation_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX messages_conversation_time_idx ON messages (conversation_id, sent_at DESC, id DESC);

CREATE TABLE pipelines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  key text NOT NULL,
  name text NOT NULL,
  is_default boolean NOT NULL DEFAULT false,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id),
  UNIQUE (organization_id, key)
);
CREATE UNIQUE INDEX pipelines_one_default ON pipelines (organization_id) WHERE is_default;

CREATE TABLE pipeline_stages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  pipeline_id uuid NOT NULL,
  key text NOT NULL,
  name text NOT NULL,
  position integer NOT NULL,
  kind text NOT NULL DEFAULT 'open' CHECK (kind IN ('open', 'won', 'lost')),
  base_score integer CHECK (base_score BETWEEN 0 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id),
  UNIQUE (pipeline_id, key),
  FOREIGN KEY (organization_id, pipeline_id) REFERENCES pipelines (organization_id, id) ON DELETE CASCADE
);

CREATE TABLE leads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  pipeline_id uuid NOT NULL,
  stage_id uuid NOT NULL,
  owner_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  title text,
  value numeric(14, 2),
  currency text,
  score integer CHECK (score BETWEEN 0 AND 100),
  interest_level text CHECK (interest_level IN ('hot', 'warm', 'cold')),
  source text NOT NULL DEFAULT 'manual',
  autopilot boolean NOT NULL DEFAULT false,
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, contact_id) REFERENCES contacts (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, pipeline_id) REFERENCES pipelines (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, stage_id) REFERENCES pipeline_stages (organization_id, id) ON DELETE RESTRICT
);
CREATE INDEX leads_org_stage_idx ON leads (organization_id, stage_id);
CREATE INDEX leads_org_contact_idx ON leads (organization_id, contact_id);
CREATE INDEX leads_org_created_idx ON leads (organization_id, created_at DESC, id DESC);

CREATE TABLE lead_stage_history (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  lead_id uuid NOT NULL,
  from_stage_id uuid,
  to_stage_id uuid NOT NULL,
  changed_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  source text NOT NULL DEFAULT 'manual',
  reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (organization_id, lead_id) REFERENCES leads (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX lead_stage_history_lead_idx ON lead_stage_history (lead_id, created_at);

-- Transactional outbox: written in the same transaction as the change it describes.
CREATE TABLE events (
  id bigserial PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  type text NOT NULL,
  subject_type text NOT NULL,
  subject_id uuid,
  payload jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  dispatched_at timestamptz
);
CREATE INDEX events_undispatched_idx ON events (id) WHERE dispatched_at IS NULL;
CREATE INDEX events_org_idx ON events (organization_id, id);

CREATE TABLE webhook_endpoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  url text NOT NULL,
  secret text NOT NULL,
  event_types text[] NOT NULL DEFAULT '{}',
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id)
);

-- Generic job queue for work with no natural home row (dispatching a message, delivering a webhook).
CREATE TABLE jobs (
  id bigserial PRIMARY KEY,
  organization_id uuid REFERENCES organizations(id) ON DELETE CASCADE,
  task text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  job_key text UNIQUE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
  run_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 10,
  locked_by text,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX jobs_ready_idx ON jobs (run_at, id) WHERE status IN ('pending', 'running');
