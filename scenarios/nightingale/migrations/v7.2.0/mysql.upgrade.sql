-- Nightingale v7.2.0: a record of every notification sent; datasource.is_default may be unset.

-- migrator:step
CREATE TABLE `notification_record` (
    `id` bigint NOT NULL AUTO_INCREMENT,
    `event_id` bigint NOT NULL COMMENT 'alert_his_event id',
    `sub_id` bigint NOT NULL COMMENT 'subscription id',
    `channel` varchar(255) NOT NULL COMMENT 'notification channel',
    `status` tinyint NOT NULL DEFAULT 0 COMMENT 'notification status',
    `target` varchar(1024) NOT NULL COMMENT 'notification target',
    `details` varchar(2048) COMMENT 'other information',
    `created_at` bigint NOT NULL COMMENT 'create time',
    PRIMARY KEY (`id`),
    KEY `idx_evt` (`event_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `notification_record`;

-- migrator:step
ALTER TABLE `datasource` MODIFY COLUMN `is_default` tinyint(1) DEFAULT 0 COMMENT 'is the default datasource';
-- migrator:undo
ALTER TABLE `datasource` MODIFY COLUMN `is_default` tinyint(1) NOT NULL DEFAULT 0 COMMENT 'is the default datasource';
