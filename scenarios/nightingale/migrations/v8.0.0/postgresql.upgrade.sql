-- Nightingale v8.0.0: notification rules, channels and message templates; event pipelines; embedded products
-- (moved out of the `embedded-dashboards` config entry); user and source tokens; dashboard annotations.

-- migrator:step
ALTER TABLE alert_rule
    ADD COLUMN cron_pattern varchar(64),
    ADD COLUMN notify_rule_ids varchar(1024) DEFAULT '',
    ADD COLUMN notify_version integer DEFAULT 0;
-- migrator:undo
ALTER TABLE alert_rule DROP COLUMN cron_pattern, DROP COLUMN notify_rule_ids, DROP COLUMN notify_version;

-- migrator:step
ALTER TABLE alert_subscribe ADD COLUMN notify_rule_ids varchar(1024) DEFAULT '', ADD COLUMN notify_version integer DEFAULT 0;
-- migrator:undo
ALTER TABLE alert_subscribe DROP COLUMN notify_rule_ids, DROP COLUMN notify_version;

-- migrator:step
ALTER TABLE builtin_metrics ADD COLUMN translation text;
-- migrator:undo
ALTER TABLE builtin_metrics DROP COLUMN translation;

-- migrator:step
COMMENT ON COLUMN builtin_metrics.translation IS 'translations (json)';
-- migrator:undo noop

-- Metrics may now repeat per language and collector; the undo fails if duplicates were added meanwhile.
-- migrator:step
DROP INDEX idx_collector_typ_name;
-- migrator:undo
CREATE UNIQUE INDEX idx_collector_typ_name ON builtin_metrics (lang, collector, typ, name);

-- migrator:step
ALTER TABLE notification_record ADD COLUMN notify_rule_id bigint NOT NULL DEFAULT 0;
-- migrator:undo
ALTER TABLE notification_record DROP COLUMN notify_rule_id;

