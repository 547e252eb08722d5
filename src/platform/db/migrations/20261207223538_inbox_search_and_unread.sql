-- Inbox at 100,000 conversations and 5,000,000 messages.
--
-- Message search: a stored tsvector (Russian stemming; the Russian configuration stems English words too) with
-- a GIN index. Stored, so a recent-messages pass can test each row without re-parsing its text, and a
-- bitmap recheck costs nothing. Replaces the Russian+English expression index (its English half only
-- repeated Cyrillic words unstemmed, doubling every posting list a search has to read).
DROP INDEX IF EXISTS messages_body_fts_idx;
ALTER TABLE messages ADD COLUMN body_tsv tsvector GENERATED ALWAYS AS (to_tsvector('russian', coalesce(body, ''))) STORED;
CREATE INDEX messages_body_tsv_idx ON messages USING gin (body_tsv);
-- The organization's newest messages, for the recent-messages pass of a search.
CREATE INDEX messages_org_time_idx ON messages (organization_id, sent_at DESC, id DESC);

-- A person's unread count per listed conversation (the client's messages since they last read it) is an
-- index-only count instead of a read of every message row.
CREATE INDEX messages_inbound_time_idx ON messages (conversation_id, sent_at DESC) WHERE direction = 'inbound';

-- Search by a conversation's title (groups, imported chats) through a trigram index, like contact names.
CREATE INDEX conversations_title_trgm_idx ON conversations USING gin (title gin_trgm_ops);
