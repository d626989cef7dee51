-- Nightingale v7.0.0: ibex merged into the server (its task tables), builtin metrics and payloads, boards shared
-- with several busi groups, users' last activity, and datasource.is_default as a boolean.

-- migrator:step
ALTER TABLE users ADD COLUMN belong varchar(16) NOT NULL DEFAULT '';
-- migrator:undo
ALTER TABLE users DROP COLUMN belong;

-- migrator:step
COMMENT ON COLUMN users.belong IS 'belong';
-- migrator:undo noop

-- migrator:step
ALTER TABLE users ADD COLUMN last_active_time bigint NOT NULL DEFAULT 0;
-- migrator:undo
ALTER TABLE users DROP COLUMN last_active_time;

-- migrator:step
ALTER TABLE alert_subscribe ADD COLUMN rule_ids varchar(1024) DEFAULT '';
-- migrator:undo
ALTER TABLE alert_subscribe DROP COLUMN rule_ids;

-- migrator:step
COMMENT ON COLUMN alert_subscribe.rule_ids IS 'rule ids';
-- migrator:undo noop

-- migrator:step
ALTER TABLE target ADD COLUMN engine_name varchar(255) DEFAULT '';
-- migrator:undo
ALTER TABLE target DROP COLUMN engine_name;

-- migrator:step
COMMENT ON COLUMN target.engine_name IS 'engine name';
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_engine_name ON target (engine_name);
-- migrator:undo
DROP INDEX idx_engine_name;

-- migrator:step
ALTER TABLE board ADD COLUMN public_cate integer NOT NULL DEFAULT 0;
-- migrator:undo
ALTER TABLE board DROP COLUMN public_cate;

-- migrator:step
COMMENT ON COLUMN board.public_cate IS '0: anonymous 1: login 2: busi';
-- migrator:undo noop

-- Mute matchers become a JSON array; existing values are kept as they are.
-- migrator:step
ALTER TABLE alert_mute ALTER COLUMN tags DROP NOT NULL, ALTER COLUMN tags SET DEFAULT '[]';
-- migrator:undo
ALTER TABLE alert_mute ALTER COLUMN tags SET DEFAULT '', ALTER COLUMN tags SET NOT NULL;

-- A real type change on PostgreSQL: 0 becomes false, anything else true. The smallint default cannot be cast,
-- so it is dropped first and set again as a boolean.
-- migrator:step
ALTER TABLE datasource
    ALTER COLUMN is_default DROP DEFAULT,
    ALTER COLUMN is_default TYPE boolean USING is_default <> 0,
    ALTER COLUMN is_default SET DEFAULT false;
-- migrator:undo
ALTER TABLE datasource
    ALTER COLUMN is_default DROP DEFAULT,
    ALTER COLUMN is_default TYPE smallint USING CASE WHEN is_default THEN 1 ELSE 0 END,
    ALTER COLUMN is_default SET DEFAULT 0;

-- migrator:step
ALTER TABLE recording_rule ADD COLUMN cron_pattern varchar(255) DEFAULT '';
-- migrator:undo
ALTER TABLE recording_rule DROP COLUMN cron_pattern;

-- migrator:step
ALTER TABLE alert_cur_event ADD COLUMN original_tags text;
-- migrator:undo
ALTER TABLE alert_cur_event DROP COLUMN original_tags;

-- migrator:step
COMMENT ON COLUMN alert_cur_event.original_tags IS 'labels key=val,,k2=v2';
-- migrator:undo noop

-- migrator:step
ALTER TABLE alert_his_event ADD COLUMN original_tags text;
-- migrator:undo
ALTER TABLE alert_his_event DROP COLUMN original_tags;

-- migrator:step
COMMENT ON COLUMN alert_his_event.original_tags IS 'labels key=val,,k2=v2';
-- migrator:undo noop

-- migrator:step
ALTER TABLE sso_config ADD COLUMN update_at bigint NOT NULL DEFAULT 0;
-- migrator:undo
ALTER TABLE sso_config DROP COLUMN update_at;