-- migrator:step
CREATE TABLE notify_rule (
    id bigserial,
    name varchar(255) NOT NULL,
    description text,
    enable boolean NOT NULL DEFAULT false,
    user_group_ids varchar(255) NOT NULL DEFAULT '',
    notify_configs text,
    pipeline_configs text,
    create_at bigint NOT NULL DEFAULT 0,
    create_by varchar(64) NOT NULL DEFAULT '',
    update_at bigint NOT NULL DEFAULT 0,
    update_by varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE notify_rule;

-- migrator:step
CREATE TABLE notify_channel (
    id bigserial,
    name varchar(255) NOT NULL,
    ident varchar(255) NOT NULL,
    description text,
    enable boolean NOT NULL DEFAULT false,
    param_config text,
    request_type varchar(50) NOT NULL,
    request_config text,
    weight integer NOT NULL DEFAULT 0,
    create_at bigint NOT NULL DEFAULT 0,
    create_by varchar(64) NOT NULL DEFAULT '',
    update_at bigint NOT NULL DEFAULT 0,
    update_by varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE notify_channel;

-- migrator:step
CREATE TABLE message_template (
    id bigserial,
    name varchar(64) NOT NULL,
    ident varchar(64) NOT NULL,
    content text,
    user_group_ids varchar(64),
    notify_channel_ident varchar(64) NOT NULL DEFAULT '',
    private integer NOT NULL DEFAULT 0,
    weight integer NOT NULL DEFAULT 0,
    create_at bigint NOT NULL DEFAULT 0,
    create_by varchar(64) NOT NULL DEFAULT '',
    update_at bigint NOT NULL DEFAULT 0,
    update_by varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE message_template;

-- migrator:step
CREATE TABLE event_pipeline (
    id bigserial,
    name varchar(128) NOT NULL,
    team_ids text,
    description varchar(255) NOT NULL DEFAULT '',
    filter_enable smallint NOT NULL DEFAULT 0,
    label_filters text,
    attribute_filters text,
    processors text,
    create_at bigint NOT NULL DEFAULT 0,
    create_by varchar(64) NOT NULL DEFAULT '',
    update_at bigint NOT NULL DEFAULT 0,
    update_by varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE event_pipeline;

-- migrator:step
CREATE TABLE embedded_product (
    id bigserial,
    name varchar(255),
    url varchar(255),
    is_private boolean,
    team_ids varchar(255),
    create_at bigint NOT NULL DEFAULT 0,
    create_by varchar(64) NOT NULL DEFAULT '',
    update_at bigint NOT NULL DEFAULT 0,
    update_by varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE embedded_product;

-- migrator:step
CREATE TABLE user_token (
    id bigserial,
    username varchar(255) NOT NULL DEFAULT '',
    token_name varchar(255) NOT NULL DEFAULT '',
    token varchar(255) NOT NULL DEFAULT '',
    create_at bigint NOT NULL DEFAULT 0,
    last_used bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE user_token;

-- migrator:step
CREATE TABLE dash_annotation (
    id bigserial,
    dashboard_id bigint NOT NULL,
    panel_id varchar(191) NOT NULL,
    tags text,
    description text,
    config text,
    time_start bigint NOT NULL DEFAULT 0,
    time_end bigint NOT NULL DEFAULT 0,
    create_at bigint NOT NULL DEFAULT 0,
    create_by varchar(64) NOT NULL DEFAULT '',
    update_at bigint NOT NULL DEFAULT 0,
    update_by varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE dash_annotation;

-- migrator:step
CREATE INDEX idx_dashboard_id ON dash_annotation (dashboard_id);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN dash_annotation.dashboard_id IS 'dashboard id';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN dash_annotation.panel_id IS 'panel id';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN dash_annotation.tags IS 'tags (json array)';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN dash_annotation.description IS 'annotation text';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN dash_annotation.config IS 'annotation config';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN dash_annotation.time_start IS 'start time';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN dash_annotation.time_end IS 'end time';
-- migrator:undo noop

-- migrator:step
CREATE TABLE source_token (
    id bigserial,
    source_type varchar(64) NOT NULL DEFAULT '',
    source_id varchar(255) NOT NULL DEFAULT '',
    token varchar(255) NOT NULL DEFAULT '',
    expire_at bigint NOT NULL DEFAULT 0,
    create_at bigint NOT NULL DEFAULT 0,
    create_by varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE source_token;

-- migrator:step
CREATE INDEX idx_source_type_id_token ON source_token (source_type, source_id, token);
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN source_token.source_type IS 'source type';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN source_token.source_id IS 'source id';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN source_token.token IS 'access token';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN source_token.expire_at IS 'expire time';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN source_token.create_at IS 'create time';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN source_token.create_by IS 'creator';
-- migrator:undo noop

-- The embedded dashboards lived in the configs entry `embedded-dashboards` as a JSON array of
-- {"id", "name", "url"}; each becomes a public embedded product, in array order. An entry that is JSON but not
-- an array is left alone, as the server does; one that is not JSON at all stops the upgrade (the cast fails):
-- correct it in the configs table and upgrade again.
-- migrator:step
INSERT INTO embedded_product (name, url, is_private, team_ids, create_at, create_by, update_at, update_by)
SELECT e.item ->> 'name', e.item ->> 'url', false, '[]', c.update_at, 'system', c.update_at, 'system'
FROM (
    SELECT cval::jsonb AS doc, update_at FROM configs
    WHERE ckey = 'embedded-dashboards' AND external = 0
    ORDER BY id LIMIT 1
) c
CROSS JOIN LATERAL jsonb_array_elements(
    CASE WHEN jsonb_typeof(c.doc) = 'array' THEN c.doc ELSE '[]'::jsonb END
) WITH ORDINALITY AS e(item, ord)
WHERE NOT EXISTS (SELECT 1 FROM embedded_product)
ORDER BY e.ord;
-- migrator:undo
DELETE FROM embedded_product;
