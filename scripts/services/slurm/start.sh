#!/usr/bin/env bash
# Start a throw-away Slurm cluster of three nodes on this machine: munged, slurmctld and three slurmd daemons n1, n2, n3
# on 127.0.0.1 (each its own port), Debian's slurm-wlm 22.05. Run as root; installs slurmctld, slurmd, slurm-client and
# munge when missing. Jobs go from slurmctld to the slurmd daemons over TCP, authenticated by munge, as on a real cluster.
# BASE (default /tmp/landfall-test/slurm, env LANDFALL_SLURM_ROOT) is WIPED on every start; it holds the config, the
# munge key and socket, state, spool folders, logs and pid files. Clients need the config: SLURM_CONF=BASE/slurm.conf
# (BASE/env has it, to source). Stop with stop.sh (by pid).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib.sh"
BASE=${LANDFALL_SLURM_ROOT:-$LF_TEST_ROOT/slurm}
CTLD_PORT=${LANDFALL_SLURM_PORT:-16817}
NODE_PORTS=(17001 17002 17003)
lf_check_root "$BASE"
T0=$(date +%s.%N)

# --- install when missing ---
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  lf_apt_install slurmctld slurmd slurm-client munge
fi
command -v setpriv >/dev/null || lf_apt_install util-linux
# the recipes in deploy/slurm filter `landfall plan --json` with jq on the nodes
command -v jq >/dev/null || lf_apt_install jq

# --- stop a previous instance (ours by pid files; a stale one from another BASE by port) ---
"$HERE/stop.sh"
for p in "$CTLD_PORT" "${NODE_PORTS[@]}"; do
  lf_free_port "$p" 'slurm(ctl)?d' TERM || lf_die "port $p is taken by another program"
done

rm -rf "$BASE"
mkdir -p "$BASE/munge" "$BASE/ctld" "$BASE/log" "$BASE/spool/n1" "$BASE/spool/n2" "$BASE/spool/n3"

# --- munge: its own key and socket, run as the munge user (munged refuses loose permissions) ---
dd if=/dev/urandom bs=1 count=1024 of="$BASE/munge/munge.key" 2>/dev/null
# the socket folder must be searchable by every user that submits jobs (slurm clients ask munged for a credential)
chown -R munge:munge "$BASE/munge"; chmod 711 "$BASE/munge"; chmod 400 "$BASE/munge/munge.key"
setpriv --reuid=munge --regid=munge --clear-groups /usr/sbin/munged -F \
  --socket="$BASE/munge/munge.socket" --key-file="$BASE/munge/munge.key" --pid-file="$BASE/munge/munged.pid" \
  --log-file="$BASE/munge/munged.log" --seed-file="$BASE/munge/munged.seed" </dev/null >"$BASE/log/munged.out" 2>&1 &
echo $! > "$BASE/munged.pid.launcher"
for i in $(seq 1 50); do [ -S "$BASE/munge/munge.socket" ] && break; sleep 0.1; done
[ -S "$BASE/munge/munge.socket" ] || { cat "$BASE/log/munged.out" "$BASE/munge/munged.log" >&2 2>/dev/null; lf_die "munged did not start"; }

host=$(hostname -s)
sed -e "s|@HOST@|$host|g" -e "s|@BASE@|$BASE|g" -e "s|@CTLD_PORT@|$CTLD_PORT|g" \
    -e "s|@PORT1@|${NODE_PORTS[0]}|" -e "s|@PORT2@|${NODE_PORTS[1]}|" -e "s|@PORT3@|${NODE_PORTS[2]}|" \
    "$HERE/slurm.conf.in" > "$BASE/slurm.conf"
export SLURM_CONF="$BASE/slurm.conf"
echo "export SLURM_CONF=$BASE/slurm.conf" > "$BASE/env"

# -D: stay in the foreground, so that $! is the daemon; -c: forget any jobs of an earlier cluster.
/usr/sbin/slurmctld -D -c -f "$SLURM_CONF" </dev/null >"$BASE/log/slurmctld.out" 2>&1 &
echo $! > "$BASE/slurmctld.pid.launcher"
for i in $(seq 1 100); do lf_port_open "$CTLD_PORT" && break; sleep 0.1; done
lf_port_open "$CTLD_PORT" || { cat "$BASE/log/slurmctld.out" "$BASE/log/slurmctld.log" >&2 2>/dev/null; "$HERE/stop.sh" || true; lf_die "slurmctld did not start"; }
for n in n1 n2 n3; do
  "$HERE/slurmd.sh" start "$n"
done

# ready when every node is idle
for i in $(seq 1 150); do
  states=$(sinfo -N -h -o '%N %t' 2>/dev/null | sort -u | tr '\n' ' ')
  [ "$states" = "n1 idle n2 idle n3 idle " ] && break
  sleep 0.2
done
if [ "$states" != "n1 idle n2 idle n3 idle " ]; then
  sinfo -N >&2 || true; tail -20 "$BASE/log/slurmctld.log" >&2 || true; "$HERE/stop.sh" || true; lf_die "the nodes did not become idle: $states"
fi
T1=$(date +%s.%N)
lf_log "ready in $(awk "BEGIN{printf \"%.1f\", $T1-$T0}") s; slurmctld pid $(cat "$BASE/slurmctld.pid.launcher")"
echo "slurm up: SLURM_CONF=$SLURM_CONF, nodes n1 n2 n3 (partition debug), slurmctld on 127.0.0.1:$CTLD_PORT"
