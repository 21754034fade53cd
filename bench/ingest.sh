#!/usr/bin/env bash
# Issue 2's ingest benchmark: 500 tickers × 5 years from the sample source, the project's ingest path against a raw
# COPY of the same rows, and a full recompute of one ticker. Writes docs/bench-ingest.md and prints it.
#
# Needs a running PostgreSQL (POSTGRES_HOST, POSTGRES_PORT; the app role POSTGRES_USER, default stockpicker) and an
# admin role to create the benchmark's own database (TEST_POSTGRES_ADMIN_USER, default postgres). The database,
# stockpicker_bench, is dropped again at the end, also when the run fails.
set -euo pipefail

cd "$(dirname "$0")/.."

export POSTGRES_HOST="${POSTGRES_HOST:-localhost}"
export POSTGRES_PORT="${POSTGRES_PORT:-5432}"
export POSTGRES_USER="${POSTGRES_USER:-stockpicker}"
export POSTGRES_DB=stockpicker_bench
admin="${TEST_POSTGRES_ADMIN_USER:-postgres}"
report="${1:-docs/bench-ingest.md}"
classpath_file=target/bench-classpath.txt

admin_sql() {
    PGPASSWORD="${TEST_POSTGRES_ADMIN_PASSWORD:-}" psql -X -q -v ON_ERROR_STOP=1 -h "$POSTGRES_HOST" \
        -p "$POSTGRES_PORT" -U "$admin" -d postgres -c "$1"
}

drop_database() {
    admin_sql "DROP DATABASE IF EXISTS $POSTGRES_DB WITH (FORCE)"
}

echo "building test classes and the classpath..." >&2
./mvnw -q -B test-compile
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"

drop_database
trap drop_database EXIT
admin_sql "CREATE DATABASE $POSTGRES_DB OWNER \"$POSTGRES_USER\""

mkdir -p "$(dirname "$report")"
# A fixed heap, so the figures do not depend on the machine's memory; the run holds the 630k rows' COPY text.
java -Xms2g -Xmx2g -cp "target/test-classes:target/classes:$(cat "$classpath_file")" \
    dev.stockpicker.bench.IngestBenchmark "$report"
