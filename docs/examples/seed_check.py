#!/usr/bin/env python3
"""The seed's manifest checks (Snippets 1 and 5) over a local-folder lake instead of S3.

Same logic as the seed, with os.listdir + file mtime standing in for list_objects_v2 + LastModified
(listing in key order, as S3 does). Used to check that the seed reads Landfall's manifests.

    python3 docs/examples/seed_check.py LAKE_DIR SOURCE [YYYY-MM-DD]

With a date: prints "skip" or "ingest" for that date (should_skip_if_already_successful).
Without: prints the latest successful date of the source (discover_latest_successful_date), or "none".
"""
import json
import os
import re
import sys
from datetime import date


def _objects(lake: str, prefix: str):
    """Every object under prefix, in key order, as (key, last_modified)."""
    folder = os.path.join(lake, prefix)
    if not os.path.isdir(folder):
        return []
    names = sorted(n for n in os.listdir(folder) if not n.startswith(".landfall-tmp-"))
    return [(prefix + n, os.path.getmtime(os.path.join(folder, n))) for n in names]


def _latest_manifest_key(lake: str, prefix: str):
    latest = None
    for key, modified in _objects(lake, prefix):
        if latest is None or modified > latest[1]:  # strict '>', as the seed: the first of a tie wins
            latest = (key, modified)
    return latest[0] if latest else None


def should_skip_if_already_successful(lake: str, manifest_prefix: str) -> bool:
    key = _latest_manifest_key(lake, manifest_prefix)
    if not key:
        return False
    with open(os.path.join(lake, key), "rb") as f:
        body = f.read()
    try:
        manifest = json.loads(body)
    except (TypeError, json.JSONDecodeError):
        print(f"manifest_decode_failed {key}", file=sys.stderr)
        return False
    if not isinstance(manifest, dict):
        print(f"manifest_not_dict {key}", file=sys.stderr)
        return False
    return bool(manifest.get("status") == "success")


def discover_latest_successful_date(lake: str, source: str):
    prefix = f"_manifests/source={source}/"
    folder = os.path.join(lake, prefix)
    dates = set()
    for name in os.listdir(folder) if os.path.isdir(folder) else []:
        match = re.search(r"ingest_date=(\d{4}-\d{2}-\d{2})", name + "/")
        if match:
            dates.add(date.fromisoformat(match.group(1)))
    for d in sorted(dates, reverse=True):
        if should_skip_if_already_successful(lake, f"{prefix}ingest_date={d.isoformat()}/"):
            return d
    return None


if __name__ == "__main__":
    lake_dir, source_name = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 3:
        p = f"_manifests/source={source_name}/ingest_date={sys.argv[3]}/"
        print("skip" if should_skip_if_already_successful(lake_dir, p) else "ingest")
    else:
        found = discover_latest_successful_date(lake_dir, source_name)
        print(found.isoformat() if found else "none")
