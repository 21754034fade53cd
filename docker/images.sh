#!/usr/bin/env bash
# Builds every image of the container pipeline, from the repository root's jar (./mvnw -DskipTests package):
#
#   docker/images.sh [bases|app|all]        # all: the default
#
#   bases  the images we build on and run beside. With a registry: the official images, pinned. Without
#          one (this machine): made here from Debian's packages, named stockpicker-local/* and labelled so:
#            stockpicker-local/debian:bookworm-slim   docker/base/debian/build.sh (debootstrap)
#            stockpicker-local/jdk:17                 docker/base/jdk        (for eclipse-temurin:17-jdk)
#            stockpicker-local/postgres:15            docker/base/postgres   (for postgres:15)
#            stockpicker-local/rabbitmq:3.10          docker/base/rabbitmq   (for rabbitmq:3.10)
#            stockpicker-local/redis:7.0              docker/base/redis      (for redis:7.0)
#          Each is built once and then cached: the Debian root is remade when its recipe changes, the
#          others are Dockerfiles, which Docker's build cache remakes when they change.
#          Writes docker/.env (git-ignored), which docker-compose reads, so that the compose files' service
#          images are the ones chosen here, also when a reader types the compose commands by hand.
#   app    stockpicker/webapp, stockpicker/worker, stockpicker/stacktest and stockpicker/unit-test.
#
# Settings: BASE_IMAGES [auto] auto | official | local (auto: official when the registry answers);
# IMAGE_TAG [latest]. Needs a running engine (docker/engine.sh up).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../ci/lib.sh"
CI_SCRIPT_NAME=images

export DOCKER_BUILDKIT=0 # the legacy builder: there is no BuildKit here, and it silences its warning
IMAGE_TAG=${IMAGE_TAG:-latest}
BASE_IMAGES=${BASE_IMAGES:-auto}
ENV_FILE=docker/.env

# The official images, pinned by version, and their stand-ins made here.
OFFICIAL_DEBIAN=debian:12.11-slim
OFFICIAL_JDK=eclipse-temurin:17.0.15_6-jdk-jammy
OFFICIAL_POSTGRES=postgres:15.13-bookworm
OFFICIAL_RABBITMQ=rabbitmq:3.10.25
OFFICIAL_REDIS=redis:7.0.15-bookworm
LOCAL_DEBIAN=stockpicker-local/debian:bookworm-slim
LOCAL_JDK=stockpicker-local/jdk:17
LOCAL_POSTGRES=stockpicker-local/postgres:15
LOCAL_RABBITMQ=stockpicker-local/rabbitmq:3.10
LOCAL_REDIS=stockpicker-local/redis:7.0

cd "$REPO_ROOT"

# build TAG DOCKERFILE CONTEXT [docker build options...]: a quiet build that shows its log only on failure.
build() {
    local tag=$1 file=$2 context=$3 start out old new
    shift 3
    start=$(now_ms)
    out=$(mktemp)
    old=$(docker image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)
    # --force-rm: a failed step leaves no container behind either
    if ! docker build --force-rm -t "$tag" -f "$file" "$@" "$context" >"$out" 2>&1; then
        cat "$out" >&2
        rm -f "$out"
        die "building ${tag} failed"
    fi
    # The image this build replaced was ours: it goes, unless a container still uses it.
    new=$(docker image inspect -f '{{.Id}}' "$tag")
    if [[ -n $old && $old != "$new" ]]; then
        docker rmi "$old" >/dev/null 2>&1 || true
    fi
    if grep -q 'Using cache' "$out" && ! grep -q 'Running in' "$out"; then
        log "${tag}: cached ($(elapsed_since "$start")s)"
    else
        log "${tag}: built in $(elapsed_since "$start")s"
    fi
    rm -f "$out"
}

# The base-image source: official when the registry serves the pinned Debian image, else local.
choose_bases() {
    case "$BASE_IMAGES" in
        official | local) ;;
        auto)
            if docker image inspect "$OFFICIAL_DEBIAN" >/dev/null 2>&1 ||
                timeout 60 docker pull -q "$OFFICIAL_DEBIAN" >/dev/null 2>&1; then
                BASE_IMAGES=official
            else
                BASE_IMAGES=local
                log "no registry answers (docker pull ${OFFICIAL_DEBIAN} failed): base images are made here"
            fi
            ;;
        *) die "BASE_IMAGES must be auto, official or local, not '${BASE_IMAGES}'" ;;
    esac
}

# The Debian root: remade only when its recipe (the script) changed since the image was made.
build_local_debian() {
    local recipe current
    recipe=$(sha256sum docker/base/debian/build.sh | cut -c1-16)
    current=$(docker image inspect -f '{{index .Config.Labels "dev.stockpicker.recipe"}}' "$LOCAL_DEBIAN" 2>/dev/null || true)
    if [[ $current == "$recipe" ]]; then
        log "${LOCAL_DEBIAN}: cached (recipe ${recipe})"
        return 0
    fi
    RECIPE_SHA=$recipe docker/base/debian/build.sh "$LOCAL_DEBIAN"
}

