#!/usr/bin/env bash
# Fault tests of a running stack (issue 9): real services stopped under web + 2 workers + beat, each fault with a
# verdict. The faults act on PRIVATE service instances that this script starts, owns and always stops (a PostgreSQL
# cluster, a RabbitMQ node and a redis-server in FAULTS_DIR/STACK_NAME/ (/tmp/stockpicker-faults), on ports of their own): the machine's
# shared servers are never touched.
#
#   ci/faults.sh [--keep-going] [FAULT...]      # FAULT: beats rabbitmq postgres redis queuefull kill9 (default:
#                                               # all, in this order; kill9 last, it leaves one worker)
#
#   beats     two beats more on a 5 s cron: every tick is published exactly once, and that task is done
#   rabbitmq  tasks accepted (202) just before the node crashes (SIGKILL): all done after it; 20 s down: every check
#             answers JSON within 7 s (/health/celery/ 503, the others 200); all healthy within 15 s after
#   postgres  fast shutdown (SIGINT), 10 s down, pg_ctl start: JSON within 7 s (the four database checks 503, /health/app/
#             200); all healthy within 15 s after; a task accepted just before is done after
#   redis     SHUTDOWN NOSAVE, 10 s down, restarted empty: a ticker added meanwhile is retried, not updated
#             without its lock (no quotes while Redis is down) and is done after; page, API, checks answer 200
#   queuefull the work queue full (a policy bounds it to 0) while a refresh runs: its update_all_tickers is refused,
#             retried, and its retry expires into the full queue: held by the broker (not dropped), and done after
#             room is made (the node resends it every FAULTS_DLX_RESEND seconds); nothing dead-lettered
#   kill9     a refresh of 100 tickers (slow sample fetches), kill -9 of the worker mid-task: the same quote count
#             as the refresh without the fault, no duplicate (ticker, date), no task left queued/running/retrying,
#             nothing dead-lettered
#
# Prints a verdict table (fault, PASS/FAIL, measured figures); exits 1 when a fault failed (after the stack's logs
# for it), 2 on bad usage. Without --keep-going the run stops at the first failing fault (the stack is then in an
# unknown state); the private services and the stack are stopped whatever happens (also on Ctrl-C).
#
# Settings (environment): STACK_NAME [faults_stack], STACK_PORT [8501] (see ci/stack.sh), FAULTS_PORT_BASE
# [STACK_PORT + 1000]: PostgreSQL on it, AMQP +1, Redis +2, Erlang distribution +3; FAULTS_TICKERS [100];
# FAULTS_FETCH_DELAY [300ms] (QUOTE_SOURCE_DELAY of the stack); FAULTS_RABBITMQ_DOWN [20], FAULTS_POSTGRES_DOWN
# [10], FAULTS_REDIS_DOWN [10] (seconds); FAULTS_ANSWER_LIMIT [7] and FAULTS_RECOVERY_LIMIT [15] (seconds);
# FAULTS_BEAT_TICKS [4]; FAULTS_BACKLOG [40] (new tickers added at once right before each stop: more than the workers
# finish while the service shuts down, so that accepted tasks are still queued when it is gone);
# FAULTS_SECOND_BEAT_NAMESPACE [the stack's]: another value gives the two beats different Redis namespaces, a
# misconfiguration that publishes each tick twice: the beats fault must then FAIL; FAULTS_DLX_RESEND [5] (seconds: the
# private node's dead_letter_worker_publisher_confirm_timeout, how often it resends a dead-lettered retry that the
# full work queue refused; RabbitMQ's default is 180).
# Needs root (initdb and pg_ctl run as postgres, the RabbitMQ node as rabbitmq), curl, jq, a built jar (STACK_JAR
# [target/stockpicker.jar], as for ci/stack.sh).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ALL_FAULTS=(beats rabbitmq postgres redis queuefull kill9)
export STACK_NAME=${STACK_NAME:-faults_stack}
export STACK_PORT=${STACK_PORT:-8501}
export STACK_JAR=${STACK_JAR:-$REPO_ROOT/target/stockpicker.jar}
FAULTS_PORT_BASE=${FAULTS_PORT_BASE:-$((STACK_PORT + 1000))}
FAULTS_TICKERS=${FAULTS_TICKERS:-100}
FAULTS_FETCH_DELAY=${FAULTS_FETCH_DELAY:-300ms}
FAULTS_RABBITMQ_DOWN=${FAULTS_RABBITMQ_DOWN:-20}
FAULTS_POSTGRES_DOWN=${FAULTS_POSTGRES_DOWN:-10}
FAULTS_REDIS_DOWN=${FAULTS_REDIS_DOWN:-10}
FAULTS_ANSWER_LIMIT=${FAULTS_ANSWER_LIMIT:-7}
FAULTS_RECOVERY_LIMIT=${FAULTS_RECOVERY_LIMIT:-15}
FAULTS_BEAT_TICKS=${FAULTS_BEAT_TICKS:-4}
FAULTS_BACKLOG=${FAULTS_BACKLOG:-40}
FAULTS_SECOND_BEAT_NAMESPACE=${FAULTS_SECOND_BEAT_NAMESPACE:-$STACK_NAME}
FAULTS_DLX_RESEND=${FAULTS_DLX_RESEND:-5}

# The private services run as their own users (postgres, rabbitmq), so their folder is under /tmp, which every user
# can reach, not under the checkout (a clone inside a 0700 folder, as mktemp -d makes, would lock them out).
FAULTS_DIR=${FAULTS_DIR:-/tmp/stockpicker-faults}
PRIVATE_DIR="$FAULTS_DIR/$STACK_NAME"
WORK="$PRIVATE_DIR/work"
BASE_URL="http://localhost:${STACK_PORT}"
CHECKS=(app database celery tickers-loaded quotes-updated)

# The app and ci/stack.sh reach the private services through the usual variables; rabbitmqctl reads
# RABBITMQ_NODENAME, pg_admin (ci/lib.sh) uses POSTGRES_PORT on the local socket folder.
export POSTGRES_HOST=127.0.0.1 POSTGRES_PORT=$FAULTS_PORT_BASE POSTGRES_USER=stockpicker POSTGRES_PASSWORD=''
export RABBITMQ_HOST=127.0.0.1 RABBITMQ_PORT=$((FAULTS_PORT_BASE + 1))
export REDIS_HOST=127.0.0.1 REDIS_PORT=$((FAULTS_PORT_BASE + 2)) REDIS_DB=${REDIS_DB:-0}
RABBITMQ_DIST_PORT=$((FAULTS_PORT_BASE + 3))
RABBITMQ_NODENAME="faults_${STACK_NAME}@$(hostname -s)"
export RABBITMQ_NODENAME
load_service_env

