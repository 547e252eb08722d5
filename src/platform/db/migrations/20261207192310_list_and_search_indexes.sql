-- Lists the UI pages through are served in index order (keyset pages, no sort over the table), and the
-- contact search finds substrings through trigram indexes instead of reading every contact.

-- Leads by score: the page orders by coalesce(score, -1) so leads without a score sort last and the
-- cursor stays one comparable value.
CREATE INDEX leads_org_score_page_idx ON leads (organization_id, (coalesce(score, -1)) DESC, id DESC);
DROP INDEX IF EXISTS leads_org_score_idx;

-- Conversations: newest activity first; one without messages sorts by when it was created.
CREATE INDEX IF NOT EXISTS conversations_org_activity_idx ON conversations (organization_id, (coalesce(last_message_at, created_at)) DESC, id DESC);

-- A campaign's participants in the order they joined.
CREATE INDEX campaign_participants_page_idx ON campaign_participants (campaign_id, created_at, id);

-- Substring search (ILIKE '%…%') on what the contact search box matches: name, e-mail, Telegram
-- username and phone digits.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX contacts_name_trgm_idx ON contacts USING gin (display_name gin_trgm_ops);
CREATE INDEX contacts_email_trgm_idx ON contacts USING gin (email gin_trgm_ops);
CREATE INDEX contacts_telegram_username_trgm_idx ON contacts USING gin (telegram_username gin_trgm_ops);
CREATE INDEX contacts_phone_trgm_idx ON contacts USING gin (phone_e164 gin_trgm_ops);
