"""`lineofsight priorities`: a worker's children highest first, as JSON and as a table, and one-line errors.

The council: on Mon 31 Mar 2025, W1 holds C1 (on a CP plan since 6 Jan, physical abuse, last seen and
seen alone on Mon 10 Mar) and C2 (on a CIN plan since 3 Feb, seen alone on Fri 28 Mar); W2 in team T2
holds C3, referred Mon 17 Mar and not yet seen. The settings file turns the open-alerts factor off,
so that the scores do not depend on which alerts the catalogue holds (the library's tests count them).
With the other default weights:
  C1: CP plan 30 + 3 full weeks unseen x 2 + 3 full weeks unseen alone x 1 = 39;
  C2: CIN plan 10 (seen 3 days ago, no full week);
  C3: no plan; 14 days unseen, 2 weeks: 2 x 2 + 2 x 1 = 6.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from lineofsight.cli import main
from lineofsight.data.facts import CIN_EPISODES
from tests.builders import (
    allocation,
    cin_plan,
    council_data,
    council_fact,
    coverage,
    cp_plan,
    referral,
    visit,
)

D = "2025-03-31"


@pytest.fixture
def council(engine: Engine, db_url: str) -> str:
    physical = {"cp_plan_initial_category": "PHY", "cp_plan_latest_category": "PHY"}
    council_data(
        engine,
        council_fact("generated_end", D),  # the last day the data covers: the default as-at
        referral("C1", "2025-01-06", id="R-C1"),
        allocation("C1", "W1", start="2025-01-06"),
        cp_plan("C1", start="2025-01-06") | physical,
        visit("C1", "2025-03-10", kind="cp") | {"visit_seen_alone": True},
        referral("C2", "2025-01-06", id="R-C2"),
        allocation("C2", "W1", start="2025-01-06"),
        cin_plan("C2", start="2025-02-03"),
        visit("C2", "2025-03-28", kind="cin") | {"visit_seen_alone": True},
        referral("C3", "2025-03-17", id="R-C3"),
        allocation("C3", "W2", start="2025-03-17") | {"team_id": "T2"},
    )
    return db_url


@pytest.fixture
def no_alerts(tmp_path: Path) -> str:
    path = tmp_path / "local.toml"
    path.write_text("[priority_weights]\nopen_alerts = 0\n")
    return str(path)


def test_the_json_lists_the_worker_s_children_highest_first_with_their_factors(
    council: str, no_alerts: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["priorities", "--worker", "W1", "--db", council, "--settings", no_alerts, "--json"])
    document = json.loads(capsys.readouterr().out)
    assert document == {
        "as_at": D,  # the last day the data covers
        "worker_id": "W1",
        "team_id": None,
        # A complete record: the priority is available and every factor is scored.
        "unavailable": None,
        "not_scored": [],
        "children": [
            {
                "child_id": "C1",
                "worker": "W1",
                "team": "T1",
                "plan": "CP",
                "score": 39,
                "factors": [
                    {
                        "factor": "cp_plan",
                        "points": 30,
                        "reason": "on a child protection plan since 2025-01-06",
                    },
                    {
                        "factor": "weeks_not_seen",
                        "points": 6,
                        "reason": "not seen for 21 days (last seen 2025-03-10)",
                    },
                    {
                        "factor": "weeks_not_seen_alone",
                        "points": 3,
                        "reason": "not seen alone for 21 days (last seen alone 2025-03-10)",
                    },
                ],
            },
            {
                "child_id": "C2",
                "worker": "W1",
                "team": "T1",
                "plan": "CIN",
                "score": 10,
                "factors": [
                    {"factor": "cin_plan", "points": 10, "reason": "on a child in need plan since 2025-02-03"}
                ],
            },
        ],
    }


def test_weights_in_the_settings_file_change_the_scores(
    council: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A CIN plan worth 40: C2 has 40, ahead of C1's 39.
    settings = tmp_path / "local.toml"
    settings.write_text("[priority_weights]\nopen_alerts = 0\ncin_plan = 40\n")
    main(["priorities", "--worker", "W1", "--db", council, "--settings", str(settings), "--json"])
    children = json.loads(capsys.readouterr().out)["children"]
    assert [(child["child_id"], child["score"]) for child in children] == [("C2", 40), ("C1", 39)]


def test_the_table_shows_each_child_with_its_score_and_the_reasons(
    council: str, no_alerts: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["priorities", "--worker", "W1", "--db", council, "--settings", no_alerts, "--as-at", D])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Visit priority for worker W1 as at 31 March 2025, highest first")
    first = next(line for line in lines if "C1" in line)
    assert "child protection" in first and "39" in first and "on a child protection plan since" in first
    assert any("not seen alone for 21 days (last seen alone 2025-03-10)" in line for line in lines)
    second = next(line for line in lines if "C2" in line)
    assert "child in need" in second and "10" in second
    assert lines.index(first) < lines.index(second)
    assert not any("C3" in line for line in lines)


def test_a_team_s_list_names_each_child_s_worker(
    council: str, no_alerts: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["priorities", "--team", "T2", "--db", council, "--settings", no_alerts])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Visit priority for team T2 as at 31 March 2025")
    (row,) = [line for line in lines if "C3" in line]
    assert "W2" in row and "no plan yet" in row and "6" in row
    assert "not seen since the case opened on 2025-03-17, 14 days ago" in row


def test_a_worker_with_no_open_children_is_told_so(
    council: str, no_alerts: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # W1's children were referred in January: on 1 Jan 2025 W1 held none.
    main(["priorities", "--worker", "W1", "--db", council, "--settings", no_alerts, "--as-at", "2025-01-01"])
    assert capsys.readouterr().out.strip() == "No open children are allocated to worker W1 on 1 January 2025."
    main(["priorities", "--worker", "W1", "--db", council, "--as-at", "2025-01-01", "--json"])
    assert json.loads(capsys.readouterr().out)["children"] == []


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--worker", "W99"], "there is no worker W99"),
        (["--team", "T99"], "there is no team T99"),
    ],
)
def test_an_unknown_worker_or_team_is_one_line_and_exit_status_1(
    council: str, args: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["priorities", *args, "--db", council])
    assert exit_.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == f"lineofsight: error: {says}"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lineofsight", *args], capture_output=True, text=True, check=False
    )


def test_naming_neither_a_worker_nor_a_team_is_a_usage_error() -> None:
    result = run("priorities")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "lineofsight: error: Invalid value: name a worker (--worker) or a team (--team)"
    ]


def test_priorities_has_help_for_the_command_and_each_option() -> None:
    result = run("priorities", "--help")
    assert result.returncode == 0
    assert "Usage: lineofsight priorities" in result.stdout
    for option in ("--worker", "--team", "--as-at", "--json", "--db", "--settings"):
        assert option in result.stdout
    assert "[priority_weights]" in result.stdout


def test_visit_priority_from_returns_alone_is_not_available_and_says_why(
    engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # A census year covers who is in need but not who holds each child: nobody's priority list can
    # be made, and the command says why rather than listing no children.
    council_data(
        engine,
        referral("C1", "2025-06-02"),
        allocation("C1", "W1", start="2025-06-02"),
        coverage(CIN_EPISODES, "2025-04-01", "2026-03-31"),
    )
    main(["priorities", "--worker", "W1", "--as-at", "2026-03-31", "--db", db_url])
    said = capsys.readouterr().out
    assert said.startswith("Visit priority is not available from the data held: it needs")
    assert "which worker and team each child was allocated to" in said
