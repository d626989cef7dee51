-- Nightingale v8.0.0: notification rules, channels and message templates; event pipelines; embedded products
-- (moved out of the `embedded-dashboards` config entry); user and source tokens; dashboard annotations.

-- migrator:step
ALTER TABLE `alert_rule`
    ADD COLUMN `cron_pattern` varchar(64),
    ADD COLUMN `notify_rule_ids` varchar(1024) DEFAULT '',
    ADD COLUMN `notify_version` int DEFAULT 0;
-- migrator:undo
ALTER TABLE `alert_rule` DROP COLUMN `cron_pattern`, DROP COLUMN `notify_rule_ids`, DROP COLUMN `notify_version`;

-- migrator:step
ALTER TABLE `alert_subscribe` ADD COLUMN `notify_rule_ids` varchar(1024) DEFAULT '', ADD COLUMN `notify_version` int DEFAULT 0;
-- migrator:undo
ALTER TABLE `alert_subscribe` DROP COLUMN `notify_rule_ids`, DROP COLUMN `notify_version`;

-- migrator:step
ALTER TABLE `builtin_metrics` ADD COLUMN `translation` text COMMENT 'translations (json)';
-- migrator:undo
ALTER TABLE `builtin_metrics` DROP COLUMN `translation`;

-- Metrics may now repeat per language and collector; the undo fails if duplicates were added meanwhile.
-- migrator:step
ALTER TABLE `builtin_metrics` DROP KEY `idx_collector_typ_name`;
-- migrator:undo
ALTER TABLE `builtin_metrics` ADD UNIQUE KEY `idx_collector_typ_name` (`lang`, `collector`, `typ`, `name`);

-- migrator:step
ALTER TABLE `notification_record` ADD COLUMN `notify_rule_id` bigint NOT NULL DEFAULT 0;
-- migrator:undo
ALTER TABLE `notification_record` DROP COLUMN `notify_rule_id`;

