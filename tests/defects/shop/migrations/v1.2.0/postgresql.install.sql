CREATE TABLE customers (
    id bigserial PRIMARY KEY,
    email varchar(191) NOT NULL,
    name varchar(100) NOT NULL DEFAULT '',
    created_at bigint NOT NULL DEFAULT 0,
    phone varchar(32) NOT NULL DEFAULT '',
    CONSTRAINT uq_customers_email UNIQUE (email)
);

CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    customer_id bigint NOT NULL,
    status varchar(16) NOT NULL DEFAULT 'new',
    amount varchar(20) NOT NULL DEFAULT '0',
    note varchar(255) NOT NULL DEFAULT ''
);
CREATE INDEX idx_orders_customer ON orders (customer_id);
CREATE INDEX idx_orders_status ON orders (status);

CREATE TABLE order_events (
    id bigserial PRIMARY KEY,
    order_id bigint NOT NULL,
    kind varchar(32) NOT NULL,
    CONSTRAINT uq_order_events_order_kind UNIQUE (order_id, kind)
);
