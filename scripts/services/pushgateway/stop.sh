#!/usr/bin/env bash
# Stop the throw-away Pushgateway started by start.sh (only that process, by its pid file).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib.sh"
BASE=${LANDFALL_PUSHGATEWAY_ROOT:-$LF_TEST_ROOT/pushgateway}
lf_check_root "$BASE"
[ -f "$BASE/pushgateway.pid" ] || exit 0
P=$(cat "$BASE/pushgateway.pid")
rm -f "$BASE/pushgateway.pid"
[[ $P =~ ^[0-9]+$ ]] && lf_alive "$P" || exit 0
[[ $(lf_cmdline "$P") == *prometheus-pushgateway* ]] || exit 0
lf_stop_pids TERM 5 "$P"
lf_log "stopped pid $P"
