#!/usr/bin/env bash
# Issue 9's load benchmark. For each jar (the baseline first when BENCH_BASELINE_JAR is set, then BENCH_JAR):
# a fresh stack from ci/stack.sh (its own database, vhost and Redis namespace), BENCH_TICKERS tickers × 5 years
# of sample quotes loaded through the product's own `update-quotes` command, then wrk on loopback against
# /health/app/, /tickers/recommendations/, /tickers/tickerlist/ and POST /tickers/tickerdata/ (rotating over the
# loaded tickers; bench/load.lua), one after the other with the same threads, connections and duration, while
# the web process's resident memory is sampled from /proc. The stack is always stopped and dropped.
# Writes BENCH_OUT_DIR/bench-load.md (figures, ratios against /health/app/, goals), bench-load.tsv and
# bench-load.png (gnuplot: req/s and p99 per endpoint).
#
#   bench/load.sh                                        # target/stockpicker.jar only
#   BENCH_BASELINE_JAR=/tmp/main/target/stockpicker.jar bench/load.sh   # that jar, then this tree's
#
# Settings (environment):
#   BENCH_JAR [target/stockpicker.jar]   BENCH_LABEL [the current branch]
#   BENCH_BASELINE_JAR (unset)           BENCH_BASELINE_LABEL [main]
#   BENCH_TICKERS [500]       tickers T000.. loaded, 5 years each (WEEKS_TO_DOWNLOAD, 260) from the sample source
#   BENCH_THREADS [2] BENCH_CONNECTIONS [32] BENCH_DURATION [20s]  wrk's -t, -c, -d of each measured run
#   BENCH_WARMUP [10s]        an unmeasured wrk run of each endpoint, all four before the measured runs
#   BENCH_OUT_DIR [docs]
#   STACK_NAME [load_bench] STACK_PORT [8301]  the stack (ci/stack.sh; management port STACK_PORT + 80)
# Needs running PostgreSQL, RabbitMQ and Redis (ci/services.sh), wrk and gnuplot (Debian packages).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../ci/lib.sh"

load_service_env
BENCH_JAR=${BENCH_JAR:-$REPO_ROOT/target/stockpicker.jar}
BENCH_LABEL=${BENCH_LABEL:-$(git -C "$REPO_ROOT" rev-parse --abbrev-ref HEAD 2>/dev/null || echo this)}
BENCH_BASELINE_JAR=${BENCH_BASELINE_JAR:-}
BENCH_BASELINE_LABEL=${BENCH_BASELINE_LABEL:-main}
BENCH_TICKERS=${BENCH_TICKERS:-500}
BENCH_THREADS=${BENCH_THREADS:-2}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-32}
BENCH_DURATION=${BENCH_DURATION:-20s}
BENCH_WARMUP=${BENCH_WARMUP:-10s}
BENCH_OUT_DIR=${BENCH_OUT_DIR:-$REPO_ROOT/docs}
export STACK_NAME=${STACK_NAME:-load_bench} STACK_PORT=${STACK_PORT:-8301}
# No start-up cache: `prepare` keeps one jar's only, and two jars are measured here.
export STACK_CDS=0 QUOTE_SOURCE=sample

ENDPOINTS=(health recommendations tickerlist tickerdata)
declare -A PATHS=([health]=/health/app/ [recommendations]=/tickers/recommendations/
    [tickerlist]=/tickers/tickerlist/ [tickerdata]=/tickers/tickerdata/)
WORK=$(mktemp -d)
STACK_UP=0
SAMPLER=

teardown() {
    local status=$?
    [[ -n $SAMPLER ]] && kill "$SAMPLER" 2>/dev/null
    if ((STACK_UP == 1)); then
        ((status == 0)) || STACK_LOG_TAIL=40 bash "$REPO_ROOT/ci/stack.sh" logs web || true
        bash "$REPO_ROOT/ci/stack.sh" down || warn "stack ${STACK_NAME} not cleanly torn down"
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap teardown EXIT
trap 'exit 130' INT TERM

healthy() {
    curl -fsS --max-time 10 "http://127.0.0.1:${STACK_PORT}/health/$1/" | grep -q '"status":"healthy"'
}

# The highest VmRSS of pid $1, in kB, kept in file $2 while the process lives (every 0.2 s).
sample_rss() {
    local pid=$1 out=$2 kb peak=0
    while kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null) && [[ -n $kb ]]; do
        if ((kb > peak)); then
            peak=$kb
            echo "$peak" >"$out"
        fi
        sleep 0.2
    done
}

load_1min() {
    cut -d ' ' -f 1 /proc/loadavg
}

