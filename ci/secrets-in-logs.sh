#!/usr/bin/env bash
# Fails when a configured secret shows in a log: secrets come from the environment only, and no process may
# write one out (issue 9).
#
#   ci/secrets-in-logs.sh FILE...        # "-" reads standard input (e.g. docker logs piped in)
#
# The secrets are the values of the variables named in SECRET_VARS [STACK_ADMIN_PASSWORD ADMIN_PASSWORD
# POSTGRES_PASSWORD RABBITMQ_DEFAULT_PASS REDIS_PASSWORD], those that are set. A value under 8 characters is not
# looked for (RabbitMQ's default "guest" is also its user name, which logs name): the script says which.
# On a find it prints the variable's name, the file and the line numbers, never the secret, and exits 1.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SECRET_VARS=${SECRET_VARS:-STACK_ADMIN_PASSWORD ADMIN_PASSWORD POSTGRES_PASSWORD RABBITMQ_DEFAULT_PASS REDIS_PASSWORD}
(($# > 0)) || die "usage: ci/secrets-in-logs.sh FILE... (- for standard input)"

# files: what grep reads; names: what the messages call it.
files=() names=()
for file in "$@"; do
    if [[ $file == - ]]; then
        stdin_copy=$(mktemp)
        trap 'rm -f "$stdin_copy"' EXIT
        cat >"$stdin_copy"
        files+=("$stdin_copy") names+=("standard input")
    else
        [[ -r $file ]] || die "no log ${file}"
        files+=("$file") names+=("$file")
    fi
done

checked=() found=0
for name in $SECRET_VARS; do
    secret=${!name:-}
    [[ -n $secret ]] || continue
    if ((${#secret} < 8)); then
        log "not looked for: ${name} (under 8 characters)"
        continue
    fi
    checked+=("$name")
    for i in "${!files[@]}"; do
        lines=$(grep -F -n -- "$secret" "${files[$i]}" | cut -d: -f1 | paste -sd, -) || true
        if [[ -n $lines ]]; then
            warn "the value of ${name} is in ${names[$i]}, line(s) ${lines}"
            found=1
        fi
    done
done
((${#checked[@]} > 0)) || die "no secret to look for: none of ${SECRET_VARS} is set (8 characters or more)"
((found == 0)) || die "secrets in the logs"
log "no secret in ${#files[@]} log(s): looked for ${checked[*]}"
