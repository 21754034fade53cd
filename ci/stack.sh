#!/usr/bin/env bash
# The local "image stack" of the reference, as plain processes from the built jar:
# web (HTTP), worker1, worker2 and beat, on a database, a RabbitMQ vhost and a Redis namespace of their own.
#
#   ci/stack.sh up          # fresh database + vhost + Redis namespace, then start the processes
#   ci/stack.sh status      # one line per process; exit 0 only when all of them run
#   ci/stack.sh logs [P..]  # every process log (or only P..) under a header
#   ci/stack.sh down        # SIGTERM, SIGKILL after STACK_STOP_TIMEOUT; drop database, vhost, Redis keys
#   ci/stack.sh prepare     # optional, once per built jar: the start-up cache (see below)
#
# Settings (environment):
#   STACK_NAME [stockpicker_stack]  names the database, the vhost, the Redis namespace and the run folder;
#                                   two stacks with different names and ports do not collide
#   STACK_PORT [8001]               the web process's HTTP port
#   STACK_MANAGEMENT_PORT           the web process's management port (actuator: probes, Prometheus), off
#     [STACK_PORT + 80, i.e. 8081]  the public port; follows STACK_PORT so two stacks do not collide
#   STACK_WORKERS [2]               number of worker processes (0: a stack without workers)
#   STACK_BEAT [1]                  1: run beat, 0: don't
#   STACK_JAR [target/stockpicker.jar]
#   STACK_RUN_DIR [run/STACK_NAME]  one NAME.log and one NAME.pid per process
#   STACK_JAVA_OPTS                 JVM options of every process (default: JAVA_OPTS, else a small heap
#                                   and fast start-up: four JVMs share this machine's two cores)
#   STACK_STOP_TIMEOUT [20]         seconds between SIGTERM and SIGKILL
#   STACK_LOG_TAIL [0]              logs: print only the last N lines of each log (0: all)
#   STACK_CDS [1]                   0: ignore the start-up cache
#   STACK_ADMIN_USER,               when both are set: the web process gets them as ADMIN_USER and
#   STACK_ADMIN_PASSWORD            ADMIN_PASSWORD (its /admin/ on), through its environment only (never a
#                                   command line, a log or stack.env); the other processes get the admin off
#
# Start-up cache: four JVMs starting at once on two cores spend most of their time loading classes.
# `prepare` extracts the jar (plain jars load faster than the nested fat jar) into run/cds/<jar checksum>/
# and records a class-data-sharing archive in a training start of the web role (on a throwaway
# database and vhost, stopped right after the Spring context is up). `up` uses it when it is there for
# this very jar; otherwise it starts from the jar as it is. ci/pipeline.sh prepares it (start-cache step).
#
# Connection settings (POSTGRES_*, RABBITMQ_*, REDIS_*) as for the app; see ci/services.sh, which must
# have run first (it creates the role and user this script reuses).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

load_service_env
STACK_NAME=${STACK_NAME:-stockpicker_stack}
STACK_PORT=${STACK_PORT:-8001}
STACK_MANAGEMENT_PORT=${STACK_MANAGEMENT_PORT:-$((STACK_PORT + 80))}
STACK_WORKERS=${STACK_WORKERS:-2}
STACK_BEAT=${STACK_BEAT:-1}
STACK_JAR=${STACK_JAR:-$REPO_ROOT/target/stockpicker.jar}
STACK_RUN_DIR=${STACK_RUN_DIR:-$REPO_ROOT/run/$STACK_NAME}
STACK_JAVA_OPTS=${STACK_JAVA_OPTS:-${JAVA_OPTS:--Xms32m -Xmx256m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1}}
STACK_STOP_TIMEOUT=${STACK_STOP_TIMEOUT:-20}
STACK_LOG_TAIL=${STACK_LOG_TAIL:-0}
STACK_CDS=${STACK_CDS:-1}
STACK_ADMIN_USER=${STACK_ADMIN_USER:-}
STACK_ADMIN_PASSWORD=${STACK_ADMIN_PASSWORD:-}
CDS_ROOT="$REPO_ROOT/run/cds"

