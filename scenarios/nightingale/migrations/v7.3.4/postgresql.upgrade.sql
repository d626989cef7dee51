-- Nightingale v7.3.4: agent host tags, payloads linked to components, one component per ident.

-- migrator:step
ALTER TABLE target ADD COLUMN host_tags text;
-- migrator:undo
ALTER TABLE target DROP COLUMN host_tags;

-- migrator:step
COMMENT ON COLUMN target.host_tags IS 'global labels from the agent config';
-- migrator:undo noop

-- migrator:step
ALTER TABLE builtin_payloads ADD COLUMN component_id bigint NOT NULL DEFAULT 0;
-- migrator:undo
ALTER TABLE builtin_payloads DROP COLUMN component_id;

-- migrator:step
COMMENT ON COLUMN builtin_payloads.component_id IS 'component id';
-- migrator:undo noop

-- migrator:step
DROP INDEX idx_builtin_components_ident;
-- migrator:undo
CREATE INDEX idx_builtin_components_ident ON builtin_components (ident);

-- Fails on duplicate idents, which v7.3.4 refuses to start with as well.
-- migrator:step
CREATE UNIQUE INDEX idx_builtin_components_ident ON builtin_components (ident);
-- migrator:undo
DROP INDEX idx_builtin_components_ident;
