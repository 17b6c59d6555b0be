#!/usr/bin/env bash
# Stop the throw-away Swift/S3 node started by start.sh: every pid in ROOT/run/*.pid, waiting
# until each has exited (zombies count as gone) so the ports are free for the next start.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib.sh"
ROOT=${LANDFALL_S3_ROOT:-$LF_TEST_ROOT/s3}
lf_check_root "$ROOT"
[ -d "$ROOT/run" ] || exit 0
pids=()
for f in "$ROOT"/run/*.pid; do
  [ -e "$f" ] || continue
  p=$(cat "$f")
  # only kill it if the pid still belongs to our program (pids get reused)
  cmd=$(lf_cmdline "$p")
  if [[ $cmd == *"$ROOT/etc/"* || $cmd == *memcached*9014* ]]; then pids+=("$p"); fi
done
rc=0
[ ${#pids[@]} -eq 0 ] || lf_stop_pids TERM 10 "${pids[@]}" || rc=1
rm -f "$ROOT"/run/*.pid
[ ${#pids[@]} -eq 0 ] || lf_log "stopped pids ${pids[*]}"
exit $rc
