-- migrator:step
CREATE TABLE order_events (
    id bigint unsigned NOT NULL AUTO_INCREMENT,
    order_id bigint unsigned NOT NULL,
    kind varchar(32) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_order_events_order_kind (order_id, kind)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- migrator:undo
DROP TABLE order_events;

-- migrator:step
INSERT INTO order_events (order_id, kind) SELECT id, 'created' FROM orders ORDER BY id;
-- migrator:undo noop
