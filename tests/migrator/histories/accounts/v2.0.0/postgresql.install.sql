CREATE TABLE accounts (
    id bigserial PRIMARY KEY,
    name varchar(200) NOT NULL,
    email varchar(191) NOT NULL DEFAULT '',
    status varchar(16) NOT NULL DEFAULT 'active'
);
CREATE INDEX idx_accounts_status ON accounts (status);

CREATE TABLE events (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL,
    kind varchar(32) NOT NULL
);
CREATE INDEX idx_events_account ON events (account_id);

CREATE TABLE account_groups (
    account_id bigint NOT NULL,
    group_id integer NOT NULL,
    PRIMARY KEY (account_id, group_id)
);

CREATE TABLE events_archive (
    id bigint PRIMARY KEY,
    account_id bigint NOT NULL,
    kind varchar(32) NOT NULL
);
