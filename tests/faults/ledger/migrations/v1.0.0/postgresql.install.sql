CREATE TABLE accounts (
    id bigserial PRIMARY KEY,
    name varchar(100) NOT NULL DEFAULT '',
    created_at bigint NOT NULL DEFAULT 0
);

CREATE INDEX idx_accounts_created ON accounts (created_at);

CREATE TABLE entries (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL,
    memo varchar(100) NOT NULL DEFAULT ''
);
