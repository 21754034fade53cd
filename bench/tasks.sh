#!/usr/bin/env bash
# Issue 3's task benchmark, on the real RabbitMQ and Redis of this machine, in one run:
#   (a) noop tasks per second through 2 worker processes of a stack started with ci/stack.sh,
#   (b) the raw amqp-client rate on the same broker (publish with confirms, 2 consumers, prefetch 1, manual ack),
#   alternating (a) and (b) for BENCH_ROUNDS rounds after a warm-up, reporting medians and the ratio (a)/(b);
#   then the /health/celery/ round trip (p50, p99) against the same stack.
# Writes the figures and how they were measured to BENCH_OUT. The stack is always torn down.
#
#   bench/tasks.sh
#
# Settings (environment):
#   BENCH_TASKS [5000]         tasks (messages) per run
#   BENCH_ROUNDS [3]           measured rounds of (a) then (b); the table shows each and the median
#   BENCH_WARMUP [500]         tasks of the uncounted warm-up run of each side
#   BENCH_HEALTH_CALLS [200]   sequential /health/celery/ calls
#   BENCH_PORT [8093]          the stack's web port
#   BENCH_STACK_NAME [bench_tasks]  the stack's name (its database, vhost and Redis namespace)
#   BENCH_OUT [docs/bench-tasks.md]
#   BENCH_BUILD [1]            0: reuse target/ (jar, test classes, target/bench-classpath.txt)
# Connection settings (RABBITMQ_*, REDIS_*, POSTGRES_*) as for the app.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../ci/lib.sh"

load_service_env
BENCH_TASKS=${BENCH_TASKS:-5000}
BENCH_ROUNDS=${BENCH_ROUNDS:-3}
BENCH_WARMUP=${BENCH_WARMUP:-500}
BENCH_HEALTH_CALLS=${BENCH_HEALTH_CALLS:-200}
BENCH_PORT=${BENCH_PORT:-8093}
BENCH_STACK_NAME=${BENCH_STACK_NAME:-bench_tasks}
BENCH_OUT=${BENCH_OUT:-$REPO_ROOT/docs/bench-tasks.md}
BENCH_BUILD=${BENCH_BUILD:-1}

export STACK_NAME=$BENCH_STACK_NAME STACK_PORT=$BENCH_PORT STACK_WORKERS=2 STACK_BEAT=0 WORKER_CONCURRENCY=1
CLASSPATH_FILE=$REPO_ROOT/target/bench-classpath.txt
RESULTS=$(mktemp)
STACK_STARTED=0

teardown() {
    local status=$?
    if ((STACK_STARTED == 1)); then
        if ((status != 0)); then
            STACK_LOG_TAIL=40 bash "$REPO_ROOT/ci/stack.sh" logs || true
        fi
        bash "$REPO_ROOT/ci/stack.sh" down || warn "stack ${STACK_NAME} not cleanly torn down"
    fi
    rm -f "$RESULTS"
    exit "$status"
}
trap teardown EXIT
trap 'exit 130' INT TERM

healthy() {
    curl -fsS --max-time 10 "http://127.0.0.1:${BENCH_PORT}/health/$1/" | grep -q '"status":"healthy"'
}

cd "$REPO_ROOT"
bash ci/services.sh
if [[ $BENCH_BUILD == 1 ]]; then
    run ./mvnw -q -B -DskipTests package
    run ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CLASSPATH_FILE"
fi
[[ -f target/stockpicker.jar && -f $CLASSPATH_FILE ]] || die "nothing built: run with BENCH_BUILD=1"
# The class path as a java @argfile: too long for a readable command line.
printf -- '-cp target/test-classes:target/classes:%s\n' "$(cat "$CLASSPATH_FILE")" >target/bench-java.args

STACK_STARTED=1
bash ci/stack.sh up
wait_until 180 "/health/celery/ healthy (2 workers up)" healthy celery || die "the stack did not become healthy"
# The stack's initial refresh runs on the same workers: let it finish before measuring.
wait_until 180 "/health/quotes-updated/ healthy (initial refresh done)" healthy quotes-updated ||
    die "the initial refresh did not finish"

load_before=$(cut -d ' ' -f 1-3 /proc/loadavg)
run java @target/bench-java.args \
    -Dbench.tasks="$BENCH_TASKS" -Dbench.rounds="$BENCH_ROUNDS" -Dbench.warmup="$BENCH_WARMUP" \
    -Dbench.health-calls="$BENCH_HEALTH_CALLS" -Dbench.vhost="$STACK_NAME" -Dbench.namespace="$STACK_NAME" \
    -Dbench.web-port="$BENCH_PORT" -Dbench.out="$RESULTS" \
    dev.stockpicker.bench.TaskThroughputBench

