#!/usr/bin/env bash
# Start throw-away test services, in the order given:  up.sh [s3] [postgres] [sshd] [slurm] [podman] [azure] [pushgateway]
# (no argument = all of them; slurm is a three-node Slurm cluster, podman a prepared container storage).
# Each start.sh stops a stale previous instance first, so up.sh can be run again at any time.
# Every service is recorded in $LANDFALL_TEST_ROOT/started (default /tmp/landfall-test/started)
# BEFORE it starts, so that `down.sh` also cleans up one whose start failed half-way.
# Stops at the first failure (exit 1); pair it with
#   trap 'scripts/services/down.sh' EXIT
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
STATE=$LF_TEST_ROOT/started
[ $# -gt 0 ] || set -- s3 postgres sshd slurm podman azure pushgateway
for n in "$@"; do
  case "$n" in s3|postgres|sshd|slurm|podman|azure|pushgateway) ;; *) lf_die "unknown service '$n' (known: s3 postgres sshd slurm podman azure pushgateway)";; esac
done
mkdir -p "$LF_TEST_ROOT"; touch "$STATE"
for n in "$@"; do
  grep -qx "$n" "$STATE" || echo "$n" >> "$STATE"
  t0=$(date +%s.%N)
  "$HERE/$n/start.sh" || lf_die "$n failed to start (run $HERE/down.sh to clean up)"
  lf_log "$n started in $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N)-$t0}") s"
done
