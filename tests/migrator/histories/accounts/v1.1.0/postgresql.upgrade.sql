-- Accounts get an e-mail address; events are looked up by account.
-- migrator:step
ALTER TABLE accounts ADD COLUMN email varchar(191) NOT NULL DEFAULT '';
-- migrator:undo
ALTER TABLE accounts DROP COLUMN email;

-- migrator:step nontransactional
CREATE INDEX CONCURRENTLY idx_events_account ON events (account_id);
-- migrator:undo
DROP INDEX CONCURRENTLY IF EXISTS idx_events_account;