-- migrator:step
CREATE TABLE board_busigroup (
    busi_group_id bigint NOT NULL DEFAULT 0,
    board_id bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (busi_group_id, board_id)
);
-- migrator:undo
DROP TABLE board_busigroup;

-- migrator:step
COMMENT ON COLUMN board_busigroup.busi_group_id IS 'busi group id';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN board_busigroup.board_id IS 'board id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE builtin_metrics (
    id bigserial,
    collector varchar(191) NOT NULL,
    typ varchar(191) NOT NULL,
    name varchar(191) NOT NULL,
    unit varchar(191) NOT NULL,
    lang varchar(191) NOT NULL DEFAULT '',
    note varchar(4096) NOT NULL,
    expression varchar(4096) NOT NULL,
    created_at bigint NOT NULL DEFAULT 0,
    created_by varchar(191) NOT NULL DEFAULT '',
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by varchar(191) NOT NULL DEFAULT '',
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE builtin_metrics;

-- migrator:step
CREATE UNIQUE INDEX idx_collector_typ_name ON builtin_metrics (lang, collector, typ, name);
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_collector ON builtin_metrics (collector);
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_typ ON builtin_metrics (typ);
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_builtin_metrics_name ON builtin_metrics (name);
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_lang ON builtin_metrics (lang);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN builtin_metrics.collector IS 'collector type';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN builtin_metrics.typ IS 'metric type';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN builtin_metrics.name IS 'metric name';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN builtin_metrics.unit IS 'unit';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN builtin_metrics.lang IS 'language';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN builtin_metrics.note IS 'description';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN builtin_metrics.expression IS 'expression';
-- migrator:undo noop

