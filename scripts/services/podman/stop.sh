#!/usr/bin/env bash
# Remove every pod and container of the test storage that start.sh prepared (podman stops their processes by container id,
# in this storage only; the machine's own containers are never looked at). Images stay until the next start.sh.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib.sh"
BASE=${LANDFALL_PODMAN_ROOT:-$LF_TEST_ROOT/podman}
lf_check_root "$BASE"
[ -f "$BASE/env" ] && command -v podman >/dev/null || exit 0
. "$BASE/env"
podman pod rm --all --force --time 5 >/dev/null 2>&1 || true
podman rm --all --force --time 5 >/dev/null 2>&1 || true
lf_log "stopped"
