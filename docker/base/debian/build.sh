#!/usr/bin/env bash
# A Debian bookworm base image made here, the way Debian's official images are made (debootstrap of the
# minbase variant, then the "slim" trimming of docs, man pages and locales), for hosts that cannot reach a
# registry. It stands in for the official debian:bookworm-slim image and says so in its name and labels.
#
#   docker/base/debian/build.sh IMAGE      # e.g. stockpicker-local/debian:bookworm-slim
#
# Needs root (debootstrap) and Debian's package mirror (DEBIAN_MIRROR [the host's apt source, else
# http://deb.debian.org/debian]). Takes about 40 s; the result is about 80 MB.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../../../ci/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../../ci/lib.sh"
CI_SCRIPT_NAME=base-debian

IMAGE=${1:?usage: build.sh IMAGE}
SUITE=bookworm
ROOTFS=''

# The host's own Debian mirror, so that a machine with a local mirror or proxy keeps using it.
host_mirror() {
    local uri
    uri=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
    [[ -n $uri ]] || uri=$(awk '$1 == "deb" && $2 ~ /\/debian\/?$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
    echo "${uri:-http://deb.debian.org/debian}"
}

cleanup() {
    [[ -z $ROOTFS ]] || rm -rf --one-file-system "$ROOTFS"
}

# What debian:bookworm-slim leaves out (debuerreotype's "slimify"): docs but their copyright, man pages,
# info, lintian data and translations. dpkg keeps leaving them out of every package installed later.
slimify() {
    local root=$1
    cat >"$root/etc/dpkg/dpkg.cfg.d/docker" <<'CFG'
# Keep images small: no documentation or translations (as Debian's official -slim images).
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
CFG
    find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
    find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
    rm -rf "$root"/usr/share/{man,groff,info,lintian,linda}/*
    find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
    # apt in a container: no caches or translations kept in layers
    cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'CFG'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CFG
    echo 'Acquire::Languages "none";' >"$root/etc/apt/apt.conf.d/docker-no-languages"
    echo 'APT::AutoRemove::SuggestsImportant "false";' >"$root/etc/apt/apt.conf.d/docker-autoremove-suggests"
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
    rm -rf "$root"/var/log/* "$root"/tmp/* "$root"/var/tmp/*
    : >"$root/etc/machine-id"
}

sources() {
    local mirror=$1 security=${1%/debian}/debian-security
    cat <<SRC
Types: deb
URIs: ${mirror}
Suites: ${SUITE} ${SUITE}-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${security}
Suites: ${SUITE}-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
}

main() {
    local mirror start
    is_root || die "debootstrap needs root"
    ensure_packages debootstrap:debootstrap
    mirror=${DEBIAN_MIRROR:-$(host_mirror)}
    start=$(now_ms)
    ROOTFS=$(mktemp -d "${TMPDIR:-/tmp}/stockpicker-rootfs.XXXXXX")
    trap cleanup EXIT
    log "debootstrap --variant=minbase ${SUITE} from ${mirror}"
    debootstrap --variant=minbase "$SUITE" "$ROOTFS" "$mirror" >"$ROOTFS.log" 2>&1 ||
        { tail -20 "$ROOTFS.log" >&2; rm -f "$ROOTFS.log"; die "debootstrap failed"; }
    rm -f "$ROOTFS.log"
    rm -f "$ROOTFS/etc/apt/sources.list"
    sources "$mirror" >"$ROOTFS/etc/apt/sources.list.d/debian.sources"
    slimify "$ROOTFS"
    log "importing ${IMAGE} ($(du -sh --one-file-system "$ROOTFS" | cut -f1))"
    tar --numeric-owner -C "$ROOTFS" -c . | docker import \
        --change 'CMD ["bash"]' \
        --change 'ENV LANG=C.UTF-8' \
        --change "LABEL org.opencontainers.image.title=\"debian ${SUITE}-slim (built locally)\"" \
        --change "LABEL org.opencontainers.image.description=\"Debian ${SUITE} minbase made here with debootstrap from ${mirror}, slimmed as the official -slim images; stands in for debian:${SUITE}-slim where no registry can be reached\"" \
        --change 'LABEL org.opencontainers.image.vendor="stockpicker (local build, not an official image)"' \
        --change "LABEL org.opencontainers.image.version=\"${SUITE}\"" \
        --change "LABEL org.opencontainers.image.created=\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"" \
        --change "LABEL dev.stockpicker.recipe=\"${RECIPE_SHA:-}\"" \
        - "$IMAGE" >/dev/null
    log "${IMAGE}: built in $(elapsed_since "$start")s"
}

main "$@"
