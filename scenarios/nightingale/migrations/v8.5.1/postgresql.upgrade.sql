-- Nightingale v8.5.1: notes on boards and payloads, typed builtin metrics, pipeline execution records and saved
-- views.

-- migrator:step
ALTER TABLE board ADD COLUMN note varchar(1024) NOT NULL DEFAULT '';
-- migrator:undo
ALTER TABLE board DROP COLUMN note;

-- migrator:step
COMMENT ON COLUMN board.note IS 'note';
-- migrator:undo noop

-- migrator:step
ALTER TABLE builtin_payloads ADD COLUMN note varchar(1024) NOT NULL DEFAULT '';
-- migrator:undo
ALTER TABLE builtin_payloads DROP COLUMN note;

-- migrator:step
COMMENT ON COLUMN builtin_payloads.note IS 'note of the payload';
-- migrator:undo noop

-- migrator:step
ALTER TABLE builtin_metrics
    ADD COLUMN expression_type varchar(32) NOT NULL DEFAULT 'promql',
    ADD COLUMN metric_type varchar(191) NOT NULL DEFAULT '',
    ADD COLUMN extra_fields text;
-- migrator:undo
ALTER TABLE builtin_metrics DROP COLUMN expression_type, DROP COLUMN metric_type, DROP COLUMN extra_fields;

-- migrator:step
COMMENT ON COLUMN builtin_metrics.expression_type IS 'metric_name or promql';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN builtin_metrics.metric_type IS 'counter, gauge, ...';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN builtin_metrics.extra_fields IS 'custom fields';
-- migrator:undo noop

-- migrator:step
CREATE TABLE event_pipeline_execution (
    id varchar(36) NOT NULL,
    pipeline_id bigint NOT NULL,
    pipeline_name varchar(128) DEFAULT '',
    event_id bigint DEFAULT 0,
    mode varchar(16) NOT NULL DEFAULT 'event',
    status varchar(16) NOT NULL DEFAULT 'running',
    node_results text,
    error_message varchar(1024) DEFAULT '',
    error_node varchar(36) DEFAULT '',
    created_at bigint NOT NULL DEFAULT 0,
    finished_at bigint DEFAULT 0,
    duration_ms bigint DEFAULT 0,
    trigger_by varchar(64) DEFAULT '',
    env_snapshot text,
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE event_pipeline_execution;

-- migrator:step
CREATE INDEX idx_pipeline_id ON event_pipeline_execution (pipeline_id);
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_epe_event_id ON event_pipeline_execution (event_id);
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_mode ON event_pipeline_execution (mode);
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_epe_status ON event_pipeline_execution (status);
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_epe_created_at ON event_pipeline_execution (created_at);
-- migrator:undo noop

-- migrator:step
COMMENT ON TABLE event_pipeline_execution IS 'event pipeline executions';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN event_pipeline_execution.id IS 'execution id';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN event_pipeline_execution.pipeline_id IS 'pipeline id';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN event_pipeline_execution.pipeline_name IS 'pipeline name';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN event_pipeline_execution.event_id IS 'alert event id';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN event_pipeline_execution.mode IS 'event, api or cron';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN event_pipeline_execution.status IS 'running, success or failed';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN event_pipeline_execution.node_results IS 'node results (json)';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN event_pipeline_execution.created_at IS 'start time';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN event_pipeline_execution.finished_at IS 'finish time';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN event_pipeline_execution.env_snapshot IS 'environment snapshot, secrets removed';
-- migrator:undo noop

-- migrator:step
CREATE TABLE saved_view (
    id bigserial,
    name varchar(255) NOT NULL,
    page varchar(64) NOT NULL,
    filter text,
    public_cate integer NOT NULL DEFAULT 0,
    gids text,
    create_at bigint NOT NULL DEFAULT 0,
    create_by varchar(64) NOT NULL DEFAULT '',
    update_at bigint NOT NULL DEFAULT 0,
    update_by varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE saved_view;

-- migrator:step
CREATE INDEX idx_page ON saved_view (page);
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_create_by ON saved_view (create_by);
-- migrator:undo noop

-- migrator:step
COMMENT ON TABLE saved_view IS 'saved views of pages';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN saved_view.name IS 'view name';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN saved_view.page IS 'page';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN saved_view.filter IS 'filter (json)';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN saved_view.public_cate IS '0: self 1: team 2: all';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN saved_view.gids IS 'team ids (json)';
-- migrator:undo noop

-- migrator:step
CREATE TABLE user_view_favorite (
    id bigserial,
    view_id bigint NOT NULL,
    user_id bigint NOT NULL,
    create_at bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE user_view_favorite;

-- migrator:step
CREATE INDEX idx_view_id ON user_view_favorite (view_id);
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_user_id ON user_view_favorite (user_id);
-- migrator:undo noop

-- migrator:step
COMMENT ON TABLE user_view_favorite IS 'favourite views of users';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN user_view_favorite.view_id IS 'saved view id';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN user_view_favorite.user_id IS 'user id';
-- migrator:undo noop