# load_quotes JAR: BENCH_TICKERS tickers × 5 years through the product's ingest command, against the stack.
load_quotes() {
    local jar=$1 symbols=() i start
    for ((i = 0; i < BENCH_TICKERS; i++)); do symbols+=("$(printf 'T%03d' "$i")"); done
    start=$(now_ms)
    log "loading ${BENCH_TICKERS} tickers × 5 years: java -jar ${jar} update-quotes T000..$(printf 'T%03d' $((BENCH_TICKERS - 1)))"
    POSTGRES_DB=$STACK_NAME RABBITMQ_DEFAULT_VHOST=$STACK_NAME REDIS_NAMESPACE=$STACK_NAME SERVER_PORT=0 \
        java -Xmx1g -jar "$jar" update-quotes "${symbols[@]}" >"$WORK/load.log" 2>&1 ||
        { tail -n 20 "$WORK/load.log" >&2; die "update-quotes failed"; }
    LOAD_SECONDS=$(elapsed_since "$start")
    grep '^Summary:' "$WORK/load.log" || true
    QUOTES=$(PGPASSWORD=$POSTGRES_PASSWORD psql -X -At -h "$POSTGRES_HOST" -p "$POSTGRES_PORT" -U "$POSTGRES_USER" \
        -d "$STACK_NAME" -c "SELECT count(*) || ' quotes of ' || count(DISTINCT ticker_id) || ' tickers' FROM quote")
    log "loaded in ${LOAD_SECONDS}s: ${QUOTES}"
}

# wrk_run ENDPOINT DURATION: prints wrk's RESULT line (bench/load.lua).
wrk_run() {
    local endpoint=$1 duration=$2 posts=0
    [[ $endpoint == tickerdata ]] && posts=$BENCH_TICKERS
    BENCH_POST_TICKERS=$posts wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"$duration" --timeout 10s \
        -s "$REPO_ROOT/bench/load.lua" "http://127.0.0.1:${STACK_PORT}${PATHS[$endpoint]}" >"$WORK/wrk.out" 2>&1 ||
        { cat "$WORK/wrk.out" >&2; die "wrk failed on ${endpoint}"; }
    grep '^RESULT' "$WORK/wrk.out" | cut -f 2-
}

# measure LABEL JAR: one stack, one load, the four endpoints; appends rows to $WORK/results.tsv and
# $WORK/runs.tsv.
measure() {
    local label=$1 jar=$2 web_pid endpoint row load_before load_after rss_kb hwm_kb
    [[ -f $jar ]] || die "no jar at ${jar}: build it first (./mvnw -B -DskipTests package)"
    log "=== ${label}: ${jar}"
    STACK_UP=1
    STACK_JAR=$jar bash "$REPO_ROOT/ci/stack.sh" up
    wait_until 240 "/health/celery/ healthy" healthy celery || die "the stack did not become healthy"
    wait_until 240 "/health/quotes-updated/ healthy (initial refresh done)" healthy quotes-updated ||
        die "the initial refresh did not finish"
    load_quotes "$jar"
    web_pid=$(cat "$REPO_ROOT/run/$STACK_NAME/web.pid")
    rm -f "$WORK/rss"
    sample_rss "$web_pid" "$WORK/rss" &
    SAMPLER=$!
    load_before=$(cut -d ' ' -f 1-3 /proc/loadavg)
    # Warm-up (the JIT, the pools, and what the jar keeps in memory) of every endpoint before any is measured.
    for endpoint in "${ENDPOINTS[@]}"; do
        wrk_run "$endpoint" "$BENCH_WARMUP" >/dev/null
    done
    for endpoint in "${ENDPOINTS[@]}"; do
        row=$(wrk_run "$endpoint" "$BENCH_DURATION")
        printf '%s\t%s\t%s\t%s\n' "$label" "$endpoint" "$row" "$(load_1min)" >>"$WORK/results.tsv"
        log "${label} ${endpoint}: $(awk -F '\t' '{printf "%.0f req/s, p50 %.2f ms, p99 %.2f ms, %d socket errors, %d non-2xx", $1 / $2, $3, $4, $5, $6}' <<<"$row")"
    done
    load_after=$(cut -d ' ' -f 1-3 /proc/loadavg)
    kill "$SAMPLER" 2>/dev/null || true
    wait "$SAMPLER" 2>/dev/null || true
    SAMPLER=
    rss_kb=$(cat "$WORK/rss" 2>/dev/null || echo 0)
    hwm_kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$web_pid/status")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$((rss_kb / 1024))" "$((hwm_kb / 1024))" "$LOAD_SECONDS" \
        "$QUOTES" "$load_before" "$load_after" >>"$WORK/runs.tsv"
    bash "$REPO_ROOT/ci/stack.sh" down
    STACK_UP=0
}