# The stack: sample quotes, slow enough to kill a worker mid-refresh; FAULTS_TICKERS tickers with the index.
export QUOTE_SOURCE=sample QUOTE_SOURCE_DELAY=$FAULTS_FETCH_DELAY WEEKS_TO_DOWNLOAD=${WEEKS_TO_DOWNLOAD:-120}
# The backlogs are posted from one client faster than addticker's per-client limit allows: the limit is not
# what these faults test (api/AddTickerLimitsTest does), so the stack under them lifts it.
export ADDTICKER_PER_MINUTE=${ADDTICKER_PER_MINUTE:-100000}
DEFAULT_TICKERS=$(for ((i = 1; i < FAULTS_TICKERS; i++)); do printf 'F%03d,' "$i"; done)
export DEFAULT_TICKERS=${DEFAULT_TICKERS%,}
# No tick of the stack's own beat during a run (the beats fault starts beats of its own).
export BEAT_CRON='0 0 0 1 1 *'
export STACK_LOG_TAIL=${STACK_LOG_TAIL:-60}

# ---------------------------------------------------------------- private services
PG_BIN="/usr/lib/postgresql/$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)/bin"
PG_DATA="$PRIVATE_DIR/postgres/data"
RMQ_DIR="$PRIVATE_DIR/rabbitmq"
REDIS_DIR="$PRIVATE_DIR/redis"

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

as_postgres() {
    (cd / && runuser -u postgres -- "$@")
}

pg_start() {
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PRIVATE_DIR/postgres/postgres.log" -w -t 60 start >/dev/null
}

pg_stop() {
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m "${1:-fast}" -w -t 60 stop >/dev/null
}

