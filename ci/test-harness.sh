#!/usr/bin/env bash
# Self-test of the CI harness: does the pipeline notice a broken stack, show its logs and clean up?
#
#   ci/test-harness.sh        (ci/pipeline.sh runs it as its last step; it needs target/stockpicker.jar)
#
# Case 1, a stack without workers: ci/pipeline.sh (stack-up, integration-tests, stack-down only) on a
# stack started with STACK_WORKERS=0 must
#   - pass /health/app/ and /health/database/, then fail /health/celery/ within its timeout,
#   - print the log of every process under a header,
#   - exit non-zero, tear the stack down, and leave no process, database or vhost behind.
# Case 2, Ctrl-C: the same pipeline, interrupted with SIGINT (sent to its process group, as a terminal
# does) while the integration tests wait for the stack, must exit 130 and leave nothing behind either.
# Cases 3 and 4, the same with containers (when the pipeline runs them: HARNESS_CONTAINERS [auto] yes when
# an engine answers): the image stack with its workers stopped must fail /health/celery/ in time, print
# the logs of every app container, go down and leave no container, network or volume of ours; and Ctrl-C
# during its integration tests must leave none either. Needs the images (docker/images.sh).
# HARNESS_PROCESSES [yes]: cases 1 and 2 (ci/pipeline.sh passes whether it ran the plain-process stack).
#
# Settings: HARNESS_STACK [stockpicker_harness], HARNESS_PORT [8011] (not the pipeline's stack: both may
# exist at once), HARNESS_CHECK_TIMEOUT [10]. Outputs are kept in run/harness/.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

load_service_env
HARNESS_STACK=${HARNESS_STACK:-stockpicker_harness}
HARNESS_PORT=${HARNESS_PORT:-8011}
HARNESS_CHECK_TIMEOUT=${HARNESS_CHECK_TIMEOUT:-10}
OUT_DIR="$REPO_ROOT/run/harness"
FAILURES=0
CHECKS=0
INNER_PID=''

cd "$REPO_ROOT"
mkdir -p "$OUT_DIR"

check() {
    local what=$1
    shift
    CHECKS=$((CHECKS + 1))
    if "$@"; then
        log "ok: ${what}"
    else
        warn "NOT OK: ${what}"
        FAILURES=$((FAILURES + 1))
    fi
}

# The inner pipeline: only the stack steps, on the harness's own stack, without workers.
inner_pipeline() {
    env STACK_NAME="$HARNESS_STACK" STACK_PORT="$HARNESS_PORT" STACK_WORKERS=0 PIPELINE_CONTAINERS=no \
        PIPELINE_SKIP="tools services lint build unit-tests faults harness" "$@" ci/pipeline.sh
}

# The inner container pipeline: only the image-stack steps, with the workers stopped once it is up.
inner_image_pipeline() {
    env IMAGE_STACK_WORKERS=0 IMAGE_STACK_OUT="$OUT_DIR/image-stack.integration-tests.out" \
        PIPELINE_CONTAINERS=yes PIPELINE_PROCESSES=no \
        PIPELINE_SKIP="tools engine lint build images unit-tests faults harness" "$@" ci/pipeline.sh
}

# No container, network or volume of the image stacks is left (they are all named stockpicker_*).
no_container_left() {
    [[ -z $(docker ps -aq --filter name='^/?stockpicker_') ]]
}
no_network_left() {
    [[ -z $(docker network ls -q --filter name='^stockpicker_') ]]
}
VOLUMES_BEFORE=''
volumes() {
    docker volume ls -q | sort | tr '\n' ' '
}
no_volume_left() {
    [[ $(volumes) == "$VOLUMES_BEFORE" ]]
}

# ctrl_c_during_tests SECONDS OUTPUT PIPELINE: runs PIPELINE (CHECK_TIMEOUT=300) into OUTPUT in a process
# group of its own (job control, default signal handling), sends it SIGINT as a terminal's Ctrl-C does once
# its integration tests wait for the stack (its JVMs still starting: the hardest time; at most SECONDS), and
# leaves its exit status in INNER_RC.
ctrl_c_during_tests() {
    local timeout=$1 out=$2 pipeline=$3
    set -m
    "$pipeline" CHECK_TIMEOUT=300 >"$out" 2>&1 &
    INNER_PID=$!
    set +m
    if wait_until "$timeout" "the inner pipeline's integration tests to start" \
        grep -q "checking .*/health/app/" "$out"; then
        sleep 2
        log "+ kill -INT -- -${INNER_PID}   (Ctrl-C)"
        kill -s INT -- "-$INNER_PID"
    fi
    INNER_RC=0
    wait "$INNER_PID" || INNER_RC=$?
    INNER_PID=''
}

