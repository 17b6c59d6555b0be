#!/usr/bin/env bash
# Benchmark (not a test): the postgres source (PostgreSQL -> Parquet into a local-folder lake, SHA-256 and row counts
# included) against `psql \copy (select * from t) to '/dev/null' with (format binary)` on the same table, same run;
# median of RUNS runs each. Needs the test PostgreSQL (scripts/services/postgres/start.sh) or PG* env vars.
# Usage: bench/postgres-source.sh [RUNS=3] [ROWS=5000000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${1:-3}; ROWS=${2:-5000000}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5433} PGUSER=${PGUSER:-ingest} PGPASSWORD=${PGPASSWORD:-ingest} PGDATABASE=${PGDATABASE:-ingestdb}
WORK=${BENCH_DIR:-/tmp/landfall-bench-pg}
rm -rf "$WORK"; mkdir -p "$WORK"
# The table is kept between runs of this script when it already holds ROWS rows of the current definition.
have=$(psql -qtAc "SELECT count(*) FROM bench_t" 2>/dev/null || echo 0)
amount=$(psql -qtAc "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'bench_t'::regclass AND attname = 'amount'" 2>/dev/null || true)
if [ "$have" != "$ROWS" ] || [ "$amount" != "numeric(12,2)" ]; then
  echo "creating bench_t with $ROWS rows..."
  psql -q -v ON_ERROR_STOP=1 -v rows="$ROWS" -f bench/postgres-bench-table.sql >/dev/null
fi
export LANDFALL_BENCH_PG="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Database=$PGDATABASE;Password=$PGPASSWORD"
cat > "$WORK/landfall.yaml" <<'YAML'
lake: { kind: local, path: ./lake }
sources:
  - name: bench
    kind: postgres
    start_date: 2026-01-01
    connection_string: "${LANDFALL_BENCH_PG}"
    entities:
      - name: t
        table: bench_t
YAML
. bench/landfall-cli.sh; landfall_cli "$WORK/landfall-cli"   # BENCH_BUILD=native|r2r|jit

measure() { # prints "seconds max_rss_kib"
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" || { cat "$WORK/stderr"; exit 1; }
  cat "$WORK/time"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

: > "$WORK/landfall.txt"; : > "$WORK/baseline.txt"
for r in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/lake"
  measure $CLI run --config "$WORK/landfall.yaml" --date 2026-01-01 >> "$WORK/landfall.txt"
  measure psql -c "\copy (select * from bench_t) to '/dev/null' with (format binary)" >> "$WORK/baseline.txt"
done
SIZE=$(du -sm "$WORK/lake" | cut -f1)
L=$(cut -d' ' -f1 "$WORK/landfall.txt" | median); B=$(cut -d' ' -f1 "$WORK/baseline.txt" | median)
RSS=$(cut -d' ' -f2 "$WORK/landfall.txt" | sort -n | tail -1)
echo "postgres source, $ROWS rows of bench_t, median of $RUNS runs:"
echo "  landfall run (-> Parquet, zstd): ${L} s   (runs: $(cut -d' ' -f1 "$WORK/landfall.txt" | tr '\n' ' '))   lake ${SIZE} MiB"
echo "  psql \\copy binary to /dev/null: ${B} s   (runs: $(cut -d' ' -f1 "$WORK/baseline.txt" | tr '\n' ' '))"
echo "  ratio landfall/psql: $(awk "BEGIN{printf \"%.2f\", $L/$B}")   landfall peak RSS: $((RSS / 1024)) MiB"
rm -rf "$WORK"
