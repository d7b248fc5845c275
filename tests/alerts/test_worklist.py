"""The worklist: every alert as at a date, cut by team, worker or owner, most overdue first, and its
JSON contract."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from lineofsight.alerts.worklist import COLUMNS, as_json, owner_named, owners, worklist
from lineofsight.data import CouncilData
from lineofsight.settings import Settings
from tests.builders import allocation, assessment, council_data, cp_plan

CODES = ["AL01", "AL03"]  # the worklist is the same for every alert; two are enough to order and cut it
AS_AT = dt.date(2024, 11, 5)


def _council(engine: Engine) -> CouncilData:
    # As at Tue 5 Nov 2024:
    # - C1's assessment from Mon 2 Sep is due on the 45th working day, Mon 4 Nov: 1 day overdue (AL01).
    # - C2's CP plan from Mon 7 Oct has no visit: due 10 working days on, Mon 21 Oct: 15 days (AL03).
    # - C3's CP plan from Mon 14 Oct: due Mon 28 Oct, 8 days overdue (AL03).
    # - C4's assessment from Mon 16 Sep is due Mon 18 Nov: in time, so not listed.
    return council_data(
        engine,
        assessment("C1", start="2024-09-02"),
        allocation("C1", "W1", start="2024-09-02"),
        cp_plan("C2", start="2024-10-07"),
        allocation("C2", "W2", start="2024-10-07") | {"team_id": "T2"},
        cp_plan("C3", start="2024-10-14"),
        allocation("C3", "W1", start="2024-10-14"),
        assessment("C4", start="2024-09-16"),
    )


def test_the_worklist_is_most_overdue_first_with_the_owner_who_must_act(engine: Engine) -> None:
    rows = worklist(_council(engine), AS_AT, Settings(), codes=CODES)
    assert rows.columns == list(COLUMNS)
    assert rows.select("code", "child_id", "worker_id", "team", "owner", "days_overdue").rows() == [
        ("AL03", "C2", "W2", "T2", "social worker", 15),
        ("AL03", "C3", "W1", "T1", "social worker", 8),
        ("AL01", "C1", "W1", "T1", "team manager", 1),
    ]


def test_the_worklist_is_cut_by_team_worker_and_owner(engine: Engine) -> None:
    data = _council(engine)

    def children(**only: str) -> list[str]:
        return worklist(data, AS_AT, Settings(), codes=CODES, **only)["child_id"].to_list()

    assert children(team="T1") == ["C3", "C1"]
    assert children(worker="W2") == ["C2"]
    assert children(owner="team-manager") == ["C1"]
    assert children(owner="Social_Worker", team="T1") == ["C3"]
    assert children(team="T9") == []


def test_the_json_contract_is_one_object_with_iso_dates(engine: Engine) -> None:
    rows = worklist(_council(engine), AS_AT, Settings(), codes=CODES, worker="W2")
    assert as_json(AS_AT, rows) == {
        "as_at": "2024-11-05",
        "alerts": [
            {
                "code": "AL03",
                "child_id": "C2",
                "worker_id": "W2",
                "team": "T2",
                "owner": "social worker",
                "due": "2024-10-21",
                "days_overdue": 15,
                "detail": "plan CPP-C2-2024-10-07 started 2024-10-07, no visit since",
            }
        ],
    }


def test_owners_are_named_as_the_catalogue_names_them() -> None:
    assert {"social worker", "team manager", "conference chair"} <= set(owners())
    assert owner_named(" Team   Manager ") == "team manager"
    with pytest.raises(ValueError, match="no alert is owned by 'director'"):
        owner_named("director")
