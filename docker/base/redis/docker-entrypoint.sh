#!/usr/bin/env bash
# As the official image: a plain `redis-server ...` listens on every address with protected mode off
# (Redis would otherwise refuse the other containers), then execs as PID 1.
set -euo pipefail

if [[ ${1:-} == redis-server ]]; then
    shift
    exec redis-server --bind '* -::*' --protected-mode no "$@"
fi
exec "$@"
