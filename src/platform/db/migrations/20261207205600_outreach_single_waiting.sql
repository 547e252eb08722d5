-- A single automated message (reactivation offer, re-engagement) waiting for the account's pace: campaign batches
-- stand aside until it went, so the few chosen messages are not starved by bulk volume.
ALTER TABLE account_send_budget ADD COLUMN single_waiting_since timestamptz;
