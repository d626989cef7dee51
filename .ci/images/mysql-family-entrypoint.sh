#!/bin/bash
# Entrypoint of the locally built mysql and mariadb images, honouring the official images' contract:
#   MYSQL_ROOT_PASSWORD (MARIADB_ROOT_PASSWORD on MariaDB), MYSQL_ALLOW_EMPTY_PASSWORD, MYSQL_RANDOM_ROOT_PASSWORD,
#   MYSQL_DATABASE, MYSQL_USER + MYSQL_PASSWORD (each also as MARIADB_* on MariaDB);
#   arguments starting with "-" are extra options for the server; any other command runs as given.
# The data directory (/var/lib/mysql, usually a tmpfs) is initialised on first start; the server runs as `mysql`.
set -euo pipefail

if [ -x /usr/sbin/mariadbd ]; then server=mariadbd; else server=mysqld; fi
defaults=/etc/mysql/container.cnf
datadir=/var/lib/mysql

if [ "${1:0:1}" = "-" ]; then
    set -- "$server" "$@"
fi
if [ "$1" != mysqld ] && [ "$1" != mariadbd ]; then
    exec "$@"
fi
shift

# MARIADB_X wins over MYSQL_X on MariaDB, as in the official mariadb image; MySQL reads MYSQL_X only.
setting() {
    local mariadb="MARIADB_$1" mysql="MYSQL_$1"
    if [ "$server" = mariadbd ] && [ -n "${!mariadb:-}" ]; then
        printf '%s' "${!mariadb}"
    else
        printf '%s' "${!mysql:-}"
    fi
}
sql_string() { printf "'%s'" "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/''/g")"; }
sql_name() { printf '`%s`' "${1//\`/\`\`}"; }
as_mysql() { setpriv --reuid=mysql --regid=mysql --init-groups "$@"; }

mkdir -p "$datadir" /run/mysqld
chown mysql:mysql "$datadir" /run/mysqld
chmod 750 "$datadir"

init_options=()
if [ ! -d "$datadir/mysql" ]; then
    root_password="$(setting ROOT_PASSWORD)"
    if [ -z "$root_password" ] && [ -n "$(setting RANDOM_ROOT_PASSWORD)" ]; then
        root_password="$(head -c 18 /dev/urandom | base64)"
        echo "GENERATED ROOT PASSWORD: $root_password"
    fi
    if [ -z "$root_password" ] && [ -z "$(setting ALLOW_EMPTY_PASSWORD)" ] \
            && [ -z "$(setting ALLOW_EMPTY_ROOT_PASSWORD)" ]; then
        echo "error: the database is uninitialised and no root password is set:" \
             "set MYSQL_ROOT_PASSWORD (or MYSQL_ALLOW_EMPTY_PASSWORD / MYSQL_RANDOM_ROOT_PASSWORD)" >&2
        exit 1
    fi
    echo "initialising $datadir ($server)"
    if [ "$server" = mariadbd ]; then
        as_mysql mariadb-install-db --defaults-file="$defaults" --datadir="$datadir" --skip-test-db \
            --auth-root-authentication-method=normal --skip-name-resolve >/dev/null
    else
        as_mysql mysqld --defaults-file="$defaults" --datadir="$datadir" --initialize-insecure
    fi
    # Applied by the server itself before its first client connects; kept in the (private) data directory.
    init_file="$datadir/container-init.sql"
    password_sql="$(sql_string "$root_password")"
    {
        echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $password_sql;"
        echo "CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY $password_sql;"
        echo "GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;"
        database="$(setting DATABASE)"
        if [ -n "$database" ]; then
            echo "CREATE DATABASE IF NOT EXISTS $(sql_name "$database");"
        fi
        user="$(setting USER)"
        if [ -n "$user" ]; then
            echo "CREATE USER IF NOT EXISTS $(sql_string "$user")@'%' IDENTIFIED BY $(sql_string "$(setting PASSWORD)");"
            if [ -n "$database" ]; then
                echo "GRANT ALL PRIVILEGES ON $(sql_name "$database").* TO $(sql_string "$user")@'%';"
            fi
        fi
        echo "FLUSH PRIVILEGES;"
    } > "$init_file"
    chown mysql:mysql "$init_file"
    chmod 600 "$init_file"
    init_options=(--init-file="$init_file")
fi

exec setpriv --reuid=mysql --regid=mysql --init-groups \
    "$server" --defaults-file="$defaults" --datadir="$datadir" "${init_options[@]}" "$@"
