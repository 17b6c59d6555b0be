#!/usr/bin/env bash
# Benchmark (not a test): the s3 source copying one business date (SMALL small objects + one BIG_MIB object) between two buckets
# of the local S3-compatible server (Swift s3api on 127.0.0.1:9010), server-side, against `rclone copy` doing the same copy
# server-side on the same server. Same data, same run, alternating, each tool first in every other run; median of RUNS runs each.
# Needs rclone (apt-get install rclone) and the running server (scripts/services/up.sh s3). Landfall verifies every copy (HEAD of
# the copy in the lake); rclone checks sizes.
# rclone writes under keys shaped like Landfall's (BENCH_RCLONE_DEST=short: a short prefix instead; see rclone_dest below).
# Usage: bench/s3-source.sh [RUNS=3] [SMALL=2000] [BIG_MIB=1024] [PARALLEL=16]
# BENCH_SOURCE_EXTRA: more source keys for Landfall, one per line (e.g. "copy_part_concurrency: 8"), to measure a setting.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${1:-3}; SMALL=${2:-2000}; BIG_MIB=${3:-1024}; PARALLEL=${4:-16}
ENDPOINT=${LANDFALL_S3_ENDPOINT:-http://127.0.0.1:9010}
ACCESS=${LANDFALL_S3_ACCESS_KEY:-test:tester}; SECRET=${LANDFALL_S3_SECRET_KEY:-testing}
WORK=${BENCH_DIR:-/tmp/landfall-bench-s3}
ID=$(date +%s)-$$
SRC=lf-bench-src-$ID; LAKE=lf-bench-lake-$ID; DEST=lf-bench-rclone-$ID
command -v rclone >/dev/null || { echo "rclone is not installed: apt-get install -y rclone" >&2; exit 2; }
# rclone's AWS SDK refuses a custom CA bundle with its own HTTP transport; the endpoint is plain http anyway.
unset AWS_CA_BUNDLE

export RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other RCLONE_CONFIG_BENCH_ENDPOINT=$ENDPOINT \
  RCLONE_CONFIG_BENCH_ACCESS_KEY_ID=$ACCESS RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY=$SECRET RCLONE_CONFIG_BENCH_REGION=us-east-1 \
  RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE=true RCLONE_CONFIG_BENCH_ENV_AUTH=false
cleanup() {
  for b in "$SRC" "$LAKE" "$DEST"; do rclone purge "bench:$b" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

rm -rf "$WORK"; mkdir -p "$WORK/data"
head -c "$((BIG_MIB * 1024 * 1024))" /dev/urandom > "$WORK/data/big.bin"
for i in $(seq 1 "$SMALL"); do head -c "$(( (RANDOM % 61 + 4) * 1024 ))" /dev/urandom > "$WORK/data/small-$i.bin"; done
for b in "$SRC" "$LAKE" "$DEST"; do rclone mkdir "bench:$b"; done
rclone copy "$WORK/data" "bench:$SRC/exports/2026/01/01/" --transfers 16 --checkers 16
rm -rf "$WORK/data"

# Landfall as deployed: natively compiled (BENCH_BUILD=r2r|jit measures the other builds; bench/landfall-cli.sh).
. bench/landfall-cli.sh; landfall_cli "$WORK/landfall"
config() { # a fresh lake prefix per run, so every run copies the whole date
  cat > "$WORK/landfall.yaml" <<YAML
lake: { kind: s3, bucket: $LAKE, prefix: run-$1, endpoint: $ENDPOINT, force_path_style: true,
        access_key_id: "$ACCESS", secret_access_key: "$SECRET" }
sources:
  - name: bench
    kind: s3
    start_date: 2026-01-01
    endpoint: $ENDPOINT
    force_path_style: true
    access_key_id: "$ACCESS"
    secret_access_key: "$SECRET"
    max_parallel_copies: $PARALLEL
$(printf '%s\n' "${BENCH_SOURCE_EXTRA:-}" | sed '/^$/d; s/^/    /')
    entities:
      - name: exports
        bucket: $SRC
        prefix: "exports/{date:yyyy/MM/dd}/"
YAML
}
measure() { # prints "seconds max_rss_kib cpu_seconds(user+sys)"
  /usr/bin/time -f "%e %M %U %S" -o "$WORK/time" "$@" >"$WORK/stdout" 2>"$WORK/stderr" || { cat "$WORK/stdout" "$WORK/stderr"; exit 1; }
  awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}' "$WORK/time"
}
# rclone writes under keys of the same shape as Landfall's (run-namespaced Hive-style folders, docs/manifest.md): Swift's
# proxy spends about 13% more CPU per object on those than on short keys (docs/benchmarks.md), so both tools get the same
# server work. BENCH_RCLONE_DEST=short gives rclone the short prefix run-N/ instead.
rclone_dest() {
  if [ "${BENCH_RCLONE_DEST:-landfall}" = short ]; then echo "run-$1/"; return; fi
  echo "run-$1/bronze/source=bench/entity=exports/ingest_date=2026-01-01/run_id=$(cat /proc/sys/kernel/random/uuid)/"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

: > "$WORK/landfall.txt"; : > "$WORK/rclone.txt"
run_landfall() { config "$1"; measure $CLI run --config "$WORK/landfall.yaml" --date 2026-01-01 >> "$WORK/landfall.txt"; }
run_rclone() {
  measure rclone copy "bench:$SRC/exports/2026/01/01/" "bench:$DEST/$(rclone_dest "$1")" --transfers "$PARALLEL" --checkers "$PARALLEL" \
    >> "$WORK/rclone.txt"
}
# The order alternates (Landfall first in odd runs, rclone first in even ones), so whatever one run leaves the server doing
# (Swift's container updates, its memory) weighs on both tools alike.
for r in $(seq 1 "$RUNS"); do
  if [ $((r % 2)) = 1 ]; then run_landfall "$r"; run_rclone "$r"; else run_rclone "$r"; run_landfall "$r"; fi
done
L=$(cut -d' ' -f1 "$WORK/landfall.txt" | median); R=$(cut -d' ' -f1 "$WORK/rclone.txt" | median)
RSS=$(cut -d' ' -f2 "$WORK/landfall.txt" | sort -n | tail -1)
echo "s3 source (landfall build: ${BENCH_BUILD:-native}), server-side, ${SMALL} small objects + ${BIG_MIB} MiB, parallel ${PARALLEL}, median of $RUNS runs${BENCH_SOURCE_EXTRA:+, with: $(echo $BENCH_SOURCE_EXTRA)}:"
echo "  landfall run:  ${L} s   (runs: $(cut -d' ' -f1 "$WORK/landfall.txt" | tr '\n' ' '))"
echo "  rclone copy:   ${R} s   (destination keys: ${BENCH_RCLONE_DEST:-landfall}; runs: $(cut -d' ' -f1 "$WORK/rclone.txt" | tr '\n' ' '))"
echo "  client CPU (user+sys) median: landfall $(cut -d' ' -f3 "$WORK/landfall.txt" | median) s, rclone $(cut -d' ' -f3 "$WORK/rclone.txt" | median) s"
echo "  ratio landfall/rclone: $(awk "BEGIN{printf \"%.2f\", $L/$R}")   landfall peak RSS: $((RSS / 1024)) MiB"
