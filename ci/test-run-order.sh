#!/usr/bin/env bash
# Records how long each test class took in the last full `./mvnw verify` (its Surefire reports), longest first, in
# src/test/run-order/.surefire-runtimes. Surefire reads that file to start the longest classes first (pom.xml,
# runOrder balanced), so that no long class starts last and runs alone at the end. Run it after a full
# `./mvnw verify` when a class became long or a long class was added; a class missing from the file runs last.
#
#   ci/test-run-order.sh
#
# The file is in Surefire's own format (runs, milliseconds, class, test), one line per class: a class's time in
# its report includes its set-up (a context's start, the processes it starts), which the per-test times leave out.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

reports="$REPO_ROOT/target/surefire-reports"
order="$REPO_ROOT/src/test/run-order/.surefire-runtimes"
compgen -G "$reports/TEST-*.xml" >/dev/null || die "no Surefire reports in ${reports}: run ./mvnw verify first"

lines=$(
    for report in "$reports"/TEST-*.xml; do
        # The opening <testsuite ...> tag: the class's name and its time in seconds.
        suite=$(grep -o -m1 '<testsuite [^>]*>' "$report")
        name=$(sed -n 's/.* name="\([^"]*\)".*/\1/p' <<<"$suite")
        seconds=$(sed -n 's/.* time="\([0-9.]*\)".*/\1/p' <<<"$suite")
        [[ -n $name && -n $seconds ]] || die "no class name or time in ${report}"
        awk -v s="$seconds" -v n="$name" 'BEGIN { printf "1,%d,%s,wholeClass\n", s * 1000, n }'
    done | sort -t, -k2,2nr
)
printf '%s\n' "$lines" >"$order"
log "$(wc -l <"$order") classes in ${order#"$REPO_ROOT"/}, the longest first:"
head -n 5 "$order" | cut -d, -f2,3 | sed 's/^/    /'
