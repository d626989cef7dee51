-- migrator:step
ALTER TABLE events ADD COLUMN created_at bigint NOT NULL DEFAULT 0;
-- migrator:undo
ALTER TABLE events DROP COLUMN created_at;

-- migrator:step
UPDATE events SET created_at = id * 1000;
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_events_created ON events (created_at);
-- migrator:undo
DROP INDEX idx_events_created ON events;

-- migrator:step
ALTER TABLE accounts MODIFY name varchar(200) NOT NULL;
-- migrator:undo
ALTER TABLE accounts MODIFY name varchar(100) NOT NULL;
