# shellcheck shell=bash
# Shared helpers for the ci/ scripts: logging, bounded waiting, package installs.
# Source it; do not run it:   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The repository root (ci/..), whatever the caller's working directory is.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT

# Name used as the log prefix: the calling script's file name without .sh.
CI_SCRIPT_NAME="$(basename "${0%.sh}")"

log() {
    printf '[%s %s] %s\n' "$(date +%H:%M:%S)" "$CI_SCRIPT_NAME" "$*"
}

warn() {
    printf '[%s %s] WARNING: %s\n' "$(date +%H:%M:%S)" "$CI_SCRIPT_NAME" "$*" >&2
}

die() {
    printf '[%s %s] ERROR: %s\n' "$(date +%H:%M:%S)" "$CI_SCRIPT_NAME" "$*" >&2
    exit 1
}

# A command line as a shell would need it typed (quotes where needed).
quote_cmd() {
    local out
    printf -v out '%q ' "$@"
    echo "${out% }"
}

# Print a command, then run it.
run() {
    log "+ $(quote_cmd "$@")"
    "$@"
}

# Print a command, then run it with its standard output discarded (errors still show).
run_q() {
    log "+ $(quote_cmd "$@")"
    "$@" >/dev/null
}

# Milliseconds since the epoch (bash 5's EPOCHREALTIME; the decimal mark may be a comma).
now_ms() {
    local t=${EPOCHREALTIME//[.,]/}
    echo $((t / 1000))
}

# Seconds with one decimal between a start time from now_ms and now.
elapsed_since() {
    local ms=$(($(now_ms) - $1))
    printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100))
}

# wait_until TIMEOUT_SECONDS DESCRIPTION COMMAND [ARG...]
# Runs COMMAND (quietly) until it succeeds or TIMEOUT_SECONDS have passed. The pause between
# tries starts at 0.1 s and doubles up to 2 s: quick when the thing is nearly ready, gentle when not.
# Returns 0 when COMMAND succeeded, 1 on timeout (after printing why).
wait_until() {
    local timeout=$1 what=$2
    shift 2
    local start deadline pause_ms=100 tries=0
    start=$(now_ms)
    deadline=$((start + timeout * 1000))
    log "waiting for ${what} (at most ${timeout}s)"
    while true; do
        tries=$((tries + 1))
        if "$@" >/dev/null 2>&1; then
            log "${what}: ready after $(elapsed_since "$start")s (${tries} tries)"
            return 0
        fi
        if (($(now_ms) + pause_ms > deadline)); then
            warn "${what}: not ready after ${timeout}s (${tries} tries); last try: $*"
            return 1
        fi
        sleep "$(printf '%d.%03d' $((pause_ms / 1000)) $((pause_ms % 1000)))"
        pause_ms=$((pause_ms * 2 > 2000 ? 2000 : pause_ms * 2))
    done
}

is_root() {
    [[ $(id -u) -eq 0 ]]
}

# apt_install PACKAGE...: installs Debian packages (runs apt-get update once first). Needs root.
_apt_updated=0
apt_install() {
    is_root || die "missing packages: $* (install them, or run as root so that apt can)"
    if ((_apt_updated == 0)); then
        run apt-get update -qq -o DPkg::Lock::Timeout=300
        _apt_updated=1
    fi
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "$@"
}

# ensure_packages COMMAND:PACKAGE ...
# Installs, with apt, each Debian PACKAGE whose COMMAND is not on PATH.
ensure_packages() {
    local pair missing=()
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
    done
    ((${#missing[@]} == 0)) || apt_install "${missing[@]}"
}

# True when HOST names this machine (only then do the scripts install, start or administer a server).
is_local_host() {
    case "$1" in
        localhost | 127.0.0.1 | ::1 | "$(hostname)") return 0 ;;
        *) return 1 ;;
    esac
}

# The connection settings of the app (same names and defaults as the app's own configuration).
load_service_env() {
    : "${POSTGRES_HOST:=localhost}" "${POSTGRES_PORT:=5432}" "${POSTGRES_DB:=stockpicker}"
    : "${POSTGRES_USER:=stockpicker}" "${POSTGRES_PASSWORD:=}"
    : "${RABBITMQ_HOST:=localhost}" "${RABBITMQ_PORT:=5672}"
    : "${RABBITMQ_DEFAULT_USER:=guest}" "${RABBITMQ_DEFAULT_PASS:=guest}" "${RABBITMQ_DEFAULT_VHOST:=stockpicker}"
    : "${REDIS_HOST:=localhost}" "${REDIS_PORT:=6379}" "${REDIS_DB:=0}" "${REDIS_NAMESPACE:=stockpicker}"
    export POSTGRES_HOST POSTGRES_PORT POSTGRES_DB POSTGRES_USER POSTGRES_PASSWORD
    export RABBITMQ_HOST RABBITMQ_PORT RABBITMQ_DEFAULT_USER RABBITMQ_DEFAULT_PASS RABBITMQ_DEFAULT_VHOST
    export REDIS_HOST REDIS_PORT REDIS_DB REDIS_NAMESPACE
}

# psql as a PostgreSQL superuser, on the database "postgres", stopping at the first error.
# As root on the database machine: the "postgres" OS user over the Unix socket (works whatever
# pg_hba.conf says about TCP). Otherwise: POSTGRES_ADMIN_USER [postgres] over TCP, with
# POSTGRES_ADMIN_PASSWORD when set.
pg_admin() {
    if is_root && is_local_host "$POSTGRES_HOST" && id postgres >/dev/null 2>&1; then
        (cd / && PGOPTIONS='-c client_min_messages=warning' runuser -u postgres -- psql -X -q -At -v ON_ERROR_STOP=1 -p "$POSTGRES_PORT" -d postgres "$@")
    else
        PGOPTIONS='-c client_min_messages=warning' PGPASSWORD="${POSTGRES_ADMIN_PASSWORD:-}" psql -X -q -At -v ON_ERROR_STOP=1 \
            -h "$POSTGRES_HOST" -p "$POSTGRES_PORT" -U "${POSTGRES_ADMIN_USER:-postgres}" -d postgres "$@"
    fi
}

# psql as the app's own role on database $1 (default POSTGRES_DB): proves the app can log in.
pg_app() {
    PGPASSWORD="$POSTGRES_PASSWORD" psql -X -q -At -v ON_ERROR_STOP=1 -w \
        -h "$POSTGRES_HOST" -p "$POSTGRES_PORT" -U "$POSTGRES_USER" -d "${1:-$POSTGRES_DB}" -c 'select 1'
}

# redis-cli on the app's Redis host, port and database.
redis_cmd() {
    redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" -n "$REDIS_DB" "$@"
}

# True when Redis answers PING with PONG.
redis_pong() {
    [[ $(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]
}

# rabbitmqctl without the informational lines and table headers.
rmq() {
    rabbitmqctl -s "$@"
}
