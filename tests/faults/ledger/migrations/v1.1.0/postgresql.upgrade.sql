-- migrator:step
ALTER TABLE accounts ADD COLUMN phone varchar(32) NOT NULL DEFAULT '';
-- migrator:undo
ALTER TABLE accounts DROP COLUMN phone;

-- migrator:step
CREATE INDEX idx_entries_account ON entries (account_id);
-- migrator:undo
DROP INDEX idx_entries_account;

-- migrator:step
CREATE INDEX idx_accounts_phone ON accounts (phone);
-- migrator:undo
DROP INDEX idx_accounts_phone;