-- migrator:step
CREATE TABLE `notify_rule` (
    `id` bigint unsigned NOT NULL AUTO_INCREMENT,
    `name` varchar(255) NOT NULL,
    `description` text,
    `enable` tinyint(1) NOT NULL DEFAULT 0,
    `user_group_ids` varchar(255) NOT NULL DEFAULT '',
    `notify_configs` text,
    `pipeline_configs` text,
    `create_at` bigint NOT NULL DEFAULT 0,
    `create_by` varchar(64) NOT NULL DEFAULT '',
    `update_at` bigint NOT NULL DEFAULT 0,
    `update_by` varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `notify_rule`;

-- migrator:step
CREATE TABLE `notify_channel` (
    `id` bigint unsigned NOT NULL AUTO_INCREMENT,
    `name` varchar(255) NOT NULL,
    `ident` varchar(255) NOT NULL,
    `description` text,
    `enable` tinyint(1) NOT NULL DEFAULT 0,
    `param_config` text,
    `request_type` varchar(50) NOT NULL,
    `request_config` text,
    `weight` int NOT NULL DEFAULT 0,
    `create_at` bigint NOT NULL DEFAULT 0,
    `create_by` varchar(64) NOT NULL DEFAULT '',
    `update_at` bigint NOT NULL DEFAULT 0,
    `update_by` varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `notify_channel`;

-- migrator:step
CREATE TABLE `message_template` (
    `id` bigint unsigned NOT NULL AUTO_INCREMENT,
    `name` varchar(64) NOT NULL,
    `ident` varchar(64) NOT NULL,
    `content` text,
    `user_group_ids` varchar(64),
    `notify_channel_ident` varchar(64) NOT NULL DEFAULT '',
    `private` int NOT NULL DEFAULT 0,
    `weight` int NOT NULL DEFAULT 0,
    `create_at` bigint NOT NULL DEFAULT 0,
    `create_by` varchar(64) NOT NULL DEFAULT '',
    `update_at` bigint NOT NULL DEFAULT 0,
    `update_by` varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `message_template`;

-- migrator:step
CREATE TABLE `event_pipeline` (
    `id` bigint unsigned NOT NULL AUTO_INCREMENT,
    `name` varchar(128) NOT NULL,
    `team_ids` text,
    `description` varchar(255) NOT NULL DEFAULT '',
    `filter_enable` tinyint(1) NOT NULL DEFAULT 0,
    `label_filters` text,
    `attribute_filters` text,
    `processors` text,
    `create_at` bigint NOT NULL DEFAULT 0,
    `create_by` varchar(64) NOT NULL DEFAULT '',
    `update_at` bigint NOT NULL DEFAULT 0,
    `update_by` varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `event_pipeline`;

-- migrator:step
CREATE TABLE `embedded_product` (
    `id` bigint unsigned NOT NULL AUTO_INCREMENT,
    `name` varchar(255),
    `url` varchar(255),
    `is_private` tinyint(1),
    `team_ids` varchar(255),
    `create_at` bigint NOT NULL DEFAULT 0,
    `create_by` varchar(64) NOT NULL DEFAULT '',
    `update_at` bigint NOT NULL DEFAULT 0,
    `update_by` varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `embedded_product`;

-- migrator:step
CREATE TABLE `user_token` (
    `id` bigint NOT NULL AUTO_INCREMENT,
    `username` varchar(255) NOT NULL DEFAULT '',
    `token_name` varchar(255) NOT NULL DEFAULT '',
    `token` varchar(255) NOT NULL DEFAULT '',
    `create_at` bigint NOT NULL DEFAULT 0,
    `last_used` bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `user_token`;

-- migrator:step
CREATE TABLE `dash_annotation` (
    `id` bigint unsigned NOT NULL AUTO_INCREMENT,
    `dashboard_id` bigint NOT NULL COMMENT 'dashboard id',
    `panel_id` varchar(191) NOT NULL COMMENT 'panel id',
    `tags` text COMMENT 'tags (json array)',
    `description` text COMMENT 'annotation text',
    `config` text COMMENT 'annotation config',
    `time_start` bigint NOT NULL DEFAULT 0 COMMENT 'start time',
    `time_end` bigint NOT NULL DEFAULT 0 COMMENT 'end time',
    `create_at` bigint NOT NULL DEFAULT 0,
    `create_by` varchar(64) NOT NULL DEFAULT '',
    `update_at` bigint NOT NULL DEFAULT 0,
    `update_by` varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (`id`),
    KEY `idx_dashboard_id` (`dashboard_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `dash_annotation`;

-- migrator:step
CREATE TABLE `source_token` (
    `id` bigint unsigned NOT NULL AUTO_INCREMENT,
    `source_type` varchar(64) NOT NULL DEFAULT '' COMMENT 'source type',
    `source_id` varchar(255) NOT NULL DEFAULT '' COMMENT 'source id',
    `token` varchar(255) NOT NULL DEFAULT '' COMMENT 'access token',
    `expire_at` bigint NOT NULL DEFAULT 0 COMMENT 'expire time',
    `create_at` bigint NOT NULL DEFAULT 0 COMMENT 'create time',
    `create_by` varchar(64) NOT NULL DEFAULT '' COMMENT 'creator',
    PRIMARY KEY (`id`),
    KEY `idx_source_type_id_token` (`source_type`, `source_id`, `token`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `source_token`;

-- The embedded dashboards lived in the configs entry `embedded-dashboards` as a JSON array of
-- {"id", "name", "url"}; each becomes a public embedded product, in array order. An entry that is not a JSON
-- array is left alone, as the server does.
-- migrator:step
INSERT INTO `embedded_product` (`name`, `url`, `is_private`, `team_ids`, `create_at`, `create_by`, `update_at`, `update_by`)
SELECT j.`name`, j.`url`, 0, '[]', c.`update_at`, 'system', c.`update_at`, 'system'
FROM (
    SELECT `cval`, `update_at` FROM `configs`
    WHERE `ckey` = 'embedded-dashboards' AND `external` = 0
    ORDER BY `id` LIMIT 1
) c
CROSS JOIN JSON_TABLE(
    CASE WHEN JSON_VALID(c.`cval`) THEN CASE WHEN JSON_TYPE(c.`cval`) = 'ARRAY' THEN c.`cval` END END,
    '$[*]' COLUMNS (
        `ord` FOR ORDINALITY,
        `name` varchar(255) PATH '$.name',
        `url` varchar(255) PATH '$.url'
    )
) j
WHERE NOT EXISTS (SELECT 1 FROM `embedded_product`)
ORDER BY j.`ord`;
-- migrator:undo
DELETE FROM `embedded_product`;
