#!/usr/bin/env bash
# Integration tests of a running stack (the reference's docker/scripts/integration-tests.sh, made strict).
#
#   SERVICE=localhost:8001 ci/integration-tests.sh
#
# 1. The five health checks, in order, each polled (every POLL_INTERVAL s) until its JSON .status is
#    "healthy", for at most CHECK_TIMEOUT seconds: prints "Test Pass: <url>" or "Test Fail: ...".
# 2. API smoke tests: the ticker list holds the defaults; tickerdata answers with the reference's keys;
#    recommendations are not empty; an added ticker (ADD_TICKER) gets quotes through the task queue.
# 3. Admin (only when ADMIN_USER and ADMIN_PASSWORD are set; else STACK_ADMIN_USER and
#    STACK_ADMIN_PASSWORD, as ci/stack.sh takes them): a form login at /admin/login (the page's _csrf token,
#    a cookie jar of its own), then /admin/api/tasks polled (every POLL_INTERVAL s, at most ADMIN_TIMEOUT s)
#    until it lists STACK_WORKERS distinct live workers; and a wrong password must get no session.
#    The password goes to curl through a pipe, never on a command line.
# Exits non-zero at the first failure. Needs bash, curl and jq only (it also runs in docker/stacktest).
#
# Settings: SERVICE [localhost:8001] (with or without http://), CHECK_TIMEOUT [60] (seconds per check),
# START_TIMEOUT [120] (the first check, /health/app/, which also waits for the web process to start),
# POLL_INTERVAL [1], REQUEST_TIMEOUT [15] (one HTTP request), ADD_TICKER [IBM],
# EXPECTED_TICKERS [SPY,AMZN,GOOG,META,AAPL,MSFT,TSLA,NFLX], ADMIN_TIMEOUT [30] (seconds for the workers
# to show in the tasks view), STACK_WORKERS [2] (the workers the stack runs).
set -euo pipefail

