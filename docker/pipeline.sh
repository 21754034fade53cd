#!/usr/bin/env bash
# The reference's "full build/test" sequence with containers only (hosts with a Docker engine, or root to
# install one): build the jar and the images, unit tests in containers, the local image stack up, the
# stacktest harness in the web container's network, the logs of every app container on failure, and always
# `down`. It is ci/pipeline.sh without the plain-process stack: the same steps, clean-up and step table.
#
#   docker/pipeline.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PIPELINE_CONTAINERS=yes PIPELINE_PROCESSES=no exec ci/pipeline.sh "$@"
