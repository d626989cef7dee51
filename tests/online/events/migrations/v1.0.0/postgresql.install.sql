CREATE TABLE host (
    id bigserial PRIMARY KEY,
    ident varchar(64) NOT NULL,
    note varchar(255) NOT NULL DEFAULT '',
    seen bigint NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX idx_host_ident ON host (ident);

CREATE TABLE event (
    id bigserial PRIMARY KEY,
    host_id bigint NOT NULL,
    severity integer NOT NULL,
    code integer NOT NULL,
    fired bigint NOT NULL,
    pad varchar(200) NOT NULL DEFAULT ''
);
CREATE INDEX idx_event_host ON event (host_id);

-- Widens a code to bigint. Codes below zero come from an old importer and take a remote lookup (0.1 s) to
-- convert: the seed has twenty of them, so a rewrite through this function takes two seconds whatever the size.
CREATE FUNCTION widen_code(code integer) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
    IF code < 0 THEN
        PERFORM pg_sleep(0.1);
    END IF;
    RETURN code;
END
$$;
