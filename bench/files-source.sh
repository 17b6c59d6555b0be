#!/usr/bin/env bash
# Benchmark (not a test): the files source into a local-folder lake, SHA-256 included, against the baseline a shell
# script would use (cp, then sha256sum of the copy). Same disk, same data, same run; median of RUNS runs each.
# Usage: bench/files-source.sh [RUNS=5] [BIG_MIB=1024] [SMALL=1000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${1:-5}; BIG_MIB=${2:-1024}; SMALL=${3:-1000}
WORK=${BENCH_DIR:-/tmp/landfall-bench-files}
rm -rf "$WORK"; mkdir -p "$WORK/drop/2026-01-01"
head -c "$((BIG_MIB * 1024 * 1024))" /dev/urandom > "$WORK/drop/2026-01-01/big.bin"
for i in $(seq 1 "$SMALL"); do head -c "$(( (RANDOM % 61 + 4) * 1024 ))" /dev/urandom > "$WORK/drop/2026-01-01/small-$i.bin"; done
cat > "$WORK/landfall.yaml" <<YAML
lake: { kind: local, path: ./lake }
sources:
  - name: bench
    kind: files
    start_date: 2026-01-01
    entities:
      - name: files
        directory: drop/{date}
YAML
. bench/landfall-cli.sh; landfall_cli "$WORK/landfall-cli"   # BENCH_BUILD=native|r2r|jit

measure() { # prints "seconds max_rss_kib"
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" || { cat "$WORK/stderr"; exit 1; }
  cat "$WORK/time"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

: > "$WORK/landfall.txt"; : > "$WORK/baseline.txt"
for r in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/lake" "$WORK/copy"; sync
  measure $CLI run --config "$WORK/landfall.yaml" --date 2026-01-01 >> "$WORK/landfall.txt"
  rm -rf "$WORK/copy"; sync
  measure bash -c "cp -r '$WORK/drop/2026-01-01' '$WORK/copy' && sync && sha256sum '$WORK/copy'/* > /dev/null" >> "$WORK/baseline.txt"
done
L=$(cut -d' ' -f1 "$WORK/landfall.txt" | median); B=$(cut -d' ' -f1 "$WORK/baseline.txt" | median)
RSS=$(cut -d' ' -f2 "$WORK/landfall.txt" | sort -n | tail -1)
echo "files source, ${BIG_MIB} MiB + ${SMALL} small files, median of $RUNS runs:"
echo "  landfall run:        ${L} s   (runs: $(cut -d' ' -f1 "$WORK/landfall.txt" | tr '\n' ' '))"
echo "  cp + sync + sha256sum: ${B} s   (runs: $(cut -d' ' -f1 "$WORK/baseline.txt" | tr '\n' ' '))"
echo "  ratio landfall/baseline: $(awk "BEGIN{printf \"%.2f\", $L/$B}")   landfall peak RSS: $((RSS / 1024)) MiB"
rm -rf "$WORK"
