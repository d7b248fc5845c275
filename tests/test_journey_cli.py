"""`lineofsight journey CHILD_ID`: the JSON contract, the tables a person reads, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import Engine

from lineofsight.cli import main
from tests.builders import council_data, council_fact, person
from tests.test_journey import history


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command, as a user runs it, so that tracebacks would show."""
    return subprocess.run(
        [sys.executable, "-m", "lineofsight", *args], capture_output=True, text=True, check=False
    )


@pytest.fixture
def stored(engine: Engine, db_url: str) -> str:
    """C1's history in a store whose data runs to 31 March 2025, the default date."""
    council_data(engine, council_fact("generated_end", "2025-03-31"), *history())
    return db_url


def test_the_json_gives_the_journey_at_the_last_day_the_data_covers(
    stored: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["journey", "C1", "--db", stored, "--json"])
    document = json.loads(capsys.readouterr().out)
    assert document["as_at"] == "2025-03-31"
    assert document["child_id"] == "C1"
    # As test_journey works out: 302 days in need, 180 on the CP plan, 57 looked after.
    assert document["summary"]["days"]["in_need"] == 302
    assert document["summary"]["days"]["cp_plan"] == 180
    assert document["summary"]["workers"] == 2
    assert [e["kind"] for e in document["events"]][:4] == ["birth", "contact", "referral", "allocation"]
    assert set(document["events"][0]) == {"date", "end", "kind", "what", "worker_id", "team", "id"}
    # The CIN visit was due on Fri 28 March 2025, 20 working days after 28 February: 3 days overdue.
    al04 = next(a for a in document["open_alerts"] if a["code"] == "AL04")
    assert (al04["due"], al04["days_overdue"]) == ("2025-03-28", 3)


def test_as_at_shows_only_what_was_known_that_day(stored: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["journey", "C1", "--db", stored, "--as-at", "2024-06-25", "--json"])
    document = json.loads(capsys.readouterr().out)
    assert document["as_at"] == "2024-06-25"
    # Nine events up to the CP plan of 24 June (test_journey lists them); its end was not yet known.
    assert len(document["events"]) == 9
    assert document["events"][-1]["kind"] == "cp_plan" and document["events"][-1]["end"] is None
    assert document["status"] == ["in_need", "cp_plan"]


def test_the_tables_show_the_child_the_summary_the_timeline_and_open_alerts(
    stored: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["journey", "C1", "--db", stored])
    text = capsys.readouterr().out
    assert "Child C1, aged 9, sex not known" in text
    assert "As at 31 March 2025: in need, on a CIN plan, looked after" in text
    assert "Alex" not in text  # the child's (fictional) name is never shown
    row = {
        line.split("│")[1].strip(): line.split("│")[2].strip() for line in text.splitlines() if "Days" in line
    }
    assert row["Days in need"] == "302"
    assert row["Days on a CP plan"] == "180"
    plan = next(line for line in text.splitlines() if "Child protection plan (neglect)" in line)
    assert "24 June 2024" in plan and "20 December 2024" in plan and "W1 (T1)" in plan
    placement = next(line for line in text.splitlines() if "Placement U6" in line)
    assert "open" in placement  # still open at D
    alert = next(line for line in text.splitlines() if "AL04" in line)
    assert "CIN visit overdue" in alert and "28 March 2025" in alert


def test_a_child_with_nothing_overdue_says_so(
    engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    council_data(engine, person("C9", dob="2020-01-15"))
    main(["journey", "C9", "--db", db_url, "--as-at", "2025-03-31"])
    text = capsys.readouterr().out
    # Born 15 January 2020: 5 at D, and never open to children's social care.
    assert "Child C9, aged 5, sex not known" in text
    assert "As at 31 March 2025: no open episode" in text
    assert "No open alerts." in text


def test_an_unknown_child_is_one_line_on_stderr_and_exit_status_1(
    stored: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["journey", "C404", "--db", stored])
    assert exit_.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == "lineofsight: error: no child C404 in the database"


def test_journey_has_help_for_the_command_and_its_options() -> None:
    result = run("journey", "--help")
    assert result.returncode == 0
    assert "Usage: lineofsight journey" in result.stdout
    for words in ("CHILD_ID", "--as-at", "--json", "--db", "--settings", "one child's journey"):
        assert words in result.stdout


def test_a_bad_date_is_a_usage_error() -> None:
    result = run("journey", "C1", "--as-at", "31/03/2025")
    assert result.returncode == 2
    assert "'31/03/2025' is not a date" in result.stderr
