CREATE TABLE customers (
    id bigint unsigned NOT NULL AUTO_INCREMENT,
    email varchar(191) NOT NULL,
    name varchar(100) NOT NULL DEFAULT '',
    created_at bigint NOT NULL DEFAULT 0,
    phone varchar(32) NOT NULL DEFAULT '',
    PRIMARY KEY (id),
    UNIQUE KEY uq_customers_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE orders (
    id bigint unsigned NOT NULL AUTO_INCREMENT,
    customer_id bigint unsigned NOT NULL,
    status varchar(16) NOT NULL DEFAULT 'new',
    amount varchar(20) NOT NULL DEFAULT '0',
    note varchar(255) NOT NULL DEFAULT '',
    PRIMARY KEY (id),
    KEY idx_orders_customer (customer_id),
    KEY idx_orders_status (status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
