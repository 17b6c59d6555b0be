#!/bin/sh
# Plans a backfill of FROM..TO and starts it as an Indexed Job (backfill-job.yaml): one pod per (source, date) to ingest.
#   deploy/kubernetes/backfill.sh 2026-01-01 2026-03-31 [--source orders ...]
# Needs landfall (with LANDFALL_CONFIG pointing at the same config as the cluster's), jq and kubectl.
set -eu
if [ $# -lt 2 ]; then
  echo "usage: $0 FROM TO [--source S ...]" >&2
  exit 2
fi
from=$1
to=$2
shift 2
here=$(dirname "$0")
units=$(mktemp)
trap 'rm -f "$units"' EXIT

# The units are fixed here, once: index i must mean the same unit in every pod, whatever the others have done since.
landfall plan --from "$from" --to "$to" "$@" --json \
  | jq -r '.units[] | select(.action == "ingest") | "\(.source) \(.date)"' > "$units"
count=$(wc -l < "$units")
if [ "$count" -eq 0 ]; then
  echo "Nothing to backfill: every (source, date) of $from..$to has a successful latest manifest."
  exit 0
fi
name="landfall-backfill-$(date -u +%Y%m%d%H%M%S)"
kubectl create configmap "$name" --from-file=units.txt="$units"
sed -e "s/__NAME__/$name/g" -e "s/__UNITS__/$count/" "$here/backfill-job.yaml" | kubectl apply -f -
echo "Started job $name: $count unit(s). Follow it with: kubectl get job $name -w"
