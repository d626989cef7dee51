CREATE TABLE `host` (
    `id` bigint NOT NULL AUTO_INCREMENT,
    `ident` varchar(64) NOT NULL,
    `note` varchar(255) NOT NULL DEFAULT '',
    `seen` bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (`id`),
    UNIQUE KEY `idx_host_ident` (`ident`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `event` (
    `id` bigint NOT NULL AUTO_INCREMENT,
    `host_id` bigint NOT NULL,
    `severity` int NOT NULL,
    `code` bigint NOT NULL,
    `fired` bigint NOT NULL,
    `pad` varchar(200) NOT NULL DEFAULT '',
    PRIMARY KEY (`id`),
    KEY `idx_event_host` (`host_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX `idx_event_fired` ON `event` (`fired`);
