#!/usr/bin/env bash
# Start a throw-away Prometheus Pushgateway on 127.0.0.1:9091 (in memory, no persistence), for the tests of the push at the end
# of a run (docs/observability.md). Run as root. Installs Debian's prometheus-pushgateway when missing, and promtool (Debian's
# prometheus package) for the tests that check `status --format prometheus` and the alert rules. BASE (default
# /tmp/landfall-test/pushgateway, env LANDFALL_PUSHGATEWAY_ROOT) is WIPED on every start.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib.sh"
PORT=${LANDFALL_PUSHGATEWAY_PORT:-9091}
BASE=${LANDFALL_PUSHGATEWAY_ROOT:-$LF_TEST_ROOT/pushgateway}
lf_check_root "$BASE"
T0=$(date +%s.%N)

# --- install when missing (apt cannot start the service here, which is harmless: no systemd) ---
command -v prometheus-pushgateway >/dev/null || lf_apt_install prometheus-pushgateway
command -v promtool >/dev/null || lf_apt_install prometheus

# --- stop a previous instance (ours by pid file; a stale one from another BASE by port) ---
"$HERE/stop.sh"
lf_free_port "$PORT" 'prometheus-pushgateway' TERM || lf_die "port $PORT is taken by another program"
rm -rf "$BASE"; mkdir -p "$BASE"
prometheus-pushgateway --web.listen-address="127.0.0.1:$PORT" </dev/null >"$BASE/pushgateway.out" 2>&1 &
echo $! > "$BASE/pushgateway.pid"
for i in $(seq 1 100); do
  lf_alive "$(cat "$BASE/pushgateway.pid")" || break
  curl -fsS "http://127.0.0.1:$PORT/-/ready" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$PORT/-/ready" >/dev/null 2>&1 || { cat "$BASE/pushgateway.out" >&2; "$HERE/stop.sh" || true; lf_die "pushgateway not ready"; }
T1=$(date +%s.%N)
lf_log "ready in $(awk "BEGIN{printf \"%.1f\", $T1-$T0}") s; pid $(cat "$BASE/pushgateway.pid")"
echo "pushgateway up: http://127.0.0.1:$PORT ($(prometheus-pushgateway --version 2>&1 | head -1)); promtool $(command -v promtool)"
