-- Nightingale v7.0.0: ibex merged into the server (its task tables), builtin metrics and payloads, boards shared
-- with several busi groups, users' last activity, and datasource.is_default as a boolean.

-- migrator:step
ALTER TABLE `users` ADD COLUMN `belong` varchar(16) NOT NULL DEFAULT '' COMMENT 'belong';
-- migrator:undo
ALTER TABLE `users` DROP COLUMN `belong`;

-- migrator:step
ALTER TABLE `users` ADD COLUMN `last_active_time` bigint NOT NULL DEFAULT 0;
-- migrator:undo
ALTER TABLE `users` DROP COLUMN `last_active_time`;

-- migrator:step
ALTER TABLE `alert_subscribe` ADD COLUMN `rule_ids` varchar(1024) DEFAULT '' COMMENT 'rule ids';
-- migrator:undo
ALTER TABLE `alert_subscribe` DROP COLUMN `rule_ids`;

-- migrator:step
ALTER TABLE `target` ADD COLUMN `engine_name` varchar(255) DEFAULT '' COMMENT 'engine name';
-- migrator:undo
ALTER TABLE `target` DROP COLUMN `engine_name`;

-- migrator:step
ALTER TABLE `target` ADD KEY `idx_engine_name` (`engine_name`);
-- migrator:undo
ALTER TABLE `target` DROP KEY `idx_engine_name`;

-- migrator:step
ALTER TABLE `board` ADD COLUMN `public_cate` int NOT NULL DEFAULT 0 COMMENT '0: anonymous 1: login 2: busi';
-- migrator:undo
ALTER TABLE `board` DROP COLUMN `public_cate`;

-- Mute matchers become a JSON array; existing values are kept as they are.
-- migrator:step
ALTER TABLE `alert_mute` MODIFY COLUMN `tags` varchar(4096) DEFAULT '[]' COMMENT 'json matchers: key, func, value';
-- migrator:undo
ALTER TABLE `alert_mute` MODIFY COLUMN `tags` varchar(4096) NOT NULL DEFAULT '' COMMENT 'json matchers: key, func, value';

-- A boolean on MySQL is tinyint(1): the values 0 and 1 stay what they are.
-- migrator:step
ALTER TABLE `datasource` MODIFY COLUMN `is_default` tinyint(1) NOT NULL DEFAULT 0 COMMENT 'is the default datasource';
-- migrator:undo
ALTER TABLE `datasource` MODIFY COLUMN `is_default` tinyint NOT NULL DEFAULT 0 COMMENT 'is the default datasource';

-- migrator:step
ALTER TABLE `recording_rule` ADD COLUMN `cron_pattern` varchar(255) DEFAULT '';
-- migrator:undo
ALTER TABLE `recording_rule` DROP COLUMN `cron_pattern`;

-- migrator:step
ALTER TABLE `alert_cur_event` ADD COLUMN `original_tags` text COMMENT 'labels key=val,,k2=v2';
-- migrator:undo
ALTER TABLE `alert_cur_event` DROP COLUMN `original_tags`;

-- migrator:step
ALTER TABLE `alert_his_event` ADD COLUMN `original_tags` text COMMENT 'labels key=val,,k2=v2';
-- migrator:undo
ALTER TABLE `alert_his_event` DROP COLUMN `original_tags`;

-- migrator:step
ALTER TABLE `sso_config` ADD COLUMN `update_at` bigint NOT NULL DEFAULT 0;
-- migrator:undo
ALTER TABLE `sso_config` DROP COLUMN `update_at`;

