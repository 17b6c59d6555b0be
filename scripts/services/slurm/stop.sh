#!/usr/bin/env bash
# Stop the throw-away Slurm cluster that start.sh started, by pid: its jobs first (their slurmstepd processes outlive
# slurmd), then the slurmd daemons, slurmctld and munged. Leaves BASE in place (logs); start.sh wipes it.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib.sh"
BASE=${LANDFALL_SLURM_ROOT:-$LF_TEST_ROOT/slurm}
lf_check_root "$BASE"
[ -d "$BASE" ] || exit 0
launched() { local f=$1 p; [ -f "$f" ] && p=$(cat "$f") && [[ $p =~ ^[0-9]+$ ]] && lf_alive "$p" && [[ $(lf_cmdline "$p") == *"$2"* ]] && echo "$p"; }

ctld=$(launched "$BASE/slurmctld.pid.launcher" "$BASE/slurm.conf" || true)
if [ -n "$ctld" ]; then
  # End every job of this cluster while slurmctld can still reach the nodes.
  SLURM_CONF="$BASE/slurm.conf" timeout 10 scancel --full --signal=KILL --state=RUNNING $(SLURM_CONF="$BASE/slurm.conf" timeout 10 squeue -h -o %i 2>/dev/null) >/dev/null 2>&1 || true
  SLURM_CONF="$BASE/slurm.conf" timeout 10 scancel $(SLURM_CONF="$BASE/slurm.conf" timeout 10 squeue -h -o %i 2>/dev/null) >/dev/null 2>&1 || true
fi
pids=()
for n in n1 n2 n3; do p=$(launched "$BASE/slurmd-$n.pid.launcher" "$BASE/slurm.conf" || true); [ -n "$p" ] && pids+=("$p"); done
[ ${#pids[@]} -eq 0 ] || lf_stop_pids TERM 10 "${pids[@]}"
# slurmstepd processes (one per running job step, children of init) that still hold a file of this cluster open
steps=()
for p in $(pgrep -x slurmstepd 2>/dev/null || true); do
  if ls -l "/proc/$p/fd" 2>/dev/null | grep -q -- "$BASE/"; then steps+=("$p" $(lf_descendants "$p")); fi
done
[ ${#steps[@]} -eq 0 ] || lf_stop_pids KILL 5 "${steps[@]}"
[ -z "$ctld" ] || lf_stop_pids TERM 10 "$ctld"
m=$(launched "$BASE/munged.pid.launcher" "$BASE/munge/munge.key" || true)
[ -z "$m" ] || lf_stop_pids TERM 10 "$m"
rm -f "$BASE"/*.pid.launcher
lf_log "stopped"
