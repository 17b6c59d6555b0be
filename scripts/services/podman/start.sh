#!/usr/bin/env bash
# Prepare podman and buildah (daemonless containers, Debian's podman 4.3 and buildah 1.28) for the tests: installs podman,
# buildah, runc and catatonit when missing and gives them a throw-away storage of their own under BASE (default
# /tmp/landfall-test/podman, env LANDFALL_PODMAN_ROOT), WIPED on every start, so that nothing of the machine's own images
# and containers is touched. No daemon runs: containers are children of their conmon processes, which stop.sh ends through
# podman itself (by container id, for this storage only). Clients need BASE/env sourced (CONTAINERS_CONF and
# CONTAINERS_STORAGE_CONF). No registry is reachable: images are built from local files (scripts/build-image.sh).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib.sh"
BASE=${LANDFALL_PODMAN_ROOT:-$LF_TEST_ROOT/podman}
lf_check_root "$BASE"
T0=$(date +%s.%N)

missing=()
command -v podman >/dev/null || missing+=(podman)
command -v buildah >/dev/null || missing+=(buildah)
command -v runc >/dev/null || missing+=(runc)
command -v catatonit >/dev/null || [ -x /usr/libexec/podman/catatonit ] || missing+=(catatonit)
command -v jq >/dev/null || missing+=(jq)
[ ${#missing[@]} -eq 0 ] || lf_apt_install "${missing[@]}"

"$HERE/stop.sh"
rm -rf "$BASE"
mkdir -p "$BASE/storage" "$BASE/run"
cp "$HERE/containers.conf" "$BASE/containers.conf"
cat > "$BASE/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$BASE/storage"
runroot = "$BASE/run"
CONF
printf 'export CONTAINERS_CONF=%s\nexport CONTAINERS_STORAGE_CONF=%s\n' "$BASE/containers.conf" "$BASE/storage.conf" > "$BASE/env"
. "$BASE/env"
podman info --format '{{.Host.OCIRuntime.Name}} {{.Store.GraphDriverName}}' >"$BASE/info" 2>&1 || { cat "$BASE/info" >&2; lf_die "podman does not work here"; }
T1=$(date +%s.%N)
lf_log "ready in $(awk "BEGIN{printf \"%.1f\", $T1-$T0}") s ($(cat "$BASE/info"))"
echo "podman ready: source $BASE/env (storage $BASE/storage)"
