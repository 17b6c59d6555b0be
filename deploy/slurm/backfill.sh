#!/bin/sh
# Plans a backfill of FROM..TO once and runs it on Slurm: a job array with one task per (source, date) to ingest
# (unit.sbatch), then one last job (sweep.sbatch) that starts when every task has ended, whatever their outcome, and
# does what is left: the date of a task that was killed, a date that failed, a date whose holder died.
#   deploy/slurm/backfill.sh 2026-01-01 2026-03-31 [--source orders ...]
# Needs on this host and on every node: landfall and jq on PATH, LANDFALL_CONFIG naming the config (same path on every
# node), and a folder that every node sees for the unit list and the logs: LANDFALL_SLURM_DIR (default
# ./landfall-slurm). LANDFALL_SLURM_PARALLEL caps the tasks running at once (sbatch --array=...%N). Partition, account
# or time limit: the usual SBATCH_* variables (SBATCH_PARTITION, SBATCH_ACCOUNT, SBATCH_TIMELIMIT).
# Prints the job ids as key=value lines: array_job=ID, sweep_job=ID, units=N, units_file=PATH, logs=DIR.
set -eu
if [ $# -lt 2 ]; then
  echo "usage: $0 FROM TO [--source S ...]" >&2
  exit 2
fi
from=$1
to=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
dir=${LANDFALL_SLURM_DIR:-$PWD/landfall-slurm}
mkdir -p "$dir/logs"
dir=$(cd "$dir" && pwd)
units="$dir/units-$(date -u +%Y%m%dT%H%M%SZ)-$$.txt"

# The units are fixed here, once: task i must mean the same unit whenever it runs (a requeued task runs again), whatever
# the other tasks have done since.
landfall plan --from "$from" --to "$to" "$@" --json \
  | jq -r '.units[] | select(.action == "ingest") | "\(.source) \(.date)"' > "$units"
count=$(wc -l < "$units")
if [ "$count" -eq 0 ]; then
  echo "Nothing to backfill: every (source, date) of $from..$to has a successful latest manifest."
  rm -f "$units"
  exit 0
fi
limit=${LANDFALL_SLURM_PARALLEL:+%$LANDFALL_SLURM_PARALLEL}
array=$(sbatch --parsable --array="0-$((count - 1))$limit" --job-name=landfall-backfill \
  --output="$dir/logs/%A_%a.out" --error="$dir/logs/%A_%a.err" "$here/unit.sbatch" "$units")
array=${array%%;*}
sweep=$(sbatch --parsable --dependency="afterany:$array" --kill-on-invalid-dep=yes --job-name=landfall-sweep \
  --output="$dir/logs/${array}_sweep.out" --error="$dir/logs/${array}_sweep.err" "$here/sweep.sbatch" "$from" "$to" "$@")
sweep=${sweep%%;*}
echo "array_job=$array"
echo "sweep_job=$sweep"
echo "units=$count"
echo "units_file=$units"
echo "logs=$dir/logs"
echo "Follow it with: squeue -j $array,$sweep. Once both are done, 'landfall plan --from $from --to $to' shows every unit as skip." >&2
