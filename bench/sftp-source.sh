#!/usr/bin/env bash
# Benchmark (not a test): the sftp source from the test sshd on 127.0.0.1 into a local-folder lake, SHA-256 included,
# against OpenSSH's own `sftp` client and `rclone copy` (an sftp remote configured through env vars) fetching the same
# files to the same disk with the same cipher (aes128-gcm@openssh.com). Two data sets: one big file (1 GiB) and SMALL files
# of 4-64 KiB. Median of RUNS runs per tool and set, interleaved; Landfall's peak RSS from /usr/bin/time.
# Every tool's copy is followed by `sync` (Landfall makes every object durable before its manifest is written).
# Landfall runs with settle_interval: 0s (the two listings back to back): the settle wait is a fixed delay, not throughput.
# Same key exchange as rclone (Go's x/crypto/ssh picks curve25519-sha256): Landfall's default prefers the post-quantum
# sntrup761x25519 hybrid, about 0.15 s more per connection in SSH.NET; BENCH_KEX=default measures that default instead.
# Landfall syncs its objects together at its durability barrier, before the manifest, rather than one fsync per object.
# Needs root (the sshd recipe), starts scripts/services/sshd/start.sh when nothing answers on 127.0.0.1:2222.
# Usage: bench/sftp-source.sh [RUNS=3] [BIG_MIB=1024] [SMALL=1000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${1:-3}; BIG_MIB=${2:-1024}; SMALL=${3:-1000}
SSHD_ROOT=${LANDFALL_SSHD_ROOT:-/tmp/landfall-test/sshd}
WORK=${BENCH_DIR:-/tmp/landfall-bench-sftp}
CIPHER=aes128-gcm@openssh.com
started=0
if ! timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/2222' 2>/dev/null; then
  scripts/services/sshd/start.sh >/dev/null; started=1
fi
command -v rclone >/dev/null || { apt-get update -qq && apt-get install -y -qq rclone >/dev/null; }
C=$SSHD_ROOT/client; DATA=$SSHD_ROOT/home/bench-sftp
cleanup() { rm -rf "$WORK" "$DATA"; [ $started = 0 ] || scripts/services/sshd/stop.sh; }
trap cleanup EXIT
rm -rf "$WORK" "$DATA"; mkdir -p "$WORK" "$DATA/big/2026-01-01" "$DATA/small/2026-01-01"
head -c "$((BIG_MIB * 1024 * 1024))" /dev/urandom > "$DATA/big/2026-01-01/big.bin"
for i in $(seq 1 "$SMALL"); do head -c "$(( (RANDOM % 61 + 4) * 1024 ))" /dev/urandom > "$DATA/small/2026-01-01/small-$i.bin"; done
touch -d '-1 hour' "$DATA"/*/2026-01-01/*
for set in big small; do
  cat > "$WORK/$set.yaml" <<YAML
env: bench
lake: { kind: local, path: ./lake }
sources:
  - name: bench
    kind: sftp
    start_date: 2026-01-01
    host: 127.0.0.1
    port: 2222
    username: sftptest
    private_key: $C/id_ed25519
    host_key_fingerprint: "$(cat "$C/hostkey_ed25519.sha256")"
    settle_interval: 0s
$([ "${BENCH_KEX:-curve25519-sha256}" = default ] || echo "    key_exchange: [${BENCH_KEX:-curve25519-sha256}]")
    entities:
      - name: files
        directory: bench-sftp/$set/{date}
YAML
done
# Landfall as deployed: natively compiled (BENCH_BUILD=r2r|jit measures the other builds; bench/landfall-cli.sh).
. bench/landfall-cli.sh; landfall_cli "$WORK/landfall"
SFTP="sftp -q -i $C/id_ed25519 -P 2222 -o Ciphers=$CIPHER -o UserKnownHostsFile=$C/known_hosts -o BatchMode=yes -b -"
export RCLONE_CONFIG_BENCH_TYPE=sftp RCLONE_CONFIG_BENCH_HOST=127.0.0.1 RCLONE_CONFIG_BENCH_PORT=2222 \
  RCLONE_CONFIG_BENCH_USER=sftptest RCLONE_CONFIG_BENCH_KEY_FILE=$C/id_ed25519 RCLONE_CONFIG_BENCH_KNOWN_HOSTS_FILE=$C/known_hosts \
  RCLONE_CONFIG_BENCH_CIPHERS=$CIPHER RCLONE_CONFIG_BENCH_SHELL_TYPE=none RCLONE_CONFIG_BENCH_DISABLE_HASHCHECK=true

measure() { # appends "seconds max_rss_kib" to $1
  local out=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >"$WORK/stdout" 2>"$WORK/stderr" || { cat "$WORK/stdout" "$WORK/stderr"; exit 1; }
  cat "$WORK/time" >> "$out"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for set in big small; do
  for tool in landfall sftp rclone; do : > "$WORK/$set-$tool.txt"; done
  for r in $(seq 1 "$RUNS"); do
    rm -rf "$WORK/lake"; sync
    measure "$WORK/$set-landfall.txt" $CLI run --config "$WORK/$set.yaml" --date 2026-01-01
    rm -rf "$WORK/copy"; mkdir -p "$WORK/copy"; sync
    measure "$WORK/$set-sftp.txt" bash -c "echo 'get bench-sftp/$set/2026-01-01/* $WORK/copy/' | $SFTP sftptest@127.0.0.1 && sync"
    rm -rf "$WORK/copy"; mkdir -p "$WORK/copy"; sync
    measure "$WORK/$set-rclone.txt" bash -c "rclone copy bench:bench-sftp/$set/2026-01-01 '$WORK/copy' && sync"
  done
  n=$(ls "$WORK/copy" | wc -l); [ "$n" -gt 0 ] || { echo "rclone copied nothing"; exit 1; }
  L=$(cut -d' ' -f1 "$WORK/$set-landfall.txt" | median); S=$(cut -d' ' -f1 "$WORK/$set-sftp.txt" | median)
  R=$(cut -d' ' -f1 "$WORK/$set-rclone.txt" | median)
  RSS=$(cut -d' ' -f2 "$WORK/$set-landfall.txt" | sort -n | tail -1)
  MIB=$(du -sm --apparent-size "$DATA/$set/2026-01-01" | cut -f1)
  [ "$set" = big ] && what="1 file of ${BIG_MIB} MiB" || what="$SMALL files of 4-64 KiB (${MIB} MiB)"
  echo "$what, landfall build: ${BENCH_BUILD:-native}, median of $RUNS runs (s; runs in brackets):"
  echo "  landfall run (SHA-256):  $L  [$(cut -d' ' -f1 "$WORK/$set-landfall.txt" | tr '\n' ' ')]  $(awk "BEGIN{printf \"%.0f\", $MIB/$L}") MiB/s, peak RSS $((RSS / 1024)) MiB"
  echo "  OpenSSH sftp:            $S  [$(cut -d' ' -f1 "$WORK/$set-sftp.txt" | tr '\n' ' ')]  $(awk "BEGIN{printf \"%.0f\", $MIB/$S}") MiB/s"
  echo "  rclone copy:             $R  [$(cut -d' ' -f1 "$WORK/$set-rclone.txt" | tr '\n' ' ')]  $(awk "BEGIN{printf \"%.0f\", $MIB/$R}") MiB/s"
  echo "  throughput landfall/sftp: $(awk "BEGIN{printf \"%.2f\", $S/$L}")   landfall/rclone: $(awk "BEGIN{printf \"%.2f\", $R/$L}")"
done
