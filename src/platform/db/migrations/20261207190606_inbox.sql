-- The inbox as a team workspace: who answers a conversation and where it stands, per-user read markers,
-- private notes, saved replies, round-robin membership, full-text search over message text.

ALTER TABLE conversations
  ADD COLUMN status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'snoozed', 'resolved')),
  ADD COLUMN snoozed_until timestamptz,
  ADD COLUMN assignee_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  ADD COLUMN assigned_at timestamptz,
  ADD COLUMN assigned_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  ADD COLUMN status_changed_at timestamptz,
  ADD COLUMN status_changed_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL;

-- The list's common filters (mine + open, unassigned + open) read in activity order from one index
-- (the unfiltered list has conversations_org_activity_idx, from the list indexes migration).
CREATE INDEX conversations_org_status_assignee_recent_idx
  ON conversations (organization_id, status, assignee_user_id, (coalesce(last_message_at, created_at)) DESC, id DESC);
CREATE INDEX conversations_snoozed_idx ON conversations (snoozed_until) WHERE status = 'snoozed';

-- Every change of assignee or status, with who made it and when.
CREATE TABLE conversation_activity (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  conversation_id uuid NOT NULL,
  actor_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  kind text NOT NULL CHECK (kind IN ('assigned', 'status_changed')),
  details jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (organization_id, conversation_id) REFERENCES conversations (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX conversation_activity_conversation_idx ON conversation_activity (organization_id, conversation_id, created_at);

-- When each user last read each conversation: unread is per person, not per team.
CREATE TABLE conversation_reads (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  conversation_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  last_read_at timestamptz NOT NULL,
  PRIMARY KEY (conversation_id, user_id),
  FOREIGN KEY (organization_id, conversation_id) REFERENCES conversations (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX conversation_reads_user_idx ON conversation_reads (organization_id, user_id);

-- Private notes inside a thread: never sent to the client.
CREATE TABLE conversation_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  conversation_id uuid NOT NULL,
  author_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  body text NOT NULL,
  mentioned_user_ids uuid[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, conversation_id) REFERENCES conversations (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX conversation_notes_conversation_idx ON conversation_notes (organization_id, conversation_id, created_at);

-- Organization-wide reply snippets with {{ variables }}.
CREATE TABLE saved_replies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  shortcut text NOT NULL,
  body text NOT NULL,
  created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id)
);
CREATE UNIQUE INDEX saved_replies_org_shortcut_key ON saved_replies (organization_id, lower(shortcut));

-- Agents who take new conversations in turn; the one assigned longest ago is next.
CREATE TABLE inbox_round_robin (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  last_assigned_at timestamptz,
  PRIMARY KEY (organization_id, user_id)
);

-- Notifications addressed to one person (an @mention); null stays "the whole team".
ALTER TABLE notifications ADD COLUMN user_id uuid REFERENCES users(id) ON DELETE CASCADE;

-- Message text search in Russian and English: one expression index, matched by the same expression.
CREATE INDEX messages_body_fts_idx ON messages
  USING gin ((to_tsvector('russian', body) || to_tsvector('english', body)));
