#!/usr/bin/env bash
# Benchmark (not a test): what telemetry costs a run. The same range run (DATES dates of a files source, FILES small files
# each, into a local-folder lake) with: the build before telemetry (BASE_CLI, optional), this build with telemetry off (no
# telemetry section, no OTEL_* variable), and this build with OpenLineage events to a JSON-lines file. Rounds alternate the
# builds; medians of RUNS rounds.
# Usage: BASE_CLI="dotnet /path/to/old/landfall.dll" bench/telemetry-overhead.sh [RUNS=7] [DATES=60] [FILES=20]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${1:-7}; DATES=${2:-60}; FILES=${3:-20}
WORK=${BENCH_DIR:-/tmp/landfall-bench-telemetry}
rm -rf "$WORK"; mkdir -p "$WORK"
for d in $(seq 0 $((DATES - 1))); do
  day=$(date -u -d "2026-01-01 + $d days" +%F); mkdir -p "$WORK/drop/$day"
  for i in $(seq 1 "$FILES"); do head -c 4096 /dev/urandom > "$WORK/drop/$day/f-$i.bin"; done
done
LAST=$(date -u -d "2026-01-01 + $((DATES - 1)) days" +%F)
config() { # $1 file, $2 extra yaml
  cat > "$1" <<YAML
lake: { kind: local, path: ./lake }
sources:
  - name: bench
    kind: files
    start_date: 2026-01-01
    entities:
      - name: files
        directory: drop/{date}
$2
YAML
}
config "$WORK/off.yaml" ""
config "$WORK/lineage.yaml" "telemetry: { lineage: { transport: file, path: $WORK/lineage.jsonl } }"
. bench/landfall-cli.sh; landfall_cli "$WORK/landfall-cli"   # BENCH_BUILD=native|r2r|jit
export OTEL_EXPORTER_OTLP_ENDPOINT= OPENLINEAGE_URL=

measure() { # $1 label, rest: command; appends seconds to $WORK/$1.txt
  local label=$1; shift
  rm -rf "$WORK/lake" "$WORK/lineage.jsonl"; sync
  /usr/bin/time -f "%e" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" || { cat "$WORK/stderr"; exit 1; }
  cat "$WORK/time" >> "$WORK/$label.txt"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
: > "$WORK/base.txt"; : > "$WORK/off.txt"; : > "$WORK/lineage.txt"
for r in $(seq 1 "$RUNS"); do
  [ -z "${BASE_CLI:-}" ] || measure base $BASE_CLI run --config "$WORK/off.yaml" --from 2026-01-01 --to "$LAST"
  measure off $CLI run --config "$WORK/off.yaml" --from 2026-01-01 --to "$LAST"
  measure lineage $CLI run --config "$WORK/lineage.yaml" --from 2026-01-01 --to "$LAST"
done
echo "range run of $DATES dates x $FILES files, median of $RUNS rounds:"
for l in base off lineage; do
  [ -s "$WORK/$l.txt" ] && echo "  $l: $(median < "$WORK/$l.txt") s   (runs: $(tr '\n' ' ' < "$WORK/$l.txt"))"
done
