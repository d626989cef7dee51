-- Nightingale v9.0.0: the AI assistant (LLM configs, agents, skills, chat history), alert rule time zones,
-- notification-only mutes, datasource and template ordering, and an index for the event history page.

-- migrator:step
CREATE TABLE `ai_llm_config` (
    `id` bigint unsigned NOT NULL AUTO_INCREMENT,
    `name` varchar(255) NOT NULL DEFAULT '',
    `description` varchar(1024) NOT NULL DEFAULT '',
    `api_type` varchar(64) NOT NULL DEFAULT '' COMMENT 'openai, ...',
    `api_url` varchar(1024) NOT NULL DEFAULT '',
    `api_key` varchar(1024) NOT NULL DEFAULT '',
    `model` varchar(255) NOT NULL DEFAULT '',
    `extra_config` text,
    `enabled` tinyint(1) NOT NULL DEFAULT 0,
    `is_default` tinyint(1) NOT NULL DEFAULT 0,
    `created_at` bigint NOT NULL DEFAULT 0,
    `created_by` varchar(64) NOT NULL DEFAULT '',
    `updated_at` bigint NOT NULL DEFAULT 0,
    `updated_by` varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (`id`),
    KEY `idx_name` (`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='ai llm configs';
-- migrator:undo
DROP TABLE `ai_llm_config`;

-- migrator:step
CREATE TABLE `ai_agent` (
    `id` bigint unsigned NOT NULL AUTO_INCREMENT,
    `name` varchar(255) NOT NULL DEFAULT '',
    `description` varchar(1024) NOT NULL DEFAULT '',
    `use_case` varchar(64) NOT NULL DEFAULT '',
    `llm_config_id` bigint NOT NULL DEFAULT 0,
    `skill_ids` text,
    `mcp_server_ids` text,
    `enabled` tinyint(1) NOT NULL DEFAULT 0,
    `created_at` bigint NOT NULL DEFAULT 0,
    `created_by` varchar(64) NOT NULL DEFAULT '',
    `updated_at` bigint NOT NULL DEFAULT 0,
    `updated_by` varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (`id`),
    KEY `idx_name` (`name`),
    KEY `idx_use_case` (`use_case`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='ai agents';
-- migrator:undo
DROP TABLE `ai_agent`;

-- migrator:step
CREATE TABLE `ai_skill` (
    `id` bigint unsigned NOT NULL AUTO_INCREMENT,
    `name` varchar(255) NOT NULL DEFAULT '',
    `description` varchar(4096),
    `instructions` text,
    `license` varchar(255),
    `compatibility` varchar(255),
    `metadata` text,
    `allowed_tools` varchar(4096),
    `enabled` tinyint(1) NOT NULL DEFAULT 0,
    `user_group_ids` text,
    `private` int NOT NULL DEFAULT 0 COMMENT '0: public 1: private',
    `source_type` varchar(16) NOT NULL DEFAULT 'local' COMMENT 'local or git',
    `git_info` text,
    `created_at` bigint NOT NULL DEFAULT 0,
    `created_by` varchar(64) NOT NULL DEFAULT '',
    `updated_at` bigint NOT NULL DEFAULT 0,
    `updated_by` varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (`id`),
    KEY `idx_name` (`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='ai skills';
-- migrator:undo
DROP TABLE `ai_skill`;

-- migrator:step
CREATE TABLE `ai_skill_file` (
    `id` bigint unsigned NOT NULL AUTO_INCREMENT,
    `skill_id` bigint NOT NULL DEFAULT 0,
    `name` varchar(255) NOT NULL DEFAULT '',
    `content` mediumtext,
    `size` bigint NOT NULL DEFAULT 0 COMMENT 'bytes',
    `created_at` bigint NOT NULL DEFAULT 0,
    `created_by` varchar(64) NOT NULL DEFAULT '',
    `updated_at` bigint NOT NULL DEFAULT 0,
    `updated_by` varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (`id`),
    KEY `idx_skill_id` (`skill_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='ai skill files';
-- migrator:undo
DROP TABLE `ai_skill_file`;

-- migrator:step
CREATE TABLE `ai_assistant_chat` (
    `id` bigint unsigned NOT NULL AUTO_INCREMENT,
    `chat_id` varchar(255) NOT NULL,
    `user_id` bigint NOT NULL DEFAULT 0,
    `updated_at` bigint NOT NULL DEFAULT 0,
    `data` text COMMENT 'chat meta, gzip+base64 json',
    PRIMARY KEY (`id`),
    UNIQUE KEY `uk_chat_id` (`chat_id`),
    KEY `idx_ac_user_id` (`user_id`),
    KEY `idx_ac_updated_at` (`updated_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='ai assistant chats';
-- migrator:undo
DROP TABLE `ai_assistant_chat`;

-- migrator:step
CREATE TABLE `ai_assistant_message` (
    `id` bigint unsigned NOT NULL AUTO_INCREMENT,
    `chat_id` varchar(255) NOT NULL,
    `seq_id` bigint NOT NULL DEFAULT 0,
    `data` mediumtext COMMENT 'message, gzip+base64 json',
    `extra` mediumtext,
    `status` int NOT NULL DEFAULT 0,
    PRIMARY KEY (`id`),
    UNIQUE KEY `uk_chat_seq` (`chat_id`, `seq_id`),
    KEY `idx_am_status` (`status`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='ai assistant messages';
-- migrator:undo
DROP TABLE `ai_assistant_message`;

-- migrator:step
ALTER TABLE `alert_rule` ADD COLUMN `time_zone` varchar(64) NOT NULL DEFAULT '';
-- migrator:undo
ALTER TABLE `alert_rule` DROP COLUMN `time_zone`;

-- migrator:step
ALTER TABLE `alert_mute` ADD COLUMN `mute_type` int NOT NULL DEFAULT 0 COMMENT '0: mute events 1: mute notifications';
-- migrator:undo
ALTER TABLE `alert_mute` DROP COLUMN `mute_type`;

-- migrator:step
ALTER TABLE `datasource` ADD COLUMN `weight` int NOT NULL DEFAULT 0 COMMENT 'sort weight';
-- migrator:undo
ALTER TABLE `datasource` DROP COLUMN `weight`;

-- migrator:step
ALTER TABLE `message_template` ADD COLUMN `lang` varchar(32) NOT NULL DEFAULT '';
-- migrator:undo
ALTER TABLE `message_template` DROP COLUMN `lang`;

-- The history page filters by busi group and time. alert_his_event is the largest table: on a big installation
-- schedule this version for a quiet hour.
-- migrator:step
CREATE INDEX `idx_group_last_eval_time` ON `alert_his_event` (`group_id`, `last_eval_time`);
-- migrator:undo
DROP INDEX `idx_group_last_eval_time` ON `alert_his_event`;
