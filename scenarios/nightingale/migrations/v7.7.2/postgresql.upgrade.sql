-- Nightingale v7.7.2: rules query several datasources; a subscription's rule and busi group lists are optional.

-- migrator:step
ALTER TABLE alert_rule ADD COLUMN datasource_queries text;
-- migrator:undo
ALTER TABLE alert_rule DROP COLUMN datasource_queries;

-- migrator:step
ALTER TABLE recording_rule ADD COLUMN datasource_queries text;
-- migrator:undo
ALTER TABLE recording_rule DROP COLUMN datasource_queries;

-- migrator:step
ALTER TABLE alert_subscribe ALTER COLUMN rule_ids DROP DEFAULT;
-- migrator:undo
ALTER TABLE alert_subscribe ALTER COLUMN rule_ids SET DEFAULT '';

-- migrator:step
COMMENT ON COLUMN alert_subscribe.rule_ids IS NULL;
-- migrator:undo
COMMENT ON COLUMN alert_subscribe.rule_ids IS 'rule ids';

-- migrator:step
ALTER TABLE alert_subscribe ALTER COLUMN busi_groups DROP NOT NULL, ALTER COLUMN busi_groups DROP DEFAULT;
-- migrator:undo
ALTER TABLE alert_subscribe ALTER COLUMN busi_groups SET DEFAULT '[]', ALTER COLUMN busi_groups SET NOT NULL;
