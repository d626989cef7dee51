-- Nightingale v9.1.0: indexes for "events notified by a rule in a time window" and for the retention cleanup.
-- notification_record is written continuously, so both are built CONCURRENTLY, which cannot run inside a
-- transaction. A failed concurrent build leaves an invalid index behind; the undo drops it if it exists.

-- migrator:step nontransactional
CREATE INDEX CONCURRENTLY idx_nr_rule_created_evt ON notification_record (notify_rule_id, created_at, event_id);
-- migrator:undo
DROP INDEX CONCURRENTLY IF EXISTS idx_nr_rule_created_evt;

-- migrator:step nontransactional
CREATE INDEX CONCURRENTLY idx_nr_created_at ON notification_record (created_at);
-- migrator:undo
DROP INDEX CONCURRENTLY IF EXISTS idx_nr_created_at;
