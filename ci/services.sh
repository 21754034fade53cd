#!/usr/bin/env bash
# Makes sure PostgreSQL, Redis and RabbitMQ are installed, running and really answering, and that the
# role, database, vhost and user named by the environment exist. Idempotent: run it as often as you like.
#
#   ci/services.sh                 # defaults: the app's own (see load_service_env in ci/lib.sh)
#   POSTGRES_USER=x POSTGRES_DB=y RABBITMQ_DEFAULT_VHOST=z ci/services.sh
#
# Servers on this machine (host localhost/127.0.0.1) are installed with apt when missing (as root) and
# started when stopped. Servers elsewhere are only waited for (and PostgreSQL provisioned over TCP).
# SERVICES_TIMEOUT (seconds, default 90) bounds each wait.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

load_service_env
SERVICES_TIMEOUT=${SERVICES_TIMEOUT:-90}

# ---------------------------------------------------------------- PostgreSQL
postgres_version() {
    # The newest installed server version with a cluster configuration, e.g. "15".
    find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n 1
}

ensure_postgresql() {
    log "PostgreSQL: ${POSTGRES_HOST}:${POSTGRES_PORT}, role ${POSTGRES_USER}, database ${POSTGRES_DB}"
    ensure_packages psql:postgresql-client pg_isready:postgresql-client
    local installed_now=0 version
    if is_local_host "$POSTGRES_HOST"; then
        if [[ -z $(postgres_version) ]]; then
            apt_install postgresql
            installed_now=1
        fi
        version=$(postgres_version)
        [[ -n $version ]] || die "PostgreSQL is installed but has no cluster under /etc/postgresql"
        if pg_ctlcluster "$version" main status >/dev/null 2>&1; then
            log "PostgreSQL ${version}/main is running"
        else
            log "PostgreSQL ${version}/main is stopped: starting it"
            run pg_ctlcluster --skip-systemctl-redirect "$version" main start
        fi
    fi
    wait_until "$SERVICES_TIMEOUT" "PostgreSQL accepting connections" \
        pg_isready -q -h "$POSTGRES_HOST" -p "$POSTGRES_PORT" ||
        die "PostgreSQL does not accept connections on ${POSTGRES_HOST}:${POSTGRES_PORT}"
    wait_until "$SERVICES_TIMEOUT" "PostgreSQL answering a query" pg_admin -c 'select 1' ||
        die "PostgreSQL accepts connections but does not answer a query as superuser"

    if ((installed_now == 1)) && [[ -z $POSTGRES_PASSWORD ]]; then
        # A server that this script just installed gets what this kind of machine has: trust auth on
        # the loopback addresses, so that the app's empty default password works. Test machines only.
        local hba
        hba=$(pg_admin -c 'show hba_file')
        log "fresh install: trusting loopback TCP connections in ${hba}"
        sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
        pg_admin -c 'select pg_reload_conf()' >/dev/null
    fi

    log "PostgreSQL: role ${POSTGRES_USER} (LOGIN CREATEDB: the tests create their own database)"
    # psql variables (:'name' quoted literal) keep the names safe; \gexec runs the generated statement
    # only when the WHERE finds the object missing.
    pg_admin -v role="$POSTGRES_USER" -v pw="$POSTGRES_PASSWORD" -v db="$POSTGRES_DB" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB', :'role') \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', :'role', :'pw') WHERE :'pw' <> '' \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
    log "PostgreSQL: database ${POSTGRES_DB} exists, owned by $(pg_admin -v db="$POSTGRES_DB" <<<"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = :'db'")"
    pg_app "$POSTGRES_DB" >/dev/null ||
        die "role ${POSTGRES_USER} cannot log in to ${POSTGRES_DB} over TCP with POSTGRES_PASSWORD (check pg_hba.conf)"
    log "PostgreSQL: ready (role ${POSTGRES_USER} logs in to ${POSTGRES_DB})"
}