command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
command -v gnuplot >/dev/null || die "gnuplot is missing (apt-get install gnuplot-nox)"
: >"$WORK/results.tsv"
: >"$WORK/runs.tsv"
LABELS=()
if [[ -n $BENCH_BASELINE_JAR ]]; then
    measure "$BENCH_BASELINE_LABEL" "$BENCH_BASELINE_JAR"
    LABELS+=("$BENCH_BASELINE_LABEL")
fi
measure "$BENCH_LABEL" "$BENCH_JAR"
LABELS+=("$BENCH_LABEL")

# ---------------------------------------------------------------- results
mkdir -p "$BENCH_OUT_DIR"
TSV=$BENCH_OUT_DIR/bench-load.tsv
PNG=$BENCH_OUT_DIR/bench-load.png
MD=$BENCH_OUT_DIR/bench-load.md
{
    printf 'jar\tendpoint\trequests\tseconds\treq_per_s\tp50_ms\tp99_ms\tsocket_errors\tnon_2xx\tbytes_per_answer\tload_1min\n'
    awk -F '\t' -v OFS='\t' '{print $1, $2, $3, $4, sprintf("%.0f", $3 / $4), $5, $6, $7, $8, sprintf("%.0f", $9 / $3), $10}' \
        "$WORK/results.tsv"
} >"$TSV"

