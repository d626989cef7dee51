-- migrator:step
CREATE TABLE contacts (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL,
    phone varchar(32) NOT NULL,
    CONSTRAINT uq_contacts_account UNIQUE (account_id)
);
-- migrator:undo
DROP TABLE contacts;

-- migrator:step
UPDATE accounts SET phone = REPLACE(phone, '-', '') WHERE phone <> '';
-- migrator:undo
UPDATE accounts SET phone = CONCAT(SUBSTRING(phone, 1, 2), '-', SUBSTRING(phone, 3, 3), '-', SUBSTRING(phone, 6)) WHERE phone <> '';

-- migrator:step
INSERT INTO contacts (account_id, phone) SELECT id, phone FROM accounts WHERE phone <> '' ORDER BY id;
-- migrator:undo noop

-- migrator:step
ALTER TABLE entries ALTER COLUMN memo TYPE varchar(255);
-- migrator:undo
ALTER TABLE entries ALTER COLUMN memo TYPE varchar(100);
