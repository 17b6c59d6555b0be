#!/usr/bin/env bash
# Start a throw-away PostgreSQL 15 (Debian) cluster on 127.0.0.1:5433: role ingest/ingest
# (scram-sha-256 over TCP), database ingestdb, durability off for speed. Run as root.
# Installs `postgresql` when missing. BASE (default /tmp/landfall-test/pg, env LANDFALL_PG_ROOT)
# is WIPED on every start.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib.sh"
PGBIN=/usr/lib/postgresql/15/bin
PGPORT=5433
BASE=${LANDFALL_PG_ROOT:-$LF_TEST_ROOT/pg}
lf_check_root "$BASE"
DATA=$BASE/data
SOCK=$BASE/sock   # own socket folder: avoids /var/run/postgresql permissions and collisions
T0=$(date +%s.%N)

# --- install when missing. Debian's package starts nothing here (no systemd) ---
[ -x "$PGBIN/initdb" ] || lf_apt_install postgresql
id postgres >/dev/null 2>&1 || lf_die "user postgres missing after install"

# --- stop a previous instance (ours by data folder; a stale one from another BASE by port) ---
"$HERE/stop.sh"
# SIGINT = "fast" shutdown (SIGTERM would be "smart" and wait for clients to disconnect)
lf_free_port "$PGPORT" 'postgres' INT || lf_die "port $PGPORT is taken by another program"

rm -rf "$BASE"; mkdir -p "$DATA" "$SOCK"
chown -R postgres:postgres "$BASE"; chmod 700 "$DATA"
# Every parent of BASE must be traversable by postgres, else initdb fails with
# 'could not access directory ".../data": Permission denied'. (/tmp is fine; a BASE under
# e.g. /root is not, so add o+x where needed.)
d=$(dirname "$BASE")
while :; do
  if ! runuser -u postgres -- test -x "$d"; then lf_log "chmod o+x $d (for user postgres)"; chmod o+x "$d"; fi
  [ "$d" = / ] && break
  d=$(dirname "$d")
done

# initdb refuses to run as root -> runuser. Unix socket: trust (admin); TCP: password.
runuser -u postgres -- "$PGBIN/initdb" -D "$DATA" -U postgres \
    --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$BASE/initdb.log" 2>&1 \
  || { cat "$BASE/initdb.log" >&2; lf_die "initdb failed"; }
cat >>"$DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$SOCK'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 256MB
max_wal_size = 4GB
CONF
# pg_ctl daemonizes the server with its output in server.log; its own output is redirected
# too, so a calling pipeline never waits on an inherited stdout. -w waits until it accepts.
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DATA" -l "$BASE/server.log" -w -t 60 start </dev/null >"$BASE/pg_ctl.log" 2>&1 \
  || { cat "$BASE/pg_ctl.log" "$BASE/server.log" >&2; lf_die "postgres did not start"; }
for i in $(seq 1 100); do
  "$PGBIN/pg_isready" -h 127.0.0.1 -p "$PGPORT" -q && break
  sleep 0.1
done
"$PGBIN/pg_isready" -h 127.0.0.1 -p "$PGPORT" -q || { cat "$BASE/server.log" >&2; "$HERE/stop.sh" || true; lf_die "postgres not ready"; }
head -1 "$DATA/postmaster.pid" > "$BASE/postgres.pid"
# admin over the private unix socket (trust), no password needed
"$PGBIN/psql" -h "$SOCK" -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q <<SQL
CREATE ROLE ingest LOGIN PASSWORD 'ingest';
CREATE DATABASE ingestdb OWNER ingest;
SQL
# end to end: the test user over TCP with its password
PGPASSWORD=ingest "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U ingest -d ingestdb -qAtc 'select 1' >/dev/null \
  || lf_die "login as ingest over TCP failed"
T1=$(date +%s.%N)
lf_log "ready in $(awk "BEGIN{printf \"%.1f\", $T1-$T0}") s; pid $(cat "$BASE/postgres.pid")"
echo "postgres up: 127.0.0.1:$PGPORT db ingestdb user ingest password ingest (Host=127.0.0.1;Port=$PGPORT;Database=ingestdb;Username=ingest;Password=ingest)"
