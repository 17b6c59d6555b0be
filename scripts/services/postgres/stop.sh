#!/usr/bin/env bash
# Stop the throw-away PostgreSQL started by start.sh (fast shutdown: clients are disconnected)
# and wait until the postmaster and its children are gone (zombies count as gone).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib.sh"
PGBIN=/usr/lib/postgresql/15/bin
BASE=${LANDFALL_PG_ROOT:-$LF_TEST_ROOT/pg}
lf_check_root "$BASE"
[ -f "$BASE/data/postmaster.pid" ] || exit 0
pm=$(head -1 "$BASE/data/postmaster.pid")
# only if that pid is still a postgres (a stale pid file survives a crash or reboot)
if [[ $pm =~ ^[0-9]+$ ]] && lf_alive "$pm" && [[ $(lf_cmdline "$pm") == *postgres* ]]; then
  kids=$(lf_descendants "$pm")
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$BASE/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
  # pg_ctl -w returns once postmaster.pid is gone; make sure every process really exited
  lf_stop_pids INT 10 "$pm" $kids || exit 1
  lf_log "stopped pid $pm"
fi
exit 0
