CREATE TABLE accounts (
    id bigserial PRIMARY KEY,
    name varchar(100) NOT NULL,
    group_id integer NOT NULL DEFAULT 0,
    email varchar(191) NOT NULL DEFAULT ''
);

CREATE TABLE events (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL,
    kind varchar(32) NOT NULL
);
CREATE INDEX idx_events_account ON events (account_id);
