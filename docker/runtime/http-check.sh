#!/usr/bin/env bash
# The images' HEALTHCHECK: healthy when GET http://127.0.0.1:PORT/PATH answers 200. Plain bash (/dev/tcp),
# so the runtime image needs no curl; Docker's --timeout bounds it.
#   http-check.sh PORT PATH
set -euo pipefail
port=${1:?usage: http-check.sh PORT PATH}
path=${2:?usage: http-check.sh PORT PATH}
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
read -r _ status _ <&3
[[ $status == 200 ]]