# The plot: one row per endpoint, one column of req/s and one of p99 per jar.
awk -F '\t' -v OFS='\t' 'NR > 1 {
        if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 }
        if (!($1 in jars)) { jars[$1] = 1; jar[++m] = $1 }
        rps[$1, $2] = $5; p99[$1, $2] = $7
    }
    END {
        for (i = 1; i <= n; i++) {
            line = order[i]
            for (j = 1; j <= m; j++) line = line OFS rps[jar[j], order[i]]
            for (j = 1; j <= m; j++) line = line OFS p99[jar[j], order[i]]
            print line
        }
    }' "$TSV" >"$WORK/plot.dat"
{
    echo "set terminal pngcairo size 1100,450 font 'sans,10'"
    echo "set output '${PNG}'"
    echo "set multiplot layout 1,2 title 'Stockpicker web: ${BENCH_CONNECTIONS} connections, ${BENCH_DURATION} per endpoint, wrk on loopback'"
    echo "set style data histogram; set style histogram clustered gap 1; set style fill solid 0.8 border -1"
    echo "set grid ytics; set key top right; set yrange [0:*]"
    echo "set title 'requests per second (higher is better)'"
    printf "plot "
    for ((j = 0; j < ${#LABELS[@]}; j++)); do
        ((j > 0)) && printf ", "
        printf "'%s' using %d:xtic(1) title '%s'" "$WORK/plot.dat" $((j + 2)) "${LABELS[j]}"
    done
    echo
    echo "set title 'p99 latency, ms (lower is better)'"
    printf "plot "
    for ((j = 0; j < ${#LABELS[@]}; j++)); do
        ((j > 0)) && printf ", "
        printf "'%s' using %d:xtic(1) title '%s'" "$WORK/plot.dat" $((j + 2 + ${#LABELS[@]})) "${LABELS[j]}"
    done
    echo
    echo "unset multiplot"
} >"$WORK/plot.gp"
gnuplot "$WORK/plot.gp"

# One table row per jar and endpoint, with the rate as a fraction of the same jar's /health/app/.
table=$(awk -F '\t' 'NR > 1 {
        if ($2 == "health") health[$1] = $5
        row[NR] = $0
    }
    END {
        for (i = 2; i <= NR; i++) {
            split(row[i], f, "\t")
            printf "| %s | %s | %s | %.2f | %s | %s | %s | %.1f | %s |\n", f[1], f[2], f[5], f[5] / health[f[1]],
                f[6], f[7], f[8] + f[9], f[10] / 1024, f[11]
        }
    }' "$TSV")
runs=$(awk -F '\t' '{printf "| %s | %s MB | %s MB | %s s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7}' "$WORK/runs.tsv")
# Goals, for each jar: the issue's thresholds.
goals=$(awk -F '\t' 'FNR == NR { rss[$1] = $2; next }
    FNR > 1 {
        rps[$1, $2] = $5; p99[$1, $2] = $7; errors[$1] += $8 + $9
        if (!($1 in seen)) { seen[$1] = 1; jar[++m] = $1 }
    }
    function verdict(ok) { return ok ? "met" : "**not met**" }
    END {
        for (j = 1; j <= m; j++) {
            k = jar[j]
            r = rps[k, "recommendations"] / rps[k, "health"]; d = rps[k, "tickerdata"] / rps[k, "health"]
            printf "| %s | %.2f: %s | %.2f: %s | %s / %s ms: %s | %d: %s | %s MB: %s |\n", k,
                r, verdict(r >= 0.8), d, verdict(d >= 0.3),
                p99[k, "recommendations"], p99[k, "tickerdata"],
                verdict(p99[k, "recommendations"] <= 50 && p99[k, "tickerdata"] <= 50),
                errors[k], verdict(errors[k] == 0), rss[k], verdict(rss[k] < 512)
        }
    }' "$WORK/runs.tsv" "$TSV")
stack_java_opts=${STACK_JAVA_OPTS:-${JAVA_OPTS:--Xms32m -Xmx256m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1}}
cat >"$MD" <<DOC
# Load benchmark (issue 9)

Written by \`bench/load.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown).
Do not edit the figures by hand: run the script again (\`BENCH_BASELINE_JAR=<main's jar> bash bench/load.sh\`).
Machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); $(java -version 2>&1 | head -n 1); $(wrk --version 2>&1 | head -n 1 | cut -d ' ' -f 1-2).

![req/s and p99 per endpoint](bench-load.png)

## Results

wrk \`-t${BENCH_THREADS} -c${BENCH_CONNECTIONS} -d${BENCH_DURATION}\` per endpoint, the endpoints one after the other in this order,
after an unmeasured \`-d${BENCH_WARMUP}\` warm-up run of each of them (same threads and connections). "× health" is
the rate over the same jar's \`/health/app/\` rate. Errors: socket errors (connect, read, write, timeout) plus
answers with status ≥ 400. Load: the 1-minute load average when the endpoint's run ended.

| jar | endpoint | req/s | × health | p50 ms | p99 ms | errors | KB/answer | load (1 min) |
|---|---|---:|---:|---:|---:|---:|---:|---:|
${table}

The web process's resident memory (VmRSS sampled every 0.2 s from /proc during the four endpoints' runs; VmHWM, the
kernel's peak since the process started), the data load and the machine's load average (1, 5, 15 min) before and
after the runs:

| jar | peak RSS, runs | VmHWM | data load | data | load before | load after |
|---|---:|---:|---:|---|---|---|
${runs}

## Goals (issue 9)

| jar | recommendations ≥ 0.8 × health | tickerdata ≥ 0.3 × health | p99 ≤ 50 ms (recommendations / tickerdata) | zero errors | web RSS < 512 MB |
|---|---|---|---|---|---|
${goals}

## How it was measured

- **Stack**: \`ci/stack.sh up\` as it starts by default (web, 2 workers, beat; every JVM with
  \`${stack_java_opts}\`), \`STACK_NAME=${STACK_NAME}\` (a fresh database, vhost and Redis namespace for each jar),
  from the jar measured, without the start-up cache. The script waits for \`/health/celery/\` and
  \`/health/quotes-updated/\` (the stack's initial refresh), then loads the data, then measures; nothing writes
  during the runs (beat's cron does not fire).
- **Data**: ${BENCH_TICKERS} tickers T000.. plus the index and the default tickers, 5 years each from the \`sample\` quote
  source, through the product's own command \`java -jar <jar> update-quotes T000 …\` (the workers' \`QuoteUpdater\`,
  index first) against the stack's database.
- **Endpoints**: \`GET /health/app/\` (the reference: no database), \`GET /tickers/recommendations/\`,
  \`GET /tickers/tickerlist/\`, and \`POST /tickers/tickerdata/\` with \`{"ticker":"T000"}\`…\`{"ticker":"T$(printf '%03d' $((BENCH_TICKERS - 1)))"}\` in turn
  (\`bench/load.lua\`; each wrk thread starts at another place in the list). wrk sends no \`Accept-Encoding\` and no
  \`If-None-Match\`: every answer is the full JSON, uncompressed, as today's page gets it.
- **Memory**: the web process's pid from the stack's pid file; VmRSS from \`/proc/<pid>/status\`.
- Raw rows: [bench-load.tsv](bench-load.tsv). Everything (PostgreSQL, RabbitMQ, Redis, the four JVMs of the stack,
  wrk) shares the machine's $(nproc) cores, with whatever else ran on the machine at the time (see the load).
DOC
log "wrote ${MD}, ${TSV} and ${PNG}"
cat "$MD"
