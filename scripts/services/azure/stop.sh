#!/usr/bin/env bash
# Stop the throw-away Azurite started by start.sh (in-memory: its data goes with it).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib.sh"
BASE=${LANDFALL_AZURITE_ROOT:-$LF_TEST_ROOT/azure}
lf_check_root "$BASE"
[ -f "$BASE/azurite.pid" ] || exit 0
P=$(cat "$BASE/azurite.pid")
rm -f "$BASE/azurite.pid"
# only if that pid is still our azurite (pids get reused)
[[ $P =~ ^[0-9]+$ ]] && lf_alive "$P" || exit 0
[[ $(lf_cmdline "$P") == *azurite* ]] || exit 0
lf_stop_pids INT 5 "$P" $(lf_descendants "$P")
lf_log "stopped pid $P"
