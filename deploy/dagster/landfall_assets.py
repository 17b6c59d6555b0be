"""Landfall on Dagster: a daily-partitioned asset whose partition key is the business date.

Materializing partition D runs `landfall run --date D` (every source of the config; the manifests make it idempotent: a
date already done is skipped). Keep the partitions' timezone equal to the config's schedule.timezone: Dagster's last
daily partition is yesterday, Landfall's last complete date with lag_days 1. The code location needs the landfall
executable on PATH and LANDFALL_CONFIG pointing at the config.
"""

import json
import subprocess

from dagster import (
    AssetExecutionContext,
    DailyPartitionsDefinition,
    Definitions,
    Failure,
    MaterializeResult,
    RetryRequested,
    asset,
    build_schedule_from_partitioned_job,
    define_asset_job,
)

daily = DailyPartitionsDefinition(start_date="2026-01-01", timezone="UTC")


@asset(partitions_def=daily, group_name="bronze")
def landfall_bronze(context: AssetExecutionContext) -> MaterializeResult:
    date = context.partition_key
    done = subprocess.run(
        ["landfall", "run", "--date", date, "--json", "--log-format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    for line in done.stderr.splitlines():
        context.log.info(line)
    if done.returncode == 2:
        raise Failure(description=f"landfall refused to run {date} (config or usage error): {done.stderr.strip()[-2000:]}")
    results = json.loads(done.stdout or "[]")
    failed = [r for r in results if r["status"] == "failed"]
    if done.returncode != 0 or failed:
        raise Failure(
            description=f"{len(failed)} source(s) failed {date}; their manifests say why",
            metadata={"errors": json.dumps([e for r in failed for e in r["errors"]])},
        )
    # Another run holds a source's date (a crashed one only until its lease runs out, a minute by default): try again later.
    if any(r["reason"] == "claimed_by_other_run" for r in results):
        raise RetryRequested(max_retries=5, seconds_to_wait=90)
    return MaterializeResult(
        metadata={
            "sources": len(results),
            "ingested": sum(r["status"] == "success" for r in results),
            "objects": sum(r["objects"] for r in results),
            "bytes": sum(r["bytes"] for r in results),
            "run_ids": ", ".join(r["run_id"] for r in results if r["status"] == "success"),
        }
    )


landfall_daily = define_asset_job("landfall_daily", selection=[landfall_bronze], partitions_def=daily)

defs = Definitions(
    assets=[landfall_bronze],
    jobs=[landfall_daily],
    schedules=[build_schedule_from_partitioned_job(landfall_daily, hour_of_day=1, minute_of_hour=15)],
)
