#!/usr/bin/env bash
# Start or stop one slurmd of the test cluster (start.sh must have run):  slurmd.sh start|stop|pid NODE
# The tests stop and restart a node this way. Stopping slurmd does not stop the jobs it runs: their slurmstepd processes
# go on, as on a real node whose slurmd restarts; slurmctld sets the node DOWN (and requeues its jobs) only once the node
# has not answered for SlurmdTimeout.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib.sh"
BASE=${LANDFALL_SLURM_ROOT:-$LF_TEST_ROOT/slurm}
lf_check_root "$BASE"
[ $# -eq 2 ] || lf_die "usage: slurmd.sh start|stop|pid NODE"
action=$1 node=$2
case "$node" in n1|n2|n3) ;; *) lf_die "unknown node '$node' (n1 n2 n3)";; esac
pidfile="$BASE/slurmd-$node.pid.launcher"
ours() { [ -f "$pidfile" ] && p=$(cat "$pidfile") && [[ $p =~ ^[0-9]+$ ]] && lf_alive "$p" && [[ $(lf_cmdline "$p") == *"-N $node"*"$BASE/slurm.conf"* ]]; }
case "$action" in
  start)
    ours && lf_die "slurmd $node is already running (pid $p)"
    /usr/sbin/slurmd -D -N "$node" -f "$BASE/slurm.conf" </dev/null >>"$BASE/log/slurmd-$node.out" 2>&1 &
    echo $! > "$pidfile"
    ;;
  stop)
    if ours; then lf_stop_pids TERM 10 "$p"; fi
    rm -f "$pidfile"
    ;;
  pid)
    ours && echo "$p"
    ;;
  *) lf_die "usage: slurmd.sh start|stop|pid NODE" ;;
esac
