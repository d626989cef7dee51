-- migrator:step
ALTER TABLE events ADD COLUMN created_at bigint NOT NULL DEFAULT 0;
-- migrator:undo
ALTER TABLE events DROP COLUMN created_at;

-- migrator:step
UPDATE events SET created_at = id * 1000;
-- migrator:undo noop

-- migrator:step nontransactional
CREATE INDEX CONCURRENTLY idx_events_created ON events (created_at);
-- migrator:undo
DROP INDEX CONCURRENTLY IF EXISTS idx_events_created;

-- migrator:step
ALTER TABLE accounts ALTER COLUMN name TYPE varchar(200);
-- migrator:undo
ALTER TABLE accounts ALTER COLUMN name TYPE varchar(100);
