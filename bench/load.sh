#!/usr/bin/env bash
# Issue 9's load benchmark, side by side: a stack from ci/stack.sh for each jar (the baseline's when
# BENCH_BASELINE_JAR is set, and BENCH_JAR's), each on its own database, vhost, Redis namespace and port; both
# loaded with BENCH_TICKERS tickers × 5 years of sample quotes through the product's own `update-quotes` command;
# then wrk on loopback against /health/app/, /tickers/recommendations/, /tickers/tickerlist/ and
# POST /tickers/tickerdata/ (rotating over the loaded tickers; bench/load.lua), all with the same threads,
# connections and duration, in BENCH_ROUNDS rounds that take the jars in turn (so that the machine's other work
# falls on both alike), while the web processes' resident memory is sampled from /proc. The stacks are always
# stopped and dropped. Writes BENCH_OUT_DIR/bench-load.md (medians, ratios against /health/app/, goals),
# bench-load.tsv (every run) and bench-load.png (gnuplot: req/s and p99 per endpoint).
#
#   bench/load.sh                                                       # target/stockpicker.jar alone
#   BENCH_BASELINE_JAR=/tmp/main/target/stockpicker.jar bench/load.sh   # that jar beside this tree's
#
# Settings (environment):
#   BENCH_JAR [target/stockpicker.jar]   BENCH_LABEL [the current branch]
#   BENCH_BASELINE_JAR (unset)           BENCH_BASELINE_LABEL [main]   BENCH_BASELINE_PORT [STACK_PORT + 50]
#   BENCH_TICKERS [500]       tickers T000.. loaded, 5 years each (WEEKS_TO_DOWNLOAD, 260) from the sample source
#   BENCH_THREADS [2] BENCH_CONNECTIONS [32] BENCH_DURATION [10s]  wrk's -t, -c, -d of each measured run
#   BENCH_ROUNDS [3]          measured runs of each jar and endpoint
#   BENCH_WARMUP [10s]        before the rounds: every chart requested once, then an unmeasured wrk run of each
#                             endpoint
#   BENCH_OUT_DIR [docs]
#   STACK_NAME [load_bench] STACK_PORT [8301]  this tree's stack (the baseline's: STACK_NAME_base); each
#                             stack's management port is its port + 80
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
BENCH_DURATION=${BENCH_DURATION:-10s}
BENCH_WARMUP=${BENCH_WARMUP:-10s}
BENCH_OUT_DIR=${BENCH_OUT_DIR:-$REPO_ROOT/docs}
BENCH_ROUNDS=${BENCH_ROUNDS:-3}
STACK_NAME=${STACK_NAME:-load_bench}
STACK_PORT=${STACK_PORT:-8301}
BENCH_BASELINE_PORT=${BENCH_BASELINE_PORT:-$((STACK_PORT + 50))}
# No start-up cache: `prepare` keeps one jar's only, and two jars are measured here.
export STACK_CDS=0 QUOTE_SOURCE=sample

# recommendations-no-cache: the same answer for a client that asks for one current to its request (the page does):
# what the exact read barrier costs, beside the default window (DATA_CHANGES_MAX_STALENESS).
ENDPOINTS=(health recommendations recommendations-no-cache tickerlist tickerdata)
declare -A PATHS=([health]=/health/app/ [recommendations]=/tickers/recommendations/
    [recommendations-no-cache]=/tickers/recommendations/
    [tickerlist]=/tickers/tickerlist/ [tickerdata]=/tickers/tickerdata/)
WORK=$(mktemp -d)
# The stacks measured: the baseline's (when given) on its own name and port, then this tree's.
LABELS=() JARS=() NAMES=() PORTS=() WEB_PIDS=() SAMPLERS=() UP=()
if [[ -n $BENCH_BASELINE_JAR ]]; then
    LABELS+=("$BENCH_BASELINE_LABEL") JARS+=("$BENCH_BASELINE_JAR") NAMES+=("${STACK_NAME}_base")
    PORTS+=("$BENCH_BASELINE_PORT")
fi
LABELS+=("$BENCH_LABEL") JARS+=("$BENCH_JAR") NAMES+=("$STACK_NAME") PORTS+=("$STACK_PORT")
export STACK_NAME STACK_PORT

