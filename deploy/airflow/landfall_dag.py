"""Landfall on Airflow: plan once, then one mapped task per work unit (dynamic task mapping).

`landfall plan --catch-up --json` lists the (source, date) units that `landfall run --catch-up` would ingest; each mapped
task runs one `landfall run --source S --date D`. Units are independent: any order, in parallel, on any worker
(docs/cli.md, plan). The workers need the landfall executable on PATH and LANDFALL_CONFIG pointing at the config.
"""

import json
import subprocess

import pendulum
from airflow.decorators import dag, task
from airflow.exceptions import AirflowException


def landfall(*args: str) -> subprocess.CompletedProcess:
    """Runs landfall; stdout is its JSON result, stderr its JSON-lines logs (copied into the task log)."""
    done = subprocess.run(["landfall", *args], capture_output=True, text=True, check=False)
    print(done.stderr)
    return done


@dag(
    schedule="15 * * * *",  # hourly: a date that was not ready yet is planned again
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,  # Landfall's own catch-up decides the dates, from the manifests
    max_active_runs=1,
    tags=["landfall"],
)
def landfall_ingest():
    @task
    def plan() -> list[dict]:
        done = landfall("plan", "--catch-up", "--json", "--log-format", "json")
        if done.returncode != 0:
            raise AirflowException(f"plan: landfall exited {done.returncode}")
        return [u for u in json.loads(done.stdout)["units"] if u["action"] == "ingest"]

    @task(retries=2, retry_delay=pendulum.duration(minutes=2), max_active_tis_per_dagrun=8)
    def run_unit(unit: dict) -> dict:
        done = subprocess.run(
            ["landfall", "run", "--source", unit["source"], "--date", unit["date"], "--json", "--log-format", "json"],
            capture_output=True,
            text=True,
            check=False,
        )
        print(done.stderr)
        if done.returncode != 0:  # 1: the date failed (its manifest says why); 2: a config or usage error
            raise AirflowException(f"{unit['source']} {unit['date']}: landfall exited {done.returncode}")
        result = json.loads(done.stdout)[0]
        # skipped / claimed_by_other_run: another run holds the date; the next plan lists it again if that run fails.
        return {k: result[k] for k in ("source", "ingest_date", "status", "reason", "run_id", "objects", "bytes")}

    @task
    def complete_through() -> str:
        done = landfall("status", "--json", "--log-format", "json")
        if done.returncode != 0:
            raise AirflowException(f"status: landfall exited {done.returncode}")
        return json.loads(done.stdout)["complete_through"]  # what downstream (dbt) may read

    run_unit.expand(unit=plan()) >> complete_through()


landfall_ingest()