# The stack's own resources: named after the stack, never the app's everyday database.
STACK_DB=$STACK_NAME
STACK_VHOST=$STACK_NAME
STACK_NAMESPACE=$STACK_NAME
# Every process of the stack carries this on its command line: it proves that a pid is ours.
STACK_MARK="-Dstockpicker.stack=${STACK_NAME}"

validate() {
    [[ $STACK_NAME =~ ^[a-z][a-z0-9_]{0,57}$ ]] ||
        die "STACK_NAME '${STACK_NAME}' must be a lower-case identifier (a-z, 0-9, _), it names a database"
    case "$STACK_NAME" in
        postgres | template0 | template1 | root | test | "$POSTGRES_DB" | "${POSTGRES_DB}_test")
            die "STACK_NAME '${STACK_NAME}' would drop a database that is not the stack's own" ;;
    esac
    [[ $STACK_PORT =~ ^[0-9]+$ ]] || die "STACK_PORT '${STACK_PORT}' is not a port number"
    [[ $STACK_MANAGEMENT_PORT =~ ^[0-9]+$ ]] ||
        die "STACK_MANAGEMENT_PORT '${STACK_MANAGEMENT_PORT}' is not a port number"
    [[ $STACK_WORKERS =~ ^[0-9]+$ ]] || die "STACK_WORKERS '${STACK_WORKERS}' is not a number"
}

# Process names of a stack being started: web, worker1..N, beat.
planned_processes() {
    local i
    echo web
    for ((i = 1; i <= STACK_WORKERS; i++)); do echo "worker$i"; done
    [[ $STACK_BEAT == 1 ]] && echo beat
    return 0
}

