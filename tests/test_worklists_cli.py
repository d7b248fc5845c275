"""`lineofsight alerts`: the worklist from the command line, as a table, JSON and CSV, and its errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from sqlalchemy import Engine

from tests.builders import allocation, assessment, council_data, cp_plan, team


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lineofsight", *args], capture_output=True, text=True, check=False
    )


def _store(engine: Engine, db_url: str) -> list[str]:
    # As at Tue 5 Nov 2024: C1's assessment (Mon 2 Sep) is 1 day past its 45th working day, Mon 4 Nov;
    # C2's CP plan (Mon 7 Oct, no visit) is 15 days past its 10th working day, Mon 21 Oct.
    council_data(
        engine,
        team("T1"),
        assessment("C1", start="2024-09-02"),
        allocation("C1", "W1", start="2024-09-02"),
        cp_plan("C2", start="2024-10-07"),
        allocation("C2", "W2", start="2024-10-07"),
    )
    return ["--db", db_url, "--as-at", "2024-11-05", "--code", "AL01", "--code", "AL03"]


def test_the_worklist_as_json_is_the_contract(engine: Engine, db_url: str) -> None:
    result = run("alerts", *_store(engine, db_url), "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["as_at"] == "2024-11-05"
    assert [(a["code"], a["child_id"], a["days_overdue"], a["due"]) for a in document["alerts"]] == [
        ("AL03", "C2", 15, "2024-10-21"),
        ("AL01", "C1", 1, "2024-11-04"),
    ]


def test_the_worklist_as_csv_and_as_a_table(engine: Engine, db_url: str) -> None:
    args = _store(engine, db_url)
    rows = list(csv.DictReader(io.StringIO(run("alerts", *args, "--csv", "--worker", "W1").stdout)))
    assert [(r["code"], r["child_id"], r["due"], r["owner"]) for r in rows] == [
        ("AL01", "C1", "2024-11-04", "team manager")
    ]
    table = run("alerts", *args, "--owner", "social-worker").stdout
    assert "1 alert for social worker as at 5 November 2024 (1 child), most overdue first" in table
    assert "C2" in table and "C1" not in table
    assert (
        "No alerts team T1 for conference chair as at 5 November 2024."
        in run("alerts", *args, "--team", "T1", "--owner", "conference chair").stdout
    )


def test_an_unknown_team_worker_owner_or_code_is_a_usage_error(engine: Engine, db_url: str) -> None:
    args = _store(engine, db_url)
    for option, value, says in [
        ("--team", "T9", "there is no team T9"),
        ("--worker", "W9", "there is no worker W9"),
        ("--owner", "director", "no alert is owned by 'director'"),
        ("--code", "AL99", "there is no alert AL99"),
    ]:
        result = run("alerts", *args, option, value)
        assert result.returncode == 2, (option, result.stderr)
        assert result.stderr.startswith("lineofsight: error: ") and says in result.stderr


def test_alerts_has_help_for_every_option() -> None:
    result = run("alerts", "--help")
    assert result.returncode == 0
    for option in ("--as-at", "--team", "--worker", "--owner", "--code", "--json", "--csv", "--db"):
        assert option in result.stdout
