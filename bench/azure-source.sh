#!/usr/bin/env bash
# Benchmark (not a test): the azure_blob source copying one business date (SMALL small blobs + one BIG_MIB blob) on the local
# Azure Blob Storage emulator (Azurite on 127.0.0.1:10000, scripts/services/up.sh azure), against `rclone copy` (Debian's rclone,
# azureblob backend pointed at the emulator) on the same data, same run, alternating, each tool first in every other run;
# median of RUNS runs each. Two rows:
#   server-side  landfall into an azure lake of the same account (Copy Blob, size/ETag read back) vs rclone azureblob -> azureblob
#                (its own server-side copy), rclone writing under keys shaped like Landfall's
#   streamed     landfall into a local-folder lake (SHA-256 on the way, fsync at the barrier) vs rclone azureblob -> local folder,
#                then sync and sha256sum of every file
# Each run's copies are deleted after it is measured (the emulator keeps everything in memory).
# Usage: bench/azure-source.sh [RUNS=3] [SMALL=2000] [BIG_MIB=1024] [PARALLEL=16]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${1:-3}; SMALL=${2:-2000}; BIG_MIB=${3:-1024}; PARALLEL=${4:-16}
URL=${LANDFALL_AZURITE_URL:-http://127.0.0.1:10000/devstoreaccount1}
ACCOUNT=devstoreaccount1
# The emulator's well-known key (public; Microsoft documents it for every storage emulator).
KEY=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==
WORK=${BENCH_DIR:-/tmp/landfall-bench-azure}
ID=$(date +%s)-$$
SRC=lfb-src-$ID; LAKE=lfb-lake-$ID; DEST=lfb-rclone-$ID
command -v rclone >/dev/null || { echo "rclone is not installed: apt-get install -y rclone" >&2; exit 2; }
# rclone 1.60 (Debian 12) builds https://ACCOUNT.SUFFIX URLs from account/key and its use_emulator mode does not reach the
# emulator, so it gets an account SAS URL (path-style, as the emulator wants), signed here with the emulator's key.
SAS_URL=$(python3 - "$ACCOUNT" "$KEY" "$URL" <<'PY'
import base64, datetime, hashlib, hmac, sys, urllib.parse
account, key, url = sys.argv[1:4]
exp = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=12)).strftime("%Y-%m-%dT%H:%M:%SZ")
sp, ss, srt, sv, spr = "racwdlup", "b", "sco", "2019-12-12", "http,https"
to_sign = "\n".join([account, sp, ss, srt, "", exp, "", spr, sv, ""])
sig = base64.b64encode(hmac.new(base64.b64decode(key), to_sign.encode(), hashlib.sha256).digest()).decode()
print(url + "?" + urllib.parse.urlencode({"sv": sv, "ss": ss, "srt": srt, "sp": sp, "se": exp, "spr": spr, "sig": sig}))
PY
)
export RCLONE_CONFIG_AZ_TYPE=azureblob RCLONE_CONFIG_AZ_SAS_URL=$SAS_URL
cleanup() {
  for c in "$SRC" "$LAKE" "$DEST"; do rclone purge "az:$c" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

rm -rf "$WORK"; mkdir -p "$WORK/data"
head -c "$((BIG_MIB * 1024 * 1024))" /dev/urandom > "$WORK/data/big.bin"
for i in $(seq 1 "$SMALL"); do head -c "$(( (RANDOM % 61 + 4) * 1024 ))" /dev/urandom > "$WORK/data/small-$i.bin"; done
for c in "$SRC" "$LAKE" "$DEST"; do rclone mkdir "az:$c"; done
rclone copy "$WORK/data" "az:$SRC/exports/2026/01/01/" --transfers 16 --checkers 16
rm -rf "$WORK/data"

# Landfall as deployed: natively compiled (BENCH_BUILD=r2r|jit measures the other builds; bench/landfall-cli.sh).
. bench/landfall-cli.sh; landfall_cli "$WORK/landfall"
source_yaml() {
  cat <<YAML
sources:
  - name: bench
    kind: azure_blob
    start_date: 2026-01-01
    account_url: $URL
    account_key: "$KEY"
    max_parallel_copies: $PARALLEL
    entities:
      - name: exports
        container: $SRC
        prefix: "exports/{date:yyyy/MM/dd}/"
YAML
}
config() { # $1 run, $2 server|local: a fresh lake per run, so every run copies the whole date
  if [ "$2" = server ]; then
    printf 'lake: { kind: azure, container: %s, prefix: run-%s, account_url: "%s", account_key: "%s" }\n' "$LAKE" "$1" "$URL" "$KEY"
  else
    printf 'lake: { kind: local, path: %s }\n' "$WORK/lake-$1"
  fi > "$WORK/landfall.yaml"
  source_yaml >> "$WORK/landfall.yaml"
}
measure() { # prints "seconds max_rss_kib cpu_seconds(user+sys)"
  /usr/bin/time -f "%e %M %U %S" -o "$WORK/time" "$@" >"$WORK/stdout" 2>"$WORK/stderr" || { cat "$WORK/stdout" "$WORK/stderr"; exit 1; }
  awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}' "$WORK/time"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
shaped() { echo "run-$1/bronze/source=bench/entity=exports/ingest_date=2026-01-01/run_id=$(cat /proc/sys/kernel/random/uuid)/"; }

row() { # $1 server|local
  local mode=$1
  : > "$WORK/landfall-$mode.txt"; : > "$WORK/rclone-$mode.txt"
  run_landfall() {
    config "$1" "$mode"
    measure $CLI run --config "$WORK/landfall.yaml" --date 2026-01-01 --json >> "$WORK/landfall-$mode.txt"
    grep -q "\"success\"" "$WORK/stdout" || { cat "$WORK/stdout" "$WORK/stderr"; exit 1; }
    if [ "$mode" = server ]; then rclone purge "az:$LAKE/run-$1" >/dev/null 2>&1 || true; else rm -rf "$WORK/lake-$1"; fi
  }
  run_rclone() {
    if [ "$mode" = server ]; then
      measure rclone copy "az:$SRC/exports/2026/01/01/" "az:$DEST/$(shaped "$1")" --transfers "$PARALLEL" --checkers "$PARALLEL" \
        >> "$WORK/rclone-$mode.txt"
      rclone purge "az:$DEST/run-$1" >/dev/null 2>&1 || true
    else
      local to="$WORK/rclone-$1/$(shaped "$1")"
      measure bash -c "rclone copy 'az:$SRC/exports/2026/01/01/' '$to' --transfers $PARALLEL --checkers $PARALLEL && sync && find '$to' -type f -exec sha256sum {} + > /dev/null" \
        >> "$WORK/rclone-$mode.txt"
      rm -rf "$WORK/rclone-$1"
    fi
  }
  for r in $(seq 1 "$RUNS"); do
    if [ $((r % 2)) = 1 ]; then run_landfall "$r"; run_rclone "$r"; else run_rclone "$r"; run_landfall "$r"; fi
  done
  local L R RSS
  L=$(cut -d' ' -f1 "$WORK/landfall-$mode.txt" | median); R=$(cut -d' ' -f1 "$WORK/rclone-$mode.txt" | median)
  RSS=$(cut -d' ' -f2 "$WORK/landfall-$mode.txt" | sort -n | tail -1)
  if [ "$mode" = server ]; then
    echo "azure_blob source (landfall build: ${BENCH_BUILD:-native}), server-side into an azure lake, ${SMALL} small blobs + ${BIG_MIB} MiB, parallel ${PARALLEL}, median of $RUNS runs:"
  else
    echo "azure_blob source (landfall build: ${BENCH_BUILD:-native}), streamed into a local-folder lake (SHA-256), same data; rclone to a local folder + sha256sum:"
  fi
  echo "  landfall run:  ${L} s   (runs: $(cut -d' ' -f1 "$WORK/landfall-$mode.txt" | tr '\n' ' '))"
  echo "  rclone copy:   ${R} s   (runs: $(cut -d' ' -f1 "$WORK/rclone-$mode.txt" | tr '\n' ' '))"
  echo "  client CPU (user+sys) median: landfall $(cut -d' ' -f3 "$WORK/landfall-$mode.txt" | median) s, rclone $(cut -d' ' -f3 "$WORK/rclone-$mode.txt" | median) s"
  echo "  ratio landfall/rclone: $(awk "BEGIN{printf \"%.2f\", $L/$R}")   landfall peak RSS: $((RSS / 1024)) MiB"
}
row server
row local
