-- Nightingale v7.1.0: targets report their operating system.

-- migrator:step
ALTER TABLE `target` ADD COLUMN `os` varchar(31) DEFAULT '' COMMENT 'os type';
-- migrator:undo
ALTER TABLE `target` DROP COLUMN `os`;

-- migrator:step
ALTER TABLE `target` ADD KEY `idx_os` (`os`);
-- migrator:undo
ALTER TABLE `target` DROP KEY `idx_os`;
