-- Nightingale v7.7.2: rules query several datasources; a subscription's rule and busi group lists are optional.

-- migrator:step
ALTER TABLE `alert_rule` ADD COLUMN `datasource_queries` text;
-- migrator:undo
ALTER TABLE `alert_rule` DROP COLUMN `datasource_queries`;

-- migrator:step
ALTER TABLE `recording_rule` ADD COLUMN `datasource_queries` text;
-- migrator:undo
ALTER TABLE `recording_rule` DROP COLUMN `datasource_queries`;

-- migrator:step
ALTER TABLE `alert_subscribe` MODIFY COLUMN `rule_ids` varchar(1024);
-- migrator:undo
ALTER TABLE `alert_subscribe` MODIFY COLUMN `rule_ids` varchar(1024) DEFAULT '' COMMENT 'rule ids';

-- migrator:step
ALTER TABLE `alert_subscribe` MODIFY COLUMN `busi_groups` varchar(4096);
-- migrator:undo
ALTER TABLE `alert_subscribe` MODIFY COLUMN `busi_groups` varchar(4096) NOT NULL DEFAULT '[]';
