-- Nightingale v8.5.1: notes on boards and payloads, typed builtin metrics, pipeline execution records and saved
-- views.

-- migrator:step
ALTER TABLE `board` ADD COLUMN `note` varchar(1024) NOT NULL DEFAULT '' COMMENT 'note';
-- migrator:undo
ALTER TABLE `board` DROP COLUMN `note`;

-- migrator:step
ALTER TABLE `builtin_payloads` ADD COLUMN `note` varchar(1024) NOT NULL DEFAULT '' COMMENT 'note of the payload';
-- migrator:undo
ALTER TABLE `builtin_payloads` DROP COLUMN `note`;

-- migrator:step
ALTER TABLE `builtin_metrics`
    ADD COLUMN `expression_type` varchar(32) NOT NULL DEFAULT 'promql' COMMENT 'metric_name or promql',
    ADD COLUMN `metric_type` varchar(191) NOT NULL DEFAULT '' COMMENT 'counter, gauge, ...',
    ADD COLUMN `extra_fields` text COMMENT 'custom fields';
-- migrator:undo
ALTER TABLE `builtin_metrics` DROP COLUMN `expression_type`, DROP COLUMN `metric_type`, DROP COLUMN `extra_fields`;

-- migrator:step
CREATE TABLE `event_pipeline_execution` (
    `id` varchar(36) NOT NULL COMMENT 'execution id',
    `pipeline_id` bigint NOT NULL COMMENT 'pipeline id',
    `pipeline_name` varchar(128) DEFAULT '' COMMENT 'pipeline name',
    `event_id` bigint DEFAULT 0 COMMENT 'alert event id',
    `mode` varchar(16) NOT NULL DEFAULT 'event' COMMENT 'event, api or cron',
    `status` varchar(16) NOT NULL DEFAULT 'running' COMMENT 'running, success or failed',
    `node_results` mediumtext COMMENT 'node results (json)',
    `error_message` varchar(1024) DEFAULT '',
    `error_node` varchar(36) DEFAULT '',
    `created_at` bigint NOT NULL DEFAULT 0 COMMENT 'start time',
    `finished_at` bigint DEFAULT 0 COMMENT 'finish time',
    `duration_ms` bigint DEFAULT 0,
    `trigger_by` varchar(64) DEFAULT '',
    `env_snapshot` text COMMENT 'environment snapshot, secrets removed',
    PRIMARY KEY (`id`),
    KEY `idx_pipeline_id` (`pipeline_id`),
    KEY `idx_event_id` (`event_id`),
    KEY `idx_mode` (`mode`),
    KEY `idx_status` (`status`),
    KEY `idx_created_at` (`created_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='event pipeline executions';
-- migrator:undo
DROP TABLE `event_pipeline_execution`;

-- migrator:step
CREATE TABLE `saved_view` (
    `id` bigint NOT NULL AUTO_INCREMENT,
    `name` varchar(255) NOT NULL COMMENT 'view name',
    `page` varchar(64) NOT NULL COMMENT 'page',
    `filter` text COMMENT 'filter (json)',
    `public_cate` int NOT NULL DEFAULT 0 COMMENT '0: self 1: team 2: all',
    `gids` text COMMENT 'team ids (json)',
    `create_at` bigint NOT NULL DEFAULT 0,
    `create_by` varchar(64) NOT NULL DEFAULT '',
    `update_at` bigint NOT NULL DEFAULT 0,
    `update_by` varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (`id`),
    KEY `idx_page` (`page`),
    KEY `idx_create_by` (`create_by`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='saved views of pages';
-- migrator:undo
DROP TABLE `saved_view`;

-- migrator:step
CREATE TABLE `user_view_favorite` (
    `id` bigint NOT NULL AUTO_INCREMENT,
    `view_id` bigint NOT NULL COMMENT 'saved view id',
    `user_id` bigint NOT NULL COMMENT 'user id',
    `create_at` bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (`id`),
    KEY `idx_view_id` (`view_id`),
    KEY `idx_user_id` (`user_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='favourite views of users';
-- migrator:undo
DROP TABLE `user_view_favorite`;

