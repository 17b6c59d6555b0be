#!/usr/bin/env bash
# Stop the throw-away sshd started by start.sh: the listener AND its live sessions. Killing only
# the listener leaves running sessions alive (separate processes that keep serving transfers).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib.sh"
BASE=${LANDFALL_SSHD_ROOT:-$LF_TEST_ROOT/sshd}
lf_check_root "$BASE"
[ -f "$BASE/sshd.pid.launcher" ] || exit 0
L=$(cat "$BASE/sshd.pid.launcher")
rm -f "$BASE/sshd.pid.launcher"
# only if that pid is still our sshd (pids get reused)
[[ $L =~ ^[0-9]+$ ]] && lf_alive "$L" || exit 0
[[ $(lf_cmdline "$L") == *"$BASE/etc/sshd_config"* ]] || exit 0
lf_stop_pids TERM 5 "$L" $(lf_descendants "$L")
lf_log "stopped pid $L"
