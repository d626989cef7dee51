-- migrator:step
DROP INDEX idx_events_created ON events;
-- migrator:undo
CREATE INDEX idx_events_created ON events (created_at);

-- created_at was always id * 1000: the undo recomputes it.
-- migrator:step
ALTER TABLE events DROP COLUMN created_at;
-- migrator:undo
ALTER TABLE events ADD COLUMN created_at bigint NOT NULL DEFAULT 0;
UPDATE events SET created_at = id * 1000;

-- migrator:step
CREATE TABLE events_archive (
    id bigint NOT NULL,
    account_id bigint NOT NULL,
    kind varchar(32) NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- migrator:undo
DROP TABLE events_archive;

-- migrator:step
INSERT INTO events_archive (id, account_id, kind) SELECT id, account_id, kind FROM events WHERE kind = 'debug';
-- migrator:undo noop

-- migrator:step
DELETE FROM events WHERE kind = 'debug';
-- migrator:undo
INSERT INTO events (id, account_id, kind) SELECT id, account_id, kind FROM events_archive;

-- migrator:step
ALTER TABLE accounts DROP COLUMN group_id;
-- migrator:undo
ALTER TABLE accounts ADD COLUMN group_id int NOT NULL DEFAULT 0 AFTER name;
