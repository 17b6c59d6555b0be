#!/usr/bin/env bash
# Years of history in seconds: `status --json`, `report`, `current --json` and `plan --json` over a lake of SOURCES x DAYS manifests (default
# 40 x 1095, about 48,000 with failures, forced re-runs and seed-written ones; bench/history-lake.py writes them straight into
# the lake), measured three ways on each lake: with no index (the baseline), right after `landfall index` (fresh), and after
# EXTRA more manifests were written (default 500; forced re-runs the index does not cover). Median of RUNS runs; peak RSS from
# /usr/bin/time (RUNS_BASELINE runs for the slow no-index phase, default RUNS). Not a timed test: numbers go into
# docs/benchmarks.md.
# Usage: bench/history.sh            (LAKES="s3 local" RUNS=5; s3 needs scripts/services/up.sh s3)
# BENCH_KEEP=1 keeps the local lake. BENCH_ID=N BENCH_GENERATED=1 measures lakes bench/history-lake.py already wrote (S3 prefix
# hN, local folder $BENCH_WORK/lake-N; same SOURCES, DAYS and END) that have no index yet. BENCH_ONLY_FRESH=1 (with
# BENCH_GENERATED=1) indexes such a lake again and measures the fresh phase alone. BENCH_SKIP_BASELINE=1 skips the no-index
# phase; COMMANDS (default "status report current plan") picks the commands.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${RUNS:-5}
LAKES=${LAKES:-"s3 local"}
SOURCES=${SOURCES:-40}; DAYS=${DAYS:-1095}; EXTRA=${EXTRA:-500}
END=${END:-$(date -u -d yesterday +%F)}
ID=${BENCH_ID:-$(date +%s)}
WORK=${BENCH_WORK:-/tmp/landfall-history-bench}
ENDPOINT=${LANDFALL_S3_ENDPOINT:-http://127.0.0.1:9010}
ACCESS=${LANDFALL_S3_ACCESS_KEY:-test:tester}; SECRET=${LANDFALL_S3_SECRET_KEY:-testing}
BUCKET=${BENCH_BUCKET:-landfall-history-bench}
mkdir -p "$WORK"
START=$(date -u -d "$END - $((DAYS - 1)) days" +%F)
export SOURCES DAYS END AWS_ACCESS_KEY_ID=$ACCESS AWS_SECRET_ACCESS_KEY=$SECRET

. bench/landfall-cli.sh; landfall_cli "$WORK/landfall"

config() { # $1 lake kind
  {
    if [ "$1" = s3 ]; then
      echo "lake: { kind: s3, bucket: $BUCKET, prefix: h$ID, endpoint: $ENDPOINT, force_path_style: true,"
      echo "        access_key_id: \"$ACCESS\", secret_access_key: \"$SECRET\" }"
    else
      echo "lake: { kind: local, path: $WORK/lake-$ID }"
    fi
    echo "schedule: { lag_days: 1, index_after_run_min_uncovered: 0 }"
    echo "sources:"
    for s in $(seq 0 $((SOURCES - 1))); do
      printf '  - { name: src%02d, kind: files, start_date: %s, entities: [ { name: orders, directory: "/nonexistent/{date}", glob: "*.csv" } ] }\n' "$s" "$START"
    done
  } > "$WORK/landfall-$1.yaml"
}
measure() { # prints "seconds max_rss_kib"
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >"$WORK/stdout" 2>"$WORK/stderr" || { cat "$WORK/stdout" "$WORK/stderr" >&2; exit 1; }
  cat "$WORK/time"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
phase() { # $1 lake $2 phase [$3 runs]: RUNS runs of each command, one line per command
  local cfg="$WORK/landfall-$1.yaml" runs=${3:-$RUNS}
  for cmd in ${COMMANDS:-status report current plan}; do
    : > "$WORK/$cmd.txt"
    for r in $(seq 1 "$runs"); do
      case $cmd in
        status) measure $CLI status --json --config "$cfg" ;;
        report) measure $CLI report --out "$WORK/audit.html" --config "$cfg" ;;
        current) measure $CLI current --json --config "$cfg" ;;
        plan) measure $CLI plan --json --config "$cfg" ;;
      esac >> "$WORK/$cmd.txt"
    done
    printf '%-6s %-9s %-8s median %6.2f s  peak RSS %4d MiB  (runs: %s)\n' "$1" "$2" "$cmd" "$(cut -d' ' -f1 "$WORK/$cmd.txt" | median)" \
      "$(( $(cut -d' ' -f2 "$WORK/$cmd.txt" | sort -n | tail -1) / 1024 ))" "$(cut -d' ' -f1 "$WORK/$cmd.txt" | tr '\n' ' ')"
  done
}

for lake in $LAKES; do
  config "$lake"
  if [ "$lake" = s3 ]; then target=(s3 "$ENDPOINT" "$BUCKET" "h$ID"); else target=(local "$WORK/lake-$ID"); fi
  if [ -z "${BENCH_GENERATED:-}" ]; then
    echo "[$lake] writing $SOURCES x $DAYS days of manifests ($START .. $END)" >&2
    echo "[$lake] $(python3 bench/history-lake.py "${target[@]}") manifests" >&2
  fi
  [ -n "${BENCH_ONLY_FRESH:-}${BENCH_SKIP_BASELINE:-}" ] || phase "$lake" no-index "${RUNS_BASELINE:-$RUNS}"
  /usr/bin/time -f "%e %M" -o "$WORK/index-time" $CLI index --config "$WORK/landfall-$lake.yaml" > "$WORK/index.txt"
  echo "$lake   landfall index: $(cut -d' ' -f1 "$WORK/index-time") s, peak RSS $(( $(cut -d' ' -f2 "$WORK/index-time") / 1024 )) MiB" \
    "($(awk 'NR>1 {n++} END {print n}' "$WORK/index.txt") sources)"
  phase "$lake" fresh
  [ -z "${BENCH_ONLY_FRESH:-}" ] || continue
  EXTRA_ONLY=$EXTRA python3 bench/history-lake.py "${target[@]}" > /dev/null
  phase "$lake" +$EXTRA
  [ -n "${BENCH_KEEP:-}" ] || { [ "$lake" = local ] && rm -rf "$WORK/lake-$ID"; } || true
done
