-- Nightingale v9.0.0: the AI assistant (LLM configs, agents, skills, chat history), alert rule time zones,
-- notification-only mutes, datasource and template ordering, and an index for the event history page.

-- migrator:step
CREATE TABLE ai_llm_config (
    id bigserial,
    name varchar(255) NOT NULL DEFAULT '',
    description varchar(1024) NOT NULL DEFAULT '',
    api_type varchar(64) NOT NULL DEFAULT '',
    api_url varchar(1024) NOT NULL DEFAULT '',
    api_key varchar(1024) NOT NULL DEFAULT '',
    model varchar(255) NOT NULL DEFAULT '',
    extra_config text,
    enabled smallint NOT NULL DEFAULT 0,
    is_default smallint NOT NULL DEFAULT 0,
    created_at bigint NOT NULL DEFAULT 0,
    created_by varchar(64) NOT NULL DEFAULT '',
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE ai_llm_config;

-- migrator:step
CREATE INDEX idx_ai_llm_config_name ON ai_llm_config (name);
-- migrator:undo noop

-- migrator:step
COMMENT ON TABLE ai_llm_config IS 'ai llm configs';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN ai_llm_config.api_type IS 'openai, ...';
-- migrator:undo noop

-- migrator:step
CREATE TABLE ai_agent (
    id bigserial,
    name varchar(255) NOT NULL DEFAULT '',
    description varchar(1024) NOT NULL DEFAULT '',
    use_case varchar(64) NOT NULL DEFAULT '',
    llm_config_id bigint NOT NULL DEFAULT 0,
    skill_ids text,
    mcp_server_ids text,
    enabled smallint NOT NULL DEFAULT 0,
    created_at bigint NOT NULL DEFAULT 0,
    created_by varchar(64) NOT NULL DEFAULT '',
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE ai_agent;

-- migrator:step
CREATE INDEX idx_ai_agent_name ON ai_agent (name);
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_use_case ON ai_agent (use_case);
-- migrator:undo noop

-- migrator:step
COMMENT ON TABLE ai_agent IS 'ai agents';
-- migrator:undo noop

-- migrator:step
CREATE TABLE ai_skill (
    id bigserial,
    name varchar(255) NOT NULL DEFAULT '',
    description varchar(4096),
    instructions text,
    license varchar(255),
    compatibility varchar(255),
    metadata text,
    allowed_tools varchar(4096),
    enabled smallint NOT NULL DEFAULT 0,
    user_group_ids text,
    private integer NOT NULL DEFAULT 0,
    source_type varchar(16) NOT NULL DEFAULT 'local',
    git_info text,
    created_at bigint NOT NULL DEFAULT 0,
    created_by varchar(64) NOT NULL DEFAULT '',
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE ai_skill;

-- migrator:step
CREATE INDEX idx_ai_skill_name ON ai_skill (name);
-- migrator:undo noop

-- migrator:step
COMMENT ON TABLE ai_skill IS 'ai skills';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN ai_skill.private IS '0: public 1: private';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN ai_skill.source_type IS 'local or git';
-- migrator:undo noop

-- migrator:step
CREATE TABLE ai_skill_file (
    id bigserial,
    skill_id bigint NOT NULL DEFAULT 0,
    name varchar(255) NOT NULL DEFAULT '',
    content text,
    size bigint NOT NULL DEFAULT 0,
    created_at bigint NOT NULL DEFAULT 0,
    created_by varchar(64) NOT NULL DEFAULT '',
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE ai_skill_file;

-- migrator:step
CREATE INDEX idx_skill_id ON ai_skill_file (skill_id);
-- migrator:undo noop

-- migrator:step
COMMENT ON TABLE ai_skill_file IS 'ai skill files';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN ai_skill_file.size IS 'bytes';
-- migrator:undo noop

-- migrator:step
CREATE TABLE ai_assistant_chat (
    id bigserial,
    chat_id varchar(255) NOT NULL,
    user_id bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    data text,
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE ai_assistant_chat;

-- migrator:step
CREATE UNIQUE INDEX uk_chat_id ON ai_assistant_chat (chat_id);
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_ac_user_id ON ai_assistant_chat (user_id);
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_ac_updated_at ON ai_assistant_chat (updated_at);
-- migrator:undo noop

-- migrator:step
COMMENT ON TABLE ai_assistant_chat IS 'ai assistant chats';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN ai_assistant_chat.data IS 'chat meta, gzip+base64 json';
-- migrator:undo noop

-- migrator:step
CREATE TABLE ai_assistant_message (
    id bigserial,
    chat_id varchar(255) NOT NULL,
    seq_id bigint NOT NULL DEFAULT 0,
    data text,
    extra text,
    status integer NOT NULL DEFAULT 0,
    PRIMARY KEY (id)
);
-- migrator:undo
DROP TABLE ai_assistant_message;

-- migrator:step
CREATE UNIQUE INDEX uk_chat_seq ON ai_assistant_message (chat_id, seq_id);
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_am_status ON ai_assistant_message (status);
-- migrator:undo noop

-- migrator:step
COMMENT ON TABLE ai_assistant_message IS 'ai assistant messages';
-- migrator:undo noop

-- migrator:step
COMMENT ON COLUMN ai_assistant_message.data IS 'message, gzip+base64 json';
-- migrator:undo noop

-- migrator:step
ALTER TABLE alert_rule ADD COLUMN time_zone varchar(64) NOT NULL DEFAULT '';
-- migrator:undo
ALTER TABLE alert_rule DROP COLUMN time_zone;

-- migrator:step
ALTER TABLE alert_mute ADD COLUMN mute_type integer NOT NULL DEFAULT 0;
-- migrator:undo
ALTER TABLE alert_mute DROP COLUMN mute_type;

-- migrator:step
COMMENT ON COLUMN alert_mute.mute_type IS '0: mute events 1: mute notifications';
-- migrator:undo noop

-- migrator:step
ALTER TABLE datasource ADD COLUMN weight integer NOT NULL DEFAULT 0;
-- migrator:undo
ALTER TABLE datasource DROP COLUMN weight;

-- migrator:step
COMMENT ON COLUMN datasource.weight IS 'sort weight';
-- migrator:undo noop

-- migrator:step
ALTER TABLE message_template ADD COLUMN lang varchar(32) NOT NULL DEFAULT '';
-- migrator:undo
ALTER TABLE message_template DROP COLUMN lang;

-- The history page filters by busi group and time. alert_his_event is the largest table: on a big installation
-- schedule this version for a quiet hour.
-- migrator:step
CREATE INDEX idx_group_last_eval_time ON alert_his_event (group_id, last_eval_time);
-- migrator:undo
DROP INDEX idx_group_last_eval_time;
