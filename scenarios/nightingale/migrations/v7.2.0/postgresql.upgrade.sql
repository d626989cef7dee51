-- Nightingale v7.2.0: a record of every notification sent; datasource.is_default may be unset.

-- migrator:step
CREATE TABLE notification_record (
    id bigserial,
    event_id bigint NOT NULL,
    sub_id bigint NOT NULL,
    channel varchar(255) NOT NULL,
    status smallint NOT NULL DEFAULT 0,
    target varchar(1024) NOT NULL,
    details varchar(2048),
    created_at bigint NOT NULL,
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE notification_record;

-- migrator:step
CREATE INDEX idx_evt ON notification_record (event_id);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN notification_record.event_id IS 'alert_his_event id';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN notification_record.sub_id IS 'subscription id';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN notification_record.channel IS 'notification channel';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN notification_record.status IS 'notification status';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN notification_record.target IS 'notification target';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN notification_record.details IS 'other information';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN notification_record.created_at IS 'create time';
-- migrator:undo noop

-- migrator:step
ALTER TABLE datasource ALTER COLUMN is_default DROP NOT NULL;
-- migrator:undo
ALTER TABLE datasource ALTER COLUMN is_default SET NOT NULL;
