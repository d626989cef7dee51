CREATE TABLE accounts (
    id bigint unsigned NOT NULL AUTO_INCREMENT,
    name varchar(100) NOT NULL DEFAULT '',
    created_at bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY idx_accounts_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE entries (
    id bigint unsigned NOT NULL AUTO_INCREMENT,
    account_id bigint unsigned NOT NULL,
    memo varchar(100) NOT NULL DEFAULT '',
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
