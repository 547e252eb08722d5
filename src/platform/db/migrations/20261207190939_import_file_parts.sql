-- An upload is stored in parts of a few MiB: the API process writes it part by part from its temporary file
-- and the job process reads it back the same way, so neither ever holds a whole export in memory.
ALTER TABLE import_files ADD COLUMN part integer NOT NULL DEFAULT 0;
ALTER TABLE import_files DROP CONSTRAINT import_files_pkey;
ALTER TABLE import_files ADD PRIMARY KEY (run_id, part);
