-- event is written all the time: the index is built without blocking writes.
-- migrator:step nontransactional
CREATE INDEX CONCURRENTLY idx_event_fired ON event (fired);
-- migrator:undo
DROP INDEX CONCURRENTLY IF EXISTS idx_event_fired;
