-- Nightingale v7.4.0: a target may belong to several busi groups. The single target.group_id moves into
-- target_busi_group (one row per target that had a group) and is then cleared.

-- migrator:step
CREATE TABLE `target_busi_group` (
    `id` bigint NOT NULL AUTO_INCREMENT,
    `target_ident` varchar(191) NOT NULL,
    `group_id` bigint NOT NULL,
    `update_at` bigint NOT NULL,
    PRIMARY KEY (`id`),
    UNIQUE KEY `idx_target_group` (`target_ident`, `group_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
-- migrator:undo
DROP TABLE `target_busi_group`;

-- migrator:step
INSERT INTO `target_busi_group` (`target_ident`, `group_id`, `update_at`)
SELECT `ident`, `group_id`, `update_at` FROM `target` WHERE `group_id` > 0 ORDER BY `id`;
-- migrator:undo
DELETE FROM `target_busi_group`;

-- migrator:step
UPDATE `target` SET `group_id` = 0 WHERE `group_id` > 0;
-- migrator:undo
UPDATE `target` t JOIN `target_busi_group` b ON b.`target_ident` = t.`ident` SET t.`group_id` = b.`group_id`;
