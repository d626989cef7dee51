-- migrator:step
CREATE TABLE account_groups (
    account_id bigint NOT NULL,
    group_id int NOT NULL,
    PRIMARY KEY (account_id, group_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- migrator:undo
DROP TABLE account_groups;

-- migrator:step
INSERT INTO account_groups (account_id, group_id) SELECT id, group_id FROM accounts WHERE group_id > 0;
-- migrator:undo noop
-- (dropping account_groups, the undo of the step before, removes these rows)

-- migrator:step
UPDATE accounts SET group_id = 0 WHERE group_id > 0;
-- migrator:undo
UPDATE accounts a JOIN account_groups g ON g.account_id = a.id SET a.group_id = g.group_id;

-- migrator:step
ALTER TABLE accounts ADD COLUMN status varchar(16) NOT NULL DEFAULT 'active';
-- migrator:undo
ALTER TABLE accounts DROP COLUMN status;

-- migrator:step
UPDATE accounts SET status = 'dormant' WHERE email = '';
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_accounts_status ON accounts (status);
-- migrator:undo
DROP INDEX idx_accounts_status ON accounts;
