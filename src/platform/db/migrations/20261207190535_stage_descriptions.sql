-- Stage descriptions (issue 16, seed 004): what a stage means, in words a classifier (the AI or the offline
-- rules) can match a dialog against. Built-in stages get the descriptions of seed 004's statuses.

ALTER TABLE pipeline_stages ADD COLUMN description text;

UPDATE pipeline_stages s SET description = d.description
FROM pipelines p, (VALUES
  ('sales', 'new_lead', 'First contact: the client wrote or was written to, nothing is known about their need yet.'),
  ('sales', 'qualified', 'The need is clear: the client said what they want, for whom, their budget or timing.'),
  ('sales', 'warmed', 'Interested and engaged: asks about details, prices or terms, answers willingly, but no offer has been made yet.'),
  ('sales', 'proposal_sent', 'We sent an offer: a price, a quote, a commercial proposal or an invoice.'),
  ('sales', 'negotiation', 'Discussing the offer: the client bargains, asks for a discount, compares with others or raises objections.'),
  ('sales', 'sold', 'The client agreed and paid or signed: the deal is done.'),
  ('sales', 'service', 'After the sale: the client is served or supported — delivery, setup, questions about using what they bought, repeat orders.'),
  ('sales', 'closed', 'Lost or closed: the client refused, stopped answering for good, or is not a fit.'),
  ('consultation', 'new_lead', 'First contact: nothing is known about the client''s need yet.'),
  ('consultation', 'not_qualified', 'Not a fit: the client''s niche, role or request is outside what the business serves.'),
  ('consultation', 'qualified', 'A fit: the client''s need, niche or budget is known and matches the business.'),
  ('consultation', 'consultation_booked', 'A consultation or visit is agreed for a date and time.'),
  ('consultation', 'consultation_completed', 'The consultation or visit took place.'),
  ('consultation', 'deal_closed', 'The client paid or signed.'),
  ('consultation', 'deal_lost', 'The client refused or is not interested.')
) AS d(pipeline_key, stage_key, description)
WHERE p.id = s.pipeline_id AND p.key = d.pipeline_key AND s.key = d.stage_key AND s.description IS NULL;