# ---------------------------------------------------------------- Redis
ensure_redis() {
    log "Redis: ${REDIS_HOST}:${REDIS_PORT}, database ${REDIS_DB}"
    ensure_packages redis-cli:redis-tools
    if is_local_host "$REDIS_HOST"; then
        ensure_packages redis-server:redis-server
        # redis-cli exits non-zero only when nothing listens; a server still loading answers an error.
        if redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null 2>&1; then
            log "Redis is running"
        else
            log "Redis is stopped: starting it (no persistence: a CI cache, not a store)"
            mkdir -p /var/lib/redis /var/log/redis
            run redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" \
                --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
        fi
    fi
    wait_until "$SERVICES_TIMEOUT" "Redis answering PING with PONG" redis_pong ||
        die "Redis does not answer on ${REDIS_HOST}:${REDIS_PORT}"
    redis_cmd ping >/dev/null || die "Redis database ${REDIS_DB} is not usable"
    log "Redis: ready"
}

# ---------------------------------------------------------------- RabbitMQ
amqp_port_open() {
    timeout 2 bash -c "exec 3<>/dev/tcp/${RABBITMQ_HOST}/${RABBITMQ_PORT}"
}

ensure_rabbitmq() {
    log "RabbitMQ: ${RABBITMQ_HOST}:${RABBITMQ_PORT}, user ${RABBITMQ_DEFAULT_USER}, vhost ${RABBITMQ_DEFAULT_VHOST}"
    if ! is_local_host "$RABBITMQ_HOST"; then
        wait_until "$SERVICES_TIMEOUT" "RabbitMQ port open" amqp_port_open ||
            die "RabbitMQ does not answer on ${RABBITMQ_HOST}:${RABBITMQ_PORT}"
        log "RabbitMQ: remote, so the vhost and user are not managed here"
        return 0
    fi
    ensure_packages rabbitmq-server:rabbitmq-server
    is_root || die "rabbitmqctl needs root (or the rabbitmq user) to manage the local node"
    if rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
        log "RabbitMQ node is running"
    else
        log "RabbitMQ node is stopped: starting it"
        run rabbitmq-server -detached
        wait_until "$SERVICES_TIMEOUT" "RabbitMQ node answering" rabbitmq-diagnostics -q ping ||
            die "RabbitMQ node does not start (see /var/log/rabbitmq/)"
        run_q rabbitmqctl -q await_startup --timeout "$SERVICES_TIMEOUT" ||
            die "RabbitMQ application did not finish booting (see /var/log/rabbitmq/)"
    fi
    wait_until "$SERVICES_TIMEOUT" "RabbitMQ accepting AMQP connections" \
        rabbitmq-diagnostics -q check_port_connectivity ||
        die "RabbitMQ listeners do not accept connections"

    if ! rmq list_vhosts name | grep -qxF -- "$RABBITMQ_DEFAULT_VHOST"; then
        run_q rabbitmqctl -q add_vhost "$RABBITMQ_DEFAULT_VHOST"
    fi
    if ! rmq list_users | cut -f1 | grep -qxF -- "$RABBITMQ_DEFAULT_USER"; then
        log "+ rabbitmqctl add_user ${RABBITMQ_DEFAULT_USER} ********"
        rabbitmqctl -q add_user "$RABBITMQ_DEFAULT_USER" "$RABBITMQ_DEFAULT_PASS" >/dev/null
    elif ! rabbitmqctl -q authenticate_user "$RABBITMQ_DEFAULT_USER" "$RABBITMQ_DEFAULT_PASS" >/dev/null 2>&1; then
        log "+ rabbitmqctl change_password ${RABBITMQ_DEFAULT_USER} ********"
        rabbitmqctl -q change_password "$RABBITMQ_DEFAULT_USER" "$RABBITMQ_DEFAULT_PASS" >/dev/null
    fi
    run_q rabbitmqctl -q set_permissions -p "$RABBITMQ_DEFAULT_VHOST" "$RABBITMQ_DEFAULT_USER" '.*' '.*' '.*'
    log "RabbitMQ: ready (vhost ${RABBITMQ_DEFAULT_VHOST}, user ${RABBITMQ_DEFAULT_USER} with all permissions)"
}

main() {
    local start
    start=$(now_ms)
    # A server started here keeps this working directory: make it one that never goes away.
    cd /
    ensure_postgresql
    ensure_redis
    ensure_rabbitmq
    log "all services ready in $(elapsed_since "$start")s"
}

main "$@"
