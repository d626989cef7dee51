-- Accounts get an e-mail address; events are looked up by account.
-- migrator:step
ALTER TABLE accounts ADD COLUMN email varchar(191) NOT NULL DEFAULT '';
-- migrator:undo
ALTER TABLE accounts DROP COLUMN email;

-- migrator:step
CREATE INDEX idx_events_account ON events (account_id);
-- migrator:undo
DROP INDEX idx_events_account ON events;
