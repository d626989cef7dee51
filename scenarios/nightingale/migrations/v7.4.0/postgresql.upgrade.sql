-- Nightingale v7.4.0: a target may belong to several busi groups. The single target.group_id moves into
-- target_busi_group (one row per target that had a group) and is then cleared.

-- migrator:step
CREATE TABLE target_busi_group (
    id bigserial,
    target_ident varchar(191) NOT NULL,
    group_id bigint NOT NULL,
    update_at bigint NOT NULL,
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE target_busi_group;

-- migrator:step
CREATE UNIQUE INDEX idx_target_group ON target_busi_group (target_ident, group_id);
-- migrator:undo noop

-- migrator:step
INSERT INTO target_busi_group (target_ident, group_id, update_at)
SELECT ident, group_id, update_at FROM target WHERE group_id > 0 ORDER BY id;
-- migrator:undo
DELETE FROM target_busi_group;

-- migrator:step
UPDATE target SET group_id = 0 WHERE group_id > 0;
-- migrator:undo
UPDATE target t SET group_id = b.group_id FROM target_busi_group b WHERE b.target_ident = t.ident;
