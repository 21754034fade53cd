#!/usr/bin/env bash
# First start: initdb with POSTGRES_USER as the superuser, its password, and POSTGRES_DB (the official image's
# variables). Every start: exec postgres as PID 1, listening on every address.
set -euo pipefail

: "${POSTGRES_USER:=postgres}" "${POSTGRES_DB:=$POSTGRES_USER}" "${POSTGRES_PASSWORD:=}"

init_cluster() {
    local pwfile
    if [[ -z $POSTGRES_PASSWORD && ${POSTGRES_HOST_AUTH_METHOD:-} != trust ]]; then
        echo "postgres: POSTGRES_PASSWORD is empty; set it (or POSTGRES_HOST_AUTH_METHOD=trust for tests)" >&2
        exit 1
    fi
    pwfile=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
    # Loopback trusted (the healthcheck's psql), every other address by password, as the official image.
    initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host=trust \
        --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    echo "host all all all ${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >>"$PGDATA/pg_hba.conf"
    if [[ $POSTGRES_DB != postgres ]]; then
        pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
        psql -v ON_ERROR_STOP=1 -q --username "$POSTGRES_USER" --dbname postgres \
            -c "CREATE DATABASE \"${POSTGRES_DB//\"/\"\"}\""
        pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    fi
    echo "postgres: initialised ${PGDATA} (superuser ${POSTGRES_USER}, database ${POSTGRES_DB})"
}

if [[ ${1:-} == postgres ]]; then
    mkdir -p "$PGDATA"
    chmod 700 "$PGDATA"
    [[ -s $PGDATA/PG_VERSION ]] || init_cluster
    shift
    exec postgres -c listen_addresses='*' "$@"
fi
exec "$@"
