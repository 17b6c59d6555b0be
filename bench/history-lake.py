#!/usr/bin/env python3
"""Writes a years-long manifest history straight into a lake, for bench/history.sh.

Usage: bench/history-lake.py local ROOT | s3 ENDPOINT BUCKET PREFIX   (env: SOURCES=40 DAYS=1095 END=2026-11-30 SEED=15;
EXTRA_ONLY=N writes only N forced re-runs of the newest dates, timestamped now)

Per source and day one Landfall-layout success (1 entity, 2 objects); about 4% of dates get a failed run before it, 2% a
forced re-run after it (with supersedes), and every 50th source is seed-written (no Landfall outputs block). Manifests of
a date are written in run order so LastModified (whole seconds on S3) and ended_at order them as real runs would. It writes
manifests only, no data: status, history, report and plan read manifests alone.
"""
import concurrent.futures
import datetime as dt
import json
import os
import random
import sys
import uuid


def manifests(sources, days, end, seed):
    rng = random.Random(seed)
    first = end - dt.timedelta(days=days - 1)
    clock = dt.datetime(first.year, first.month, first.day, 3, 0, tzinfo=dt.timezone.utc)
    for day in range(days):
        date = first + dt.timedelta(days=day)
        for s in range(sources):
            source = f"src{s:02d}"
            runs = []
            if rng.random() < 0.04:
                runs.append("failed")
            runs.append("success")
            if rng.random() < 0.02:
                runs.append("forced")
            previous = None
            for i, kind in enumerate(runs):
                started = clock + dt.timedelta(days=day, minutes=s, seconds=i * 3)
                ended = started + dt.timedelta(seconds=2, microseconds=rng.randrange(1000000))
                run_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                key = f"_manifests/source={source}/ingest_date={date}/run_id={run_id}.json"
                yield key, body(source, date, run_id, kind, started, ended, previous, seed_layout=(s % 50 == 49), rng=rng), ended
                if kind != "failed":
                    previous = (run_id, key)


def extra(sources, count, end, seed):
    """Forced re-runs of the newest dates, written now: manifests a fresh index does not cover."""
    rng = random.Random(seed * 7919 + count)
    now = dt.datetime.now(dt.timezone.utc)
    for i in range(count):
        source, date = f"src{i % sources:02d}", end - dt.timedelta(days=i // sources)
        run_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        key = f"_manifests/source={source}/ingest_date={date}/run_id={run_id}.json"
        yield key, body(source, date, run_id, "forced", now, now + dt.timedelta(seconds=1), None, seed_layout=False, rng=rng), now


def ts(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def body(source, date, run_id, kind, started, ended, previous, seed_layout, rng):
    doc = {"source": source, "env": "bench", "run_id": run_id, "ingest_date": str(date),
           "status": "failed" if kind == "failed" else "success", "started_at": ts(started), "ended_at": ts(ended)}
    if kind == "failed":
        doc["errors"] = [{"entity": "orders", "type": "source_unreachable", "message": "connection refused (bench)"}]
        doc["outputs"] = {}
    elif seed_layout:
        doc["errors"] = []
        doc["outputs"] = {"orders": [f"bronze/source={source}/entity=orders/ingest_date={date}/run_id={run_id}/part-{i}.csv" for i in (1, 2)]}
    else:
        doc["errors"] = []
        objects = []
        for i in (1, 2):
            size = rng.randrange(10_000, 5_000_000)
            objects.append({"key": f"bronze/source={source}/entity=orders/ingest_date={date}/run_id={run_id}/part-{i}.csv",
                            "bytes": size, "sha256": "%064x" % rng.getrandbits(256), "etag": "%032x" % rng.getrandbits(128),
                            "rows": size // 100, "source_path": f"/drop/{source}/{date}/part-{i}.csv",
                            "source_modified_at": ts(started - dt.timedelta(hours=2))})
        doc["outputs"] = {"orders": {"objects": objects, "totals": {"objects": 2, "bytes": sum(o["bytes"] for o in objects),
                                                                   "rows": sum(o["rows"] for o in objects)},
                                     "empty": False, "directory": f"/drop/{source}/{date}", "glob": "*.csv"}}
        doc.update({"manifest_version": 1, "landfall_version": "0.1.0+bench", "source_kind": "files",
                    "duration_ms": int((ended - started).total_seconds() * 1000), "host": "bench"})
        if kind == "forced" and previous:
            doc["supersedes"] = {"run_id": previous[0], "key": previous[1]}
    return (json.dumps(doc, indent=2) + "\n").encode()


def main():
    kind = sys.argv[1]
    sources = int(os.environ.get("SOURCES", "40"))
    days = int(os.environ.get("DAYS", "1095"))
    end = dt.date.fromisoformat(os.environ.get("END", "2026-11-30"))
    seed = int(os.environ.get("SEED", "15"))
    count = 0
    extra_only = int(os.environ.get("EXTRA_ONLY", "0"))
    items = (lambda: extra(sources, extra_only, end, seed)) if extra_only else (lambda: manifests(sources, days, end, seed))
    if kind == "local":
        root = sys.argv[2]
        for key, data, ended in items():
            path = os.path.join(root, key)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "xb") as f:
                f.write(data)
            if not extra_only:
                os.utime(path, (ended.timestamp(), ended.timestamp()))
            count += 1
    else:
        import boto3
        from botocore.config import Config
        endpoint, bucket, prefix = sys.argv[2], sys.argv[3], sys.argv[4].strip("/")
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "test:tester"),
                          aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "testing"),
                          config=Config(s3={"addressing_style": "path"}, max_pool_connections=32))
        try:
            s3.create_bucket(Bucket=bucket)
        except s3.exceptions.ClientError:
            pass

        def put(item):
            key, data, _ = item
            s3.put_object(Bucket=bucket, Key=f"{prefix}/{key}", Body=data, ContentType="application/json")

        # A date's runs in order (each a whole-second LastModified of its own or tied), dates and sources in parallel.
        by_date = {}
        for item in items():
            by_date.setdefault(item[0].rsplit("/", 1)[0], []).append(item)
        def put_date(items):
            for item in items:
                put(item)
            return len(items)
        with concurrent.futures.ThreadPoolExecutor(max_workers=24) as pool:
            for n in pool.map(put_date, by_date.values(), chunksize=64):
                count += n
                if count % 5000 < n:
                    print(f"  {count} manifests", file=sys.stderr, flush=True)
    print(count)


if __name__ == "__main__":
    main()