SERVICE=${SERVICE:-localhost:8001}
[[ $SERVICE == http://* || $SERVICE == https://* ]] || SERVICE="http://${SERVICE}"
SERVICE=${SERVICE%/}
CHECK_TIMEOUT=${CHECK_TIMEOUT:-60}
START_TIMEOUT=${START_TIMEOUT:-120}
POLL_INTERVAL=${POLL_INTERVAL:-1}
REQUEST_TIMEOUT=${REQUEST_TIMEOUT:-15}
ADD_TICKER=${ADD_TICKER:-IBM}
EXPECTED_TICKERS=${EXPECTED_TICKERS:-SPY,AMZN,GOOG,META,AAPL,MSFT,TSLA,NFLX}
ADMIN_USER=${ADMIN_USER:-${STACK_ADMIN_USER:-}}
ADMIN_PASSWORD=${ADMIN_PASSWORD:-${STACK_ADMIN_PASSWORD:-}}
ADMIN_TIMEOUT=${ADMIN_TIMEOUT:-30}
STACK_WORKERS=${STACK_WORKERS:-2}

PASSED=0

# Milliseconds since the epoch, and seconds with one decimal since such a time.
now_ms() {
    local t=${EPOCHREALTIME//[.,]/}
    echo $((t / 1000))
}
since() {
    local ms=$(($(now_ms) - $1))
    printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100))
}
# seconds_min SECONDS MILLISECONDS: the smaller of the two, in seconds (for sleep).
seconds_min() {
    local a_ms b_ms=$2
    a_ms=$(awk -v s="$1" 'BEGIN { printf "%d", s * 1000 }')
    ((b_ms < a_ms)) && a_ms=$b_ms
    printf '%d.%03d' $((a_ms / 1000)) $((a_ms % 1000))
}
START_MS=$(now_ms)

for tool in curl jq; do
    command -v "$tool" >/dev/null || { echo "integration-tests: ${tool} is required" >&2; exit 1; }
done

say() {
    printf '[%s integration-tests] %s\n' "$(date +%H:%M:%S)" "$*"
}

pass() {
    PASSED=$((PASSED + 1))
    echo "Test Pass: $*"
}

# fail MESSAGE: the first failure ends the run.
fail() {
    echo "Test Fail: $*"
    say "$(since "$START_MS")s; after ${PASSED} passed test(s), 1 failed"
    echo "integration: ${PASSED} passed, 1 failed"
    exit 1
}

# request METHOD URL [JSON_BODY]: sets HTTP_CODE and BODY (HTTP_CODE 000 when there was no answer).
# A request lasts at most REQUEST_TIMEOUT seconds, or MAX_TIME when that is set and shorter.
request() {
    local max=$REQUEST_TIMEOUT
    [[ -n ${MAX_TIME:-} ]] && ((MAX_TIME < max)) && max=$MAX_TIME
    local out args=(-s -X "$1" --max-time "$max" -H 'Accept: application/json'
        -H 'Cache-Control: no-cache' -w '\n%{http_code}')
    [[ $# -ge 3 ]] && args+=(-H 'Content-Type: application/json' --data "$3")
    out=$(curl "${args[@]}" "$2" 2>/dev/null) || true
    HTTP_CODE=${out##*$'\n'}
    BODY=${out%$'\n'*}
    [[ $out == *$'\n'* ]] || BODY=''
    [[ $HTTP_CODE =~ ^[0-9]{3}$ ]] || HTTP_CODE=000
}

# The body, shortened for a log line.
short_body() {
    local b=${BODY//$'\n'/ }
    ((${#b} > 300)) && b="${b:0:300}..."
    echo "$b"
}

# jq_true FILTER: true when FILTER, applied to BODY, yields true (and BODY is JSON).
jq_true() {
    jq -e "$1" >/dev/null 2>&1 <<<"$BODY"
}

# ---------------------------------------------------------------- health checks
# wait_for_healthy PATH TIMEOUT
wait_for_healthy() {
    local url="${SERVICE}$1" timeout=$2 start deadline status last='' now tries=0 left answer=''
    start=$(now_ms)
    deadline=$((start + timeout * 1000))
    say "checking ${url} (until healthy, at most ${timeout}s)"
    while true; do
        tries=$((tries + 1))
        # The last request of a check ends at its deadline: a check never outlives its timeout.
        MAX_TIME=$(((deadline - $(now_ms) + 999) / 1000))
        ((MAX_TIME >= 1)) || MAX_TIME=1
        request GET "$url"
        MAX_TIME=''
        status=$(jq -r '.status // "no status"' 2>/dev/null <<<"$BODY" || echo 'not JSON')
        [[ -n $BODY ]] || status='no answer'
        if [[ $status == healthy ]]; then
            pass "${url} ($(since "$start")s, ${tries} tries)"
            return 0
        fi
        now="HTTP ${HTTP_CODE}: $(short_body)"
        [[ $HTTP_CODE == 000 ]] || answer="$status (${now})"
        if [[ $now != "$last" ]]; then
            say "  $(since "$start")s: ${now}"
            last=$now
        fi
        left=$((deadline - $(now_ms)))
        if ((left <= 0)); then
            fail "${url}; expected status \"healthy\" within ${timeout}s; actual: ${answer:-no answer}; after $(since "$start")s, ${tries} tries"
        fi
        # Poll every POLL_INTERVAL seconds, the last time right at the deadline.
        sleep "$(seconds_min "$POLL_INTERVAL" "$left")"
    done
}

# ---------------------------------------------------------------- API smoke tests
test_ticker_list() {
    local url="${SERVICE}/tickers/tickerlist/" want
    want=$(jq -cn --arg s "$EXPECTED_TICKERS" '$s | split(",")')
    request GET "$url"
    [[ $HTTP_CODE == 200 ]] || fail "GET ${url}; expected HTTP 200, got ${HTTP_CODE}: $(short_body)"
    jq_true "(.tickers | type) == \"array\" and (${want} - .tickers) == []" ||
        fail "GET ${url}; expected .tickers to hold ${want}; got: $(short_body)"
    pass "GET ${url} (holds the ${EXPECTED_TICKERS//,/ } defaults)"
}

# check_ticker_data SYMBOL: tickerdata answers with the reference's keys, in order, and results.
check_ticker_data() {
    local url="${SERVICE}/tickers/tickerdata/" symbol=$1
    request POST "$url" "{\"ticker\": \"${symbol}\"}"
    [[ $HTTP_CODE == 200 ]] || fail "POST ${url} ${symbol}; expected HTTP 200, got ${HTTP_CODE}: $(short_body)"
    jq_true 'keys_unsorted == ["success","ticker","index","avg_weeks","results"]' ||
        fail "POST ${url} ${symbol}; expected keys success,ticker,index,avg_weeks,results; got: $(short_body)"
    jq_true ".success == true and .ticker == \"${symbol}\" and .index == \"SPY\" and .avg_weeks == 86" ||
        fail "POST ${url} ${symbol}; expected success, ticker ${symbol}, index SPY, avg_weeks 86; got: $(short_body)"
    jq_true '(.results | length) > 0' ||
        fail "POST ${url} ${symbol}; expected results; got none: $(short_body)"
    jq_true '.results | all(keys_unsorted == ["symbol","date","ac","iac","sac","sac_ma","ratio"])' ||
        fail "POST ${url} ${symbol}; expected result keys symbol,date,ac,iac,sac,sac_ma,ratio; got: $(jq -c '.results[0]' <<<"$BODY")"
    jq_true ".results | all(.symbol == \"${symbol}\" and (.date | test(\"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\")))" ||
        fail "POST ${url} ${symbol}; expected every result for ${symbol} with a YYYY-MM-DD date; got: $(jq -c '.results[0]' <<<"$BODY")"
    pass "POST ${url} ${symbol} ($(jq '.results | length' <<<"$BODY") results)"
}

test_recommendations() {
    local url="${SERVICE}/tickers/recommendations/"
    request GET "$url"
    [[ $HTTP_CODE == 200 ]] || fail "GET ${url}; expected HTTP 200, got ${HTTP_CODE}: $(short_body)"
    jq_true 'keys_unsorted == ["success","latest_data_date","sell_hits","buy_hits"]' ||
        fail "GET ${url}; expected keys success,latest_data_date,sell_hits,buy_hits; got: $(short_body)"
    jq_true '.success == true and (.latest_data_date | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))' ||
        fail "GET ${url}; expected success and a YYYY-MM-DD latest_data_date; got: $(short_body)"
    jq_true '(.sell_hits | length) + (.buy_hits | length) > 0' ||
        fail "GET ${url}; expected recommendations; both lists are empty: $(short_body)"
    pass "GET ${url} ($(jq '.sell_hits | length' <<<"$BODY") sell, $(jq '.buy_hits | length' <<<"$BODY") buy, data of $(jq -r .latest_data_date <<<"$BODY"))"
}

test_add_ticker() {
    local url="${SERVICE}/tickers/addticker/" task_id task_url status start deadline last=''
    request POST "$url" "{\"ticker\": \"${ADD_TICKER}\"}"
    [[ $HTTP_CODE == 202 ]] || fail "POST ${url} ${ADD_TICKER}; expected HTTP 202, got ${HTTP_CODE}: $(short_body)"
    jq_true '.success == true and (.task_id | type) == "string" and (.task_id | length) > 0' ||
        fail "POST ${url} ${ADD_TICKER}; expected success and a task_id; got: $(short_body)"
    task_id=$(jq -r .task_id <<<"$BODY")
    pass "POST ${url} ${ADD_TICKER} (202, task ${task_id})"

    task_url="${SERVICE}/tickers/task/${task_id}/"
    start=$SECONDS
    deadline=$((SECONDS + CHECK_TIMEOUT))
    say "following ${task_url} (until done, at most ${CHECK_TIMEOUT}s)"
    while true; do
        request GET "$task_url"
        status=$(jq -r '.status // "no status"' 2>/dev/null <<<"$BODY" || echo 'not JSON')
        case "$status" in
            done) break ;;
            failed) fail "GET ${task_url}; the task for ${ADD_TICKER} failed: $(short_body)" ;;
        esac
        if [[ $status != "$last" ]]; then
            say "  $((SECONDS - start))s: HTTP ${HTTP_CODE}: $(short_body)"
            last=$status
        fi
        ((SECONDS < deadline)) ||
            fail "GET ${task_url}; expected status done within ${CHECK_TIMEOUT}s; actual: ${status} ($(short_body))"
        sleep "$POLL_INTERVAL"
    done
    pass "GET ${task_url} (done after $((SECONDS - start))s)"
    check_ticker_data "$ADD_TICKER"
}

# ---------------------------------------------------------------- admin
ADMIN_DIR=''
cleanup() {
    [[ -z $ADMIN_DIR ]] || rm -rf "$ADMIN_DIR"
}
trap cleanup EXIT

# admin_curl JAR METHOD URL [CURL_ARG...]: one request with the cookie jar JAR; sets HTTP_CODE, BODY and
# LOCATION (the redirect target, empty when there is none).
admin_curl() {
    local jar=$1 method=$2 url=$3 out meta
    shift 3
    out=$(curl -s -X "$method" --max-time "$REQUEST_TIMEOUT" -b "$jar" -c "$jar" -H 'Cache-Control: no-cache' \
        -w '\n%{http_code} %{redirect_url}' "$@" "$url" 2>/dev/null) || true
    meta=${out##*$'\n'}
    BODY=${out%$'\n'*}
    [[ $out == *$'\n'* ]] || BODY=''
    HTTP_CODE=${meta%% *}
    LOCATION=${meta#* }
    [[ $HTTP_CODE =~ ^[0-9]{3}$ ]] || { HTTP_CODE=000; LOCATION=''; }
    [[ $LOCATION != "$HTTP_CODE" ]] || LOCATION=''
}

# admin_login JAR PASSWORD: GET the login page (a session and its _csrf token), then POST the form with
# ADMIN_USER and PASSWORD (the password read by curl from a pipe). Leaves HTTP_CODE and LOCATION of the POST.
admin_login() {
    local jar=$1 password=$2 url="${SERVICE}/admin/login" csrf
    admin_curl "$jar" GET "$url" -H 'Accept: text/html'
    [[ $HTTP_CODE == 200 ]] ||
        fail "GET ${url}; expected the login page (HTTP 200), got ${HTTP_CODE}: $(short_body) (is the admin on?)"
    # Thymeleaf writes <input type="hidden" name="_csrf" value="..."/> into the form (attributes in any order).
    csrf=$(grep -o '<input[^>]*name="_csrf"[^>]*>' <<<"$BODY" | head -n 1 | sed -n 's/.*value="\([^"]*\)".*/\1/p')
    [[ -n $csrf ]] || fail "GET ${url}; expected a _csrf field in the login form; got: $(short_body)"
    # The password from a pipe (printf is a builtin: no command line holds it); curl reads /dev/fd/N.
    admin_curl "$jar" POST "$url" -H 'Accept: text/html' --data-urlencode "username=${ADMIN_USER}" \
        --data-urlencode "password@"<(printf '%s' "$password") --data-urlencode "_csrf=${csrf}"
}

# The tasks view lists every worker of the stack as alive (each beats into Redis every 2 s).
test_admin_workers() {
    local jar="$ADMIN_DIR/admin.jar" url="${SERVICE}/admin/api/tasks" start deadline left count=0 ids='' last='' now
    admin_login "$jar" "$ADMIN_PASSWORD"
    [[ $HTTP_CODE == 302 && $LOCATION != *error* && $LOCATION != *"/admin/login"* ]] ||
        fail "POST ${SERVICE}/admin/login as ${ADMIN_USER}; expected HTTP 302 into the admin, got ${HTTP_CODE} to ${LOCATION:-nowhere}"
    pass "POST ${SERVICE}/admin/login as ${ADMIN_USER} (302 to ${LOCATION#"$SERVICE"})"

    start=$(now_ms)
    deadline=$((start + ADMIN_TIMEOUT * 1000))
    say "polling ${url} (until ${STACK_WORKERS} workers are alive, at most ${ADMIN_TIMEOUT}s)"
    while true; do
        admin_curl "$jar" GET "$url" -H 'Accept: application/json'
        case "$HTTP_CODE" in
            401 | 403) fail "GET ${url}; expected the tasks snapshot, got HTTP ${HTTP_CODE}: the login gave no session" ;;
        esac
        if [[ $HTTP_CODE == 200 ]] && jq_true '.workers.available == true and (.workers.items | type) == "array"'; then
            count=$(jq '[.workers.items[].id] | unique | length' <<<"$BODY")
            ids=$(jq -r '[.workers.items[].id] | unique | join(", ")' <<<"$BODY")
            ((count >= STACK_WORKERS)) && break
            now="${count} worker(s) alive: ${ids:-none}"
        else
            now="HTTP ${HTTP_CODE}: $(short_body)"
        fi
        if [[ $now != "$last" ]]; then
            say "  $(since "$start")s: ${now}"
            last=$now
        fi
        left=$((deadline - $(now_ms)))
        ((left > 0)) ||
            fail "admin tasks view; expected ${STACK_WORKERS} workers alive within ${ADMIN_TIMEOUT}s; actual: ${now}"
        # Every POLL_INTERVAL seconds, the last time right at the deadline.
        sleep "$(seconds_min "$POLL_INTERVAL" "$left")"
    done
    pass "admin tasks view shows ${count} workers (${ids}; after $(since "$start")s)"
}

# A wrong password: back to the login page with ?error, and no session (the JSON API answers 401).
test_admin_wrong_password() {
    local jar="$ADMIN_DIR/wrong.jar" url="${SERVICE}/admin/login" to
    admin_login "$jar" "not-the-password-${RANDOM}${RANDOM}"
    [[ $HTTP_CODE == 302 && $LOCATION == *"/admin/login?error"* ]] ||
        fail "POST ${url} with a wrong password; expected HTTP 302 to /admin/login?error, got ${HTTP_CODE} to ${LOCATION:-nowhere}"
    to=${LOCATION#"$SERVICE"}
    admin_curl "$jar" GET "${SERVICE}/admin/api/tasks" -H 'Accept: application/json'
    [[ $HTTP_CODE == 401 ]] ||
        fail "GET ${SERVICE}/admin/api/tasks after a wrong password; expected HTTP 401 (no session), got ${HTTP_CODE}"
    pass "POST ${url} with a wrong password is refused (302 to ${to}, then 401 from /admin/api/tasks)"
}

say "SERVICE: ${SERVICE}"
wait_for_healthy /health/app/ "$START_TIMEOUT"
for path in /health/database/ /health/celery/ /health/tickers-loaded/ /health/quotes-updated/; do
    wait_for_healthy "$path" "$CHECK_TIMEOUT"
done
say "Health: all five checks healthy after $(since "$START_MS")s"
test_ticker_list
check_ticker_data AMZN
test_recommendations
test_add_ticker
if [[ -n $ADMIN_USER && -n $ADMIN_PASSWORD ]]; then
    ADMIN_DIR=$(mktemp -d)
    test_admin_workers
    test_admin_wrong_password
else
    say "admin: not tested (ADMIN_USER and ADMIN_PASSWORD not both set)"
fi

say "all ${PASSED} tests passed in $(since "$START_MS")s"
echo "integration: ${PASSED} passed, 0 failed"
