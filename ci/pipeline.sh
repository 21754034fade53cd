#!/usr/bin/env bash
# The one command: build, unit-test, run the full stack, integration-test it, show the logs on failure,
# and always clean up: the reference's "full build/test" sequence, with containers and with plain processes.
#
#   ci/pipeline.sh
#
# Steps, in order (each one runs only if every step before it passed):
#   tools                    curl, jq, shellcheck, Chromium and its driver, installed with apt when missing
#   engine                   (containers) docker/engine.sh up: Docker Engine and Compose installed and dockerd
#                            started when none answers
#   services                 ci/services.sh: PostgreSQL, Redis and RabbitMQ of this machine, and the role,
#                            database and vhost (the host's tests and the plain-process stack need them)
#   lint                     shellcheck on every script
#   build                    ./mvnw verify of a few test classes only: target/stockpicker.jar, every plugin
#                            the tests need in ~/.m2 (the unit-test container works offline from it), the
#                            static checks of the container files and scripts (they need this checkout), and
#                            the zero-setup mode's process tests (they are for this plain machine)
#   images                   (containers) docker/images.sh: base images, stockpicker/webapp, worker,
#                            stacktest and unit-test
#   unit-tests               every Java test, once: in containers (docker-compose-unit-test.yaml) when
#                            containers are on, else ./mvnw verify on this machine
#   image-stack-up           (containers) docker-compose-local-image-stack.yaml up -d
#   image-integration-tests  (containers) the stacktest image in the web container's network
#   start-cache              (processes) ci/stack.sh prepare: the jar extracted plus a class-data archive
#   stack-up                 (processes) ci/stack.sh up: web, worker1, worker2, beat on a fresh database
#   integration-tests        (processes) ci/integration-tests.sh against that stack, then
#                            ci/secrets-in-logs.sh: the run's admin password in no log of the stack
# Then, whatever happened:
#   on a failure             the logs of every app container, and of every stack process, under headers
#   image-stack-down         `down -v` of the image stack, if it was started (also on Ctrl-C or SIGTERM)
#   stack-down               ci/stack.sh down, if the stack was started (also on Ctrl-C or SIGTERM)
#   faults                   (processes, PIPELINE_FAULTS=yes: the long form, about 5 min) ci/faults.sh: kill -9
#                            of a worker, RabbitMQ, PostgreSQL and Redis stopped, two beats, under a stack of
#                            its own on private service instances (STACK_NAME_faults; only when all else passed;
#                            needs root)
#   harness                  ci/test-harness.sh, the self-test of this harness (only when all else passed)
#   engine-down              docker/engine.sh down: stops dockerd if the engine step started it
# and a table: step, result, seconds. The exit status is the pipeline's (130 on Ctrl-C, 143 on SIGTERM).
#
# Which halves run: PIPELINE_CONTAINERS [auto]: yes, no, or auto (yes when an engine answers or root can
# install one); PIPELINE_PROCESSES [yes]: the plain-process stack. docker/pipeline.sh is PIPELINE_PROCESSES=no.
#
# Admin: each run makes a throw-away password (random, never printed or stored) and exports it as
# STACK_ADMIN_PASSWORD with STACK_ADMIN_USER [ci-admin]: both stacks' web processes get them (as
# ADMIN_USER/ADMIN_PASSWORD, through the environment only), and the integration tests log in with them.
#
# Settings: STACK_NAME [stockpicker_stack], STACK_PORT [8001] and the other STACK_* of ci/stack.sh;
# CHECK_TIMEOUT and START_TIMEOUT of ci/integration-tests.sh; IMAGE_STACK_WORKERS of docker/steps.sh;
# PIPELINE_SKIP: steps not to run, e.g. PIPELINE_SKIP="harness" (the *-down steps are never skipped).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=../docker/steps.sh
. "$(dirname "${BASH_SOURCE[0]}")/../docker/steps.sh"

export STACK_NAME=${STACK_NAME:-stockpicker_stack}
export STACK_PORT=${STACK_PORT:-8001}
PIPELINE_SKIP=${PIPELINE_SKIP:-}
# The admin of this run's stack: a fresh password each run (24 characters from /dev/urandom), so that
# no secret lives in the repository and none outlives the run.
export STACK_ADMIN_USER=${STACK_ADMIN_USER:-ci-admin}
STACK_ADMIN_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
export STACK_ADMIN_PASSWORD
MVNW="$REPO_ROOT/mvnw"
PIPELINE_CONTAINERS=${PIPELINE_CONTAINERS:-auto}
PIPELINE_PROCESSES=${PIPELINE_PROCESSES:-yes}
PIPELINE_FAULTS=${PIPELINE_FAULTS:-no}
if [[ $PIPELINE_CONTAINERS == auto ]]; then
    if docker info >/dev/null 2>&1 || is_root; then PIPELINE_CONTAINERS=yes; else PIPELINE_CONTAINERS=no; fi
