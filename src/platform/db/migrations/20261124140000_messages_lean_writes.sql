-- Messages are the table that grows fastest (imports write millions of rows), so it carries only the
-- constraints that protect something: the composite key to its conversation already proves the
-- organization exists, and nothing references (organization_id, id) of a message.
ALTER TABLE messages DROP CONSTRAINT messages_organization_id_fkey;
ALTER TABLE messages DROP CONSTRAINT messages_organization_id_id_key;
