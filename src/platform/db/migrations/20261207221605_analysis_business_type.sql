-- Business-type presets (issue 15): the type of business the onboarding chose; it selects the preset of scoring
-- rules, stage meanings and signals. Null: chosen before presets existed (seed 001's profile).
ALTER TABLE business_profiles ADD COLUMN business_type text;