fi
[[ $PIPELINE_CONTAINERS == yes || $PIPELINE_PROCESSES == yes ]] ||
    die "PIPELINE_CONTAINERS and PIPELINE_PROCESSES are both off: nothing to test"

# The steps of this run: containers first (the deliverables), then the plain-process stack.
STEPS=(tools)
[[ $PIPELINE_CONTAINERS == yes ]] && STEPS+=(engine)
STEPS+=(services)
STEPS+=(lint build)
[[ $PIPELINE_CONTAINERS == yes ]] && STEPS+=(images)
STEPS+=(unit-tests)
[[ $PIPELINE_CONTAINERS == yes ]] && STEPS+=(image-stack-up image-integration-tests)
[[ $PIPELINE_PROCESSES == yes ]] && STEPS+=(start-cache stack-up integration-tests)

declare -A RESULT=() SECS=()
ORDER=()
STEP_PID=''
TRAPPED=0
STEP_INTERRUPTED=0
CURRENT_STEP=''
INTERRUPTED=''
CLEANING=0
STACK_STARTED=0
STACK_DOWN_DONE=0
IMAGE_STACK_STARTED=0
IMAGE_STACK_DOWN_DONE=0
ENGINE_STEP_RAN=0
PIPELINE_START=$(now_ms)

cd "$REPO_ROOT"

# ---------------------------------------------------------------- the steps
step_tools() {
    # chromium and its driver: the page and admin browser tests (Debian's, never a downloaded browser)
    ensure_packages curl:curl jq:jq shellcheck:shellcheck docker-compose:docker-compose \
        chromium:chromium chromedriver:chromium-driver
    log "curl $(curl --version | awk 'NR==1{print $2}'), $(jq --version), shellcheck $(shellcheck --version | awk '/^version:/{print $2}'), $(docker-compose version --short 2>/dev/null || echo 'docker-compose ?')"
}

step_services() {
    run ci/services.sh
}

