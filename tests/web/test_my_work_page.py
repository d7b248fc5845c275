"""The My work page: a social worker's own children, what is due this week (overdue, or due in the seven
days from D) and the visit priority with its reasons; its JSON twin and CSV downloads; and a short
page for the roles that have no caseload."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from sqlalchemy import Engine

from lineofsight import store
from lineofsight.alerts.visit_priority import as_json, visit_priorities
from lineofsight.data import CouncilData
from lineofsight.model import Base
from lineofsight.settings import Settings
from lineofsight.web import rendering
from lineofsight.web.auth import Viewer
from tests.builders import (
    Row,
    allocation,
    cin_plan,
    council_data,
    council_fact,
    cp_plan,
    person,
    referral,
    visit,
    worker,
)
from tests.web.conftest import Seen, client, rows_of

D = dt.date(2025, 3, 31)  # a Monday, the last day of the data
SOCIAL_WORKER = Viewer("sw1", "social_worker", team_id="T1", worker_id="W1")


def caseload(engine: Engine) -> CouncilData:
    """W1's children as at Mon 31 Mar 2025 (10 working days between CP visits, 20 between CIN visits;
    a CP plan's first review conference 3 months after it began):

    - C1, on a CP plan since Mon 6 Jan, last visited Mon 10 Mar: visit due Mon 24 Mar, 7 days
      overdue; review due Sun 6 Apr, the last day of the week from D;
    - C3, as C1 but last visited Thu 20 Mar: visit due Thu 3 Apr, in 3 days; review due Sun 6 Apr;
    - C4, on a CP plan since Tue 7 Jan, last visited Thu 27 Mar: visit due Thu 10 Apr, review due
      Mon 7 Apr, both after the week;
    - C5, allocated with no open case;
    - C6, on a CIN plan since Mon 3 Mar, visited Mon 24 Mar: due Wed 23 Apr (20 working days,
      skipping Good Friday and Easter Monday).
    C9 is W2's child. W1 has never been supervised (an alert about W1, not about a child).
    """
    return council_data(engine, *caseload_rows())


def caseload_rows() -> list[Row]:
    """The rows of `caseload`."""
    return [
        council_fact("generated_end", "2025-03-31"),
        worker("W1"),
        worker("W2"),
        *(allocation(child, "W1", start="2025-01-06") for child in ("C1", "C3", "C4", "C5", "C6")),
        cp_plan("C1", start="2025-01-06"),
        cp_plan("C3", start="2025-01-06"),
        cp_plan("C4", start="2025-01-07"),
        visit("C1", "2025-03-10", kind="cp"),
        visit("C3", "2025-03-20", kind="cp"),
        visit("C4", "2025-03-27", kind="cp"),
        referral("C6", "2025-03-03") | {"referral_id": "R-C6"},
        cin_plan("C6", start="2025-03-03"),
        visit("C6", "2025-03-24", kind="cin"),
        allocation("C9", "W2", start="2025-01-06"),
        cp_plan("C9", start="2025-01-06"),
    ]


def test_a_social_worker_sees_their_own_children_with_their_plans(engine: Engine, seen: Seen) -> None:
    caseload(engine)
    body = client(engine, SOCIAL_WORKER).get("/api/my-work").json()
    assert [(c["child_id"], c["plan"], c["open"]) for c in body["children"]] == [
        ("C1", "CP", True),
        ("C3", "CP", True),
        ("C4", "CP", True),
        ("C5", None, False),  # allocated, but no case open
        ("C6", "CIN", True),
    ]
    page = client(engine, SOCIAL_WORKER).get("/my-work")
    assert page.status_code == 200
    mine = page.text[page.text.index('id="children"') : page.text.index('id="due"')]
    assert '<a class="govuk-link" href="/children/C1?as_at=2025-03-31">C1</a>' in mine
    assert "Not open to children’s social care" in mine
    assert "Child in need plan" in mine
    assert "C9" not in page.text
    # Names, not identifiers: W1 is Sam Worker, in Team T1.
    assert "Sam Worker, as at 31 March 2025" in page.text and "Worker W1" not in page.text
    assert '<td class="govuk-table__cell">Team T1</td>' in mine
    assert seen.recorded == [
        ("/api/my-work", ["C1", "C3", "C4", "C5", "C6"]),
        ("/my-work", ["C1", "C3", "C4", "C5", "C6"]),
    ]


def test_what_is_due_this_week_is_what_is_overdue_and_what_falls_due_in_seven_days(engine: Engine) -> None:
    caseload(engine)
    body = client(engine, SOCIAL_WORKER).get("/api/my-work").json()
    # C1's visit overdue since Mon 24 Mar (7 days); C3's due Thu 3 Apr (-3: in 3 days); C1's and C3's
    # reviews due Sun 6 Apr (-6), the seventh day. C4's (Mon 7 Apr, Thu 10 Apr) and C6's (Wed 23 Apr)
    # fall due after the week; W1's own supervision alert names no child.
    assert [(a["code"], a["child_id"], a["due"], a["days_overdue"]) for a in body["due_this_week"]] == [
        ("AL03", "C1", "2025-03-24", 7),
        ("AL03", "C3", "2025-04-03", -3),
        ("AL06", "C1", "2025-04-06", -6),
        ("AL06", "C3", "2025-04-06", -6),
    ]
    text = client(engine, SOCIAL_WORKER).get("/my-work").text
    due = text[text.index('id="due"') : text.index('id="visit-priority"')]
    assert due.index("7 days overdue") < due.index("Due in 3 days")
    assert "falls due by 6 April 2025" in due
    assert "1 of your actions is overdue" in text


def test_the_worker_s_own_actions_come_first_and_others_are_apart_with_who_must_act(engine: Engine) -> None:
    caseload(engine)
    text = client(engine, SOCIAL_WORKER).get("/my-work").text
    # The visits (AL03) are W1's to make; the review conferences (AL06) are the conference chair's.
    mine = text[text.index('id="due"') : text.index('id="others"')]
    others = text[text.index('id="others"') : text.index('id="concerns"')]
    assert mine.count("CP visit overdue") == 2 and "CP review overdue" not in mine
    assert others.count("CP review overdue") == 2 and "CP visit overdue" not in others
    assert others.count("Conference chair") == 2
    # Both reviews are due Sun 6 Apr: C1, the child at most risk (overdue for a visit), comes first.
    assert others.index("/children/C1?") < others.index("/children/C3?")


def test_standing_concerns_are_listed_apart_and_never_as_overdue(engine: Engine) -> None:
    # C1 has had three social workers in the year to D: W2 from Mon 3 Jun 2024, W3 from Mon 2 Sep,
    # and W1 from Mon 6 Jan 2025, the third: a standing concern (AL10) since 6 January.
    council_data(
        engine,
        *caseload_rows(),
        worker("W3"),
        allocation("C1", "W2", start="2024-06-03", end="2024-08-30"),
        allocation("C1", "W3", start="2024-09-02", end="2025-01-05"),
    )
    body = client(engine, SOCIAL_WORKER).get("/api/my-work").json()
    assert [(c["code"], c["child_id"], c["due"]) for c in body["standing_concerns"]] == [
        ("AL10", "C1", "2025-01-06")
    ]
    assert "AL10" not in {a["code"] for a in body["due_this_week"]}
    text = client(engine, SOCIAL_WORKER).get("/my-work").text
    concerns = text[text.index('id="concerns"') : text.index('id="visit-priority"')]
    assert "Three or more social workers in a year" in concerns and "6 January 2025" in concerns
    assert "overdue" not in concerns.replace("CP visit overdue", "")
    assert "Three or more social workers" not in text[text.index('id="due"') : text.index('id="concerns"')]
    assert [r["code"] for r in rows_of(client(engine, SOCIAL_WORKER).get("/my-work/concerns.csv").text)] == [
        "AL10"
    ]


def test_an_alert_falling_due_on_d_is_due_today(engine: Engine) -> None:
    caseload(engine)
    # On Thu 3 Apr C3's visit falls due: still in time that day.
    body = client(engine, SOCIAL_WORKER).get("/api/my-work", params={"as_at": "2025-04-03"}).json()
    assert ("C3", 0) in [(a["child_id"], a["days_overdue"]) for a in body["due_this_week"]]
    assert "Due today" in client(engine, SOCIAL_WORKER).get("/my-work", params={"as_at": "2025-04-03"}).text


def test_the_visit_priority_is_the_library_s_for_the_worker_with_its_reasons(engine: Engine) -> None:
    data = caseload(engine)
    body = client(engine, SOCIAL_WORKER).get("/api/my-work").json()
    assert body["visit_priority"] == as_json(
        D, "W1", None, visit_priorities(data, D, Settings(), worker_id="W1")
    )
    assert {c["child_id"] for c in body["visit_priority"]["children"]} == {"C1", "C3", "C4", "C6"}
    text = client(engine, SOCIAL_WORKER).get("/my-work").text
    priority = text[text.index('id="visit-priority"') :]
    # C1's plan began Mon 6 Jan 2025 (the CP plan factor's reason) and one alert is open (AL03).
    assert "on a child protection plan since 2025-01-06" in priority
    assert "1 open alert (AL03)" in priority


def test_every_table_downloads_as_csv(engine: Engine, seen: Seen) -> None:
    caseload(engine)
    browser = client(engine, SOCIAL_WORKER)
    children = rows_of(browser.get("/my-work/children.csv").text)
    assert [(c["child_id"], c["plan"], c["allocated_since"]) for c in children][:2] == [
        ("C1", "CP", "2025-01-06"),
        ("C3", "CP", "2025-01-06"),
    ]
    due = rows_of(browser.get("/my-work/due.csv").text)
    assert [(a["code"], a["title"], a["child_id"], a["days_overdue"]) for a in due] == [
        ("AL03", "CP visit overdue", "C1", "7"),
        ("AL03", "CP visit overdue", "C3", "-3"),
        ("AL06", "CP review overdue", "C1", "-6"),
        ("AL06", "CP review overdue", "C3", "-6"),
    ]
    priority = rows_of(browser.get("/my-work/visit-priority.csv").text)
    body = browser.get("/api/my-work").json()["visit_priority"]["children"]
    assert [p["child_id"] for p in priority] == [c["child_id"] for c in body]
    assert all(
        factor["reason"] in row["reasons"]
        for row, child in zip(priority, body, strict=True)
        for factor in child["factors"]
    )
    assert ("/my-work/due.csv", ["C1", "C3"]) in seen.recorded


def test_other_roles_are_told_my_work_is_for_social_workers(engine: Engine, seen: Seen) -> None:
    caseload(engine)
    for who in (
        Viewer("manager1", "team_manager", team_id="T1"),
        Viewer("director1", "director"),
        Viewer("sw2", "social_worker", team_id="T1"),  # an account not linked to a worker
    ):
        page = client(engine, who).get("/my-work")
        assert page.status_code == 403
        assert "My work shows a social worker their own caseload" in page.text
        assert client(engine, who).get("/api/my-work").status_code == 403
        assert client(engine, who).get("/my-work/due.csv").status_code == 403
    assert seen.recorded == []


def test_a_visit_shows_without_a_restart(engine: Engine) -> None:
    caseload(engine)
    browser = client(engine, SOCIAL_WORKER)

    def visits_due() -> list[str]:
        due = browser.get("/api/my-work").json()["due_this_week"]
        return [a["child_id"] for a in due if a["code"] == "AL03"]

    assert visits_due() == ["C1", "C3"]
    with store.transaction(engine) as connection:
        store.insert_rows(connection, "visits", [visit("C1", "2025-03-31", kind="cp")])
    # C1 seen on Mon 31 Mar: the next visit is due Mon 14 Apr, after this week.
    assert visits_due() == ["C3"]


def test_the_pages_are_the_same_on_data_held_in_several_pieces(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a return is loaded, a table can reach the pages in more than one chunk (what was read
    before, and the rows the load added); Polars once panicked formatting such a date column in the
    visit priority's "under one" factor, and My work answered every social worker with an error."""
    # Two babies join W1's caseload: C7, born Tue 1 Oct 2024, and C8, due Thu 1 May 2025, each on a CP
    # plan since Mon 6 Jan 2025.
    babies = [
        row
        for child, born in (("C7", "2024-10-01"), ("C8", "2025-05-01"))
        for row in (
            person(child, dob=born),
            allocation(child, "W1", start="2025-01-06"),
            cp_plan(child, start="2025-01-06"),
        )
    ]
    data = council_data(engine, *caseload_rows(), *babies)
    whole = client(engine, SOCIAL_WORKER).get("/api/my-work").json()
    team_whole = client(engine, Viewer("manager1", "team_manager", team_id="T1")).get("/api/teams/T1").json()

    def in_pieces(engine: Engine) -> CouncilData:
        frames = {}
        for table in Base.metadata.tables:
            frame = data[table]
            half = frame.height // 2
            frames[table] = pl.concat([frame[:half], frame[half:]], rechunk=False)
        return CouncilData(frames=frames, coverage=data.coverage)

    monkeypatch.setattr(rendering, "council_data", in_pieces)
    page = client(engine, SOCIAL_WORKER).get("/my-work")
    assert page.status_code == 200
    assert "under one (born 2024-10-01)" in page.text
    assert "not yet born (due 2025-05-01)" in page.text
    assert client(engine, SOCIAL_WORKER).get("/api/my-work").json() == whole
    manager = client(engine, Viewer("manager1", "team_manager", team_id="T1"))
    assert manager.get("/teams/T1").status_code == 200
    assert manager.get("/api/teams/T1").json() == team_whole