build_bases() {
    choose_bases
    if [[ $BASE_IMAGES == official ]]; then
        local image
        for image in "$OFFICIAL_DEBIAN" "$OFFICIAL_JDK" "$OFFICIAL_POSTGRES" "$OFFICIAL_RABBITMQ" "$OFFICIAL_REDIS"; do
            docker image inspect "$image" >/dev/null 2>&1 || run docker pull -q "$image"
        done
        write_env "$OFFICIAL_DEBIAN" "$OFFICIAL_JDK" "$OFFICIAL_POSTGRES" "$OFFICIAL_RABBITMQ" "$OFFICIAL_REDIS" \
            "$OFFICIAL_DEBIAN"
        return 0
    fi
    build_local_debian
    local arg=(--build-arg "BASE_IMAGE=${LOCAL_DEBIAN}")
    build "$LOCAL_JDK" docker/base/jdk/Dockerfile docker/base/jdk "${arg[@]}"
    build "$LOCAL_POSTGRES" docker/base/postgres/Dockerfile docker/base/postgres "${arg[@]}"
    build "$LOCAL_RABBITMQ" docker/base/rabbitmq/Dockerfile docker/base/rabbitmq "${arg[@]}"
    build "$LOCAL_REDIS" docker/base/redis/Dockerfile docker/base/redis "${arg[@]}"
    write_env "$LOCAL_DEBIAN" "$LOCAL_JDK" "$LOCAL_POSTGRES" "$LOCAL_RABBITMQ" "$LOCAL_REDIS" "$LOCAL_JDK"
}

# write_env DEBIAN JDK POSTGRES RABBITMQ REDIS UNIT_TEST_BASE. The unit-test image needs a Debian base (for
# Debian's Chromium): the local JDK image, or the official Debian image (Temurin's are Ubuntu).
write_env() {
    cat >"$ENV_FILE.tmp" <<ENV
# Written by docker/images.sh (${BASE_IMAGES} base images); docker-compose reads it from this folder.
RUNTIME_IMAGE=$1
JDK_IMAGE=$2
POSTGRES_IMAGE=$3
RABBITMQ_IMAGE=$4
REDIS_IMAGE=$5
UNIT_TEST_BASE_IMAGE=$6
IMAGE_TAG=${IMAGE_TAG}
# The unit-test container runs as the owner of the Maven folder it mounts: this user.
HOST_UID=$(id -u)
HOST_GID=$(id -g)
ENV
    mv "$ENV_FILE.tmp" "$ENV_FILE"
    log "${ENV_FILE}: ${BASE_IMAGES} base images ($1, $3, $4, $5)"
}

# A value of docker/.env (the bases chosen by the last `bases`).
env_value() {
    [[ -f $ENV_FILE ]] || die "no ${ENV_FILE}: run docker/images.sh bases first"
    sed -n "s/^$1=//p" "$ENV_FILE"
}

build_app() {
    local runtime jdk labels
    [[ -f target/stockpicker.jar ]] || die "no target/stockpicker.jar: build it first (./mvnw -DskipTests package)"
    runtime=$(env_value RUNTIME_IMAGE)
    jdk=$(env_value JDK_IMAGE)
    labels=(--label "org.opencontainers.image.source=https://github.com/stockpicker/stockpicker"
        --label "org.opencontainers.image.revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)"
        --label "org.opencontainers.image.created=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        --label "org.opencontainers.image.vendor=stockpicker")
    build "stockpicker/webapp:${IMAGE_TAG}" docker/webapp/Dockerfile . "${labels[@]}" \
        --label "org.opencontainers.image.title=stockpicker webapp" \
        --build-arg "JDK_IMAGE=${jdk}" --build-arg "RUNTIME_IMAGE=${runtime}"
    # The jar stage's leftover (a JDK plus this jar, about 500 MB a build) goes; the runtime stage stays cached.
    docker image prune -f --filter label=dev.stockpicker.stage=layers >/dev/null
    build "stockpicker/worker:${IMAGE_TAG}" docker/worker/Dockerfile . "${labels[@]}" \
        --label "org.opencontainers.image.title=stockpicker worker" \
        --build-arg "APP_IMAGE=stockpicker/webapp:${IMAGE_TAG}"
    build "stockpicker/stacktest:${IMAGE_TAG}" docker/stacktest/Dockerfile . "${labels[@]}" \
        --label "org.opencontainers.image.title=stockpicker stacktest" --build-arg "RUNTIME_IMAGE=${runtime}"
    build "stockpicker/unit-test:${IMAGE_TAG}" docker/unit-test/Dockerfile . "${labels[@]}" \
        --label "org.opencontainers.image.title=stockpicker unit-test" --build-arg "BASE_IMAGE=$(env_value UNIT_TEST_BASE_IMAGE)"
    sizes
}

sizes() {
    local image
    for image in webapp worker stacktest unit-test; do
        log "$(printf '%-26s %s' "stockpicker/${image}:${IMAGE_TAG}" \
            "$(docker image inspect -f '{{.Size}}' "stockpicker/${image}:${IMAGE_TAG}" | awk '{printf "%.0f MB", $1 / 1e6}')")"
    done
}

main() {
    docker info >/dev/null 2>&1 || die "no Docker engine answers: docker/engine.sh up"
    case "${1:-all}" in
        bases) build_bases ;;
        app) build_app ;;
        all) build_bases && build_app ;;
        *) die "usage: docker/images.sh [bases|app|all]" ;;
    esac
}

main "$@"
