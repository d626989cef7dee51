CREATE TABLE accounts (
    id bigint NOT NULL AUTO_INCREMENT,
    name varchar(100) NOT NULL,
    group_id int NOT NULL DEFAULT 0,
    email varchar(191) NOT NULL DEFAULT '',
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE events (
    id bigint NOT NULL AUTO_INCREMENT,
    account_id bigint NOT NULL,
    kind varchar(32) NOT NULL,
    PRIMARY KEY (id),
    KEY idx_events_account (account_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