pg_running() {
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

start_postgres() {
    mkdir -p "$PRIVATE_DIR/postgres"
    chown postgres: "$PRIVATE_DIR/postgres"
    as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres --no-sync >"$PRIVATE_DIR/postgres/initdb.log"
    # The socket goes where psql looks by default (ci/lib.sh's pg_admin); the port keeps it apart.
    # fsync off: a throw-away cluster; the fault is a clean stop and start, which does not depend on it.
    cat >>"$PG_DATA/postgresql.conf" <<EOF
port = ${POSTGRES_PORT}
listen_addresses = '127.0.0.1'
unix_socket_directories = '/var/run/postgresql'
fsync = off
EOF
    pg_start
    pg_admin -v role="$POSTGRES_USER" <<<"SELECT format('CREATE ROLE %I LOGIN CREATEDB', :'role') \\gexec"
}

# The node's own settings (names, ports, folders); the CLI finds it by RABBITMQ_NODENAME alone.
rmq_env() {
    echo "RABBITMQ_NODENAME=$RABBITMQ_NODENAME" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 "RABBITMQ_NODE_PORT=$RABBITMQ_PORT" \
        "RABBITMQ_DIST_PORT=$RABBITMQ_DIST_PORT" "RABBITMQ_MNESIA_BASE=$RMQ_DIR/mnesia" "RABBITMQ_LOG_BASE=$RMQ_DIR/log" \
        "RABBITMQ_ENABLED_PLUGINS_FILE=$RMQ_DIR/enabled_plugins" "RABBITMQ_PID_FILE=$RMQ_DIR/rabbitmq.pid" \
        "RABBITMQ_CONFIG_FILE=$RMQ_DIR/rabbitmq" "RABBITMQ_ADVANCED_CONFIG_FILE=$RMQ_DIR/advanced.config" \
        HOME=/var/lib/rabbitmq
}

start_rabbitmq() {
    local settings
    mkdir -p "$RMQ_DIR"
    # No plugin: the management listener (15672) stays the machine node's.
    : >"$RMQ_DIR/enabled_plugins"
    # A retry that expired into the full work queue is resent after this (ms; 3 min by default): the queuefull fault.
    echo "[{rabbit, [{dead_letter_worker_publisher_confirm_timeout, $((FAULTS_DLX_RESEND * 1000))}]}]." \
        >"$RMQ_DIR/advanced.config"
    chown -R rabbitmq: "$RMQ_DIR"
    read -r -a settings < <(rmq_env)
    rm -f "$RMQ_DIR/rabbitmq.pid"
    (cd / && runuser -u rabbitmq -- env "${settings[@]}" /usr/lib/rabbitmq/bin/rabbitmq-server -detached) >/dev/null
    (cd / && rabbitmqctl -q wait "$RMQ_DIR/rabbitmq.pid" --timeout 120) >/dev/null
}

stop_rabbitmq() {
    local pid
    pid=$(cat "$RMQ_DIR/rabbitmq.pid" 2>/dev/null) || return 0
    (cd / && timeout 60 rabbitmqctl -q stop "$RMQ_DIR/rabbitmq.pid") >/dev/null 2>&1 || true
    if [[ $pid =~ ^[0-9]+$ ]] && grep -q -- "$RABBITMQ_NODENAME" "/proc/$pid/cmdline" 2>/dev/null; then
        warn "RabbitMQ node ${RABBITMQ_NODENAME} still running: SIGKILL ${pid}"
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$RMQ_DIR/rabbitmq.pid"
}

redis_server_start() {
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$REDIS_DIR" \
        --logfile "$REDIS_DIR/redis.log" --pidfile "$REDIS_DIR/redis.pid" --daemonize yes >/dev/null
    wait_until 30 "private Redis on ${REDIS_PORT}" redis_pong >/dev/null
}

redis_server_stop() {
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    local pid
    pid=$(cat "$REDIS_DIR/redis.pid" 2>/dev/null || true)
    if [[ $pid =~ ^[0-9]+$ ]] && grep -q redis-server "/proc/$pid/cmdline" 2>/dev/null; then
        sleep 1
        kill -9 "$pid" 2>/dev/null || true
    fi
}

start_services() {
    [[ -x $PG_BIN/initdb ]] || die "no PostgreSQL server binaries (initdb) under /usr/lib/postgresql"
    local port
    for port in "$POSTGRES_PORT" "$RABBITMQ_PORT" "$REDIS_PORT" "$RABBITMQ_DIST_PORT"; do
        port_in_use "$port" && die "port ${port} is in use: choose another FAULTS_PORT_BASE"
    done
    rm -rf "$PRIVATE_DIR"
    install -d -m 0755 "$FAULTS_DIR" "$PRIVATE_DIR"
    mkdir -p "$WORK" "$REDIS_DIR"
    log "private services in ${PRIVATE_DIR}: PostgreSQL :${POSTGRES_PORT}, RabbitMQ ${RABBITMQ_NODENAME} :${RABBITMQ_PORT}, Redis :${REDIS_PORT}"
    start_postgres
    redis_server_start
    start_rabbitmq
    log "private services up"
}

# Stops everything this script started; then proves that nothing is left (processes, listening ports).
SERVICES_STARTED=0
STACK_STARTED=0
cleanup() {
    local left
    trap - EXIT INT TERM
    # Everything below is tried, whatever fails.
    set +e
    if ((STACK_STARTED == 1)); then
        pause_workers CONT
        # The services may be down after a failed fault: bring them back so that `down` can drop its resources.
        pg_running || pg_start || true
        redis_pong || redis_server_start || true
        process_gone "$(cat "$RMQ_DIR/rabbitmq.pid" 2>/dev/null || echo none)" && { start_rabbitmq || true; }
        bash "$REPO_ROOT/ci/stack.sh" down >"$WORK/stack-down.log" 2>&1 || warn "ci/stack.sh down: see ${WORK}/stack-down.log"
    fi
    if ((SERVICES_STARTED == 1)); then
        log "stopping the private services"
        stop_rabbitmq
        redis_server_stop
        pg_running && { pg_stop fast || pg_stop immediate || true; }
        left=$(pgrep -af -- "$PRIVATE_DIR|$RABBITMQ_NODENAME|-Dstockpicker.stack=${STACK_NAME} " || true)
        local port ports=''
        for port in "$POSTGRES_PORT" "$RABBITMQ_PORT" "$REDIS_PORT" "$RABBITMQ_DIST_PORT" "$STACK_PORT"; do
            ss -Hltn "sport = :$port" | grep -q . && ports+=" $port"
        done
        if [[ -n $left || -n $ports ]]; then
            warn "left running: ${left:-no process}; ports still listening:${ports:- none}"
        else
            log "nothing left: no process of the private services or the stack, no listener on their ports"
        fi
    fi
}

# ---------------------------------------------------------------- probes of the stack
# get PATH OUT: one GET; OUT.meta gets "HTTP_CODE SECONDS CONTENT_TYPE", OUT.body the body.
get() {
    curl -s -o "$2.body" -w '%{http_code} %{time_total} %{content_type}\n' --max-time 15 "${BASE_URL}$1" >"$2.meta" 2>/dev/null ||
        echo "000 15 none" >"$2.meta"
}

# post_json PATH JSON: prints "HTTP_CODE BODY".
post_json() {
    local out
    out=$(curl -s -X POST -H 'Content-Type: application/json' --data "$2" --max-time 15 -w '\n%{http_code}' \
        "${BASE_URL}$1" 2>/dev/null) || true
    echo "${out##*$'\n'} ${out%$'\n'*}"
}

# All five checks at once; prints one line per check: NAME CODE SECONDS JSON_STATUS CONTENT_TYPE.
probe_checks() {
    local c
    for c in "${CHECKS[@]}"; do get "/health/$c/" "$WORK/probe.$c" & done
    wait
    for c in "${CHECKS[@]}"; do
        read -r code secs type <"$WORK/probe.$c.meta" || true
        printf '%s %s %s %s %s\n' "$c" "$code" "$secs" "$(jq -r '.status // "none"' "$WORK/probe.$c.body" 2>/dev/null || echo not-json)" "${type:-none}"
    done
}

# check_answers LABEL DEPENDENT...: every check answers JSON within FAULTS_ANSWER_LIMIT, the DEPENDENT ones
# 503 unhealthy, the others 200 healthy. Prints the slowest answer's seconds; returns 1 (after saying why) if not.
check_answers() {
    local label=$1 ok=0 name code secs status type want slowest=0
    shift
    while read -r name code secs status type; do
        want="200 healthy"
        [[ " $* " == *" $name "* ]] && want="503 unhealthy"
        awk -v s="$secs" -v m="$slowest" 'BEGIN { exit !(s > m) }' && slowest=$secs
        if [[ "$code $status" != "$want" || $type != application/json* ]] ||
            ! awk -v s="$secs" -v l="$FAULTS_ANSWER_LIMIT" 'BEGIN { exit !(s < l) }'; then
            warn "${label}: /health/${name}/ answered ${code} ${status} (${type}) in ${secs}s; expected ${want} JSON within ${FAULTS_ANSWER_LIMIT}s"
            ok=1
        fi
    done < <(probe_checks)
    echo "$slowest"
    return "$ok"
}

# Sets UNHEALTHY to the checks that do not answer 200 healthy now; true when there is none.
all_healthy() {
    local name code secs status type
    UNHEALTHY=''
    while read -r name code secs status type; do
        [[ $code == 200 && $status == healthy ]] || UNHEALTHY+="${UNHEALTHY:+ }${name}"
    done < <(probe_checks)
    [[ -z $UNHEALTHY ]]
}

# await_healthy TIMEOUT: polls the five checks (all at once, every 0.5 s) until they all answer healthy to a probe
# sent within TIMEOUT seconds (a check may take up to its deadline to answer: the celery round trip waits for a
# worker). Prints when that probe was sent and answered, and which checks were the last to turn; 1 if none did.
await_healthy() {
    local start sent last=''
    start=$(now_ms)
    while true; do
        sent=$(elapsed_since "$start")
        all_healthy && break
        last=$UNHEALTHY
        (($(now_ms) - start < $1 * 1000)) || { echo "${sent}s (still unhealthy: ${UNHEALTHY})"; return 1; }
        sleep 0.5
    done
    echo "${sent}s (answered at $(elapsed_since "$start")s${last:+, last: ${last}})"
}

# add_ticker SYMBOL: POST /tickers/addticker/; prints the task id on 202, nothing otherwise (status 1).
add_ticker() {
    local answer
    answer=$(post_json /tickers/addticker/ "{\"ticker\": \"$1\"}")
    [[ ${answer%% *} == 202 ]] || return 1
    jq -r .task_id <<<"${answer#* }"
}

task_state() {
    redis_cmd hget "${STACK_NAME}:task:$1" state 2>/dev/null
}

# await_tasks_done TIMEOUT ID...: true when every task's status is done within TIMEOUT seconds.
await_tasks_done() {
    local timeout=$1 start id pending
    shift
    start=$(now_ms)
    while true; do
        pending=0
        for id in "$@"; do [[ $(task_state "$id") == "done" ]] || pending=$((pending + 1)); done
        ((pending == 0)) && return 0
        (($(now_ms) - start < timeout * 1000)) || { warn "${pending} of $# tasks not done after ${timeout}s"; return 1; }
        sleep 0.5
    done
}

sql() {
    PGPASSWORD='' psql -X -q -At -v ON_ERROR_STOP=1 -h "$POSTGRES_HOST" -p "$POSTGRES_PORT" -U "$POSTGRES_USER" -d "$STACK_NAME" -c "$1"
}

has_quotes() {
    (($(quotes_of "$1") > 0))
}

# True when at least $1 of the stack's own tickers (the X* test tickers left out) have quotes.
tickers_refreshed() {
    (($(sql "SELECT count(DISTINCT q.ticker_id) FROM quote q JOIN ticker t ON t.id = q.ticker_id WHERE t.symbol NOT LIKE 'X%'") >= $1))
}

quotes_of() {
    sql "SELECT count(*) FROM quote q JOIN ticker t ON t.id = q.ticker_id WHERE t.symbol = '$1'"
}

# Messages ready + unacknowledged in the work and retry queues (not the dead letters).
queued_messages() {
    (cd / && rabbitmqctl -q list_queues -p "$STACK_NAME" name messages messages_unacknowledged 2>/dev/null) |
        awk '$1 == "tasks" || $1 ~ /^tasks\.retry\./ { n += $2 + $3 } END { print n + 0 }'
}

dead_letters() {
    (cd / && rabbitmqctl -q list_queues -p "$STACK_NAME" name messages 2>/dev/null) | awk '$1 == "tasks.dead" { n += $2 } END { print n + 0 }'
}

# Task statuses in the recent set that are not final (queued, running, retrying): one Lua call, not one per task.
unfinished_tasks() {
    redis_cmd eval "local n = 0
        for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
            local s = redis.call('HGET', ARGV[1] .. id, 'state')
            if s and s ~= 'done' and s ~= 'failed' then n = n + 1 end
        end
        return n" 1 "${STACK_NAME}:tasks:recent" "${STACK_NAME}:task:"
}

refresh_idle() {
    [[ $(queued_messages) == 0 && $(unfinished_tasks) == 0 ]]
}

# ---------------------------------------------------------------- the faults
# Each fault sets FIGURES (what it measured) and returns 0 (PASS) or 1 (FAIL).
FIGURES=''
note() {
    local figure
    for figure in "$@"; do FIGURES+="${FIGURES:+, }${figure}"; done
}

# expect CONDITION_TEXT COMMAND...: runs the test; on failure says which rule broke and marks the fault failed.
FAILED_RULES=0
EXTRA_IDS=()
expect() {
    local rule=$1
    shift
    if ! "$@"; then
        warn "rule broken: ${rule}"
        FAILED_RULES=$((FAILED_RULES + 1))
    fi
}

# start_beat NAME NAMESPACE: one more beat process of the stack (its mark and a pid file: `down` stops it too),
# on a 5 s cron.
start_beat() {
    local name=$1 namespace=$2
    # shellcheck disable=SC2086 # JAVA_OPTS-like list
    nice -n 10 env POSTGRES_DB="$STACK_NAME" RABBITMQ_DEFAULT_VHOST="$STACK_NAME" REDIS_NAMESPACE="$namespace" \
        SERVER_PORT=0 MANAGEMENT_PORT=0 BEAT_CRON='*/5 * * * * *' \
        setsid java -Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "-Dstockpicker.stack=${STACK_NAME}" \
        "-Dstockpicker.process=${name}" -jar "$STACK_JAR" beat \
        </dev/null >"$STACK_RUN_DIR/$name.log" 2>&1 &
    echo $! >"$STACK_RUN_DIR/$name.pid"
}

stop_beat() {
    local pid
    pid=$(cat "$STACK_RUN_DIR/$1.pid" 2>/dev/null) || return 0
    kill -TERM -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -f "$STACK_RUN_DIR/$1.pid"
}

# The ticks a beat log names, with what the beat did: "TICK published ID8" or "TICK elsewhere" or "TICK skipped".
beat_ticks() {
    sed -n -e 's/.*tick \([^ ]*\): published [^ ]* #\([0-9a-f]*\).*/\1 published \2/p' \
        -e 's/.*tick \([^ ]*\) already published by .*/\1 elsewhere/p' \
        -e 's/.*tick \([^ ]*\) skipped: .*/\1 skipped/p' "$1"
}

# True when both extra beats have logged at least $1 ticks.
beats_ticked() {
    (($(beat_ticks "$STACK_RUN_DIR/beat2.log" | wc -l) >= $1 && $(beat_ticks "$STACK_RUN_DIR/beat3.log" | wc -l) >= $1))
}

beat_started() {
    grep -q 'beat .* started' "$STACK_RUN_DIR/$1.log"
}

fault_beats() {
    local both bad double none ids id full done_count=0
    start_beat beat2 "$STACK_NAME"
    start_beat beat3 "$FAULTS_SECOND_BEAT_NAMESPACE"
    [[ $FAULTS_SECOND_BEAT_NAMESPACE == "$STACK_NAME" ]] ||
        warn "beat3 on Redis namespace ${FAULTS_SECOND_BEAT_NAMESPACE}: a misconfiguration, this fault should fail"
    if wait_until 120 "beat2 started" beat_started beat2 && wait_until 60 "beat3 started" beat_started beat3; then
        # One tick more than needed: the first one may be seen by one beat only (the other still starting).
        wait_until $((FAULTS_BEAT_TICKS * 5 + 30)) "$((FAULTS_BEAT_TICKS + 1)) ticks of both beats" \
            beats_ticked $((FAULTS_BEAT_TICKS + 1)) || true
    fi
    stop_beat beat2
    stop_beat beat3
    { beat_ticks "$STACK_RUN_DIR/beat2.log"; beat_ticks "$STACK_RUN_DIR/beat3.log"; } >"$WORK/ticks"
    # Only ticks both beats reached count (one seen at a start or a stop proves nothing either way).
    read -r both bad double none < <(awk '{ seen[$1]++; if ($2 == "published") pub[$1]++ }
        END { for (t in seen) if (seen[t] == 2) { both++; if (pub[t] != 1) bad++; if (pub[t] > 1) dbl++; if (!pub[t]) none++ }
              print both + 0, bad + 0, dbl + 0, none + 0 }' "$WORK/ticks")
    mapfile -t ids < <(awk '{ seen[$1]++ } $2 == "published" { id[$1] = id[$1] " " $3 }
        END { for (t in seen) if (seen[t] == 2) print id[t] }' "$WORK/ticks" | tr ' ' '\n' | sed '/^$/d')
    note "${both} ticks seen by both beats" "${#ids[@]} publications" "${double} ticks published twice" "${none} not published"
    expect "at least ${FAULTS_BEAT_TICKS} ticks seen by both beats (${both})" test "$both" -ge "$FAULTS_BEAT_TICKS"
    expect "every tick published exactly once (${bad} not)" test "$bad" -eq 0
    # Each published refresh is done (the beat logs the first 8 digits of its id).
    wait_until 120 "the refreshes of the ticks done" refresh_idle >/dev/null || true
    for id in "${ids[@]}"; do
        # The recent set keeps 500 ids only (each tick queues 99 more tasks): the task's own hash, kept a day.
        for full in $(redis_cmd --scan --pattern "${STACK_NAME}:task:${id}*"); do
            [[ $(redis_cmd hget "$full" state) == "done" ]] && done_count=$((done_count + 1))
        done
    done
    note "${done_count} of them done"
    expect "every published refresh done (${done_count} of ${#ids[@]})" test "$done_count" -eq "${#ids[@]}"
}

# pause_workers STOP|CONT: sends the signal to both workers of the stack.
pause_workers() {
    local name
    for name in worker1 worker2; do
        kill -s "$1" "$(<"$STACK_RUN_DIR/$name.pid")" 2>/dev/null || true
    done
}

# The tickers that have no quote (yet).
tickers_without_quotes() {
    sql "SELECT count(*) FROM ticker t WHERE NOT EXISTS (SELECT 1 FROM quote q WHERE q.ticker_id = t.id)"
}

# outage SERVICE DOWN_SECONDS DEPENDENT_CHECK...: the shape every outage shares. SERVICE_stop runs in the background
# while tickers are added as fast as the API takes them, so that the last ones are accepted (202) right before the
# service goes and the workers still have a backlog; then SERVICE_while_down (checks of its own), the five checks
# right after the stop and at the end of the outage, SERVICE_start, recovery, and every accepted task done.
outage() {
    local service=$1 down=$2 part stop_pid n=0 i id ids=() posts backlog cut stopped answer healthy left_ms pending
    shift 2
    part=${service:0:3}
    part=${part^^}
    EXTRA_IDS=()
    expect "all checks healthy before the ${service} outage" await_healthy 60 >/dev/null
    # New tickers (not default ones: quotes-updated stays healthy), all at once (one request each, in parallel), with
    # the workers paused (SIGSTOP) meanwhile: on a busy machine the web accepts them no faster than two workers do
    # them, so without the pause no task would be left to do at the cut. The workers resume as the stop begins.
    # Not for Redis: there every task of the backlog waits out Redis timeouts (2 s a call), and the health round
    # trip and the ticker added while Redis is down would be queued behind them for the whole outage.
    backlog=$FAULTS_BACKLOG
    [[ $service != redis ]] || backlog=0
    pause_workers STOP
    posts=()
    for ((i = 1; i <= backlog; i++)); do
        add_ticker "XB${part}$(printf '%02d' "$i")" >"$WORK/backlog.$i" 2>/dev/null &
        posts+=($!)
    done
    wait "${posts[@]}" || true
    for ((i = 1; i <= backlog; i++)); do
        id=$(cat "$WORK/backlog.$i") && [[ -n $id ]] && ids+=("$id")
    done
    expect "the backlog accepted (${#ids[@]} of ${backlog} answered 202)" test "${#ids[@]}" -eq "$backlog"
    cut=$(now_ms)
    "${service}_stop" >"$WORK/stop.log" 2>&1 &
    stop_pid=$!
    pause_workers CONT
    while kill -0 "$stop_pid" 2>/dev/null && ((n < 60)); do
        id=$(add_ticker "X${part}$(printf '%02d' "$n")") && ids+=("$id")
        n=$((n + 1))
    done
    wait "$stop_pid" || { cat "$WORK/stop.log"; expect "${service} stopped" false; }
    stopped=$(now_ms)
    # Not done when the service was gone: their ticker has no quote yet (for Redis: its statuses are gone).
    if [[ $service == redis ]]; then pending=$(tickers_without_quotes); else
        pending=0
        for id in "${ids[@]}"; do [[ $(task_state "$id") == "done" ]] || pending=$((pending + 1)); done
    fi
    note "stop took $(((stopped - cut) / 1000)).$(((stopped - cut) % 1000 / 100))s" "$((${#ids[@]} - backlog)) tasks accepted (202) while it ran, after ${backlog} of backlog" "${pending} not done when it returned"
    # The broker case is the promise "a task accepted with 202 just before a broker outage is done after it".
    [[ $service != rabbitmq ]] ||
        expect "tasks accepted before the broker went down still to do then (${pending})" test "$pending" -gt 0
    "${service}_while_down"
    answer=$(check_answers "${service} down, right after the stop" "$@") || FAILED_RULES=$((FAILED_RULES + 1))
    note "checks right after: slowest answer ${answer}s"
    left_ms=$((down * 1000 - ($(now_ms) - stopped)))
    ((left_ms <= 0)) || sleep "$((left_ms / 1000)).$(printf '%03d' $((left_ms % 1000)))"
    answer=$(check_answers "${service} down, end of the outage" "$@") || FAILED_RULES=$((FAILED_RULES + 1))
    note "at the end (${down}s): slowest ${answer}s"
    "${service}_before_start"
    "${service}_start"
    if healthy=$(await_healthy "$FAULTS_RECOVERY_LIMIT"); then
        note "all healthy ${healthy} after the restart"
    else
        note "not all healthy within ${FAULTS_RECOVERY_LIMIT}s of the restart: ${healthy}"
        FAILED_RULES=$((FAILED_RULES + 1))
    fi
    if [[ $service == redis ]]; then
        # Redis came back empty: the statuses are gone; the quotes prove each task.
        wait_until 90 "quotes of every ticker added around the Redis outage" no_ticker_without_quotes >/dev/null || true
        pending=$(tickers_without_quotes)
        note "$(($(sql "SELECT count(*) FROM ticker") - pending)) tickers with quotes after, ${pending} without"
        expect "every ticker accepted around the Redis outage has its quotes (${pending} without)" test "$pending" -eq 0
    elif await_tasks_done 90 "${ids[@]}" "${EXTRA_IDS[@]}"; then
        note "all $((${#ids[@]} + ${#EXTRA_IDS[@]})) accepted tasks done after"
    else
        note "accepted tasks not all done 90s after the restart"
        FAILED_RULES=$((FAILED_RULES + 1))
    fi
}

no_ticker_without_quotes() {
    (($(tickers_without_quotes) == 0))
}

# The node crashes (SIGKILL of its Erlang VM): gone at once. `rabbitmqctl stop_app` boots an Erlang VM first (2 s
# idle, 6 s on a busy machine) and an orderly stop (SIGTERM) takes 3-5 s with the connections open: either way the
# workers finish every task accepted before the broker is really gone, and nothing would be tested. A crash is also
# the harder case for "no accepted task lost": the confirm behind each 202 must mean the message is on disk.
rabbitmq_stop() {
    local pid
    pid=$(cat "$RMQ_DIR/rabbitmq.pid")
    kill -KILL "$pid"
    wait_until 60 "RabbitMQ node gone" process_gone "$pid" >/dev/null
}

# True when process $1 has exited.
process_gone() {
    ! kill -0 "$1" 2>/dev/null
}

rabbitmq_start() {
    start_rabbitmq
}
rabbitmq_before_start() { :; }

# The broker down: a ticker added now must be refused (503 JSON), or, if accepted, be done after the outage.
rabbitmq_while_down() {
    local answer
    answer=$(post_json /tickers/addticker/ '{"ticker": "XRABDOWN"}')
    note "addticker while down: ${answer%% *}"
    if [[ ${answer%% *} == 202 ]]; then
        EXTRA_IDS+=("$(jq -r .task_id <<<"${answer#* }")")
    else
        expect "addticker while the broker is down answers 503 JSON (got ${answer})" \
            jq -e '.success == false' <<<"${answer#* }" >/dev/null
        expect "addticker while the broker is down answers 503" test "${answer%% *}" = 503
    fi
}

# SIGINT to the postmaster: what `pg_ctl stop -m fast` sends, without the wait for runuser and pg_ctl to start.
postgres_stop() {
    local pid
    pid=$(head -n 1 "$PG_DATA/postmaster.pid")
    kill -INT "$pid"
    wait_until 60 "PostgreSQL stopped" process_gone "$pid" >/dev/null
}
postgres_start() { pg_start; }
postgres_while_down() { :; }
postgres_before_start() { :; }

fault_rabbitmq() {
    outage rabbitmq "$FAULTS_RABBITMQ_DOWN" celery
}

fault_postgres() {
    outage postgres "$FAULTS_POSTGRES_DOWN" database celery tickers-loaded quotes-updated
}

redis_gone() {
    ! redis_pong
}

redis_stop() {
    redis_cmd shutdown nosave >/dev/null 2>&1 || true
    wait_until 10 "private Redis stopped" redis_gone >/dev/null
}

redis_start() {
    redis_server_start
}

# Redis down: the checks need no Redis (all 200); a ticker added now must be retried, never updated without its
# lock; the page and the API answer.
redis_while_down() {
    local code path
    REDIS_TASK_ID=$(add_ticker XREDDOWN) || REDIS_TASK_ID=''
    for path in / /tickers/tickerlist/ /tickers/recommendations/; do
        get "$path" "$WORK/page"
        code=$(cut -d' ' -f1 "$WORK/page.meta")
        expect "GET ${path} answers 200 without Redis (got ${code})" test "$code" = 200
    done
    code=$(post_json /tickers/tickerdata/ '{"ticker": "F001"}')
    expect "POST /tickers/tickerdata/ answers 200 without Redis (got ${code%% *})" test "${code%% *}" = 200
    note "page, tickerlist, recommendations, tickerdata: 200"
}

# Still down: the ticker added meanwhile must not have been updated without its lock, but retried.
redis_before_start() {
    local quotes retries
    quotes=$(quotes_of XREDDOWN)
    retries=$(cat "$STACK_RUN_DIR"/worker*.log | grep -c 'retry update_ticker\[XREDDOWN\]' || true)
    note "XREDDOWN added while down: $([[ -n $REDIS_TASK_ID ]] && echo 202 || echo refused), ${quotes} quotes and ${retries} retries before Redis came back"
    expect "a ticker added while Redis is down is accepted (202)" test -n "$REDIS_TASK_ID"
    expect "no quotes written without the lock while Redis is down (${quotes})" test "$quotes" -eq 0
    expect "its task retried while Redis is down (${retries} retries)" test "$retries" -gt 0
}

fault_redis() {
    outage redis "$FAULTS_REDIS_DOWN"
}

# Queues a refresh of every ticker (one update_all_tickers task) with the jar's one-shot command; prints its task id.
enqueue_refresh() {
    env POSTGRES_DB="$STACK_NAME" RABBITMQ_DEFAULT_VHOST="$STACK_NAME" REDIS_NAMESPACE="$STACK_NAME" SERVER_PORT=0 \
        MANAGEMENT_PORT=0 java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$STACK_JAR" \
        enqueue-refresh >"$WORK/enqueue.log" 2>&1 || { cat "$WORK/enqueue.log" >&2; return 1; }
    sed -n 's/^queued update_all_tickers \([0-9a-f-]*\)$/\1/p' "$WORK/enqueue.log"
}

# queue_counts QUEUE: "MESSAGES READY UNACKED" of one queue of the stack's vhost, as rabbitmqctl lists it. A quorum
# queue's messages include those it has dead-lettered and is still delivering (at least once); its figures are those
# of its last tick (every 5 s), a classic queue's are live.
queue_counts() {
    (cd / && rabbitmqctl -s list_queues -p "$STACK_NAME" name messages messages_ready messages_unacknowledged 2>/dev/null) |
        awk -v q="$1" '$1 == q { print $2, $3, $4; found = 1 } END { if (!found) print "none" }'
}

# True when QUEUE's counts are "MESSAGES READY UNACKED".
queue_counts_are() {
    [[ $(queue_counts "$1") == "$2" ]]
}

# The work queue full while a refresh runs: a policy bounds it to 0 (the smaller of policy and argument wins), so it
# is full from the first task on and no worker can empty it meanwhile. The refresh (update_all_tickers) is handed to
# a paused worker before the policy applies; resumed, its first update_ticker is refused (TaskQueueFullException),
# so it is retried through tasks.retry.1; that retry expires while the queue is still full. On the old classic delay
# queues it was dropped right there (at-most-once dead-lettering); a quorum delay queue keeps it and resends it every
# FAULTS_DLX_RESEND seconds. The room is made only after some of those resends were refused.
fault_queuefull() {
    local id answer room_at counts dead_before attempts state retried policy=faults-queuefull
    expect "all checks healthy before the queue is filled" await_healthy 60 >/dev/null
    wait_until 120 "no task queued or running" refresh_idle >/dev/null || true
    dead_before=$(dead_letters)
    pause_workers STOP
    id=$(enqueue_refresh) || id=''
    if [[ -z $id ]] || ! wait_until 30 "the refresh handed to a paused worker" queue_counts_are tasks "1 0 1" >/dev/null; then
        pause_workers CONT
        note "the refresh was not queued to a worker (enqueue-refresh: ${id:-failed}; tasks: $(queue_counts tasks))"
        return 1
    fi
    (cd / && rmq -p "$STACK_NAME" set_policy --apply-to queues "$policy" '^tasks$' '{"max-length":0}') >/dev/null ||
        expect "the policy that bounds the work queue to 0 applied" false
    answer=$(post_json /tickers/addticker/ '{"ticker": "XQFULL"}')
    expect "addticker while the queue is full answers 503 JSON (got ${answer})" test "${answer%% *}" = 503
    expect "the answer says the queue is full" jq -e '.success == false and (.error | test("full"))' <<<"${answer#* }" >/dev/null
    pause_workers CONT
    if wait_until 60 "update_all_tickers refused and retried" grep -q "retry update_all_tickers\[\] #${id:0:8} attempt 1" \
        "$STACK_RUN_DIR"/worker*.log; then
        retried=$(grep -h "retry update_all_tickers\[\] #${id:0:8} attempt 1" "$STACK_RUN_DIR"/worker*.log | head -n 1)
        expect "the refresh failed on the full queue" grep -q "is full" <<<"$retried"
    else
        expect "the refresh retried after the full queue refused its tasks" false
    fi
    # Expired (after TASK_FIRST_RETRY_DELAY, 2 s), refused by the full queue, and still held by the delay queue.
    if wait_until 30 "the expired retry held by tasks.retry.1" queue_counts_are tasks.retry.1 "1 0 0" >/dev/null; then
        sleep $((FAULTS_DLX_RESEND * 2 + 1))
        counts=$(queue_counts tasks.retry.1)
        state=$(task_state "$id")
        note "retry held by tasks.retry.1 after expiring into the full queue (messages, ready, unacked: ${counts}; task ${state}) through $((FAULTS_DLX_RESEND * 2 + 1))s of refused resends"
        expect "still held after refused resends (tasks.retry.1: ${counts})" test "$counts" = "1 0 0"
        expect "the task still waiting for its retry (${state})" test "$state" = retrying
    else
        note "retry not held by tasks.retry.1 (messages, ready, unacked: $(queue_counts tasks.retry.1)): dropped"
        expect "the retry that expired into the full queue held by the broker" false
    fi
    (cd / && rmq -p "$STACK_NAME" clear_policy "$policy") >/dev/null
    room_at=$(now_ms)
    if await_tasks_done $((FAULTS_DLX_RESEND + 60)) "$id"; then
        attempts=$(redis_cmd hget "${STACK_NAME}:task:$id" attempts)
        note "the refresh done $(elapsed_since "$room_at")s after room was made (attempts: ${attempts})"
        expect "done at its second attempt (${attempts})" test "$attempts" = 2
        wait_until 180 "the refresh's tasks done" refresh_idle >/dev/null || true
    else
        note "the refresh not done $((FAULTS_DLX_RESEND + 60))s after room was made ($(task_state "$id"))"
        expect "the refresh done after room was made" false
    fi
    note "then $(queued_messages) queued, $(unfinished_tasks) unfinished, $(($(dead_letters) - dead_before)) dead letters"
    expect "nothing dead-lettered" test "$(($(dead_letters) - dead_before))" -eq 0
    expect "nothing left queued or unfinished" refresh_idle
}

# Quote figures of the stack's tickers: "ROWS DISTINCT_TICKER_DATES TICKERS_WITH_QUOTES" (the X* test tickers out).
quote_figures() {
    sql "SELECT count(*), count(DISTINCT (q.ticker_id, q.date)), count(DISTINCT q.ticker_id) FROM quote q
         JOIN ticker t ON t.id = q.ticker_id WHERE t.symbol NOT LIKE 'X%'" | tr '|' ' '
}

# Sets victim (worker1 or worker2) when a worker of the stack runs a task now (one Lua call: the statuses of the
# newest tasks, read together).
find_victim() {
    local workers worker name
    workers=$(redis_cmd eval "local out = {}
        for _, id in ipairs(redis.call('ZREVRANGE', KEYS[1], 0, 30)) do
            if redis.call('HGET', ARGV[1] .. id, 'state') == 'running' then
                table.insert(out, redis.call('HGET', ARGV[1] .. id, 'worker') or '')
            end
        end
        return out" 1 "${STACK_NAME}:tasks:recent" "${STACK_NAME}:task:")
    for worker in $workers; do
        for name in worker1 worker2; do
            if [[ $(cat "$STACK_RUN_DIR/$name.pid" 2>/dev/null) == "${worker%%@*}" ]]; then
                victim=$name
                return 0
            fi
        done
    done
    return 1
}

other_worker() {
    if [[ $1 == worker1 ]]; then echo worker2; else echo worker1; fi
}

# The task a dead worker (pid $1) was running: its status still says running, by that pid (one Lua call, so that
# it is read before the other worker takes the redelivered task over).
task_of_dead_worker() {
    local id
    id=$(redis_cmd eval "for _, id in ipairs(redis.call('ZREVRANGE', KEYS[1], 0, 50)) do
            local h = ARGV[1] .. id
            local w = redis.call('HGET', h, 'worker') or ''
            if redis.call('HGET', h, 'state') == 'running' and string.sub(w, 1, #ARGV[2]) == ARGV[2] then return id end
        end
        return ''" 1 "${STACK_NAME}:tasks:recent" "${STACK_NAME}:task:" "$1@")
    [[ -n $id ]] && echo "$id"
}

# The refresh of FAULTS_TICKERS tickers: the stack's initial one is the run without the fault (its count the
# baseline); then the quotes of every ticker but the index go, a refresh is queued, and the worker running a task
# is killed with SIGKILL once a quarter of the tickers are done.
fault_kill9() {
    local base rows distinct tickers start victim worker pid other killed_at dead dead_before unfinished queued
    expect "the initial refresh of ${FAULTS_TICKERS} tickers done" wait_until 300 "the initial refresh done" \
        tickers_refreshed "$FAULTS_TICKERS"
    wait_until 120 "no task queued or running" refresh_idle >/dev/null || true
    read -r base distinct tickers < <(quote_figures)
    # Dead letters of the faults before this one are not this fault's.
    dead_before=$(dead_letters)
    note "without the fault: ${base} quotes of ${tickers} tickers"
    sql "DELETE FROM quote WHERE ticker_id IN (SELECT id FROM ticker WHERE symbol NOT LIKE 'X%' AND symbol <> '${INDEX_TICKER:-SPY}')" >/dev/null
    start=$(now_ms)
    enqueue_refresh >/dev/null || { note "enqueue-refresh failed"; return 1; }
    # Mid-refresh: a quarter of the tickers stored again, and a worker running an update_ticker.
    wait_until 120 "a quarter of the tickers refreshed" tickers_refreshed $((FAULTS_TICKERS / 4)) >/dev/null ||
        { note "the refresh did not progress"; return 1; }
    victim=''
    wait_until 30 "a worker of the stack running a task" find_victim >/dev/null ||
        { note "no worker caught running a task"; return 1; }
    # At once: a task lasts a few hundred milliseconds.
    pid=$(<"$STACK_RUN_DIR/$victim.pid")
    kill -9 "$pid"
    killed_at=$(now_ms)
    # Mid-task for sure: the task it was running keeps its "running" status by the dead pid until redelivered.
    VICTIM_TASK=$(task_of_dead_worker "$pid") || VICTIM_TASK=''
    expect "the worker was killed in the middle of a task" test -n "$VICTIM_TASK"
    read -r rows _ tickers < <(quote_figures)
    note "kill -9 ${victim} (pid ${pid}) running $(redis_cmd hget "${STACK_NAME}:task:$VICTIM_TASK" args) at ${tickers}/${FAULTS_TICKERS} tickers"
    if ! wait_until 180 "the refresh done after the kill" tickers_refreshed "$FAULTS_TICKERS" >/dev/null; then
        note "refresh not complete 180s after the kill"
    fi
    wait_until 120 "no task queued or running" refresh_idle >/dev/null || true
    read -r rows distinct tickers < <(quote_figures)
    queued=$(queued_messages)
    unfinished=$(unfinished_tasks)
    dead=$(($(dead_letters) - dead_before))
    other=$(redis_cmd hget "${STACK_NAME}:task:$VICTIM_TASK" worker)
    note "with the fault: ${rows} quotes of ${tickers} tickers, $((rows - distinct)) duplicates" \
        "killed task $(task_state "$VICTIM_TASK") by pid ${other%%@*}" "${queued} queued, ${unfinished} unfinished, ${dead} dead letters" \
        "done $(elapsed_since "$killed_at")s after the kill ($(elapsed_since "$start")s in all)"
    expect "quote count equals the run without the fault (${rows} vs ${base})" test "$rows" -eq "$base"
    expect "no duplicate (ticker, date)" test "$rows" -eq "$distinct"
    expect "no task stuck (queued ${queued}, unfinished ${unfinished}, dead letters ${dead})" test "$((queued + unfinished + dead))" -eq 0
    expect "the killed task done by the other worker" test "$(task_state "$VICTIM_TASK")/${other%%@*}" = "done/$(cat "$STACK_RUN_DIR/$(other_worker "$victim").pid")"
}

# ---------------------------------------------------------------- main
usage() {
    sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
    exit 2
}

main() {
    local keep_going=0 faults=() f start run_start rc=0 fault_start result
    for f in "$@"; do
        case "$f" in
            --keep-going) keep_going=1 ;;
            -h | --help) usage ;;
            *) [[ " ${ALL_FAULTS[*]} " == *" $f "* ]] || { warn "unknown fault ${f}"; usage; }
               faults+=("$f") ;;
        esac
    done
    # The named ones, in the fixed order (kill9 last: it leaves one worker).
    if ((${#faults[@]} == 0)); then faults=("${ALL_FAULTS[@]}"); else
        local ordered=()
        for f in "${ALL_FAULTS[@]}"; do [[ " ${faults[*]} " == *" $f "* ]] && ordered+=("$f"); done
        faults=("${ordered[@]}")
    fi
    is_root || die "needs root: the private PostgreSQL runs as postgres, the RabbitMQ node as rabbitmq"
    ensure_packages curl:curl jq:jq redis-server:redis-server psql:postgresql-client
    [[ -f $STACK_JAR ]] || die "no jar at ${STACK_JAR}: ./mvnw -B -DskipTests package first"
    STACK_RUN_DIR=${STACK_RUN_DIR:-$REPO_ROOT/run/$STACK_NAME}
    export STACK_RUN_DIR

    run_start=$(now_ms)
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    SERVICES_STARTED=1
    start_services
    STACK_STARTED=1
    start=$(now_ms)
    bash "$REPO_ROOT/ci/stack.sh" up >"$WORK/stack-up.log" 2>&1 || { cat "$WORK/stack-up.log"; die "ci/stack.sh up failed"; }
    wait_until 240 "the stack healthy" all_healthy || { bash "$REPO_ROOT/ci/stack.sh" logs; die "the stack never got healthy"; }
    local stack_up
    stack_up=$(elapsed_since "$start")

    local names=() results=() figures=()
    for f in "${faults[@]}"; do
        log "---- fault ${f}"
        FIGURES='' FAILED_RULES=0
        fault_start=$(now_ms)
        if "fault_$f" && ((FAILED_RULES == 0)); then result=PASS; else result=FAIL; fi
        note "$(elapsed_since "$fault_start")s"
        names+=("$f") results+=("$result") figures+=("$FIGURES")
        log "${f}: ${result} (${FIGURES})"
        if [[ $result == FAIL ]]; then
            rc=1
            bash "$REPO_ROOT/ci/stack.sh" logs || true
            ((keep_going == 1)) || break
        fi
    done

    echo
    printf '%-9s %-6s %s\n' FAULT RESULT FIGURES
    for i in "${!names[@]}"; do
        printf '%-9s %-6s %s\n' "${names[$i]}" "${results[$i]}" "${figures[$i]}"
    done
    log "stack up and healthy in ${stack_up}s; whole run $(elapsed_since "$run_start")s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    return "$rc"
}

main "$@"
