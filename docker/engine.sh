#!/usr/bin/env bash
# The Docker engine of the container pipeline: used as it is when one answers (Docker Desktop or Engine),
# installed and started here when none does, and stopped at the end only if this script started it.
#
#   docker/engine.sh up        # an engine answers afterwards (installs Debian's docker.io and
#                              # docker-compose when missing, starts dockerd when none answers)
#   docker/engine.sh down      # stops the dockerd that `up` started, and nothing else
#   docker/engine.sh compose   # prints the compose command to use: "docker compose" (v2) or "docker-compose"
#
# A dockerd started here logs to run/dockerd.log and is remembered in run/dockerd.started (its pid): `down`
# stops exactly that process. Settings: ENGINE_START_TIMEOUT [60] seconds; DOCKERD_ARGS, extra arguments of a
# dockerd started here (e.g. "--data-root /var/tmp/docker-cold": an empty image store, for cold-cache figures).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../ci/lib.sh"
CI_SCRIPT_NAME=engine

RUN_DIR="$REPO_ROOT/run"
STARTED_FILE="$RUN_DIR/dockerd.started"
ENGINE_START_TIMEOUT=${ENGINE_START_TIMEOUT:-60}

engine_answers() {
    docker info >/dev/null 2>&1
}

# Compose v2 (the docker plugin) when the client has it, else v1 (docker-compose).
compose_command() {
    if docker compose version >/dev/null 2>&1; then
        echo "docker compose"
    elif command -v docker-compose >/dev/null 2>&1; then
        echo "docker-compose"
    else
        return 1
    fi
}

install_missing() {
    local missing=()
    if ! command -v docker >/dev/null 2>&1 || { ! engine_answers && ! command -v dockerd >/dev/null 2>&1; }; then
        missing+=(docker.io)
    fi
    compose_command >/dev/null || missing+=(docker-compose)
    ((${#missing[@]} == 0)) || apt_install "${missing[@]}"
}

up() {
    local pid args=()
    install_missing
    if engine_answers; then
        log "engine: $(docker version -f 'server {{.Server.Version}}, client {{.Client.Version}}' 2>/dev/null) (already running, left as it is)"
        log "compose: $(compose_command)"
        return 0
    fi
    is_root || die "no Docker engine answers, and starting dockerd needs root (start Docker yourself)"
    mkdir -p "$RUN_DIR"
    log "no engine answers: starting dockerd (log: run/dockerd.log)"
    # setsid: the daemon outlives this script (and a Ctrl-C of the pipeline's step), until `down`.
    read -ra args <<<"${DOCKERD_ARGS:-}"
    setsid dockerd "${args[@]}" >"$RUN_DIR/dockerd.log" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$STARTED_FILE"
    if ! wait_until "$ENGINE_START_TIMEOUT" "dockerd (pid ${pid})" engine_answers; then
        tail -20 "$RUN_DIR/dockerd.log" >&2 || true
        die "dockerd did not answer within ${ENGINE_START_TIMEOUT}s"
    fi
    log "engine: $(docker version -f 'server {{.Server.Version}}, client {{.Client.Version}}' 2>/dev/null) (started here)"
    log "compose: $(compose_command)"
}

down() {
    local pid
    if [[ ! -f $STARTED_FILE ]]; then
        log "engine: not started by this project, left running"
        return 0
    fi
    pid=$(cat "$STARTED_FILE")
    if [[ $pid =~ ^[0-9]+$ ]] && [[ $(ps -o comm= -p "$pid" 2>/dev/null) == dockerd ]]; then
        log "stopping the dockerd started here (pid ${pid})"
        kill -TERM "$pid"
        wait_until 30 "dockerd to exit" bash -c "! kill -0 ${pid}" || { warn "dockerd still up: SIGKILL"; kill -KILL "$pid" || true; }
    fi
    rm -f "$STARTED_FILE"
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    compose) compose_command || die "no compose: docker/engine.sh up installs it" ;;
    *) die "usage: docker/engine.sh up|down|compose" ;;
esac
