-- Dialog analysis learns from people (issue 15): what a person set on a lead by hand (so the card can say the
-- interest was chosen, not computed), every manual change of interest or stage kept as a labelled example with the
-- dialog as it was, and the organization's own retrained model.

CREATE TABLE lead_overrides (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  score integer CHECK (score BETWEEN 0 AND 100),
  interest_level text CHECK (interest_level IN ('hot', 'warm', 'cold')),
  updated_by_user_id uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, lead_id)
);

CREATE TABLE analysis_corrections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  lead_id uuid REFERENCES leads(id) ON DELETE SET NULL,
  conversation_id uuid,
  field text NOT NULL CHECK (field IN ('interest', 'stage')),
  value text NOT NULL,
  previous text,
  messages jsonb NOT NULL DEFAULT '[]',
  created_by_user_id uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX analysis_corrections_org_idx ON analysis_corrections (organization_id, created_at);

CREATE TABLE org_dialog_models (
  organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  version integer NOT NULL,
  model jsonb NOT NULL,
  corrections integer NOT NULL DEFAULT 0,
  agreement_before jsonb,
  agreement_after jsonb,
  trained_at timestamptz NOT NULL DEFAULT now()
);
