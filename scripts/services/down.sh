#!/usr/bin/env bash
# Stop test services that up.sh started:  down.sh [s3] [postgres] [sshd] [slurm] [podman] [azure] [pushgateway]
# (no argument = everything recorded in $LANDFALL_TEST_ROOT/started, newest first). A service
# that up.sh did not start is left alone. Tries every one even if one fails; exit 1 then.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
STATE=$LF_TEST_ROOT/started
[ -f "$STATE" ] || exit 0
if [ $# -eq 0 ]; then mapfile -t names < <(tac "$STATE"); else names=("$@"); fi
rc=0
for n in "${names[@]}"; do
  [ -n "$n" ] || continue
  if ! grep -qx "$n" "$STATE"; then lf_log "$n: not started by up.sh, left alone"; continue; fi
  if "$HERE/$n/stop.sh"; then
    grep -vx "$n" "$STATE" > "$STATE.tmp" || true; mv "$STATE.tmp" "$STATE"
  else
    lf_log "ERROR: stopping $n failed"; rc=1
  fi
done
exit $rc
