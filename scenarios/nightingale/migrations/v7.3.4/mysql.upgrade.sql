-- Nightingale v7.3.4: agent host tags, payloads linked to components, one component per ident.

-- migrator:step
ALTER TABLE `target` ADD COLUMN `host_tags` text COMMENT 'global labels from the agent config';
-- migrator:undo
ALTER TABLE `target` DROP COLUMN `host_tags`;

-- migrator:step
ALTER TABLE `builtin_payloads` ADD COLUMN `component_id` bigint NOT NULL DEFAULT 0 COMMENT 'component id';
-- migrator:undo
ALTER TABLE `builtin_payloads` DROP COLUMN `component_id`;

-- Fails on duplicate idents, which v7.3.4 refuses to start with as well.
-- migrator:step
ALTER TABLE `builtin_components` DROP KEY `idx_ident`, ADD UNIQUE KEY `idx_ident` (`ident`);
-- migrator:undo
ALTER TABLE `builtin_components` DROP KEY `idx_ident`, ADD KEY `idx_ident` (`ident`);
