#!/usr/bin/env bash
# Writes rabbitmq.conf from the official image's variables, then execs the server as PID 1.
set -euo pipefail

if [[ ${1:-} == rabbitmq-server ]]; then
    # Remote clients may log in (RabbitMQ only lets guest in from loopback by default; the official image
    # does the same); the default user, password and vhost come from the environment.
    {
        echo "loopback_users = none"
        echo "listeners.tcp.default = 5672"
        echo "default_user = ${RABBITMQ_DEFAULT_USER:-guest}"
        echo "default_pass = ${RABBITMQ_DEFAULT_PASS:-guest}"
        echo "default_vhost = ${RABBITMQ_DEFAULT_VHOST:-/}"
        echo "default_permissions.configure = .*"
        echo "default_permissions.read = .*"
        echo "default_permissions.write = .*"
    } >/etc/rabbitmq/rabbitmq.conf
    chmod 600 /etc/rabbitmq/rabbitmq.conf
    shift
    exec /usr/lib/rabbitmq/bin/rabbitmq-server "$@"
fi
exec "$@"
