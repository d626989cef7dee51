-- migrator:step
ALTER TABLE orders ALTER COLUMN amount DROP DEFAULT;
-- migrator:undo
ALTER TABLE orders ALTER COLUMN amount SET DEFAULT '0';

-- migrator:step
ALTER TABLE orders ALTER COLUMN amount TYPE bigint USING amount::bigint;
-- migrator:undo
ALTER TABLE orders ALTER COLUMN amount TYPE varchar(20) USING amount::varchar;

-- migrator:step
ALTER TABLE orders ALTER COLUMN amount SET DEFAULT 0;
-- migrator:undo
ALTER TABLE orders ALTER COLUMN amount DROP DEFAULT;

-- migrator:step
ALTER TABLE orders ALTER COLUMN note TYPE varchar(1024);
-- migrator:undo
ALTER TABLE orders ALTER COLUMN note TYPE varchar(255);

-- migrator:step
ALTER TABLE customers ADD COLUMN login varchar(120) NOT NULL DEFAULT '';
-- migrator:undo
ALTER TABLE customers DROP COLUMN login;

-- migrator:step
UPDATE customers SET login = lower(name) || '-' || id;
-- migrator:undo noop

-- migrator:step
CREATE UNIQUE INDEX uq_customers_login ON customers (login);
-- migrator:undo
DROP INDEX uq_customers_login;

-- migrator:step
UPDATE customers SET phone = REPLACE(phone, '-', '') WHERE phone <> '';
-- migrator:undo
UPDATE customers SET phone = CONCAT(SUBSTRING(phone, 1, 2), '-', SUBSTRING(phone, 3, 3), '-', SUBSTRING(phone, 6)) WHERE phone <> '';
