#!/usr/bin/env bash
# Runs the app on this machine as plain processes: makes sure PostgreSQL, Redis and RabbitMQ run, builds the jar
# if needed, starts web (http://localhost:8001), two workers and beat on the sample data source, and waits until
# the page can be used. Stop it with:  bash ci/stack.sh down   (STACK_NAME=stockpicker_app)
#
#   ci/run-app.sh            # QUOTE_SOURCE=yahoo to use Yahoo's chart API (needs internet)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export STACK_NAME=${STACK_NAME:-stockpicker_app}
export STACK_PORT=${STACK_PORT:-8001}
cd "$REPO_ROOT"

ensure_packages curl:curl jq:jq
run ci/services.sh
if [[ ! -f target/stockpicker.jar || -n $(find src pom.xml -newer target/stockpicker.jar -print -quit) ]]; then
    run ./mvnw -q -B -DskipTests package
fi
if compgen -G "run/${STACK_NAME}/*.pid" >/dev/null; then
    log "stack ${STACK_NAME} is running already: restarting it"
    run bash ci/stack.sh down
fi
run bash ci/stack.sh up

url="http://localhost:${STACK_PORT}"
quotes_ready() {
    [[ $(curl -s --max-time 7 "$url/health/quotes-updated/" | jq -r .status 2>/dev/null) == healthy ]]
}
if wait_until 180 "the stack's quotes (all five health checks)" quotes_ready; then
    log "ready: open ${url}/  (API: ${url}/tickers/tickerlist/, health: ${url}/health/app/)"
    log "stop it with: STACK_NAME=${STACK_NAME} bash ci/stack.sh down"
else
    warn "not ready in time; the logs: STACK_NAME=${STACK_NAME} bash ci/stack.sh logs"
    exit 1
fi
