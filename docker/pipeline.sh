#!/usr/bin/env bash
# The reference's "full build/test" sequence with containers, for hosts with a Docker engine
# (ci/pipeline.sh does the same with plain processes, on hosts without one):
#   1. build the images: build stage (unit-test image), webapp, worker, stacktest
#   2. unit tests in containers (docker-compose-unit-test.yaml), then `down`
#   3. the local image stack (docker-compose-local-image-stack.yaml) `up -d`
#   4. integration tests: the stacktest image in the webapp container's network
#   on failure, the logs of every app container; always (trap), `down -v` of both compose projects.
#
#   docker/pipeline.sh                # from anywhere; IMAGE_TAG [local], COMPOSE_PROJECT [stockpicker]
# CHECK_TIMEOUT and START_TIMEOUT are passed to the integration tests.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../ci/lib.sh"
CI_SCRIPT_NAME=docker-pipeline

export IMAGE_TAG=${IMAGE_TAG:-local}
PROJECT=${COMPOSE_PROJECT:-stockpicker}
UNIT_FILE=docker/docker-compose-unit-test.yaml
STACK_FILE=docker/docker-compose-local-image-stack.yaml
COMPOSE=()
STEP_START=0

cd "$REPO_ROOT"

# Docker Compose v2 (`docker compose`) when the engine has it, else Debian's docker-compose (installed
# when missing).
choose_compose() {
    if docker compose version >/dev/null 2>&1; then
        COMPOSE=(docker compose)
    else
        ensure_packages docker-compose:docker-compose
        COMPOSE=(docker-compose)
    fi
    log "compose: ${COMPOSE[*]}"
}

unit() { run "${COMPOSE[@]}" -p "${PROJECT}-unit-test" -f "$UNIT_FILE" "$@"; }
stack() { run "${COMPOSE[@]}" -p "$PROJECT" -f "$STACK_FILE" "$@"; }

step() {
    ((STEP_START == 0)) || log "done in $(elapsed_since "$STEP_START")s"
    echo
    echo "================================================================ $*"
    STEP_START=$(now_ms)
}

print_logs() {
    local service
    echo "##################################################################################"
    echo "### the integration tests failed: the logs of every app container follow"
    echo "##################################################################################"
    for service in worker1 worker2 beat webapp; do
        echo "*** ${service^^} LOGS:"
        "${COMPOSE[@]}" -p "$PROJECT" -f "$STACK_FILE" logs --no-color "$service" || true
    done
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    echo
    echo "================================================================ clean-up (exit status ${rc})"
    unit down -v --remove-orphans || true
    stack down -v --remove-orphans || true
    exit "$rc"
}

main() {
    local start webapp rc=0
    start=$(now_ms)
    command -v docker >/dev/null || die "docker is required (this script is for hosts with a Docker engine)"
    docker info >/dev/null 2>&1 || die "no Docker engine answers (docker info failed): use ci/pipeline.sh here"
    choose_compose
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    step "build images (tag ${IMAGE_TAG})"
    run docker build --target build -t "stockpicker/build:${IMAGE_TAG}" -f docker/webapp/Dockerfile .
    run docker build -t "stockpicker/webapp:${IMAGE_TAG}" -f docker/webapp/Dockerfile .
    run docker build -t "stockpicker/worker:${IMAGE_TAG}" -f docker/worker/Dockerfile .
    run docker build -t "stockpicker/stacktest:${IMAGE_TAG}" -f docker/stacktest/Dockerfile .

    step "unit tests in containers"
    unit run --rm unit-test
    unit down -v --remove-orphans

    step "local image stack up"
    stack up -d

    step "integration tests"
    webapp=$("${COMPOSE[@]}" -p "$PROJECT" -f "$STACK_FILE" ps -q webapp)
    [[ -n $webapp ]] || die "no webapp container"
    run docker run --rm -e SERVICE=localhost:8001 -e "CHECK_TIMEOUT=${CHECK_TIMEOUT:-60}" \
        -e "START_TIMEOUT=${START_TIMEOUT:-180}" --network "container:${webapp}" \
        "stockpicker/stacktest:${IMAGE_TAG}" || rc=$?
    if ((rc != 0)); then
        print_logs
        die "integration tests failed (status ${rc})"
    fi
    step "done"
    log "docker pipeline passed in $(elapsed_since "$start")s"
}

main "$@"