step_lint() {
    run shellcheck -x ci/*.sh docker/*.sh docker/base/*/*.sh docker/runtime/*.sh
    log "shellcheck: no findings"
}

step_build() {
    # A few classes run here: Surefire resolves its test provider, so that the unit-test
    # container (offline, from ~/.m2) has every plugin; the static checks of the container files and
    # scripts, which need this checkout (the unit-test image holds only the code); and, when the unit
    # tests run in containers, the zero-setup mode's process tests, which are for this plain machine (see
    # docker/unit-test/Dockerfile). The rest: unit-tests.
    # Without containers the unit-tests step runs every test on this machine: the jar is all this step makes.
    if [[ $PIPELINE_CONTAINERS == yes ]]; then
        run "$MVNW" -B -ntp verify \
            -Dtest=MarketCalendarTest,ContainerDeliverablesTest,JarCommandLineIT,EmbeddedModeIT,WorkerCrashOnEmbeddedBrokerIT
    else
        run "$MVNW" -B -ntp -DskipTests package
    fi
    [[ -f target/stockpicker.jar ]] || die "the build did not produce target/stockpicker.jar"
    log "built target/stockpicker.jar ($(du -h target/stockpicker.jar | cut -f1))"
}

step_unit_tests() {
    if [[ $PIPELINE_CONTAINERS == yes ]]; then
        step_unit_tests_in_containers
    else
        run "$MVNW" -B -ntp verify
    fi
}

step_start_cache() {
    run ci/stack.sh prepare
}

step_stack_up() {
    # A stack of the same name left by a killed run is taken down first.
    if compgen -G "run/${STACK_NAME}/*.pid" >/dev/null; then
        log "a previous ${STACK_NAME} stack left pid files: taking it down first"
        ci/stack.sh down
    fi
    run ci/stack.sh up
}

step_integration_tests() {
    mkdir -p run
    SERVICE="localhost:${STACK_PORT}" ADMIN_USER=$STACK_ADMIN_USER ADMIN_PASSWORD=$STACK_ADMIN_PASSWORD \
        ci/integration-tests.sh | tee "run/${STACK_NAME}.integration-tests.out"
    # Secrets come from the environment only: the run's admin password must be in no log of the stack.
    run ci/secrets-in-logs.sh "run/${STACK_NAME}"/*.log "run/${STACK_NAME}.integration-tests.out"
}

step_stack_down() {
    run ci/stack.sh down
}

step_faults() {
    if ! is_root; then
        log "faults: not run (needs root: the private PostgreSQL runs as postgres, the RabbitMQ node as rabbitmq)"
        return 0
    fi
    STACK_NAME="${STACK_NAME}_faults" run ci/faults.sh
}

step_harness() {
    HARNESS_PROCESSES=$PIPELINE_PROCESSES HARNESS_CONTAINERS=$PIPELINE_CONTAINERS run ci/test-harness.sh
}

# ---------------------------------------------------------------- running steps
is_skipped() {
    [[ " ${PIPELINE_SKIP//,/ } " == *" $1 "* ]]
}

# run_step NAME: runs step_NAME in a subshell (with set -e), records result and seconds in RESULT
# and SECS, and sets STEP_RC. Call it plainly, never as a condition (`if run_step`, `run_step ||`):
# bash would switch set -e off inside the step.
run_step() {
    local name=$1 start rc=0
    ORDER+=("$name")
    STEP_RC=0
    if is_skipped "$name"; then
        RESULT[$name]=skipped
        SECS[$name]=-
        log "step ${name}: skipped (PIPELINE_SKIP)"
        return 0
    fi
    echo
    echo "================================================================ step: ${name}"
    start=$(now_ms)
    CURRENT_STEP=$name
    # In the background, so that a signal reaches our trap at once (bash runs traps only between
    # foreground commands, but interrupts `wait`); in a process group of its own (set -m in main).
    ("step_${name//-/_}") </dev/null &
    STEP_PID=$!
    STEP_INTERRUPTED=0
    while true; do
        TRAPPED=0
        wait "$STEP_PID" && rc=0 || rc=$?
        # A trap that ran during `wait` ended it early: wait again for the step's real end.
        ((TRAPPED == 1)) || break
    done
    STEP_PID=''
    CURRENT_STEP=''
    SECS[$name]=$(elapsed_since "$start")
    if ((STEP_INTERRUPTED == 1)); then
        RESULT[$name]=interrupted
        STEP_RC=1
    elif ((rc == 0)); then
        RESULT[$name]=passed
    else
        RESULT[$name]=failed
        STEP_RC=$rc
    fi
    log "step ${name}: ${RESULT[$name]} in ${SECS[$name]}s"
}

on_signal() {
    TRAPPED=1
    if ((CLEANING == 1)); then
        warn "SIG$1 while cleaning up: finishing the clean-up first"
        return 0
    fi
    INTERRUPTED=$1
    warn "interrupted by SIG$1${CURRENT_STEP:+ during step ${CURRENT_STEP}}: stopping it, then cleaning up"
    # The step runs in a process group of its own (set -m): signal all of it (mvn's forks included).
    if [[ -n $STEP_PID ]]; then
        STEP_INTERRUPTED=1
        kill -s TERM -- "-$STEP_PID" 2>/dev/null || true
    fi
    return 0
}

# Last resort (an unexpected exit of this script): never leave the stack running.
on_exit() {
    local rc=$?
    if ((IMAGE_STACK_STARTED == 1 && IMAGE_STACK_DOWN_DONE == 0)); then
        warn "exiting (status ${rc}) with the image stack up: down"
        step_image_stack_down || true
    fi
    if ((STACK_STARTED == 1 && STACK_DOWN_DONE == 0)); then
        warn "exiting (status ${rc}) with the stack up: ci/stack.sh down"
        ci/stack.sh down || true
    fi
    exit "$rc"
}

print_stack_logs() {
    echo
    echo "##################################################################################"
    echo "### $1: the log of every process of stack ${STACK_NAME} follows"
    echo "##################################################################################"
    ci/stack.sh logs || true
    echo "### end of the logs of stack ${STACK_NAME}"
}

print_summary() {
    local name passed=0 failed=0 skipped=0 health
    echo
    echo "================================================================ pipeline summary"
    printf '%-24s %-12s %8s\n' STEP RESULT SECONDS
    for name in "${ORDER[@]}"; do
        printf '%-24s %-12s %8s\n' "$name" "${RESULT[$name]}" "${SECS[$name]}"
        case "${RESULT[$name]}" in
            passed) passed=$((passed + 1)) ;;
            skipped | "not run") skipped=$((skipped + 1)) ;;
            *) failed=$((failed + 1)) ;;
        esac
    done
    printf '%-24s %-12s %8s\n' total '' "$(elapsed_since "$PIPELINE_START")"
    health=$(sed -n 's/.*Health: all five checks healthy after \([0-9.]*\)s.*/\1/p' \
        "$IMAGE_STACK_OUT" 2>/dev/null || true)
    if [[ ${RESULT[image-integration-tests]:-} == passed && -n $health ]]; then
        echo "image stack: up in ${SECS[image-stack-up]}s, then all five health checks healthy ${health}s later"
    fi
    health=$(sed -n 's/.*Health: all five checks healthy after \([0-9.]*\)s.*/\1/p' \
        "run/${STACK_NAME}.integration-tests.out" 2>/dev/null || true)
    if [[ ${RESULT[integration-tests]:-} == passed && -n $health ]]; then
        echo "stack: up in ${SECS[stack-up]}s, then all five health checks healthy ${health}s later"
    fi
    echo "pipeline: ${passed} passed, ${failed} failed, ${skipped} skipped"
}

