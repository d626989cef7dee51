-- A type change rewrites event under an ACCESS EXCLUSIVE lock: nothing reads or writes event meanwhile.
-- migrator:step
ALTER TABLE event ALTER COLUMN code TYPE bigint USING widen_code(code);
-- migrator:undo
ALTER TABLE event ALTER COLUMN code TYPE integer;
