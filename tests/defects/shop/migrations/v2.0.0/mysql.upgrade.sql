-- migrator:step
ALTER TABLE orders MODIFY amount bigint NOT NULL DEFAULT 0;
-- migrator:undo
ALTER TABLE orders MODIFY amount varchar(20) NOT NULL DEFAULT '0';

-- migrator:step
ALTER TABLE orders MODIFY note varchar(1024) NOT NULL DEFAULT '';
-- migrator:undo
ALTER TABLE orders MODIFY note varchar(255) NOT NULL DEFAULT '';

-- migrator:step
ALTER TABLE customers ADD COLUMN login varchar(120) NOT NULL DEFAULT '' AFTER phone;
-- migrator:undo
ALTER TABLE customers DROP COLUMN login;

-- migrator:step
UPDATE customers SET login = CONCAT(LOWER(name), '-', id);
-- migrator:undo noop

-- migrator:step
CREATE UNIQUE INDEX uq_customers_login ON customers (login);
-- migrator:undo
DROP INDEX uq_customers_login ON customers;

-- migrator:step
UPDATE customers SET phone = REPLACE(phone, '-', '') WHERE phone <> '';
-- migrator:undo
UPDATE customers SET phone = CONCAT(SUBSTRING(phone, 1, 2), '-', SUBSTRING(phone, 3, 3), '-', SUBSTRING(phone, 6)) WHERE phone <> '';