# Outputs grepped by the checks.
has() { grep -qE -- "$1" "$2"; }
lacks() { ! grep -qE -- "$1" "$2"; }

# Seconds the /health/celery/ check took before it failed ("... after 10.2s, 11 tries").
celery_fail_seconds() {
    sed -n 's|^Test Fail: .*/health/celery/;.* after \([0-9]*\.[0-9]\)s, [0-9]* tries$|\1|p' "$1" | head -n 1
}

# failed_within OUTPUT SECONDS: the celery check failed, and at most one second after its timeout
# (its last request may start just before the deadline and last up to a second).
failed_within() {
    local secs
    secs=$(celery_fail_seconds "$1")
    [[ -n $secs ]] && ((10#${secs/./} <= ($2 + 1) * 10))
}

# The pids the inner pipeline's stack.sh reported ("started web (pid 1234): ...").
started_pids() {
    sed -n 's/.*started [a-z0-9]* (pid \([0-9]*\)).*/\1/p' "$1"
}

no_process_left() {
    local pid
    for pid in $(started_pids "$1"); do
        [[ -e /proc/$pid ]] && [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) != Z ]] && return 1
    done
    [[ -z $(pgrep -f -- "-Dstockpicker.stack=${HARNESS_STACK} " || true) ]]
}

some_process_started() {
    [[ -n $(started_pids "$1") ]]
}

database_gone() {
    [[ $(pg_admin -v db="$HARNESS_STACK" <<<"SELECT count(*) FROM pg_database WHERE datname = :'db'") == 0 ]]
}

vhost_gone() {
    ! is_local_host "$RABBITMQ_HOST" || ! rmq list_vhosts name | grep -qxF -- "$HARNESS_STACK"
}

show_output() {
    echo "---------------------------------------------------------------- inner pipeline output ($1)"
    sed 's/^/    | /' "$2"
    echo "---------------------------------------------------------------- end of inner pipeline output"
}

on_exit() {
    local rc=$?
    if [[ -n $INNER_PID ]] && kill -0 "$INNER_PID" 2>/dev/null; then
        kill -s TERM -- "-$INNER_PID" 2>/dev/null || true
        wait "$INNER_PID" 2>/dev/null || true
    fi
    # Whatever happened above, the harness's stack does not outlive the harness.
    STACK_NAME="$HARNESS_STACK" STACK_PORT="$HARNESS_PORT" ci/stack.sh down >/dev/null 2>&1 || true
    if [[ ${HARNESS_CONTAINERS:-no} == yes ]]; then
        docker rm -f stockpicker_stacktest >/dev/null 2>&1 || true
        "${COMPOSE_DOWN[@]}" >/dev/null 2>&1 || true
    fi
    exit "$rc"
}
# The image stack's clean-up, for on_exit (the compose command of this engine).
COMPOSE_DOWN=()
if docker info >/dev/null 2>&1; then
    read -ra COMPOSE_DOWN <<<"$(docker/engine.sh compose 2>/dev/null || echo docker-compose)"
    COMPOSE_DOWN+=(-f docker/docker-compose-local-image-stack.yaml down -v)
fi
trap on_exit EXIT
# A signal ends the harness through on_exit, which stops the inner pipeline (its own process group).
trap 'exit 130' INT
trap 'exit 143' TERM

[[ ${HARNESS_PROCESSES:-yes} != yes || -f target/stockpicker.jar || -n ${STACK_JAR:-} ]] || die "build the jar first (./mvnw -B -DskipTests package)"

