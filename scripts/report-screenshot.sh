#!/usr/bin/env bash
# Regenerates docs/images/report.png, the audit report of a realistic lake: the samples/quickstart config (shop,
# clickstream) plus an allow_empty partner feed, run date by date over January and part of February 2026 with the
# sample drops copied forward, a few days missing (failed runs), a --force re-run, and a corrupt manifest. The lake and
# the report live in a temporary folder; the screenshot is taken by Debian's chromium in headless mode with the
# forced re-run's trail open (report.html#shop/2026-01-03).
# Usage: scripts/report-screenshot.sh [OUTPUT.png]   (default docs/images/report.png)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=$(realpath -m "${1:-docs/images/report.png}")

scripts/install-chromium.sh
dotnet build src/Landfall.Cli -c Release --nologo -v q >/dev/null
landfall=$PWD/src/Landfall.Cli/bin/Release/net10.0/landfall

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r samples/quickstart/landfall.yaml samples/quickstart/drop "$work/"
cat >>"$work/landfall.yaml" <<'YAML'

  - name: partner_returns
    kind: files
    start_date: 2026-01-01
    entities:
      - name: returns
        directory: drop/partner/{date:yyyyMMdd}
        glob: "returns_*.csv"
        allow_empty: true
YAML

# Copy the five sample days forward to 2026-02-14, leaving holes: shop misses 01-20 and 02-09..,
# clickstream misses 02-03.., the partner only sends on weekdays.
for i in $(seq 0 44); do
  day=$(date -u -d "2026-01-01 + $i days" +%F)
  src=$(( i % 5 + 1 ))
  if [ "$day" != 2026-01-20 ] && [[ "$day" < 2026-02-09 ]]; then
    mkdir -p "$work/drop/shop/$day"
    cp -n "$work/drop/shop/2026-01-0$src/"* "$work/drop/shop/$day/"
  fi
  if [[ "$day" < 2026-02-03 ]]; then
    mkdir -p "$work/drop/clickstream/${day//-//}"
    cp -n "$work/drop/clickstream/2026/01/0$src/events.jsonl" "$work/drop/clickstream/${day//-//}/"
  fi
  if [ "$(date -u -d "$day" +%u)" -le 5 ]; then
    mkdir -p "$work/drop/partner/${day//-/}"
    head -c $(( 300 + i * 37 )) /dev/urandom | base64 >"$work/drop/partner/${day//-/}/returns_$i.csv"
  fi
done

run() { "$landfall" -c "$work/landfall.yaml" "$@" >/dev/null || true; }
for i in $(seq 0 44); do
  run run --date "$(date -u -d "2026-01-01 + $i days" +%F)"
done
# The missing shop day arrives late and is re-run; a fix to 01-03 is forced; a manifest is damaged.
mkdir -p "$work/drop/shop/2026-01-20" && cp "$work/drop/shop/2026-01-01/"* "$work/drop/shop/2026-01-20/"
run run --date 2026-01-20 --source shop
run run --date 2026-01-03 --source shop --force
run run --date 2026-01-14 --source clickstream --force
echo '{"status": "succ' >"$work/lake/_manifests/source=clickstream/ingest_date=2026-01-27/run_id=0199ffff-corrupt.json"

"$landfall" -c "$work/landfall.yaml" report --out "$work/report.html" --from 2026-01-01 --to 2026-02-28
mkdir -p "$(dirname "$out")"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync \
  --no-first-run --hide-scrollbars --window-size=1680,920 --virtual-time-budget=3000 \
  --screenshot="$out" "file://$work/report.html#shop/2026-01-03" >/dev/null 2>&1
echo "report-screenshot.sh: wrote $out" >&2
