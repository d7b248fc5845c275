"""`lineofsight coverage`, and what `measures` and `alerts` say of figures the data does not cover, run as a
user runs them.

The store holds two referrals and what a census for 2025-26 covers of them: referrals from 1 April 2025
to 31 March 2026. So RF03 (the year to 31 March 2026) is supported and nothing else is: RF01 is a rate,
and no population is set.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import Engine

from lineofsight.data.facts import REFERRALS
from tests.builders import council_data, coverage, referral


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lineofsight", *args], capture_output=True, text=True, check=False
    )


@pytest.fixture
def census_year(engine: Engine, db_url: str) -> str:
    council_data(
        engine,
        referral("C1", "2025-06-02"),
        referral("C2", "2025-09-01"),
        coverage(REFERRALS, "2025-04-01", "2026-03-31", source="cin"),
    )
    return db_url


def test_coverage_says_what_each_load_covered_and_what_the_data_supports(census_year: str) -> None:
    done = run("coverage", "--as-at", "2026-03-31", "--json", "--db", census_year)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    (source,) = document["sources"]
    assert [(c["fact"], c["from"], c["to"]) for c in source["covers"]] == [
        ("referrals", "2025-04-01", "2026-03-31")
    ]
    supported = [m["code"] for m in document["measures"]["each"] if m["supported"]]
    assert supported == ["RF03"]
    rf01 = next(m for m in document["measures"]["each"] if m["code"] == "RF01")
    assert "set population_0_17 in the settings file" in rf01["reason"]
    rf02 = next(m for m in document["measures"]["each"] if m["code"] == "RF02")
    assert "missing 1 April 2024 to 31 March 2025" in rf02["reason"]
    assert document["alerts"]["supported"] == 0


def test_measures_show_not_available_and_say_why_under_the_table(census_year: str) -> None:
    done = run("measures", "--as-at", "2026-03-31", "--code", "RF02", "--code", "RF03", "--db", census_year)
    assert done.returncode == 0, done.stderr
    assert "the data supports 1 of 2" in done.stdout
    assert "Not available" in done.stdout
    assert "RF02: needs each referral" in done.stdout


def test_the_worklist_says_which_alerts_it_could_not_check(census_year: str) -> None:
    done = run("alerts", "--as-at", "2026-03-31", "--json", "--db", census_year)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["alerts"] == []
    assert len(document["not_checked"]) == 23
    al01 = next(item for item in document["not_checked"] if item["code"] == "AL01")
    assert al01["reason"].startswith("needs each assessment")
