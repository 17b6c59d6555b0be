#!/usr/bin/env bash
# Same answers before and after a change: runs `status --json`, `plan --json` and `current --json` of two landfall builds on one
# history lake (bench/history-lake.py: SOURCES x DAYS manifests with failures, forced re-runs and seed-written ones), at a fixed
# instant (faketime; file times left real), five days behind, with the lake's ledger index partly covering it, and diffs the outputs byte for byte. Exit 1 on any
# difference. Used to show that a refactor changed no read-side answer (docs/benchmarks.md).
# Usage: BEFORE=path/to/old/landfall AFTER=path/to/new/landfall bench/read-outputs.sh [local|s3]
#   (a landfall path may be `dotnet path/landfall.dll`; s3 needs scripts/services/up.sh s3). WORK keeps the lake between runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
LAKE=${1:-local}
: "${BEFORE:?set BEFORE to the landfall command of the old build}" "${AFTER:?set AFTER to the landfall command of the new build}"
SOURCES=${SOURCES:-40}; DAYS=${DAYS:-1095}; END=${END:-2026-12-01}
WORK=${WORK:-/tmp/landfall-read-outputs}
ENDPOINT=${LANDFALL_S3_ENDPOINT:-http://127.0.0.1:9010}
ACCESS=${LANDFALL_S3_ACCESS_KEY:-test:tester}; SECRET=${LANDFALL_S3_SECRET_KEY:-testing}
BUCKET=${BENCH_BUCKET:-landfall-read-outputs}
command -v faketime >/dev/null || { echo "read-outputs.sh: needs faketime (apt-get install faketime)" >&2; exit 2; }
export SOURCES DAYS END AWS_ACCESS_KEY_ID=$ACCESS AWS_SECRET_ACCESS_KEY=$SECRET
mkdir -p "$WORK"
START=$(date -u -d "$END - $((DAYS - 1)) days" +%F)
cfg="$WORK/landfall-$LAKE.yaml"
{
  if [ "$LAKE" = s3 ]; then
    echo "lake: { kind: s3, bucket: $BUCKET, prefix: r$SOURCES-$DAYS, endpoint: $ENDPOINT, force_path_style: true,"
    echo "        access_key_id: \"$ACCESS\", secret_access_key: \"$SECRET\" }"
  else
    echo "lake: { kind: local, path: $WORK/lake-$SOURCES-$DAYS }"
  fi
  echo "schedule: { lag_days: 1, index_after_run_min_uncovered: 0 }"
  echo "sources:"
  for s in $(seq 0 $((SOURCES - 1))); do
    printf '  - { name: src%02d, kind: files, start_date: %s, freshness: { warn_after: 30h }, entities: [ { name: orders, directory: "/nonexistent/{date}", glob: "*.csv" } ] }\n' "$s" "$START"
  done
} > "$cfg"
if [ ! -e "$WORK/generated-$LAKE" ]; then
  if [ "$LAKE" = s3 ]; then target=(s3 "$ENDPOINT" "$BUCKET" "r$SOURCES-$DAYS"); else target=(local "$WORK/lake-$SOURCES-$DAYS"); fi
  echo "[$LAKE] $(python3 bench/history-lake.py "${target[@]}") manifests" >&2
  # An index that covers what is there now, then manifests it does not cover: both read paths are exercised.
  $BEFORE index --config "$cfg" > /dev/null
  EXTRA_ONLY=${EXTRA:-500} python3 bench/history-lake.py "${target[@]}" > /dev/null
  # The fixed instant every command runs at: an hour after the last manifest was written.
  date -u -d '+1 hour' '+%F %T' > "$WORK/generated-$LAKE"
fi
NOW=${NOW:-$(cat "$WORK/generated-$LAKE")}
status=0
for cmd in "status --json" "plan --json" "plan --json --catch-up" "current --json"; do
  name=${cmd// /_}
  for side in before after; do
    cli=$BEFORE; [ $side = after ] && cli=$AFTER
    NO_FAKE_STAT=1 faketime -f "@$NOW" $cli $cmd --config "$cfg" > "$WORK/$name.$side" 2> "$WORK/$name.$side.err" || true
  done
  if cmp -s "$WORK/$name.before" "$WORK/$name.after"; then
    echo "$LAKE $cmd: identical ($(wc -c < "$WORK/$name.after") bytes, sha256 $(sha256sum "$WORK/$name.after" | cut -c1-16))"
  else
    echo "$LAKE $cmd: DIFFERENT (diff $WORK/$name.before $WORK/$name.after)"; status=1
  fi
done
exit $status
