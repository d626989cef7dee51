-- Nightingale v8.4.1: notification rule extras, room for international phone lists, alert rule pipelines.

-- migrator:step
ALTER TABLE `notify_rule` ADD COLUMN `extra_config` text COMMENT 'extra config';
-- migrator:undo
ALTER TABLE `notify_rule` DROP COLUMN `extra_config`;

-- Widening keeps every value. Narrowing back (the undo) fails on a phone longer than 16 characters, which only
-- this version can have stored.
-- migrator:step
ALTER TABLE `users` MODIFY COLUMN `phone` varchar(1024) NOT NULL DEFAULT '';
-- migrator:undo
ALTER TABLE `users` MODIFY COLUMN `phone` varchar(16) NOT NULL DEFAULT '';

-- migrator:step
ALTER TABLE `alert_rule` ADD COLUMN `pipeline_configs` text COMMENT 'pipeline configs';
-- migrator:undo
ALTER TABLE `alert_rule` DROP COLUMN `pipeline_configs`;
