-- Outreach campaigns (issue 5, seed 002): campaigns, templates (per campaign and organization presets),
-- sequence steps, participants (the work queue: a participant is due when next_send_at <= now), sends (one
-- row per step handed to the channel, recorded before the call), per-account send budgets (pace, caps and
-- warm-up, enforced in the claim), audience lists (CSV uploads) and stored Telegram group member lists.

CREATE TABLE campaigns (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'paused', 'completed')),
  -- The sending account (seed: bdAccountId); kept in step with target_audience.bdAccountId.
  channel_account_id uuid,
  schedule jsonb,
  target_audience jsonb NOT NULL DEFAULT '{}',
  lead_creation_settings jsonb,
  settings jsonb NOT NULL DEFAULT '{}',
  created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  started_at timestamptz,
  paused_at timestamptz,
  completed_at timestamptz,
  completed_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, channel_account_id) REFERENCES channel_accounts (organization_id, id) ON DELETE SET NULL (channel_account_id)
);
CREATE INDEX campaigns_org_created_idx ON campaigns (organization_id, created_at DESC, id DESC);
CREATE INDEX campaigns_running_idx ON campaigns (status) WHERE status IN ('active', 'paused');

-- campaign_id NULL: an organization-wide preset. step_owned: written inline on a step (its text), edited and
-- removed with the step.
CREATE TABLE campaign_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  campaign_id uuid,
  name text NOT NULL,
  channel text,
  content text NOT NULL,
  conditions jsonb,
  step_owned boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, campaign_id) REFERENCES campaigns (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX campaign_templates_owner_idx ON campaign_templates (organization_id, campaign_id, created_at);

-- Seed 002 calls these campaign_sequences. variants: [{ key, templateId, weight }], the first is template_id.
CREATE TABLE campaign_steps (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  campaign_id uuid NOT NULL,
  order_index integer NOT NULL CHECK (order_index >= 0),
  template_id uuid NOT NULL,
  delay_minutes integer NOT NULL DEFAULT 0 CHECK (delay_minutes >= 0),
  trigger_type text NOT NULL DEFAULT 'delay' CHECK (trigger_type IN ('delay', 'after_reply')),
  conditions jsonb,
  variants jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id),
  -- Deferred so a whole sequence can be reordered in one transaction.
  CONSTRAINT campaign_steps_order_key UNIQUE (campaign_id, order_index) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (organization_id, campaign_id) REFERENCES campaigns (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, template_id) REFERENCES campaign_templates (organization_id, id) ON DELETE RESTRICT
);

-- The work queue of a campaign. A participant is due when next_send_at <= now; a claim pushes next_send_at to
-- the end of its lease (so claimed rows leave the due range and come back by themselves if the worker dies)
-- and stamps claim_token, which the completion must still match.
-- Built for starting a campaign of a million in one INSERT … SELECT: every index is filled in key order by that
-- statement (ids are time-ordered, rows arrive sorted by contact, and the start jitter grows with the contact id),
-- and there are no per-row foreign-key checks — like messages, the table keeps only the constraints that protect
-- something: rows are written from their campaign and its organization's contacts; deleting a campaign removes
-- its participants (trigger below) and a deleted contact's participants are removed on `contact.deleted`.
-- conversation_id and lead_id are references set by the sender and the lead job from the same organization.
CREATE TABLE campaign_participants (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  campaign_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  channel_account_id uuid,
  conversation_id uuid,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'delivered', 'replied', 'bounced', 'stopped', 'opted_out')),
  current_step integer NOT NULL DEFAULT 0,
  anchor_at timestamptz NOT NULL,
  next_send_at timestamptz,
  first_sent_at timestamptz,
  last_sent_at timestamptz,
  replied_at timestamptz,
  last_reply_at timestamptz,
  finished_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  claim_token uuid,
  lead_id uuid,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id)
);
CREATE UNIQUE INDEX campaign_participants_contact_key ON campaign_participants (campaign_id, contact_id);
CREATE INDEX campaign_participants_by_contact_idx ON campaign_participants (contact_id);
CREATE INDEX campaign_participants_due_idx ON campaign_participants (campaign_id, next_send_at, id) WHERE next_send_at IS NOT NULL;

CREATE FUNCTION campaigns_delete_participants() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM campaign_participants p USING deleted_campaigns d WHERE p.campaign_id = d.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER campaigns_delete_participants AFTER DELETE ON campaigns
  REFERENCING OLD TABLE AS deleted_campaigns FOR EACH STATEMENT EXECUTE FUNCTION campaigns_delete_participants();

-- One row per step handed to the channel: written 'sending' before the call, completed after. The unique key
-- is what makes a second send of the same step impossible, whatever crashes in between.
CREATE TABLE campaign_sends (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  campaign_id uuid NOT NULL,
  participant_id uuid NOT NULL,
  step_id uuid NOT NULL,
  step_index integer NOT NULL,
  variant text NOT NULL DEFAULT 'A',
  channel_account_id uuid,
  message_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'unknown')),
  external_id text,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  delivered_at timestamptz,
  read_at timestamptz,
  replied_at timestamptz,
  UNIQUE (participant_id, step_id),
  FOREIGN KEY (participant_id) REFERENCES campaign_participants (id) ON DELETE CASCADE
) WITH (fillfactor = 80);
-- Room on each page: completing a send changes no indexed column, so the update stays on the page (HOT).
-- A receipt finds its send through the message's metadata (participant and step), so message_id needs no index.
CREATE INDEX campaign_sends_campaign_idx ON campaign_sends (campaign_id, created_at);

-- Per sending account: its limits (NULL = the channel's defaults) and the state the claim consumes. The claim
-- locks this row (SKIP LOCKED) and moves next_slot_at / the counters in the same statement, so any number of
-- job processes together stay within the pace and the caps.
CREATE TABLE account_send_budget (
  channel_account_id uuid PRIMARY KEY,
  organization_id uuid NOT NULL,
  limits jsonb,
  warmup_started_at timestamptz NOT NULL DEFAULT now(),
  next_slot_at timestamptz NOT NULL DEFAULT '-infinity',
  blocked_until timestamptz,
  hour_start timestamptz,
  hour_count integer NOT NULL DEFAULT 0,
  day_start timestamptz,
  day_count integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (organization_id, channel_account_id) REFERENCES channel_accounts (organization_id, id) ON DELETE CASCADE
);

-- Contacts uploaded for a campaign (CSV): the audience when target_audience.source = 'csv'.
CREATE TABLE campaign_audience_members (
  campaign_id uuid NOT NULL,
  organization_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  source text NOT NULL DEFAULT 'csv',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, contact_id),
  FOREIGN KEY (organization_id, campaign_id) REFERENCES campaigns (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, contact_id) REFERENCES contacts (organization_id, id) ON DELETE CASCADE
);

-- Members of Telegram groups and channels as stored lists, until the MTProto account (issue 6) reads them itself.
CREATE TABLE telegram_group_members (
  organization_id uuid NOT NULL,
  channel_account_id uuid NOT NULL,
  telegram_chat_id text NOT NULL,
  chat_title text,
  peer_type text NOT NULL DEFAULT 'chat' CHECK (peer_type IN ('chat', 'channel')),
  contact_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_account_id, telegram_chat_id, contact_id),
  FOREIGN KEY (organization_id, channel_account_id) REFERENCES channel_accounts (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, contact_id) REFERENCES contacts (organization_id, id) ON DELETE CASCADE
);

-- Per-organization campaign settings; absent = defaults (opt-out phrases in English and Russian).
CREATE TABLE campaign_settings (
  organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  opt_out_phrases text[] NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