-- migrator:step
CREATE TABLE `board_busigroup` (
    `busi_group_id` bigint NOT NULL DEFAULT 0 COMMENT 'busi group id',
    `board_id` bigint NOT NULL DEFAULT 0 COMMENT 'board id',
    PRIMARY KEY (`busi_group_id`, `board_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `board_busigroup`;

-- migrator:step
CREATE TABLE `builtin_metrics` (
    `id` bigint unsigned NOT NULL AUTO_INCREMENT,
    `collector` varchar(191) NOT NULL COMMENT 'collector type',
    `typ` varchar(191) NOT NULL COMMENT 'metric type',
    `name` varchar(191) NOT NULL COMMENT 'metric name',
    `unit` varchar(191) NOT NULL COMMENT 'unit',
    `lang` varchar(191) NOT NULL DEFAULT '' COMMENT 'language',
    `note` varchar(4096) NOT NULL COMMENT 'description',
    `expression` varchar(4096) NOT NULL COMMENT 'expression',
    `created_at` bigint NOT NULL DEFAULT 0,
    `created_by` varchar(191) NOT NULL DEFAULT '',
    `updated_at` bigint NOT NULL DEFAULT 0,
    `updated_by` varchar(191) NOT NULL DEFAULT '',
    PRIMARY KEY (`id`),
    UNIQUE KEY `idx_collector_typ_name` (`lang`, `collector`, `typ`, `name`),
    KEY `idx_collector` (`collector`),
    KEY `idx_typ` (`typ`),
    KEY `idx_name` (`name`),
    KEY `idx_lang` (`lang`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `builtin_metrics`;

-- migrator:step
CREATE TABLE `metric_filter` (
    `id` bigint NOT NULL AUTO_INCREMENT,
    `name` varchar(191) NOT NULL COMMENT 'filter name',
    `configs` varchar(4096) NOT NULL COMMENT 'filter configuration',
    `groups_perm` text,
    `create_at` bigint NOT NULL DEFAULT 0,
    `create_by` varchar(191) NOT NULL DEFAULT '',
    `update_at` bigint NOT NULL DEFAULT 0,
    `update_by` varchar(191) NOT NULL DEFAULT '',
    PRIMARY KEY (`id`),
    KEY `idx_name` (`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `metric_filter`;

-- migrator:step
CREATE TABLE `builtin_components` (
    `id` bigint unsigned NOT NULL AUTO_INCREMENT,
    `ident` varchar(191) NOT NULL COMMENT 'component identifier',
    `logo` varchar(191) NOT NULL COMMENT 'component logo',
    `readme` text NOT NULL COMMENT 'component readme',
    `created_at` bigint NOT NULL DEFAULT 0,
    `created_by` varchar(191) NOT NULL DEFAULT '',
    `updated_at` bigint NOT NULL DEFAULT 0,
    `updated_by` varchar(191) NOT NULL DEFAULT '',
    PRIMARY KEY (`id`),
    KEY `idx_ident` (`ident`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `builtin_components`;

-- migrator:step
CREATE TABLE `builtin_payloads` (
    `id` bigint NOT NULL AUTO_INCREMENT,
    `uuid` bigint NOT NULL COMMENT 'payload uuid',
    `type` varchar(191) NOT NULL COMMENT 'payload type',
    `component` varchar(191) NOT NULL COMMENT 'component',
    `cate` varchar(191) NOT NULL COMMENT 'category',
    `name` varchar(191) NOT NULL COMMENT 'payload name',
    `tags` varchar(191) NOT NULL DEFAULT '' COMMENT 'tags',
    `content` longtext NOT NULL COMMENT 'payload content',
    `created_at` bigint NOT NULL DEFAULT 0,
    `created_by` varchar(191) NOT NULL DEFAULT '',
    `updated_at` bigint NOT NULL DEFAULT 0,
    `updated_by` varchar(191) NOT NULL DEFAULT '',
    PRIMARY KEY (`id`),
    KEY `idx_component` (`component`),
    KEY `idx_name` (`name`),
    KEY `idx_cate` (`cate`),
    KEY `idx_uuid` (`uuid`),
    KEY `idx_type` (`type`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `builtin_payloads`;

-- migrator:step
CREATE TABLE `task_meta` (
    `id` bigint unsigned NOT NULL AUTO_INCREMENT,
    `title` varchar(255) NOT NULL DEFAULT '',
    `account` varchar(64) NOT NULL,
    `batch` int unsigned NOT NULL DEFAULT 0,
    `tolerance` int unsigned NOT NULL DEFAULT 0,
    `timeout` int unsigned NOT NULL DEFAULT 0,
    `pause` varchar(255) NOT NULL DEFAULT '',
    `script` text NOT NULL,
    `args` varchar(512) NOT NULL DEFAULT '',
    `stdin` varchar(1024) NOT NULL DEFAULT '',
    `creator` varchar(64) NOT NULL DEFAULT '',
    `created` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (`id`),
    KEY `creator` (`creator`),
    KEY `created` (`created`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_meta`;

-- migrator:step
CREATE TABLE `task_action` (
    `id` bigint unsigned NOT NULL,
    `action` varchar(32) NOT NULL,
    `clock` bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_action`;

-- migrator:step
CREATE TABLE `task_scheduler` (
    `id` bigint unsigned NOT NULL,
    `scheduler` varchar(128) NOT NULL DEFAULT '',
    KEY `id` (`id`, `scheduler`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_scheduler`;

-- migrator:step
CREATE TABLE `task_scheduler_health` (
    `scheduler` varchar(128) NOT NULL,
    `clock` bigint NOT NULL,
    UNIQUE KEY `scheduler` (`scheduler`),
    KEY `clock` (`clock`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_scheduler_health`;

-- migrator:step
CREATE TABLE `task_host_doing` (
    `id` bigint unsigned NOT NULL,
    `host` varchar(128) NOT NULL,
    `clock` bigint NOT NULL DEFAULT 0,
    `action` varchar(16) NOT NULL,
    KEY `id` (`id`),
    KEY `host` (`host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_doing`;

-- BEGIN generated by tools/gen_task_hosts.py: task_host_0 .. task_host_99

-- migrator:step
CREATE TABLE `task_host_0` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_0`;

-- migrator:step
CREATE TABLE `task_host_1` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_1`;

-- migrator:step
CREATE TABLE `task_host_2` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_2`;

-- migrator:step
CREATE TABLE `task_host_3` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_3`;

-- migrator:step
CREATE TABLE `task_host_4` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_4`;

-- migrator:step
CREATE TABLE `task_host_5` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_5`;

-- migrator:step
CREATE TABLE `task_host_6` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_6`;

-- migrator:step
CREATE TABLE `task_host_7` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_7`;

-- migrator:step
CREATE TABLE `task_host_8` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_8`;

-- migrator:step
CREATE TABLE `task_host_9` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_9`;

-- migrator:step
CREATE TABLE `task_host_10` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_10`;

-- migrator:step
CREATE TABLE `task_host_11` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_11`;

-- migrator:step
CREATE TABLE `task_host_12` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_12`;

-- migrator:step
CREATE TABLE `task_host_13` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_13`;

-- migrator:step
CREATE TABLE `task_host_14` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_14`;

-- migrator:step
CREATE TABLE `task_host_15` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_15`;

-- migrator:step
CREATE TABLE `task_host_16` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_16`;

-- migrator:step
CREATE TABLE `task_host_17` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_17`;

-- migrator:step
CREATE TABLE `task_host_18` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_18`;

-- migrator:step
CREATE TABLE `task_host_19` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_19`;

-- migrator:step
CREATE TABLE `task_host_20` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_20`;

-- migrator:step
CREATE TABLE `task_host_21` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_21`;

-- migrator:step
CREATE TABLE `task_host_22` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_22`;

-- migrator:step
CREATE TABLE `task_host_23` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_23`;

-- migrator:step
CREATE TABLE `task_host_24` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_24`;

-- migrator:step
CREATE TABLE `task_host_25` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_25`;

-- migrator:step
CREATE TABLE `task_host_26` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_26`;

-- migrator:step
CREATE TABLE `task_host_27` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_27`;

-- migrator:step
CREATE TABLE `task_host_28` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_28`;

-- migrator:step
CREATE TABLE `task_host_29` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_29`;

-- migrator:step
CREATE TABLE `task_host_30` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_30`;

-- migrator:step
CREATE TABLE `task_host_31` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_31`;

-- migrator:step
CREATE TABLE `task_host_32` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_32`;

-- migrator:step
CREATE TABLE `task_host_33` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_33`;

-- migrator:step
CREATE TABLE `task_host_34` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_34`;

-- migrator:step
CREATE TABLE `task_host_35` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_35`;

-- migrator:step
CREATE TABLE `task_host_36` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_36`;

-- migrator:step
CREATE TABLE `task_host_37` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_37`;

-- migrator:step
CREATE TABLE `task_host_38` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_38`;

-- migrator:step
CREATE TABLE `task_host_39` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_39`;

-- migrator:step
CREATE TABLE `task_host_40` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_40`;

-- migrator:step
CREATE TABLE `task_host_41` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_41`;

-- migrator:step
CREATE TABLE `task_host_42` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_42`;

-- migrator:step
CREATE TABLE `task_host_43` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_43`;

-- migrator:step
CREATE TABLE `task_host_44` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_44`;

-- migrator:step
CREATE TABLE `task_host_45` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_45`;

-- migrator:step
CREATE TABLE `task_host_46` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_46`;

-- migrator:step
CREATE TABLE `task_host_47` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_47`;

-- migrator:step
CREATE TABLE `task_host_48` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_48`;

-- migrator:step
CREATE TABLE `task_host_49` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_49`;

-- migrator:step
CREATE TABLE `task_host_50` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_50`;

-- migrator:step
CREATE TABLE `task_host_51` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_51`;

-- migrator:step
CREATE TABLE `task_host_52` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_52`;

-- migrator:step
CREATE TABLE `task_host_53` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_53`;

-- migrator:step
CREATE TABLE `task_host_54` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_54`;

-- migrator:step
CREATE TABLE `task_host_55` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_55`;

-- migrator:step
CREATE TABLE `task_host_56` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_56`;

-- migrator:step
CREATE TABLE `task_host_57` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_57`;

-- migrator:step
CREATE TABLE `task_host_58` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_58`;

-- migrator:step
CREATE TABLE `task_host_59` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_59`;

-- migrator:step
CREATE TABLE `task_host_60` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_60`;

-- migrator:step
CREATE TABLE `task_host_61` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_61`;

-- migrator:step
CREATE TABLE `task_host_62` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_62`;

-- migrator:step
CREATE TABLE `task_host_63` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_63`;

-- migrator:step
CREATE TABLE `task_host_64` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_64`;

-- migrator:step
CREATE TABLE `task_host_65` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_65`;

-- migrator:step
CREATE TABLE `task_host_66` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_66`;

-- migrator:step
CREATE TABLE `task_host_67` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_67`;

-- migrator:step
CREATE TABLE `task_host_68` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_68`;

-- migrator:step
CREATE TABLE `task_host_69` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_69`;

-- migrator:step
CREATE TABLE `task_host_70` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_70`;

-- migrator:step
CREATE TABLE `task_host_71` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_71`;

-- migrator:step
CREATE TABLE `task_host_72` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_72`;

-- migrator:step
CREATE TABLE `task_host_73` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_73`;

-- migrator:step
CREATE TABLE `task_host_74` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_74`;

-- migrator:step
CREATE TABLE `task_host_75` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_75`;

-- migrator:step
CREATE TABLE `task_host_76` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_76`;

-- migrator:step
CREATE TABLE `task_host_77` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_77`;

-- migrator:step
CREATE TABLE `task_host_78` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_78`;

-- migrator:step
CREATE TABLE `task_host_79` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_79`;

-- migrator:step
CREATE TABLE `task_host_80` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_80`;

-- migrator:step
CREATE TABLE `task_host_81` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_81`;

-- migrator:step
CREATE TABLE `task_host_82` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_82`;

-- migrator:step
CREATE TABLE `task_host_83` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_83`;

-- migrator:step
CREATE TABLE `task_host_84` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_84`;

-- migrator:step
CREATE TABLE `task_host_85` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_85`;

-- migrator:step
CREATE TABLE `task_host_86` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_86`;

-- migrator:step
CREATE TABLE `task_host_87` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_87`;

-- migrator:step
CREATE TABLE `task_host_88` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_88`;

-- migrator:step
CREATE TABLE `task_host_89` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_89`;

-- migrator:step
CREATE TABLE `task_host_90` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_90`;

-- migrator:step
CREATE TABLE `task_host_91` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_91`;

-- migrator:step
CREATE TABLE `task_host_92` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_92`;

-- migrator:step
CREATE TABLE `task_host_93` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_93`;

-- migrator:step
CREATE TABLE `task_host_94` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_94`;

-- migrator:step
CREATE TABLE `task_host_95` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_95`;

-- migrator:step
CREATE TABLE `task_host_96` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_96`;

-- migrator:step
CREATE TABLE `task_host_97` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_97`;

-- migrator:step
CREATE TABLE `task_host_98` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_98`;

-- migrator:step
CREATE TABLE `task_host_99` (
    `ii` bigint unsigned NOT NULL AUTO_INCREMENT,
    `id` bigint unsigned NOT NULL COMMENT 'task id',
    `host` varchar(128) NOT NULL,
    `status` varchar(32) NOT NULL,
    `stdout` text,
    `stderr` text,
    PRIMARY KEY (`ii`),
    UNIQUE KEY `idx_id_host` (`id`, `host`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `task_host_99`;

-- END generated by tools/gen_task_hosts.py
