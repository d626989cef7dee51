CREATE TABLE accounts (
    id bigint NOT NULL AUTO_INCREMENT,
    name varchar(200) NOT NULL,
    group_id int NOT NULL DEFAULT 0,
    email varchar(191) NOT NULL DEFAULT '',
    status varchar(16) NOT NULL DEFAULT 'active',
    PRIMARY KEY (id),
    KEY idx_accounts_status (status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE events (
    id bigint NOT NULL AUTO_INCREMENT,
    account_id bigint NOT NULL,
    kind varchar(32) NOT NULL,
    created_at bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY idx_events_account (account_id),
    KEY idx_events_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE account_groups (
    account_id bigint NOT NULL,
    group_id int NOT NULL,
    PRIMARY KEY (account_id, group_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
