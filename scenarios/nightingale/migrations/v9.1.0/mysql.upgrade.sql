-- Nightingale v9.1.0: indexes for "events notified by a rule in a time window" and for the retention cleanup.
-- notification_record is written continuously, so both are built online: INPLACE with LOCK=NONE lets writes go
-- on. A server that cannot build them online refuses with an error instead of blocking the table.

-- migrator:step
ALTER TABLE `notification_record`
    ADD KEY `idx_nr_rule_created_evt` (`notify_rule_id`, `created_at`, `event_id`), ALGORITHM=INPLACE, LOCK=NONE;
-- migrator:undo
ALTER TABLE `notification_record` DROP KEY `idx_nr_rule_created_evt`, ALGORITHM=INPLACE, LOCK=NONE;

-- migrator:step
ALTER TABLE `notification_record` ADD KEY `idx_nr_created_at` (`created_at`), ALGORITHM=INPLACE, LOCK=NONE;
-- migrator:undo
ALTER TABLE `notification_record` DROP KEY `idx_nr_created_at`, ALGORITHM=INPLACE, LOCK=NONE;