# ---------------------------------------------------------------- cases 1 and 2: the plain-process stack
HARNESS_PROCESSES=${HARNESS_PROCESSES:-yes}
if [[ $HARNESS_PROCESSES == yes ]]; then
    log "case 1: a stack without workers (${HARNESS_STACK} on port ${HARNESS_PORT}, checks of ${HARNESS_CHECK_TIMEOUT}s)"
    out1="$OUT_DIR/no-workers.out"
    rc=0
    inner_pipeline CHECK_TIMEOUT="$HARNESS_CHECK_TIMEOUT" >"$out1" 2>&1 || rc=$?
    show_output "case 1, exit status ${rc}" "$out1"
    check "the pipeline fails (status ${rc})" test "$rc" -ne 0
    check "/health/app/ passes" has "^Test Pass: .*/health/app/" "$out1"
    check "/health/database/ passes" has "^Test Pass: .*/health/database/" "$out1"
    check "/health/celery/ fails" has "^Test Fail: .*/health/celery/" "$out1"
    check "/health/celery/ fails within its timeout (${HARNESS_CHECK_TIMEOUT}s + 1s; took $(celery_fail_seconds "$out1")s)" \
        failed_within "$out1" "$HARNESS_CHECK_TIMEOUT"
    check "no test after the failure runs" lacks "health/tickers-loaded/ \(" "$out1"
    check "the web log is printed under a header" has "^\*\*\* ${HARNESS_STACK} web LOG" "$out1"
    check "the beat log is printed under a header" has "^\*\*\* ${HARNESS_STACK} beat LOG" "$out1"
    check "no worker was started" lacks "started worker" "$out1"
    check "stack-down ran and passed" has "^stack-down +passed" "$out1"
    check "the summary says which step failed" has "^pipeline FAILED at step integration-tests" "$out1"
    check "processes were started" some_process_started "$out1"
    check "no process of the stack is left" no_process_left "$out1"
    check "its database is dropped" database_gone
    check "its vhost is deleted" vhost_gone

    # ---------------------------------------------------------------- case 2: Ctrl-C
    log "case 2: SIGINT to the pipeline's process group while the integration tests run"
    out2="$OUT_DIR/interrupted.out"
    ctrl_c_during_tests 150 "$out2" inner_pipeline
    rc=$INNER_RC
    show_output "case 2, exit status ${rc}" "$out2"
    check "the pipeline exits 130 after Ctrl-C (status ${rc})" test "$rc" -eq 130
    check "it says it was interrupted" has "interrupted by SIGINT during step integration-tests" "$out2"
    check "stack-down ran and passed" has "^stack-down +passed" "$out2"
    check "processes were started" some_process_started "$out2"
    check "no process of the stack is left" no_process_left "$out2"
    check "its database is dropped" database_gone
    check "its vhost is deleted" vhost_gone
fi

# ---------------------------------------------------------------- cases 3 and 4: the image stack
HARNESS_CONTAINERS=${HARNESS_CONTAINERS:-auto}
if [[ $HARNESS_CONTAINERS == auto ]]; then
    if docker info >/dev/null 2>&1; then HARNESS_CONTAINERS=yes; else HARNESS_CONTAINERS=no; fi
fi
if [[ $HARNESS_CONTAINERS == yes ]]; then
    VOLUMES_BEFORE=$(volumes)
    log "case 3: the image stack with its workers stopped (checks of ${HARNESS_CHECK_TIMEOUT}s)"
    out3="$OUT_DIR/image-stack-no-workers.out"
    rc=0
    inner_image_pipeline CHECK_TIMEOUT="$HARNESS_CHECK_TIMEOUT" >"$out3" 2>&1 || rc=$?
    show_output "case 3, exit status ${rc}" "$out3"
    check "the pipeline fails (status ${rc})" test "$rc" -ne 0
    check "/health/app/ passes" has "^Test Pass: .*/health/app/" "$out3"
    check "/health/database/ passes" has "^Test Pass: .*/health/database/" "$out3"
    check "/health/celery/ fails" has "^Test Fail: .*/health/celery/" "$out3"
    check "/health/celery/ fails within its timeout (${HARNESS_CHECK_TIMEOUT}s + 1s; took $(celery_fail_seconds "$out3")s)" \
        failed_within "$out3" "$HARNESS_CHECK_TIMEOUT"
    check "the worker logs are printed under headers" has "^\*\*\* WORKER1 LOGS:" "$out3"
    check "the web log is printed under a header" has "^\*\*\* WEBAPP LOGS:" "$out3"
    check "image-stack-down ran and passed" has "^image-stack-down +passed" "$out3"
    check "the summary says which step failed" has "^pipeline FAILED at step image-integration-tests" "$out3"
    check "no container of ours is left" no_container_left
    check "no network of ours is left" no_network_left
    check "no volume is left" no_volume_left

    log "case 4: SIGINT to the container pipeline while its integration tests run"
    out4="$OUT_DIR/image-stack-interrupted.out"
    ctrl_c_during_tests 180 "$out4" inner_image_pipeline
    rc=$INNER_RC
    show_output "case 4, exit status ${rc}" "$out4"
    check "the pipeline exits 130 after Ctrl-C (status ${rc})" test "$rc" -eq 130
    check "it says it was interrupted" has "interrupted by SIGINT during step image-integration-tests" "$out4"
    check "image-stack-down ran and passed" has "^image-stack-down +passed" "$out4"
    check "no container of ours is left" no_container_left
    check "no network of ours is left" no_network_left
    check "no volume is left" no_volume_left
fi

if ((FAILURES > 0)); then
    warn "harness self-test: ${FAILURES} of ${CHECKS} checks failed"
    echo "harness: $((CHECKS - FAILURES)) passed, ${FAILURES} failed"
    exit 1
fi
log "harness self-test: all ${CHECKS} checks passed"
echo "harness: ${CHECKS} passed, 0 failed"
