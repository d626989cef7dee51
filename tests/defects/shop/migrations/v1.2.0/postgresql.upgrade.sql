-- migrator:step
CREATE TABLE order_events (
    id bigserial PRIMARY KEY,
    order_id bigint NOT NULL,
    kind varchar(32) NOT NULL,
    CONSTRAINT uq_order_events_order_kind UNIQUE (order_id, kind)
);
-- migrator:undo
DROP TABLE order_events;

-- migrator:step
INSERT INTO order_events (order_id, kind) SELECT id, 'created' FROM orders ORDER BY id;
-- migrator:undo noop