load_after=$(cut -d ' ' -f 1-3 /proc/loadavg)
java_version=$(java -version 2>&1 | head -n 1)
rabbitmq_version=$(rabbitmqctl -q version 2>/dev/null || echo unknown)
redis_version=$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" INFO server 2>/dev/null | tr -d '\r' |
    sed -n 's/^redis_version://p')
stack_java_opts=${STACK_JAVA_OPTS:-${JAVA_OPTS:--Xms32m -Xmx256m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1}}
mkdir -p "$(dirname "$BENCH_OUT")"
{
    cat <<DOC
# Task benchmark (issue 3)

Written by \`bench/tasks.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown).
Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); ${java_version};
RabbitMQ ${rabbitmq_version}, Redis ${redis_version:-unknown}, PostgreSQL for the stack's start-up only.
Load average (1, 5, 15 min) before the bench ${load_before}, after ${load_after} (above $(nproc): other processes,
e.g. other builds, were sharing the cores).

## Results

${BENCH_TASKS} messages per run, ${BENCH_ROUNDS} rounds of (a) then (b) after an uncounted warm-up of ${BENCH_WARMUP} each.

DOC
    grep -v '^message size: ' "$RESULTS"
    cat <<DOC

## How it was measured

- **Stack**: \`ci/stack.sh\` with \`STACK_NAME=${STACK_NAME}\` (its own database, vhost and Redis namespace),
  \`STACK_WORKERS=2\`, \`STACK_BEAT=0\`, \`WORKER_CONCURRENCY=1\` (prefetch 1), built with
  \`./mvnw -B -DskipTests package\`. Every process runs with \`${stack_java_opts}\`. The web process (also
  started by stack.sh) is idle during (a) and (b); the script waits for \`/health/celery/\` and
  \`/health/quotes-updated/\` to be healthy (the stack's initial refresh done), and the bench for the queue
  \`tasks\` to be empty with 2 consumers, before anything is measured.
- **Publishing, the same for (a) and (b)**: one amqp-client connection in the bench JVM; each message is the
  app's task JSON (\`{"id","name":"noop","args":[],"attempt":1,"published_at"}\` as \`TaskJson\` writes it,
  $(sed -n 's/^message size: //p' "$RESULTS")), persistent, content type \`application/json\`, the task id as message id, mandatory, with publisher
  confirms. Up to 256 confirms are outstanding at once: the app's \`publish()\` waits for each confirm in
  turn, which would make the publisher, not the consumers, the limit of both sides. The app's publish also
  stores a "queued" status in Redis; the bench does not (it is the web's cost, not the workers'). The table
  shows the time until the last confirm ("published in").
- **(a) through the workers**: the tasks go to the stack's queue \`tasks\` on vhost \`${STACK_NAME}\` while both
  workers consume. Each worker runs its real path per task: parse, Redis status "running", heartbeat,
  \`NoopHandler\`, Redis status "done", heartbeat, ack. The clock starts (wall clock) just before the first
  publish. The bench polls every 20 ms until the queue has no ready message (passive queue declare, the
  management-free AmqpAdmin-style queue info) and the last 4 tasks published are "done" in Redis (with prefetch
  1 on 2 consumers, at most 2 messages are unacknowledged once none is ready, and they are the last delivered).
  The poll only decides when to look: the end is then read exactly as the latest \`updated_at\` of the "done"
  status of all ${BENCH_TASKS} tasks (each checked "done"), which a worker writes once the task's work is over,
  followed only by a heartbeat and the ack. Both stamps come from the same system clock; the error is that
  last heartbeat and ack of the last task (a few ms), below 0.1 % of a run of several seconds.
- **(b) raw amqp-client baseline**: a fresh durable queue on the same vhost, 2 consumers on 2 connections of
  their own (in the bench JVM), \`basicQos(1)\`, manual \`basicAck\` right after receipt; the same number of
  same-size messages published the same way; timed (monotonic clock) from the first publish to the last ack.
  The queue is deleted afterwards.
- **Rates and ratio**: messages / time for each run; the medians of the ${BENCH_ROUNDS} rounds and (a)/(b) of the
  medians. Issue 3's goal is (a)/(b) ≥ 0.3.
- **\`/health/celery/\`**: ${BENCH_HEALTH_CALLS} sequential GETs (after one warm-up call) against the same stack with
  the queue idle, timed at the client (request sent to body received); each must answer 200. Nearest-rank p50
  and p99.
- Everything shares this machine's $(nproc) cores: broker, Redis, the two workers, the idle web process and the
  bench JVM (publisher and, in (b), the consumers).

Why (a) is far below (b), and what was measured with fixes: \`docs/bench-tasks-analysis.md\`.
DOC
} >"$BENCH_OUT"
log "wrote ${BENCH_OUT}"
cat "$RESULTS"
