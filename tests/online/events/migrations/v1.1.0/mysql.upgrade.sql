-- event is written all the time: the index is built without blocking writes.
-- migrator:step
ALTER TABLE `event` ADD KEY `idx_event_fired` (`fired`), ALGORITHM=INPLACE, LOCK=NONE;
-- migrator:undo
ALTER TABLE `event` DROP KEY `idx_event_fired`, ALGORITHM=INPLACE, LOCK=NONE;
