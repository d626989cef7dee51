-- Nightingale v7.1.0: targets report their operating system.

-- migrator:step
ALTER TABLE target ADD COLUMN os varchar(31) DEFAULT '';
-- migrator:undo
ALTER TABLE target DROP COLUMN os;

-- migrator:step
COMMENT ON COLUMN target.os IS 'os type';
-- migrator:undo noop

-- migrator:step
CREATE INDEX idx_os ON target (os);
-- migrator:undo
DROP INDEX idx_os;
