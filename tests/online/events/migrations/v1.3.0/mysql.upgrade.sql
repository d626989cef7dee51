-- migrator:step
ALTER TABLE `host` DROP COLUMN `note`;
-- migrator:undo
ALTER TABLE `host` ADD COLUMN `note` varchar(255) NOT NULL DEFAULT '' AFTER `ident`;
