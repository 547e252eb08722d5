-- Attachments out (issue 14): a file chosen in the composer is uploaded before its message exists, so a stored
-- file may have no message yet. It remembers the conversation it was uploaded for and who uploaded it; sending
-- links it to its message (once), and the dispatcher reads its bytes from here like an inbound file's.
ALTER TABLE media_files ALTER COLUMN message_id DROP NOT NULL;
ALTER TABLE media_files ADD COLUMN conversation_id uuid REFERENCES conversations(id) ON DELETE CASCADE;
ALTER TABLE media_files ADD COLUMN uploaded_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL;
-- Uploads not sent yet, for the clean-up of abandoned ones and the cascade from conversations.
CREATE INDEX media_files_conversation_idx ON media_files (conversation_id) WHERE conversation_id IS NOT NULL;