# The image stack goes down as soon as its tests are over (the plain-process half then has the machine to
# itself), and at the end if a failure or a signal stopped the run before. On a failure: the logs first.
image_stack_down() {
    ((IMAGE_STACK_STARTED == 1 && IMAGE_STACK_DOWN_DONE == 0)) || return 0
    if [[ -n $failed_step ]]; then
        print_image_stack_logs "step ${failed_step} ${RESULT[$failed_step]}"
    fi
    PIPELINE_SKIP=${PIPELINE_SKIP//image-stack-down/}
    run_step image-stack-down
    IMAGE_STACK_DOWN_DONE=1
    if ((STEP_RC != 0)) && [[ -z $failed_step ]]; then failed_step=image-stack-down; fi
}

main() {
    local step
    failed_step=''
    # Job control: each step gets a process group of its own, which on_signal can stop as a whole,
    # and signals keep their default handling there even when this script runs in the background.
    set -m
    trap 'on_signal INT' INT
    trap 'on_signal TERM' TERM
    trap on_exit EXIT
    log "pipeline of ${REPO_ROOT} (stack ${STACK_NAME} on port ${STACK_PORT})"

    for step in "${STEPS[@]}"; do
        if [[ -n $failed_step || -n $INTERRUPTED ]]; then
            ORDER+=("$step")
            RESULT[$step]="not run"
            SECS[$step]=-
            continue
        fi
        [[ $step == stack-up ]] && ! is_skipped stack-up && STACK_STARTED=1
        [[ $step == image-stack-up ]] && ! is_skipped image-stack-up && IMAGE_STACK_STARTED=1
        [[ $step == engine ]] && ! is_skipped engine && ENGINE_STEP_RAN=1
        run_step "$step"
        ((STEP_RC == 0)) || failed_step=$step
        if [[ $step == image-integration-tests ]]; then
            CLEANING=1
            image_stack_down
            CLEANING=0
        fi
    done

    CLEANING=1
    image_stack_down
    if [[ -n $failed_step && $STACK_STARTED == 1 ]]; then
        print_stack_logs "step ${failed_step} ${RESULT[$failed_step]}"
    fi
    if ((STACK_STARTED == 1)); then
        PIPELINE_SKIP=${PIPELINE_SKIP//stack-down/}
        run_step stack-down
        STACK_DOWN_DONE=1
        if ((STEP_RC != 0)) && [[ -z $failed_step ]]; then failed_step=stack-down; fi
    fi
    CLEANING=0
    if [[ -z $failed_step && -z $INTERRUPTED && $PIPELINE_PROCESSES == yes && $PIPELINE_FAULTS == yes ]]; then
        run_step faults
        ((STEP_RC == 0)) || failed_step=faults
    fi
    if [[ -z $failed_step && -z $INTERRUPTED ]]; then
        run_step harness
        ((STEP_RC == 0)) || failed_step=harness
    fi
    if ((ENGINE_STEP_RAN == 1)); then
        CLEANING=1
        PIPELINE_SKIP=${PIPELINE_SKIP//engine-down/}
        run_step engine-down
        CLEANING=0
    fi

    print_summary
    if [[ -n $INTERRUPTED ]]; then
        [[ $INTERRUPTED == INT ]] && exit 130
        exit 143
    fi
    if [[ -n $failed_step ]]; then
        echo "pipeline FAILED at step ${failed_step}"
        exit 1
    fi
    echo "pipeline PASSED"
}

main "$@"