# stack I ARGS...: ci/stack.sh for stack number I.
stack() {
    local i=$1
    shift
    STACK_NAME=${NAMES[i]} STACK_PORT=${PORTS[i]} STACK_JAR=${JARS[i]} bash "$REPO_ROOT/ci/stack.sh" "$@"
}

teardown() {
    local status=$? i
    for i in "${SAMPLERS[@]}"; do kill "$i" 2>/dev/null || true; done
    for i in "${UP[@]}"; do
        ((status == 0)) || STACK_LOG_TAIL=40 stack "$i" logs web || true
        stack "$i" down || warn "stack ${NAMES[i]} not cleanly torn down"
    done
    rm -rf "$WORK"
    exit "$status"
}
trap teardown EXIT
trap 'exit 130' INT TERM

# healthy PORT CHECK
healthy() {
    curl -fsS --max-time 10 "http://127.0.0.1:$1/health/$2/" | grep -q '"status":"healthy"'
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

symbols() {
    local i
    for ((i = 0; i < BENCH_TICKERS; i++)); do printf 'T%03d\n' "$i"; done
}

# load_quotes I: BENCH_TICKERS tickers × 5 years through the product's ingest command, into stack I's database.
# Writes "seconds<TAB>what was stored" to $WORK/load-I.
load_quotes() {
    local i=$1 start stored tickers
    mapfile -t tickers < <(symbols)
    start=$(now_ms)
    POSTGRES_DB=${NAMES[i]} RABBITMQ_DEFAULT_VHOST=${NAMES[i]} REDIS_NAMESPACE=${NAMES[i]} SERVER_PORT=0 \
        java -Xmx1g -jar "${JARS[i]}" update-quotes "${tickers[@]}" >"$WORK/load-$i.log" 2>&1 ||
        { tail -n 20 "$WORK/load-$i.log" >&2; return 1; }
    stored=$(PGPASSWORD=$POSTGRES_PASSWORD psql -X -At -h "$POSTGRES_HOST" -p "$POSTGRES_PORT" -U "$POSTGRES_USER" \
        -d "${NAMES[i]}" -c "SELECT count(*) || ' quotes of ' || count(DISTINCT ticker_id) || ' tickers' FROM quote")
    printf '%s\t%s\n' "$(elapsed_since "$start")" "$stored" >"$WORK/load-$i"
    log "${LABELS[i]}: loaded in $(elapsed_since "$start")s: ${stored} ($(grep '^Summary:' "$WORK/load-$i.log" || true))"
}

# cold_pass I: every ticker's chart requested once, in turn, on one connection; prints the seconds it took.
cold_pass() {
    local i=$1 symbol start codes
    for symbol in $(symbols); do
        [[ $symbol == T000 ]] || echo next
        printf 'url = "http://127.0.0.1:%s/tickers/tickerdata/"\nheader = "Content-Type: application/json"\n' "${PORTS[i]}"
        printf 'data = "{\\"ticker\\":\\"%s\\"}"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n' "$symbol"
    done >"$WORK/cold.curl"
    start=$(now_ms)
    codes=$(curl -s -K "$WORK/cold.curl" | sort | uniq -c | tr -s ' ' | tr '\n' ';')
    [[ $codes == " ${BENCH_TICKERS} 200;" ]] || warn "${LABELS[i]}: cold pass answers: ${codes}"
    elapsed_since "$start"
}

# wrk_run I ENDPOINT DURATION: prints wrk's RESULT line (bench/load.lua).
wrk_run() {
    local i=$1 endpoint=$2 duration=$3 posts=0 headers=()
    [[ $endpoint == tickerdata ]] && posts=$BENCH_TICKERS
    [[ $endpoint == *-no-cache ]] && headers=(-H 'Cache-Control: no-cache')
    BENCH_POST_TICKERS=$posts wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"$duration" --timeout 10s \
        "${headers[@]}" -s "$REPO_ROOT/bench/load.lua" "http://127.0.0.1:${PORTS[i]}${PATHS[$endpoint]}" \
        >"$WORK/wrk.out" 2>&1 ||
        { cat "$WORK/wrk.out" >&2; die "wrk failed on ${endpoint}"; }
    grep '^RESULT' "$WORK/wrk.out" | cut -f 2-
}

command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
command -v gnuplot >/dev/null || die "gnuplot is missing (apt-get install gnuplot-nox)"
for i in "${!JARS[@]}"; do
    [[ -f ${JARS[i]} ]] || die "no jar at ${JARS[i]}: build it first (./mvnw -B -DskipTests package)"
done

# The stacks, side by side: both up, both loaded, then measured in turns.
for i in "${!JARS[@]}"; do
    log "=== ${LABELS[i]}: ${JARS[i]} as stack ${NAMES[i]} on port ${PORTS[i]}"
    UP+=("$i")
    stack "$i" up
done
for i in "${!JARS[@]}"; do
    wait_until 300 "${LABELS[i]}: /health/celery/ healthy" healthy "${PORTS[i]}" celery ||
        die "stack ${NAMES[i]} did not become healthy"
    wait_until 300 "${LABELS[i]}: /health/quotes-updated/ healthy (initial refresh done)" healthy "${PORTS[i]}" \
        quotes-updated || die "the initial refresh of ${NAMES[i]} did not finish"
done
log "loading ${BENCH_TICKERS} tickers × 5 years into each stack: java -jar <jar> update-quotes T000..$(printf 'T%03d' $((BENCH_TICKERS - 1)))"
loaders=()
for i in "${!JARS[@]}"; do
    load_quotes "$i" &
    loaders+=($!)
done
for pid in "${loaders[@]}"; do wait "$pid" || die "update-quotes failed"; done

: >"$WORK/results.tsv"
for i in "${!JARS[@]}"; do
    WEB_PIDS[i]=$(cat "$REPO_ROOT/run/${NAMES[i]}/web.pid")
    sample_rss "${WEB_PIDS[i]}" "$WORK/rss-$i" &
    SAMPLERS+=($!)
done
LOAD_BEFORE=$(cut -d ' ' -f 1-3 /proc/loadavg)
# Warm-up: every chart once (its first, computing request: timed), then each endpoint under wrk, unmeasured.
for i in "${!JARS[@]}"; do
    COLD[i]=$(cold_pass "$i")
    log "${LABELS[i]}: ${BENCH_TICKERS} charts, each requested once in turn: ${COLD[i]}s"
    for endpoint in "${ENDPOINTS[@]}"; do wrk_run "$i" "$endpoint" "$BENCH_WARMUP" >/dev/null; done
done
for ((round = 1; round <= BENCH_ROUNDS; round++)); do
    for i in "${!JARS[@]}"; do
        for endpoint in "${ENDPOINTS[@]}"; do
            row=$(wrk_run "$i" "$endpoint" "$BENCH_DURATION")
            printf '%s\t%s\t%s\t%s\t%s\n' "${LABELS[i]}" "$endpoint" "$round" "$row" "$(cut -d ' ' -f 1 /proc/loadavg)" \
                >>"$WORK/results.tsv"
            log "round ${round} ${LABELS[i]} ${endpoint}: $(awk -F '\t' '{printf "%.0f req/s, p50 %.2f ms, p99 %.2f ms, %d socket errors, %d non-2xx", $1 / $2, $3, $4, $5, $6}' <<<"$row")"
        done
    done
done
LOAD_AFTER=$(cut -d ' ' -f 1-3 /proc/loadavg)
: >"$WORK/runs.tsv"
for i in "${!JARS[@]}"; do
    rss_kb=$(cat "$WORK/rss-$i" 2>/dev/null || echo 0)
    hwm_kb=$(awk '/^VmHWM:/ {print $2}' "/proc/${WEB_PIDS[i]}/status")
    printf '%s\t%s\t%s\t%s\t%s\n' "${LABELS[i]}" "$((rss_kb / 1024))" "$((hwm_kb / 1024))" "$(cat "$WORK/load-$i")" \
        "${COLD[i]}" >>"$WORK/runs.tsv"
done

# ---------------------------------------------------------------- results
mkdir -p "$BENCH_OUT_DIR"
TSV=$BENCH_OUT_DIR/bench-load.tsv
PNG=$BENCH_OUT_DIR/bench-load.png
MD=$BENCH_OUT_DIR/bench-load.md
{
    printf 'jar\tendpoint\tround\trequests\tseconds\treq_per_s\tp50_ms\tp99_ms\tsocket_errors\tnon_2xx\tbytes_per_answer\tload_1min\n'
    awk -F '\t' -v OFS='\t' '{print $1, $2, $3, $4, $5, sprintf("%.0f", $4 / $5), $6, $7, $8, $9, sprintf("%.0f", $10 / $4), $11}' \
        "$WORK/results.tsv"
} >"$TSV"

# median FIELD JAR ENDPOINT: the median over the rounds of a column of the TSV.
median() {
    awk -F '\t' -v f="$1" -v j="$2" -v e="$3" '$1 == j && $2 == e {print $f}' "$TSV" | sort -g |
        awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# One summary row per jar and endpoint: label, endpoint, median req/s, p50, p99, worst p99, errors, KB/answer,
# mean load.
for label in "${LABELS[@]}"; do
    for endpoint in "${ENDPOINTS[@]}"; do
        printf '%s\t%s\t%.0f\t%.1f\t%.1f\t%s\n' "$label" "$endpoint" "$(median 6 "$label" "$endpoint")" \
            "$(median 7 "$label" "$endpoint")" "$(median 8 "$label" "$endpoint")" \
            "$(awk -F '\t' -v j="$label" -v e="$endpoint" '$1 == j && $2 == e {
                    if ($8 > worst) worst = $8; errors += $9 + $10; bytes += $11; load += $12; n++ }
                END {printf "%.1f\t%d\t%.1f\t%.1f", worst, errors, bytes / n / 1024, load / n}' "$TSV")"
    done
done >"$WORK/summary.tsv"

# The plot: one row per endpoint, the jars' median req/s, then their median p99.
awk -F '\t' -v OFS='\t' '{
        if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 }
        if (!($1 in jars)) { jars[$1] = 1; jar[++m] = $1 }
        rps[$1, $2] = $3; p99[$1, $2] = $5
    }
    END {
        for (i = 1; i <= n; i++) {
            line = order[i]
            for (j = 1; j <= m; j++) line = line OFS rps[jar[j], order[i]]
            for (j = 1; j <= m; j++) line = line OFS p99[jar[j], order[i]]
            print line
        }
    }' "$WORK/summary.tsv" >"$WORK/plot.dat"
{
    echo "set terminal pngcairo size 1100,450 font 'sans,10'"
    echo "set output '${PNG}'"
    echo "set multiplot layout 1,2 title 'Stockpicker web under wrk (${BENCH_CONNECTIONS} connections; medians of ${BENCH_ROUNDS} runs of ${BENCH_DURATION})'"
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

# The table, with each rate as a fraction of the same jar's /health/app/ rate.
table=$(awk -F '\t' '{ row[NR] = $0; if ($2 == "health") health[$1] = $3 }
    END {
        for (i = 1; i <= NR; i++) {
            split(row[i], f, "\t")
            printf "| %s | %s | %s | %.2f | %s | %s | %s | %s | %s | %s |\n", f[1], f[2], f[3], f[3] / health[f[1]],
                f[4], f[5], f[6], f[7], f[8], f[9]
        }
    }' "$WORK/summary.tsv")
runs=$(awk -F '\t' '{printf "| %s | %s MB | %s MB | %s s | %s | %s s |\n", $1, $2, $3, $4, $5, $6}' "$WORK/runs.tsv")
# Goals, for each jar: the issue's thresholds on the medians; errors over every run.
goals=$(awk -F '\t' 'FNR == NR { rss[$1] = $2; next }
    {
        rps[$1, $2] = $3; p99[$1, $2] = $5; errors[$1] += $7
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
    }' "$WORK/runs.tsv" "$WORK/summary.tsv")
stack_java_opts=${STACK_JAVA_OPTS:-${JAVA_OPTS:--Xms32m -Xmx256m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1}}
cat >"$MD" <<DOC
# Load benchmark (issue 9)

Written by \`bench/load.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown).
Do not edit the figures by hand: run the script again (\`BENCH_BASELINE_JAR=<main's jar> bash bench/load.sh\`).
Machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); $(java -version 2>&1 | head -n 1); $(wrk --version 2>&1 | head -n 1 | cut -d ' ' -f 1-2).

![req/s and p99 per endpoint](bench-load.png)

## Results

wrk \`-t${BENCH_THREADS} -c${BENCH_CONNECTIONS} -d${BENCH_DURATION}\` per run; ${BENCH_ROUNDS} rounds, each running every endpoint of one jar,
then of the other; the table gives the median of the rounds (p99: also the worst round). "× health" is the median
rate over the same jar's \`/health/app/\` median rate. Errors: socket errors (connect, read, write, timeout) plus
answers with status ≥ 400, over all rounds. Load: the 1-minute load average at the end of each run, averaged.
Every run's figures: [bench-load.tsv](bench-load.tsv).

| jar | endpoint | req/s | × health | p50 ms | p99 ms | worst p99 ms | errors | KB/answer | load (1 min) |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|
${table}

The web process's resident memory (VmRSS sampled every 0.2 s from /proc from the warm-up to the end of the
rounds; VmHWM, the kernel's peak since the process started), the data load (both stacks at once) and the cold
pass: each of the ${BENCH_TICKERS} charts requested once, in turn, on one connection, before any wrk run (what the
first request after a change costs). Load average (1, 5, 15 min): ${LOAD_BEFORE} before the warm-up,
${LOAD_AFTER} after the rounds.

| jar | peak RSS | VmHWM | data load | data | cold pass |
|---|---:|---:|---:|---|---:|
${runs}

## Goals (issue 9)

| jar | recommendations ≥ 0.8 × health | tickerdata ≥ 0.3 × health | p99 ≤ 50 ms (recommendations / tickerdata) | zero errors | web RSS < 512 MB |
|---|---|---|---|---|---|
${goals}

## How it was measured

- **Stack**: \`ci/stack.sh up\` as it starts by default (web, 2 workers, beat; every JVM with
  \`${stack_java_opts}\`), \`STACK_NAME=${STACK_NAME}\` (a fresh database, vhost and Redis namespace for each jar),
  from the jar measured, without the start-up cache; both stacks run during the whole benchmark (the idle one
  costs little). The script waits for \`/health/celery/\` and \`/health/quotes-updated/\` (the stack's initial
  refresh), then loads the data, then measures; nothing writes during the runs (beat's cron does not fire).
- **Data**: ${BENCH_TICKERS} tickers T000.. plus the index and the default tickers, 5 years each from the \`sample\` quote
  source, through the product's own command \`java -jar <jar> update-quotes T000 …\` (the workers' \`QuoteUpdater\`,
  index first) against the stack's database.
- **Endpoints**: \`GET /health/app/\` (the reference: no database), \`GET /tickers/recommendations/\`,
  \`GET /tickers/tickerlist/\`, and \`POST /tickers/tickerdata/\` with \`{"ticker":"T000"}\`…\`{"ticker":"T$(printf '%03d' $((BENCH_TICKERS - 1)))"}\` in turn
  (\`bench/load.lua\`; each wrk thread starts at another place in the list). wrk sends no \`Accept-Encoding\` and no
  \`If-None-Match\`: every answer is the full JSON, uncompressed. Nor does it send \`Cache-Control\`, so answers may
  be up to \`DATA_CHANGES_MAX_STALENESS\` (5 ms) behind the database, except for \`recommendations-no-cache\`: the
  same GET with \`Cache-Control: no-cache\`, as the page sends it, each answer current to its request (a listener
  round trip that began after the request arrived).
- **Memory**: the web process's pid from the stack's pid file; VmRSS from \`/proc/<pid>/status\`.
- Everything (PostgreSQL, RabbitMQ, Redis, the JVMs of both stacks, wrk) shares the machine's $(nproc) cores, with whatever else ran on the machine at the time (see the load).
DOC
log "wrote ${MD}, ${TSV} and ${PNG}"
cat "$MD"
