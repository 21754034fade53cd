# shellcheck shell=bash
# The container steps of ci/pipeline.sh (sourced by it): the reference's image pipeline.
#   engine                   docker/engine.sh up: an engine answers (installed and started when needed)
#   images                   docker/images.sh: base images (official, or made here without a registry),
#                            then stockpicker/webapp, worker, stacktest and unit-test from the built jar
#   unit-tests (containers)  docker-compose-unit-test.yaml: `run unit-test`, then `down`, whatever happened
#   image-stack-up           docker-compose-local-image-stack.yaml `up -d`
#   image-integration-tests  the stacktest image in the network of stockpicker_webapp
#   image-stack-down         `down -v` (always, once image-stack-up has begun)
#   engine-down              docker/engine.sh down: stops the daemon only if `engine` started it
# Settings: IMAGE_STACK_WORKERS [2] (0: the workers are stopped once the stack is up: the harness's broken
# stack), IMAGE_STACK_OUT [run/image-stack.integration-tests.out], CHECK_TIMEOUT and START_TIMEOUT for the
# integration tests.

UNIT_FILE=docker/docker-compose-unit-test.yaml
STACK_FILE=docker/docker-compose-local-image-stack.yaml
IMAGE_STACK_WORKERS=${IMAGE_STACK_WORKERS:-2}
# The integration tests' output (the harness's inner pipelines write their own).
IMAGE_STACK_OUT=${IMAGE_STACK_OUT:-run/image-stack.integration-tests.out}
# The app containers whose logs a failure prints, as the reference's pipeline does.
IMAGE_STACK_APPS=(worker1 worker2 beat webapp)

# The compose command of this engine (v2 plugin or v1), read once by the first compose call.
COMPOSE_CMD=()
compose() {
    if ((${#COMPOSE_CMD[@]} == 0)); then
        read -ra COMPOSE_CMD <<<"$(docker/engine.sh compose)"
    fi
    run "${COMPOSE_CMD[@]}" "$@"
}

step_engine() {
    run docker/engine.sh up
}

step_images() {
    run docker/images.sh all
}

step_unit_tests_in_containers() {
    local rc=0
    # -T: no terminal (CI); the exit status is the tests'.
    compose -f "$UNIT_FILE" run --rm -T unit-test || rc=$?
    compose -f "$UNIT_FILE" down -v --remove-orphans || true
    return "$rc"
}

step_image_stack_up() {
    # The web container's admin: this run's throw-away credentials, through the environment only.
    export ADMIN_USER=$STACK_ADMIN_USER ADMIN_PASSWORD=$STACK_ADMIN_PASSWORD
    compose -f "$STACK_FILE" up -d
    if ((IMAGE_STACK_WORKERS == 0)); then
        log "IMAGE_STACK_WORKERS=0: stopping the workers (a stack that cannot run tasks)"
        compose -f "$STACK_FILE" stop worker1 worker2
    fi
}

step_image_integration_tests() {
    local app
    mkdir -p "$(dirname "$IMAGE_STACK_OUT")"
    # The admin password reaches the container from this environment (-e NAME), never a command line.
    # --init: a signal to `docker run` (Ctrl-C) ends the tests, which as PID 1 would ignore it; the name lets
    # image-stack-down remove a container that a killed client left behind.
    export ADMIN_USER=$STACK_ADMIN_USER ADMIN_PASSWORD=$STACK_ADMIN_PASSWORD
    run docker run --rm --init --name stockpicker_stacktest -e SERVICE=localhost:8001 -e ADMIN_USER -e ADMIN_PASSWORD \
        -e "STACK_WORKERS=${IMAGE_STACK_WORKERS}" -e "CHECK_TIMEOUT=${CHECK_TIMEOUT:-60}" \
        -e "START_TIMEOUT=${START_TIMEOUT:-120}" --network container:stockpicker_webapp \
        stockpicker/stacktest ./integration-tests.sh | tee "$IMAGE_STACK_OUT"
    # Untested here (no containers on the machine it was written on): the same check as the plain-process stack's.
    for app in "${IMAGE_STACK_APPS[@]}"; do docker logs "stockpicker_${app}" 2>&1; done | ci/secrets-in-logs.sh -
}

step_image_stack_down() {
    docker rm -f stockpicker_stacktest >/dev/null 2>&1 || true
    compose -f "$STACK_FILE" down -v
}

step_engine_down() {
    run docker/engine.sh down
}

print_image_stack_logs() {
    local app
    echo
    echo "##################################################################################"
    echo "### $1: the logs of every app container of the image stack follow"
    echo "##################################################################################"
    for app in "${IMAGE_STACK_APPS[@]}"; do
        echo "*** ${app^^} LOGS:"
        docker logs "stockpicker_${app}" 2>&1 || echo "(no container stockpicker_${app})"
    done
    echo "### end of the logs of the image stack"
}
