-- migrator:step
CREATE TABLE contacts (
    id bigint unsigned NOT NULL AUTO_INCREMENT,
    account_id bigint unsigned NOT NULL,
    phone varchar(32) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_contacts_account (account_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
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
ALTER TABLE entries MODIFY memo varchar(255) NOT NULL DEFAULT '';
-- migrator:undo
ALTER TABLE entries MODIFY memo varchar(100) NOT NULL DEFAULT '';
