CREATE TABLE accounts (
    id bigserial PRIMARY KEY,
    name varchar(100) NOT NULL DEFAULT '',
    created_at bigint NOT NULL DEFAULT 0,
    phone varchar(32) NOT NULL DEFAULT ''
);

CREATE INDEX idx_accounts_created ON accounts (created_at);
CREATE INDEX idx_accounts_phone ON accounts (phone);

CREATE TABLE entries (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL,
    memo varchar(255) NOT NULL DEFAULT ''
);
CREATE INDEX idx_entries_account ON entries (account_id);

CREATE TABLE contacts (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL,
    phone varchar(32) NOT NULL,
    CONSTRAINT uq_contacts_account UNIQUE (account_id)
);
