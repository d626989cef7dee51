-- A type change copies event into a new table; writes wait until the copy is done.
-- migrator:step
ALTER TABLE `event` MODIFY `code` bigint NOT NULL;
-- migrator:undo
ALTER TABLE `event` MODIFY `code` int NOT NULL;
