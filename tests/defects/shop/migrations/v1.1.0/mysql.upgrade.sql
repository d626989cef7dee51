-- migrator:step
ALTER TABLE customers ADD COLUMN phone varchar(32) NOT NULL DEFAULT '';
-- migrator:undo
ALTER TABLE customers DROP COLUMN phone;

-- migrator:step
CREATE INDEX idx_orders_status ON orders (status);
-- migrator:undo
DROP INDEX idx_orders_status ON orders;
