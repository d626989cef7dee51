#!/bin/bash
# Entrypoint of the locally built postgres image, honouring the official image's contract:
#   POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust), POSTGRES_USER, POSTGRES_DB, POSTGRES_INITDB_ARGS, PGDATA;
#   arguments starting with "-" are extra options for postgres; any other command runs as given.
# PGDATA (default /var/lib/postgresql/data) is initialised on first start; the server runs as `postgres`.
set -euo pipefail

bin_dir="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin | sort -V | tail -n1)"
export PATH="$bin_dir:$PATH"
export PGDATA="${PGDATA:-/var/lib/postgresql/data}"

if [ "${1:0:1}" = "-" ]; then
    set -- postgres "$@"
fi
if [ "$1" != postgres ]; then
    exec "$@"
fi

as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }

mkdir -p "$PGDATA" /run/postgresql
chown postgres:postgres "$PGDATA" /run/postgresql
chmod 700 "$PGDATA"
chmod 2775 /run/postgresql

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    user="${POSTGRES_USER:-postgres}"
    database="${POSTGRES_DB:-$user}"
    method="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
    if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$method" != trust ]; then
        echo "error: the database is uninitialised and no superuser password is set:" \
             "set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust)" >&2
        exit 1
    fi
    echo "initialising $PGDATA"
    password_file="$(mktemp)"
    printf '%s\n' "${POSTGRES_PASSWORD:-}" > "$password_file"
    chown postgres "$password_file"
    # shellcheck disable=SC2086  # POSTGRES_INITDB_ARGS is a list of options, as in the official image
    as_postgres initdb --username="$user" --pwfile="$password_file" --auth-local=trust --auth-host="$method" \
        --encoding=UTF8 --locale=C.UTF-8 ${POSTGRES_INITDB_ARGS:-} >/dev/null
    rm -f "$password_file"
    echo "host all all all $method" >> "$PGDATA/pg_hba.conf"
    echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
    if [ "$database" != postgres ]; then
        printf 'CREATE DATABASE "%s"\n' "${database//\"/\"\"}" \
            | as_postgres postgres --single -D "$PGDATA" postgres >/dev/null
    fi
fi

exec setpriv --reuid=postgres --regid=postgres --init-groups "$@"
