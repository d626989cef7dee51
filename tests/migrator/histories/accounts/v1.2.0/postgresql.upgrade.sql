-- migrator:step
CREATE TABLE account_groups (
    account_id bigint NOT NULL,
    group_id integer NOT NULL,
    PRIMARY KEY (account_id, group_id)
);
-- migrator:undo
DROP TABLE account_groups;

-- migrator:step
INSERT INTO account_groups (account_id, group_id) SELECT id, group_id FROM accounts WHERE group_id > 0;
-- migrator:undo noop
-- (dropping account_groups, the undo of the step before, removes these rows)

-- migrator:step
UPDATE accounts SET group_id = 0 WHERE group_id > 0;
-- migrator:undo
UPDATE accounts AS a SET group_id = g.group_id FROM account_groups AS g WHERE g.account_id = a.id;

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
DROP INDEX idx_accounts_status;
