#!/usr/bin/env bash
# Start a throw-away Azurite blob service (Azure Blob Storage emulator) on 127.0.0.1:10000 (env LANDFALL_AZURITE_PORT),
# in-memory, account devstoreaccount1 with the emulator's well-known key. Installs azurite@3.37.0 from npm into
# /opt/landfall-azurite (env LANDFALL_AZURITE_HOME) when missing (about 385 MB, about 70 s; needs node and npm, installed
# from Debian when missing). BASE (default /tmp/landfall-test/azure, env LANDFALL_AZURITE_ROOT) is WIPED on every start.
# Clients: UseDevelopmentStorage=true, or AccountName=devstoreaccount1 at http://127.0.0.1:10000/devstoreaccount1.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib.sh"
PORT=${LANDFALL_AZURITE_PORT:-10000}
INSTALL=${LANDFALL_AZURITE_HOME:-/opt/landfall-azurite}
VERSION=3.37.0
BASE=${LANDFALL_AZURITE_ROOT:-$LF_TEST_ROOT/azure}
lf_check_root "$BASE"
lf_check_root "$INSTALL"
T0=$(date +%s.%N)

# --- install when missing ---
command -v node >/dev/null && command -v npm >/dev/null || lf_apt_install nodejs npm
BIN="$INSTALL/node_modules/.bin/azurite-blob"
if [ ! -x "$BIN" ] || ! grep -q "\"version\": \"$VERSION\"" "$INSTALL/node_modules/azurite/package.json" 2>/dev/null; then
  lf_log "installing azurite@$VERSION into $INSTALL (npm)"
  mkdir -p "$INSTALL"
  ( cd "$INSTALL" && { [ -f package.json ] || npm init -y >/dev/null; } \
    && npm install --no-audit --no-fund --loglevel=error "azurite@$VERSION" >"$INSTALL/npm-install.log" 2>&1 ) \
    || { cat "$INSTALL/npm-install.log" >&2; lf_die "npm install azurite@$VERSION failed"; }
fi

# --- stop a previous instance (ours by pid file; a stale one from another BASE by port) ---
"$HERE/stop.sh"
lf_free_port "$PORT" 'azurite' TERM || lf_die "port $PORT is taken by another program"

rm -rf "$BASE"; mkdir -p "$BASE"
# --skipApiVersionCheck: the SDK is newer than the emulator; --loose: ignore headers the emulator does not know.
( cd "$BASE" && exec "$BIN" --blobHost 127.0.0.1 --blobPort "$PORT" --inMemoryPersistence --skipApiVersionCheck --loose \
  </dev/null >"$BASE/azurite.log" 2>&1 ) &
echo $! > "$BASE/azurite.pid"
for i in $(seq 1 150); do
  lf_alive "$(cat "$BASE/azurite.pid")" || break
  lf_port_open "$PORT" && break
  sleep 0.1
done
if ! lf_port_open "$PORT"; then
  cat "$BASE/azurite.log" >&2; "$HERE/stop.sh" || true; lf_die "azurite not ready"
fi
T1=$(date +%s.%N)
lf_log "ready in $(awk "BEGIN{printf \"%.1f\", $T1-$T0}") s; pid $(cat "$BASE/azurite.pid")"
echo "azure up: http://127.0.0.1:$PORT/devstoreaccount1 (UseDevelopmentStorage=true)"