# Process names with a pid file in the run folder (what `up` started, whatever the settings now).
known_processes() {
    local f
    for f in "$STACK_RUN_DIR"/*.pid; do
        [[ -e $f ]] && basename "$f" .pid
    done
    return 0
}

role_of() {
    case "$1" in
        worker*) echo worker ;;
        *) echo "$1" ;;
    esac
}

# True when pid $1 is a live (not zombie) process of this stack.
is_ours_and_alive() {
    local pid=$1 state cmdline
    [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
    [[ $state != Z ]] || return 1
    cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
    [[ "$cmdline " == *"$STACK_MARK "* ]]
}

pid_of() {
    local f="$STACK_RUN_DIR/$1.pid"
    [[ -r $f ]] && cat "$f"
}

# Pids of live processes carrying this stack's mark (stragglers whose pid file was lost included).
stack_pids() {
    local pid
    for pid in $(pgrep -f -- "${STACK_MARK} " || true); do
        is_ours_and_alive "$pid" && echo "$pid"
    done
    return 0
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# ---------------------------------------------------------------- the stack's resources
# drop_resources DATABASE VHOST NAMESPACE: drop the database, delete the vhost and the Redis keys.
drop_resources() {
    local db=$1 vhost=$2 ns=$3 failed=0 keys
    log "dropping database ${db}"
    pg_admin -v db="$db" <<<"SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', :'db') \\gexec" ||
        { warn "could not drop database ${db}"; failed=1; }
    if is_local_host "$RABBITMQ_HOST"; then
        # One rabbitmqctl call (each starts an Erlang VM): "does not exist" is fine too.
        local out
        log "deleting vhost ${vhost}"
        if ! out=$(rabbitmqctl -q delete_vhost "$vhost" 2>&1) && [[ $out != *"does not exist"* ]]; then
            warn "could not delete vhost ${vhost}: ${out}"
            failed=1
        fi
    fi
    # Keys are "<namespace>:<rest>"; UNLINK in batches of 500.
    keys=$(redis_cmd --scan --pattern "${ns}:*" 2>/dev/null | wc -l) ||
        { warn "could not list Redis keys of ${ns}"; failed=1; }
    if ((keys > 0)); then
        log "deleting ${keys} Redis keys ${ns}:* (database ${REDIS_DB})"
        redis_cmd --scan --pattern "${ns}:*" |
            xargs -r -d '\n' -n 500 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" -n "$REDIS_DB" UNLINK >/dev/null ||
            { warn "could not delete Redis keys of ${ns}"; failed=1; }
    fi
    return "$failed"
}

# create_resources DATABASE VHOST: the database (owned by POSTGRES_USER) and the vhost (for its user).
create_resources() {
    local db=$1 vhost=$2
    log "creating database ${db} (owner ${POSTGRES_USER})"
    pg_admin -v db="$db" -v role="$POSTGRES_USER" <<<"SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role') \\gexec" ||
        die "could not create database ${db} (did ci/services.sh run?)"
    if is_local_host "$RABBITMQ_HOST"; then
        run_q rabbitmqctl -q add_vhost "$vhost"
        run_q rabbitmqctl -q set_permissions -p "$vhost" "$RABBITMQ_DEFAULT_USER" '.*' '.*' '.*'
    else
        warn "RabbitMQ is remote: vhost ${vhost} must exist already"
    fi
}

# ---------------------------------------------------------------- commands
cmd_up() {
    local name pid port management_port niceness started=() dead=() jar=$STACK_JAR cds_opts=() cache admin=0 admin_user admin_password
    [[ -f $STACK_JAR ]] || die "no jar at ${STACK_JAR}: build it first (./mvnw -B -DskipTests package)"
    cache=$(cds_dir)
    if [[ $STACK_CDS != 0 && -f $cache/ready ]]; then
        jar="$cache/$(basename "$STACK_JAR")"
        cds_opts=("-XX:SharedArchiveFile=$cache/app.jsa")
        log "start-up cache: ${cache#"$REPO_ROOT"/}"
    else
        log "no start-up cache for this jar (ci/stack.sh prepare makes one): starting from ${STACK_JAR}"
    fi
    if [[ -n $(stack_pids) ]]; then
        die "stack ${STACK_NAME} is already running ($(stack_pids | tr '\n' ' ')): ci/stack.sh down first"
    fi
    port_in_use "$STACK_PORT" && die "port ${STACK_PORT} is in use: choose another STACK_PORT"
    port_in_use "$STACK_MANAGEMENT_PORT" &&
        die "port ${STACK_MANAGEMENT_PORT} is in use: choose another STACK_MANAGEMENT_PORT"

    log "stack ${STACK_NAME}: fresh database, vhost and Redis namespace"
    drop_resources "$STACK_DB" "$STACK_VHOST" "$STACK_NAMESPACE" ||
        die "could not clear the resources of a previous ${STACK_NAME} run"
    create_resources "$STACK_DB" "$STACK_VHOST"

    if [[ -n $STACK_ADMIN_USER && -n $STACK_ADMIN_PASSWORD ]]; then
        admin=1
        log "admin: /admin/ on the web process, user ${STACK_ADMIN_USER} (password from STACK_ADMIN_PASSWORD)"
    elif [[ -n $STACK_ADMIN_USER || -n $STACK_ADMIN_PASSWORD ]]; then
        warn "only one of STACK_ADMIN_USER and STACK_ADMIN_PASSWORD is set: the admin stays off"
    fi

    mkdir -p "$STACK_RUN_DIR"
    rm -f "$STACK_RUN_DIR"/*.pid "$STACK_RUN_DIR"/*.log
    cat >"$STACK_RUN_DIR/stack.env" <<EOF
STACK_NAME=${STACK_NAME}
STACK_PORT=${STACK_PORT}
POSTGRES_DB=${STACK_DB}
RABBITMQ_DEFAULT_VHOST=${STACK_VHOST}
REDIS_NAMESPACE=${STACK_NAMESPACE}
EOF
    for name in $(planned_processes); do
        # Only web serves HTTP; the others get port 0 (any free port) should they open one anyway.
        port=0 management_port=0
        [[ $name == web ]] && port=$STACK_PORT management_port=$STACK_MANAGEMENT_PORT
        # beat gates no health check: it yields the CPU to the others while they all start.
        niceness=0
        [[ $name == beat ]] && niceness=10
        # The admin account: the web process's only (with STACK_ADMIN_*), the others' admin off; without
        # STACK_ADMIN_*, whatever ADMIN_USER/ADMIN_PASSWORD the caller has (as before).
        admin_user=${ADMIN_USER:-}
        admin_password=${ADMIN_PASSWORD:-}
        if ((admin == 1)) && [[ $name == web ]]; then
            admin_user=$STACK_ADMIN_USER
            admin_password=$STACK_ADMIN_PASSWORD
        elif ((admin == 1)); then
            admin_user=''
            admin_password=''
        fi
        # setsid: a session of its own, so a Ctrl-C meant for the pipeline does not hit the JVMs
        # directly (the pipeline's trap stops them with `down`), and `down` can signal the group.
        # ADMIN_*: assignments in front of the command put them in its environment, not on a command line
        # (and STACK_ADMIN_PASSWORD, which no JVM needs, is left out of it).
        # shellcheck disable=SC2086 # STACK_JAVA_OPTS is a list of options
        ADMIN_USER=$admin_user ADMIN_PASSWORD=$admin_password \
            nice -n "$niceness" env -u STACK_ADMIN_PASSWORD POSTGRES_DB="$STACK_DB" RABBITMQ_DEFAULT_VHOST="$STACK_VHOST" REDIS_NAMESPACE="$STACK_NAMESPACE" \
            SERVER_PORT="$port" MANAGEMENT_PORT="$management_port" WORKER_CONCURRENCY="${WORKER_CONCURRENCY:-1}" QUOTE_SOURCE="${QUOTE_SOURCE:-sample}" \
            setsid java $STACK_JAVA_OPTS "${cds_opts[@]}" "$STACK_MARK" "-Dstockpicker.process=${name}" \
            -jar "$jar" "$(role_of "$name")" \
            </dev/null >"$STACK_RUN_DIR/$name.log" 2>&1 &
        pid=$!
        echo "$pid" >"$STACK_RUN_DIR/$name.pid"
        started+=("$name")
        log "started ${name} (pid ${pid}): java ... -jar ${jar#"$REPO_ROOT"/} $(role_of "$name")"
    done
    # Nothing fancy: the integration tests poll the health checks. Only catch a process that dies at
    # once (bad command, missing class) so that nobody waits for a timeout.
    sleep 1
    for name in "${started[@]}"; do
        is_ours_and_alive "$(pid_of "$name")" || dead+=("$name")
    done
    if ((${#dead[@]} > 0)); then
        warn "exited at once: ${dead[*]} (see ci/stack.sh logs ${dead[*]})"
        return 1
    fi
    log "stack ${STACK_NAME} up: web on http://localhost:${STACK_PORT}/, logs in ${STACK_RUN_DIR}/"
}

# The start-up cache folder of the current jar: run/cds/<first 16 hex digits of its SHA-256>.
cds_dir() {
    local sum=none
    [[ -f $STACK_JAR ]] && sum=$(sha256sum "$STACK_JAR" | cut -c1-16)
    echo "$CDS_ROOT/$sum"
}

cmd_prepare() {
    local cache trainer rc=0 start
    [[ -f $STACK_JAR ]] || die "no jar at ${STACK_JAR}: build it first (./mvnw -B -DskipTests package)"
    # One prepare at a time (two pipelines at once would train into the same folder).
    mkdir -p "$REPO_ROOT/run"
    exec 9>"$REPO_ROOT/run/cds.lock"
    flock 9
    cache=$(cds_dir)
    if [[ -f $cache/ready ]]; then
        log "start-up cache for this jar is ready: ${cache#"$REPO_ROOT"/}"
        return 0
    fi
    start=$(now_ms)
    # Caches of older jars go; the archive records the jar's path, so it is made where it is used.
    rm -rf "$CDS_ROOT"
    mkdir -p "$cache"
    run_q java -Djarmode=tools -jar "$STACK_JAR" extract --destination "$cache"
    # The training start runs on resources of its own, dropped afterwards.
    trainer="${STACK_NAME}_cds"
    drop_resources "$trainer" "$trainer" "$trainer" >/dev/null 2>&1 || true
    # Interrupted or not, the training resources go.
    trap 'drop_resources "$trainer" "$trainer" "$trainer" >/dev/null 2>&1; exit 130' INT
    trap 'drop_resources "$trainer" "$trainer" "$trainer" >/dev/null 2>&1; exit 143' TERM
    create_resources "$trainer" "$trainer" >/dev/null
    log "training start of the web role (database and vhost ${trainer}); log: ${cache#"$REPO_ROOT"/}/training.log"
    # shellcheck disable=SC2086 # STACK_JAVA_OPTS is a list of options
    env POSTGRES_DB="$trainer" RABBITMQ_DEFAULT_VHOST="$trainer" REDIS_NAMESPACE="$trainer" SERVER_PORT=0 MANAGEMENT_PORT=0 \
        QUOTE_SOURCE="${QUOTE_SOURCE:-sample}" \
        timeout 300 java $STACK_JAVA_OPTS "-XX:ArchiveClassesAtExit=$cache/app.jsa" \
        -Dspring.context.exit=onRefresh -jar "$cache/$(basename "$STACK_JAR")" web \
        </dev/null >"$cache/training.log" 2>&1 || rc=$?
    drop_resources "$trainer" "$trainer" "$trainer" >/dev/null 2>&1 ||
        warn "could not drop the training resources ${trainer}"
    trap - INT TERM
    if ((rc == 0)) && [[ -s $cache/app.jsa ]]; then
        touch "$cache/ready"
        log "start-up cache ready in $(elapsed_since "$start")s: ${cache#"$REPO_ROOT"/} ($(du -sh "$cache/app.jsa" | cut -f1) archive)"
    else
        warn "no start-up cache: the training start failed (status ${rc}, see ${cache}/training.log); stacks start from the jar"
        tail -n 20 "$cache/training.log" >&2 || true
        rm -rf "$CDS_ROOT"
    fi
    return 0
}

cmd_down() {
    local name pid pids=() left deadline failed=0
    validate
    for name in $(known_processes); do
        pid=$(pid_of "$name") || continue
        is_ours_and_alive "$pid" && pids+=("$pid")
    done
    for pid in $(stack_pids); do
        [[ " ${pids[*]} " == *" $pid "* ]] || { warn "straggler pid ${pid} without pid file"; pids+=("$pid"); }
    done
    if ((${#pids[@]} > 0)); then
        log "stopping ${STACK_NAME}: SIGTERM to ${pids[*]} (SIGKILL after ${STACK_STOP_TIMEOUT}s)"
        for pid in "${pids[@]}"; do signal_process TERM "$pid"; done
        deadline=$((SECONDS + STACK_STOP_TIMEOUT))
        while left=$(alive_of "${pids[@]}") && [[ -n $left ]] && ((SECONDS < deadline)); do
            sleep 0.2
        done
        if [[ -n $left ]]; then
            warn "still running after ${STACK_STOP_TIMEOUT}s: ${left}: SIGKILL"
            for pid in $left; do signal_process KILL "$pid"; done
            deadline=$((SECONDS + 10))
            while left=$(alive_of "${pids[@]}") && [[ -n $left ]] && ((SECONDS < deadline)); do
                sleep 0.2
            done
        fi
    else
        log "no process of ${STACK_NAME} is running"
    fi
    rm -f "$STACK_RUN_DIR"/*.pid
    left=$(stack_pids | tr '\n' ' ')
    if [[ -n $left ]]; then
        warn "processes of ${STACK_NAME} left: ${left}"
        failed=1
    fi
    drop_resources "$STACK_DB" "$STACK_VHOST" "$STACK_NAMESPACE" || failed=1
    if ((failed == 0)); then
        log "stack ${STACK_NAME} down: no process left, database/vhost/Redis keys removed (logs kept in ${STACK_RUN_DIR}/)"
    fi
    return "$failed"
}

# signal_process SIGNAL PID: the whole process group when the pid leads one (setsid), else the pid.
signal_process() {
    local pgid
    pgid=$(ps -o pgid= -p "$2" 2>/dev/null | tr -d ' ') || true
    if [[ $pgid == "$2" ]]; then
        kill -s "$1" -- "-$2" 2>/dev/null || true
    else
        kill -s "$1" "$2" 2>/dev/null || true
    fi
}

alive_of() {
    local pid out=()
    for pid in "$@"; do is_ours_and_alive "$pid" && out+=("$pid"); done
    echo "${out[*]}"
}

cmd_status() {
    local name pid state rss health all_up=1 any=0 port=$STACK_PORT
    # The port the stack was started with, whatever STACK_PORT says now.
    [[ -r $STACK_RUN_DIR/stack.env ]] && port=$(sed -n 's/^STACK_PORT=//p' "$STACK_RUN_DIR/stack.env")
    printf '%-10s %-8s %-8s %8s  %s\n' PROCESS PID STATE RSS_MB LOG
    for name in $(known_processes); do
        any=1
        pid=$(pid_of "$name") || pid=-
        if is_ours_and_alive "$pid"; then
            state=running
            rss=$(($(ps -o rss= -p "$pid" | tr -d ' ') / 1024))
        else
            state=stopped
            rss=-
            all_up=0
        fi
        printf '%-10s %-8s %-8s %8s  %s\n' "$name" "$pid" "$state" "$rss" "$STACK_RUN_DIR/$name.log"
    done
    if ((any == 0)); then
        log "stack ${STACK_NAME} is not up (no pid file in ${STACK_RUN_DIR})"
        return 1
    fi
    health=$(curl -s --max-time 3 "http://localhost:${port}/health/app/" 2>/dev/null || true)
    log "web http://localhost:${port}/health/app/ -> ${health:-no answer}"
    ((all_up == 1))
}

cmd_logs() {
    local name f lines names=("$@")
    ((${#names[@]} > 0)) || mapfile -t names < <(for f in "$STACK_RUN_DIR"/*.log; do [[ -e $f ]] && basename "$f" .log; done)
    ((${#names[@]} > 0)) || { log "no logs in ${STACK_RUN_DIR}"; return 0; }
    for name in "${names[@]}"; do
        f="$STACK_RUN_DIR/$name.log"
        echo "=================================================================================="
        if [[ ! -e $f ]]; then
            echo "*** ${STACK_NAME} ${name}: no log (${f})"
            continue
        fi
        lines=$(wc -l <"$f")
        if ((STACK_LOG_TAIL > 0 && lines > STACK_LOG_TAIL)); then
            echo "*** ${STACK_NAME} ${name} LOG: ${f} (last ${STACK_LOG_TAIL} of ${lines} lines)"
            echo "=================================================================================="
            tail -n "$STACK_LOG_TAIL" "$f"
        else
            echo "*** ${STACK_NAME} ${name} LOG: ${f} (${lines} lines)"
            echo "=================================================================================="
            cat "$f"
        fi
        echo "*** end of ${STACK_NAME} ${name} log"
    done
}

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
    exit 2
}

main() {
    (($# >= 1)) || usage
    local cmd=$1
    shift
    validate
    case "$cmd" in
        up) cmd_up ;;
        down) cmd_down ;;
        status) cmd_status ;;
        logs) cmd_logs "$@" ;;
        prepare) cmd_prepare ;;
        *) usage ;;
    esac
}

main "$@"
