-- Inbound media (issues 6 and 8): the bytes of images, voice notes, audio and documents customers send, downloaded
-- from the channel by the `media.download` job and kept in the database (bytea), so every Parley process reads the
-- same files and a backup of the database is a backup of the media. A voice note's transcript sits beside it.
-- Organizations may set the speech-to-text model their transcriptions use.

CREATE TABLE media_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  message_id uuid NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  media_type text NOT NULL,
  mime_type text NOT NULL,
  file_name text,
  size_bytes integer NOT NULL,
  sha256 text NOT NULL,
  content bytea NOT NULL,
  transcript text,
  transcript_model text,
  transcribed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id)
);
-- One file per message; also the index the cascade from messages uses.
CREATE UNIQUE INDEX media_files_message_idx ON media_files (message_id);

ALTER TABLE ai_settings ADD COLUMN transcription_model text;
