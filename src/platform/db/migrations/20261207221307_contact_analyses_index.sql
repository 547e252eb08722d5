-- The inbox's side panel reads a contact's analyses, newest first.
CREATE INDEX dialog_analyses_contact_idx ON dialog_analyses (organization_id, contact_id, created_at DESC);
