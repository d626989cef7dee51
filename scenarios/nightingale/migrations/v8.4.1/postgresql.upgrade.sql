-- Nightingale v8.4.1: notification rule extras, room for international phone lists, alert rule pipelines.

-- migrator:step
ALTER TABLE notify_rule ADD COLUMN extra_config text;
-- migrator:undo
ALTER TABLE notify_rule DROP COLUMN extra_config;

-- migrator:step
COMMENT ON COLUMN notify_rule.extra_config IS 'extra config';
-- migrator:undo noop

-- Widening keeps every value. Narrowing back (the undo) fails on a phone longer than 16 characters, which only
-- this version can have stored.
-- migrator:step
ALTER TABLE users ALTER COLUMN phone TYPE varchar(1024);
-- migrator:undo
ALTER TABLE users ALTER COLUMN phone TYPE varchar(16);

-- migrator:step
ALTER TABLE alert_rule ADD COLUMN pipeline_configs text;
-- migrator:undo
ALTER TABLE alert_rule DROP COLUMN pipeline_configs;

-- migrator:step
COMMENT ON COLUMN alert_rule.pipeline_configs IS 'pipeline configs';
-- migrator:undo noop
