#!/usr/bin/env bash
# Start a throw-away S3 endpoint on 127.0.0.1:9010: OpenStack Swift (Debian 2.30) with the s3api
# middleware, tempauth user test:tester / testing, memcached on 9014, account/container/object
# servers on 9011/9012/9013. Run as root. Installs the Debian packages when missing.
# Also: object versioning (s3api PutBucketVersioning/ListObjectVersions), a non-admin user test:reader / readonly-secret-7
# that only reaches buckets whose Swift ACLs name it, and secrets:landfall (another account); see proxy-server.conf.
# ROOT (default /tmp/landfall-test/s3, env LANDFALL_S3_ROOT) is WIPED on every start.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib.sh"
ROOT=${LANDFALL_S3_ROOT:-$LF_TEST_ROOT/s3}
lf_check_root "$ROOT"
PORTS=(9010 9011 9012 9013 9014)
T0=$(date +%s.%N)

# --- install when missing (a fresh CI machine has none of it) ---
# (/usr/bin/python3 explicitly: the PATH python may be another one, e.g. pyenv's, without swift)
if ! command -v swift-proxy-server >/dev/null || ! command -v memcached >/dev/null \
   || [ ! -x /usr/bin/swift-object-server ] || ! /usr/bin/python3 -c 'import swift.common.middleware.s3api' 2>/dev/null; then
  lf_apt_install swift swift-proxy swift-account swift-container swift-object python3-swift memcached
fi

# --- stop a previous instance (ours by pid file; a stale one from another ROOT by port) ---
"$HERE/stop.sh"
for p in "${PORTS[@]}"; do
  lf_free_port "$p" 'swift-(proxy|account|container|object)-server|memcached' TERM \
    || lf_die "port $p is taken by another program"
done

# --- lay out a fresh one-disk node ---
rm -rf "$ROOT"
mkdir -p "$ROOT/etc" "$ROOT/node/sdb1" "$ROOT/cache" "$ROOT/run"
for f in account-server container-server object-server proxy-server; do
  sed "s#@ROOT@#$ROOT#g" "$HERE/$f.conf" > "$ROOT/etc/$f.conf"
done
cp "$HERE/swift.conf" "$ROOT/etc/"
# Rings: 2^8 partitions, 1 replica, one device each, like
#   swift-ring-builder X.builder create 8 1 1; ... add r1z1-127.0.0.1:PORT/sdb1 100; ... rebalance
# but built in ONE python process with swift's own RingBuilder: nine CLI calls cost ~3.5 s of
# python start-ups, this ~0.9 s. (replication_*/meta as the CLI sets them, so that
# `swift-ring-builder X.builder` calls the ring file up-to-date.)
( cd "$ROOT/etc" && /usr/bin/python3 - <<'PY' ) >"$ROOT/run/rings.log" 2>&1 || { cat "$ROOT/run/rings.log" >&2; lf_die "building the swift rings failed"; }
from swift.common.ring import RingBuilder
for name, port in (("account", 9011), ("container", 9012), ("object", 9013)):
    b = RingBuilder(8, 1, 1)
    b.add_dev({"region": 1, "zone": 1, "ip": "127.0.0.1", "port": port, "replication_ip": "127.0.0.1",
               "replication_port": port, "device": "sdb1", "weight": 100, "meta": ""})
    b.rebalance()
    b.get_ring().save(name + ".ring.gz")
    b.save(name + ".builder")
PY

# --- start memcached + 4 servers in the background ---
# stdin/stdout/stderr are redirected: a background child that keeps the caller's stdout open
# makes a pipeline such as `start.sh | tee log` wait forever.
memcached -l 127.0.0.1 -p 9014 -U 0 -u root -m 64 </dev/null >"$ROOT/run/memcached.log" 2>&1 &
echo $! > "$ROOT/run/memcached.pid"
for n in account container object proxy; do
  # workers = 0 in the configs: one process per server, so $! is the server itself
  "swift-$n-server" "$ROOT/etc/$n-server.conf" -v </dev/null >"$ROOT/run/$n.log" 2>&1 &
  echo $! > "$ROOT/run/$n.pid"
done

fail() {
  lf_log "ERROR: $*"
  for f in "$ROOT"/run/*.log; do echo "----- $f" >&2; tail -n 40 "$f" >&2; done
  "$HERE/stop.sh" || true
  exit 1
}

# --- SigV2-signed S3 requests with curl + openssl (both in the base image): proves that
# s3api, tempauth, memcached and all three rings work, not just that ports are open ---
s3_req() {  # METHOD PATH [BODY] -> prints "HTTPCODE BODY"
  local m=$1 path=$2 body=${3-} ct='' date sig
  date=$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')
  [ -n "$body" ] && ct=text/plain
  sig=$(printf '%s\n\n%s\n%s\n%s' "$m" "$ct" "$date" "$path" | openssl dgst -sha1 -hmac testing -binary | base64)
  local args=(-s -m 10 -X "$m" -H "Date: $date" -H "Authorization: AWS test:tester:$sig" -w ' %{http_code}')
  [ -n "$body" ] && args+=(-H "Content-Type: $ct" --data-binary "$body")
  local out; out=$(curl "${args[@]}" "http://127.0.0.1:9010$path" 2>/dev/null) || true
  echo "${out##* } ${out% *}"
}
s3_smoke() {
  local b="landfall-smoke-$$" r
  r=$(s3_req PUT "/$b");                 [[ $r == 200* ]] || { echo "PUT bucket: $r"; return 1; }
  r=$(s3_req PUT "/$b/probe.txt" hello); [[ $r == 200* ]] || { echo "PUT object: $r"; return 1; }
  r=$(s3_req GET "/$b/probe.txt");       [[ $r == "200 hello" ]] || { echo "GET object: $r"; return 1; }
  r=$(s3_req DELETE "/$b/probe.txt");    [[ $r == 204* ]] || { echo "DELETE object: $r"; return 1; }
  r=$(s3_req DELETE "/$b");              [[ $r == 204* ]] || { echo "DELETE bucket: $r"; return 1; }
}

# --- wait until ready (~60 s at most) ---
deadline=$(( $(date +%s) + 60 ))
ready=0; smoke=''; retries=0
while [ "$(date +%s)" -lt $deadline ]; do
  for n in memcached account container object proxy; do
    lf_alive "$(cat "$ROOT/run/$n.pid")" || fail "$n exited during start-up"
  done
  if [ "$(curl -s -m 2 http://127.0.0.1:9010/healthcheck 2>/dev/null)" = OK ] \
     && lf_port_open 9011 && lf_port_open 9012 && lf_port_open 9013 && lf_port_open 9014; then
    # the first requests after start-up can still fail while servers settle: retry
    if out=$(s3_smoke); then ready=1; break; fi
    retries=$((retries + 1)); smoke=$out
  fi
  sleep 0.2
done
[ $ready = 1 ] || fail "not ready within 60 s${smoke:+ (last S3 check: $smoke)}"

T1=$(date +%s.%N)
lf_log "ready in $(awk "BEGIN{printf \"%.1f\", $T1-$T0}") s$([ $retries = 0 ] || echo " (S3 check retried $retries x, last failure: $smoke)"); pids $(cat "$ROOT"/run/*.pid | tr '\n' ' ')"
echo "s3 up: endpoint http://127.0.0.1:9010 (path-style, chunked encoding off) region us-east-1 access key test:tester secret testing"