-- migrator:step
CREATE TABLE metric_filter (
    id bigserial,
    name varchar(191) NOT NULL,
    configs varchar(4096) NOT NULL,
    groups_perm text,
    create_at bigint NOT NULL DEFAULT 0,
    create_by varchar(191) NOT NULL DEFAULT '',
    update_at bigint NOT NULL DEFAULT 0,
    update_by varchar(191) NOT NULL DEFAULT '',
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE metric_filter;

-- migrator:step
CREATE INDEX idx_metric_filter_name ON metric_filter (name);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN metric_filter.name IS 'filter name';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN metric_filter.configs IS 'filter configuration';
-- migrator:undo noop

-- migrator:step
CREATE TABLE builtin_components (
    id bigserial,
    ident varchar(191) NOT NULL,
    logo varchar(191) NOT NULL,
    readme text NOT NULL,
    created_at bigint NOT NULL DEFAULT 0,
    created_by varchar(191) NOT NULL DEFAULT '',
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by varchar(191) NOT NULL DEFAULT '',
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE builtin_components;

-- migrator:step
CREATE INDEX idx_builtin_components_ident ON builtin_components (ident);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN builtin_components.ident IS 'component identifier';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN builtin_components.logo IS 'component logo';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN builtin_components.readme IS 'component readme';
-- migrator:undo noop

-- migrator:step
CREATE TABLE builtin_payloads (
    id bigserial,
    uuid bigint NOT NULL,
    type varchar(191) NOT NULL,
    component varchar(191) NOT NULL,
    cate varchar(191) NOT NULL,
    name varchar(191) NOT NULL,
    tags varchar(191) NOT NULL DEFAULT '',
    content text NOT NULL,
    created_at bigint NOT NULL DEFAULT 0,
    created_by varchar(191) NOT NULL DEFAULT '',
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by varchar(191) NOT NULL DEFAULT '',
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE builtin_payloads;

-- migrator:step
CREATE INDEX idx_component ON builtin_payloads (component);
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_builtin_payloads_name ON builtin_payloads (name);
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_cate ON builtin_payloads (cate);
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_uuid ON builtin_payloads (uuid);
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_type ON builtin_payloads (type);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN builtin_payloads.uuid IS 'payload uuid';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN builtin_payloads.type IS 'payload type';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN builtin_payloads.component IS 'component';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN builtin_payloads.cate IS 'category';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN builtin_payloads.name IS 'payload name';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN builtin_payloads.tags IS 'tags';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN builtin_payloads.content IS 'payload content';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_meta (
    id bigserial,
    title varchar(255) NOT NULL DEFAULT '',
    account varchar(64) NOT NULL,
    batch integer NOT NULL DEFAULT 0,
    tolerance integer NOT NULL DEFAULT 0,
    timeout integer NOT NULL DEFAULT 0,
    pause varchar(255) NOT NULL DEFAULT '',
    script text NOT NULL,
    args varchar(512) NOT NULL DEFAULT '',
    stdin varchar(1024) NOT NULL DEFAULT '',
    creator varchar(64) NOT NULL DEFAULT '',
    created timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE task_meta;

-- migrator:step
CREATE INDEX task_meta_creator_idx ON task_meta (creator);
-- migrator:undo noop

-- migrator:step
CREATE INDEX task_meta_created_idx ON task_meta (created);
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_action (
    id bigint NOT NULL,
    action varchar(32) NOT NULL,
    clock bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE task_action;

-- migrator:step
CREATE TABLE task_scheduler (
    id bigint NOT NULL,
    scheduler varchar(128) NOT NULL DEFAULT ''
);
-- migrator:undo
DROP TABLE task_scheduler;

-- migrator:step
CREATE INDEX task_scheduler_id_scheduler_idx ON task_scheduler (id, scheduler);
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_scheduler_health (
    scheduler varchar(128) NOT NULL,
    clock bigint NOT NULL
);
-- migrator:undo
DROP TABLE task_scheduler_health;

-- migrator:step
CREATE UNIQUE INDEX task_scheduler_health_scheduler_key ON task_scheduler_health (scheduler);
-- migrator:undo noop

-- migrator:step
CREATE INDEX task_scheduler_health_clock_idx ON task_scheduler_health (clock);
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_doing (
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    clock bigint NOT NULL DEFAULT 0,
    action varchar(16) NOT NULL
);
-- migrator:undo
DROP TABLE task_host_doing;

-- migrator:step
CREATE INDEX task_host_doing_id_idx ON task_host_doing (id);
-- migrator:undo noop

-- migrator:step
CREATE INDEX task_host_doing_host_idx ON task_host_doing (host);
-- migrator:undo noop

-- BEGIN generated by tools/gen_task_hosts.py: task_host_0 .. task_host_99

-- migrator:step
CREATE TABLE task_host_0 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_0;

-- migrator:step
CREATE UNIQUE INDEX task_host_0_id_host_key ON task_host_0 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_0.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_1 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_1;

-- migrator:step
CREATE UNIQUE INDEX task_host_1_id_host_key ON task_host_1 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_1.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_2 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_2;

-- migrator:step
CREATE UNIQUE INDEX task_host_2_id_host_key ON task_host_2 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_2.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_3 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_3;

-- migrator:step
CREATE UNIQUE INDEX task_host_3_id_host_key ON task_host_3 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_3.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_4 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_4;

-- migrator:step
CREATE UNIQUE INDEX task_host_4_id_host_key ON task_host_4 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_4.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_5 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_5;

-- migrator:step
CREATE UNIQUE INDEX task_host_5_id_host_key ON task_host_5 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_5.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_6 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_6;

-- migrator:step
CREATE UNIQUE INDEX task_host_6_id_host_key ON task_host_6 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_6.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_7 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_7;

-- migrator:step
CREATE UNIQUE INDEX task_host_7_id_host_key ON task_host_7 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_7.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_8 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_8;

-- migrator:step
CREATE UNIQUE INDEX task_host_8_id_host_key ON task_host_8 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_8.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_9 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_9;

-- migrator:step
CREATE UNIQUE INDEX task_host_9_id_host_key ON task_host_9 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_9.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_10 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_10;

-- migrator:step
CREATE UNIQUE INDEX task_host_10_id_host_key ON task_host_10 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_10.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_11 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_11;

-- migrator:step
CREATE UNIQUE INDEX task_host_11_id_host_key ON task_host_11 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_11.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_12 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_12;

-- migrator:step
CREATE UNIQUE INDEX task_host_12_id_host_key ON task_host_12 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_12.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_13 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_13;

-- migrator:step
CREATE UNIQUE INDEX task_host_13_id_host_key ON task_host_13 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_13.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_14 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_14;

-- migrator:step
CREATE UNIQUE INDEX task_host_14_id_host_key ON task_host_14 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_14.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_15 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_15;

-- migrator:step
CREATE UNIQUE INDEX task_host_15_id_host_key ON task_host_15 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_15.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_16 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_16;

-- migrator:step
CREATE UNIQUE INDEX task_host_16_id_host_key ON task_host_16 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_16.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_17 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_17;

-- migrator:step
CREATE UNIQUE INDEX task_host_17_id_host_key ON task_host_17 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_17.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_18 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_18;

-- migrator:step
CREATE UNIQUE INDEX task_host_18_id_host_key ON task_host_18 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_18.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_19 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_19;

-- migrator:step
CREATE UNIQUE INDEX task_host_19_id_host_key ON task_host_19 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_19.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_20 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_20;

-- migrator:step
CREATE UNIQUE INDEX task_host_20_id_host_key ON task_host_20 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_20.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_21 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_21;

-- migrator:step
CREATE UNIQUE INDEX task_host_21_id_host_key ON task_host_21 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_21.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_22 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_22;

-- migrator:step
CREATE UNIQUE INDEX task_host_22_id_host_key ON task_host_22 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_22.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_23 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_23;

-- migrator:step
CREATE UNIQUE INDEX task_host_23_id_host_key ON task_host_23 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_23.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_24 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_24;

-- migrator:step
CREATE UNIQUE INDEX task_host_24_id_host_key ON task_host_24 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_24.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_25 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_25;

-- migrator:step
CREATE UNIQUE INDEX task_host_25_id_host_key ON task_host_25 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_25.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_26 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_26;

-- migrator:step
CREATE UNIQUE INDEX task_host_26_id_host_key ON task_host_26 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_26.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_27 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_27;

-- migrator:step
CREATE UNIQUE INDEX task_host_27_id_host_key ON task_host_27 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_27.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_28 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_28;

-- migrator:step
CREATE UNIQUE INDEX task_host_28_id_host_key ON task_host_28 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_28.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_29 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_29;

-- migrator:step
CREATE UNIQUE INDEX task_host_29_id_host_key ON task_host_29 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_29.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_30 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_30;

-- migrator:step
CREATE UNIQUE INDEX task_host_30_id_host_key ON task_host_30 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_30.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_31 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_31;

-- migrator:step
CREATE UNIQUE INDEX task_host_31_id_host_key ON task_host_31 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_31.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_32 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_32;

-- migrator:step
CREATE UNIQUE INDEX task_host_32_id_host_key ON task_host_32 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_32.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_33 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_33;

-- migrator:step
CREATE UNIQUE INDEX task_host_33_id_host_key ON task_host_33 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_33.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_34 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_34;

-- migrator:step
CREATE UNIQUE INDEX task_host_34_id_host_key ON task_host_34 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_34.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_35 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_35;

-- migrator:step
CREATE UNIQUE INDEX task_host_35_id_host_key ON task_host_35 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_35.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_36 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_36;

-- migrator:step
CREATE UNIQUE INDEX task_host_36_id_host_key ON task_host_36 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_36.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_37 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_37;

-- migrator:step
CREATE UNIQUE INDEX task_host_37_id_host_key ON task_host_37 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_37.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_38 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_38;

-- migrator:step
CREATE UNIQUE INDEX task_host_38_id_host_key ON task_host_38 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_38.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_39 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_39;

-- migrator:step
CREATE UNIQUE INDEX task_host_39_id_host_key ON task_host_39 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_39.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_40 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_40;

-- migrator:step
CREATE UNIQUE INDEX task_host_40_id_host_key ON task_host_40 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_40.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_41 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_41;

-- migrator:step
CREATE UNIQUE INDEX task_host_41_id_host_key ON task_host_41 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_41.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_42 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_42;

-- migrator:step
CREATE UNIQUE INDEX task_host_42_id_host_key ON task_host_42 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_42.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_43 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_43;

-- migrator:step
CREATE UNIQUE INDEX task_host_43_id_host_key ON task_host_43 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_43.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_44 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_44;

-- migrator:step
CREATE UNIQUE INDEX task_host_44_id_host_key ON task_host_44 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_44.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_45 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_45;

-- migrator:step
CREATE UNIQUE INDEX task_host_45_id_host_key ON task_host_45 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_45.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_46 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_46;

-- migrator:step
CREATE UNIQUE INDEX task_host_46_id_host_key ON task_host_46 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_46.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_47 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_47;

-- migrator:step
CREATE UNIQUE INDEX task_host_47_id_host_key ON task_host_47 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_47.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_48 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_48;

-- migrator:step
CREATE UNIQUE INDEX task_host_48_id_host_key ON task_host_48 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_48.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_49 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_49;

-- migrator:step
CREATE UNIQUE INDEX task_host_49_id_host_key ON task_host_49 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_49.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_50 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_50;

-- migrator:step
CREATE UNIQUE INDEX task_host_50_id_host_key ON task_host_50 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_50.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_51 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_51;

-- migrator:step
CREATE UNIQUE INDEX task_host_51_id_host_key ON task_host_51 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_51.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_52 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_52;

-- migrator:step
CREATE UNIQUE INDEX task_host_52_id_host_key ON task_host_52 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_52.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_53 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_53;

-- migrator:step
CREATE UNIQUE INDEX task_host_53_id_host_key ON task_host_53 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_53.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_54 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_54;

-- migrator:step
CREATE UNIQUE INDEX task_host_54_id_host_key ON task_host_54 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_54.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_55 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_55;

-- migrator:step
CREATE UNIQUE INDEX task_host_55_id_host_key ON task_host_55 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_55.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_56 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_56;

-- migrator:step
CREATE UNIQUE INDEX task_host_56_id_host_key ON task_host_56 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_56.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_57 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_57;

-- migrator:step
CREATE UNIQUE INDEX task_host_57_id_host_key ON task_host_57 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_57.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_58 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_58;

-- migrator:step
CREATE UNIQUE INDEX task_host_58_id_host_key ON task_host_58 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_58.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_59 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_59;

-- migrator:step
CREATE UNIQUE INDEX task_host_59_id_host_key ON task_host_59 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_59.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_60 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_60;

-- migrator:step
CREATE UNIQUE INDEX task_host_60_id_host_key ON task_host_60 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_60.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_61 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_61;

-- migrator:step
CREATE UNIQUE INDEX task_host_61_id_host_key ON task_host_61 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_61.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_62 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_62;

-- migrator:step
CREATE UNIQUE INDEX task_host_62_id_host_key ON task_host_62 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_62.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_63 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_63;

-- migrator:step
CREATE UNIQUE INDEX task_host_63_id_host_key ON task_host_63 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_63.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_64 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_64;

-- migrator:step
CREATE UNIQUE INDEX task_host_64_id_host_key ON task_host_64 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_64.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_65 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_65;

-- migrator:step
CREATE UNIQUE INDEX task_host_65_id_host_key ON task_host_65 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_65.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_66 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_66;

-- migrator:step
CREATE UNIQUE INDEX task_host_66_id_host_key ON task_host_66 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_66.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_67 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_67;

-- migrator:step
CREATE UNIQUE INDEX task_host_67_id_host_key ON task_host_67 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_67.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_68 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_68;

-- migrator:step
CREATE UNIQUE INDEX task_host_68_id_host_key ON task_host_68 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_68.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_69 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_69;

-- migrator:step
CREATE UNIQUE INDEX task_host_69_id_host_key ON task_host_69 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_69.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_70 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_70;

-- migrator:step
CREATE UNIQUE INDEX task_host_70_id_host_key ON task_host_70 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_70.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_71 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_71;

-- migrator:step
CREATE UNIQUE INDEX task_host_71_id_host_key ON task_host_71 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_71.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_72 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_72;

-- migrator:step
CREATE UNIQUE INDEX task_host_72_id_host_key ON task_host_72 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_72.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_73 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_73;

-- migrator:step
CREATE UNIQUE INDEX task_host_73_id_host_key ON task_host_73 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_73.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_74 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_74;

-- migrator:step
CREATE UNIQUE INDEX task_host_74_id_host_key ON task_host_74 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_74.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_75 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_75;

-- migrator:step
CREATE UNIQUE INDEX task_host_75_id_host_key ON task_host_75 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_75.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_76 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_76;

-- migrator:step
CREATE UNIQUE INDEX task_host_76_id_host_key ON task_host_76 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_76.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_77 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_77;

-- migrator:step
CREATE UNIQUE INDEX task_host_77_id_host_key ON task_host_77 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_77.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_78 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_78;

-- migrator:step
CREATE UNIQUE INDEX task_host_78_id_host_key ON task_host_78 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_78.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_79 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_79;

-- migrator:step
CREATE UNIQUE INDEX task_host_79_id_host_key ON task_host_79 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_79.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_80 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_80;

-- migrator:step
CREATE UNIQUE INDEX task_host_80_id_host_key ON task_host_80 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_80.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_81 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_81;

-- migrator:step
CREATE UNIQUE INDEX task_host_81_id_host_key ON task_host_81 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_81.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_82 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_82;

-- migrator:step
CREATE UNIQUE INDEX task_host_82_id_host_key ON task_host_82 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_82.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_83 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_83;

-- migrator:step
CREATE UNIQUE INDEX task_host_83_id_host_key ON task_host_83 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_83.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_84 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_84;

-- migrator:step
CREATE UNIQUE INDEX task_host_84_id_host_key ON task_host_84 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_84.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_85 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_85;

-- migrator:step
CREATE UNIQUE INDEX task_host_85_id_host_key ON task_host_85 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_85.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_86 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_86;

-- migrator:step
CREATE UNIQUE INDEX task_host_86_id_host_key ON task_host_86 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_86.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_87 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_87;

-- migrator:step
CREATE UNIQUE INDEX task_host_87_id_host_key ON task_host_87 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_87.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_88 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_88;

-- migrator:step
CREATE UNIQUE INDEX task_host_88_id_host_key ON task_host_88 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_88.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_89 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_89;

-- migrator:step
CREATE UNIQUE INDEX task_host_89_id_host_key ON task_host_89 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_89.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_90 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_90;

-- migrator:step
CREATE UNIQUE INDEX task_host_90_id_host_key ON task_host_90 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_90.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_91 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_91;

-- migrator:step
CREATE UNIQUE INDEX task_host_91_id_host_key ON task_host_91 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_91.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_92 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_92;

-- migrator:step
CREATE UNIQUE INDEX task_host_92_id_host_key ON task_host_92 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_92.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_93 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_93;

-- migrator:step
CREATE UNIQUE INDEX task_host_93_id_host_key ON task_host_93 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_93.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_94 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_94;

-- migrator:step
CREATE UNIQUE INDEX task_host_94_id_host_key ON task_host_94 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_94.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_95 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_95;

-- migrator:step
CREATE UNIQUE INDEX task_host_95_id_host_key ON task_host_95 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_95.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_96 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_96;

-- migrator:step
CREATE UNIQUE INDEX task_host_96_id_host_key ON task_host_96 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_96.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_97 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_97;

-- migrator:step
CREATE UNIQUE INDEX task_host_97_id_host_key ON task_host_97 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_97.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_98 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_98;

-- migrator:step
CREATE UNIQUE INDEX task_host_98_id_host_key ON task_host_98 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_98.id IS 'task id';
-- migrator:undo noop

-- migrator:step
CREATE TABLE task_host_99 (
    ii bigserial,
    id bigint NOT NULL,
    host varchar(128) NOT NULL,
    status varchar(32) NOT NULL,
    stdout text,
    stderr text,
    PRIMARY KEY (ii)
);
-- migrator:undo
DROP TABLE task_host_99;

-- migrator:step
CREATE UNIQUE INDEX task_host_99_id_host_key ON task_host_99 (id, host);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN task_host_99.id IS 'task id';
-- migrator:undo noop

-- END generated by tools/gen_task_hosts.py
