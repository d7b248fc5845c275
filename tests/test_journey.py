"""The child's journey: every record as a dated event as known at D, a summary, and open alerts."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from sqlalchemy import Engine

from lineofsight.alerts import open_alerts
from lineofsight.alerts.worklist import worklist
from lineofsight.data import CouncilData
from lineofsight.journey import KINDS, UnknownChildError, age_on, days_in, journey
from lineofsight.journey.events import timeline
from lineofsight.journey.records import ByChild, ChildRecords
from lineofsight.model import Base
from lineofsight.settings import Settings
from tests.builders import (
    Row,
    adoption,
    allocation,
    assessment,
    care_leaver,
    care_leaver_contact,
    care_placement,
    care_proceedings,
    case_audit,
    cin_plan,
    cla_episode,
    cla_review,
    contact,
    council_data,
    cp_plan,
    cp_review,
    day,
    health_assessment,
    health_outcome,
    icpc,
    missing_episode,
    pathway_plan_review,
    pep,
    person,
    pre_proceedings,
    previous_permanence,
    private_fostering,
    referral,
    s47,
    visit,
    worker,
)

D = day("2025-03-31")  # a Monday
# The alerts that exist while others are being written; other alerts may also fire for these children.
KNOWN_ALERTS = {"AL01", "AL03", "AL04", "AL06", "AL07"}


def strategy_discussion(child: str, date: str, *, referral_id: str, outcome: str = "s47") -> Row:
    return {
        "strategy_discussion_id": f"SD-{child}-{date}",
        "referral_id": referral_id,
        "person_id": child,
        "strategy_discussion_date": day(date),
        "strategy_discussion_outcome": outcome,
    }


def legal_status(child: str, code: str, *, start: str, episode: str, end: str | None = None) -> Row:
    return {
        "legal_status_id": f"LS-{child}-{start}",
        "cla_episode_id": episode,
        "person_id": child,
        "legal_status": code,
        "legal_status_start_date": day(start),
        "legal_status_end_date": None if end is None else day(end),
        "legal_status_start_provisional": False,
    }


def early_help(child: str, *, start: str, end: str, reason: str, end_reason: str) -> Row:
    return {
        "episode_id": f"EH-{child}-{start}",
        "person_id": child,
        "episode_start_date": day(start),
        "episode_end_date": day(end),
        "episode_reason": reason,
        "episode_end_reason": end_reason,
        "episode_organisation": None,
    }


def history() -> list[Row]:
    """C1, born 1 June 2015: referred, assessed, on a CP plan, stepped down to a CIN plan, then
    accommodated under section 20, with a change of worker along the way. The referral is built with
    the id every other builder links to (R-C1), so no made-up referral joins the child's history.

    After D (31 March 2025) there is a visit, an audit and the end of the period of care: none of
    them was known at D.
    """
    episode = "CLA-C1-2025-02-03"
    return [
        person("C1", dob="2015-06-01"),
        worker("W3") | {"team_id": "T9"},
        contact("C1", "2024-06-03T09:00", decided="2024-06-03", outcome="referral"),
        referral("C1", "2024-06-03", id="R-C1"),
        allocation("C1", "W1", start="2024-06-03", end="2024-09-30") | {"allocation_end_reason": "transfer"},
        assessment("C1", start="2024-06-04", authorised="2024-07-01", referral_id="R-C1")
        | {"assessment_outcome": "s47"},
        strategy_discussion("C1", "2024-06-05", referral_id="R-C1"),
        s47("C1", start="2024-06-05") | {"s47_end_date": day("2024-06-20")},
        icpc("C1", date="2024-06-24", s47_id="S47-C1-2024-06-05"),
        cp_plan("C1", start="2024-06-24", end="2024-12-20"),
        visit("C1", "2024-06-28", kind="cp") | {"worker_id": "W3"},
        cp_review("C1", plan="CPP-C1-2024-06-24", date="2024-09-20"),
        allocation("C1", "W2", start="2024-10-01"),
        case_audit(
            "C1", "2024-11-15", grade="requires_improvement", moderated="inadequate", team="T1", worker="W2"
        ),
        cin_plan("C1", start="2024-12-20"),
        cla_episode("C1", start="2025-02-03", ceased="2025-04-10"),
        legal_status("C1", "V2", start="2025-02-03", episode=episode),
        care_placement("C1", start="2025-02-03", episode=episode, type="U6", miles=4.6),
        cla_review("C1", "2025-02-28", episode=episode),
        visit("C1", "2025-02-28", kind="cin"),
        # After D.
        visit("C1", "2025-04-02", kind="cin"),
        case_audit("C1", "2025-04-15"),
    ]


def lines(found: Any) -> list[tuple[str, str | None, str, str, str | None, str | None]]:
    return [
        (e.date.isoformat(), e.end and e.end.isoformat(), e.kind, e.what, e.worker_id, e.team_id)
        for e in found.events
    ]


def test_the_timeline_shows_every_record_known_at_d_in_journey_order(engine: Engine) -> None:
    data = council_data(engine, *history())
    found = journey(data, "C1", D, Settings())
    # Events on one day follow the journey: contact, referral, then the allocation; strategy discussion
    # before the enquiry; period of care, legal status, placement; the review before the visit. An
    # event whose record names no worker has the child's allocated worker that day (W1 to 30
    # September, W2 from 1 October); the visit names W3, whose spell in post is in team T9. The
    # period of care ended on 10 April 2025, after D, so at D it was open, with no reason for ending.
    assert lines(found) == [
        ("2015-06-01", None, "birth", "Born", None, None),
        ("2024-06-03", None, "contact", "Contact from schools; referred", "W1", "T1"),
        ("2024-06-03", None, "referral", "Referral from individual: abuse or neglect", "W1", "T1"),
        ("2024-06-03", "2024-09-30", "allocation", "Allocated to a worker; ended: transferred", "W1", "T1"),
        (
            "2024-06-04",
            "2024-07-01",
            "assessment",
            "Child and family assessment; section 47 enquiry",
            "W1",
            "T1",
        ),
        ("2024-06-05", None, "strategy_discussion", "Strategy discussion; section 47 enquiry", "W1", "T1"),
        (
            "2024-06-05",
            "2024-06-20",
            "s47",
            "Section 47 enquiry; initial child protection conference",
            "W1",
            "T1",
        ),
        (
            "2024-06-24",
            None,
            "icpc",
            "Initial child protection conference; child protection plan",
            "W1",
            "T1",
        ),
        ("2024-06-24", "2024-12-20", "cp_plan", "Child protection plan (neglect)", "W1", "T1"),
        ("2024-06-28", None, "visit", "Child protection visit: child seen", "W3", "T9"),
        ("2024-09-20", None, "cp_review", "Child protection review; plan continues", "W1", "T1"),
        ("2024-10-01", None, "allocation", "Allocated to a worker", "W2", "T1"),
        (
            "2024-11-15",
            None,
            "audit",
            "Case audit: requires improvement; moderated to inadequate",
            "W2",
            "T1",
        ),
        ("2024-12-20", None, "cin_plan", "Child in need plan", "W2", "T1"),
        ("2025-02-03", None, "period_of_care", "Looked after: abuse or neglect", "W2", "T1"),
        ("2025-02-03", None, "legal_status", "Legal status V2: accommodated under section 20", "W2", "T1"),
        (
            "2025-02-03",
            None,
            "placement",
            "Placement U6: Foster placement - not FFA; own provision; 5 miles from home",
            "W2",
            "T1",
        ),
        ("2025-02-28", None, "cla_review", "Looked-after child's review", "W2", "T1"),
        ("2025-02-28", None, "visit", "Child in need visit: child seen", "W2", "T1"),
    ]


def test_the_summary_counts_what_started_by_d_and_the_days_in_each_status(engine: Engine) -> None:
    data = council_data(engine, *history())
    found = journey(data, "C1", D, Settings())
    summary = found.summary
    # Allocated to W1 then W2; W3 only visited.
    assert (summary.workers, summary.placements, summary.cin_plans, summary.cp_plans) == (2, 1, 1, 1)
    assert summary.periods_of_care == 1
    assert summary.days == {
        # Referred 3 June 2024 and still open: 28 days of June, 31+31+30+31+30+31 July to December,
        # 31+28+31 January to March = 302.
        "in_need": 302,
        # 20 December 2024 to D: 12 days of December + 31 + 28 + 31 = 102.
        "cin_plan": 102,
        # 24 June to 20 December 2024, both counted: 7 + 31 + 31 + 30 + 31 + 30 + 20 = 180.
        "cp_plan": 180,
        # From 3 February 2025 to D (it ended after D): 26 days of February + 31 = 57.
        "looked_after": 57,
        "care_leaver": 0,
    }
    assert found.statuses == ("in_need", "cin_plan", "looked_after")
    # Born 1 June 2015: 9 at D, his 10th birthday two months away. Sex code 0.
    assert (found.child_id, found.age, found.sex, found.as_at) == ("C1", 9, "sex not known", D)


def test_open_alerts_are_the_childs_alerts_at_d(engine: Engine) -> None:
    data = council_data(engine, *history())
    found = journey(data, "C1", D, Settings())
    known = [a for a in found.open_alerts if a.code in KNOWN_ALERTS]
    # The CIN plan's latest visit was Fri 28 Feb 2025; 20 working days later (no bank holiday in
    # March) is Fri 28 Mar, so at Mon 31 Mar the visit is 3 days overdue. The visit on 2 April is after
    # D. The looked-after review was held on 28 February, so the next is due 28 May: not overdue.
    assert [(a.code, a.title, a.due, a.days_overdue, a.detail) for a in known] == [
        ("AL04", "CIN visit overdue", day("2025-03-28"), 3, "plan CINP-C1-2024-12-20 last visited 2025-02-28")
    ]
    every_child = open_alerts(data, D, Settings()).filter(pl.col("person_id") == "C1")
    assert sorted((a.code, a.due, a.days_overdue, a.detail) for a in found.open_alerts) == sorted(
        every_child.select("code", "due", "days_overdue", "detail").rows()
    )


def test_open_alerts_read_off_the_councils_worklist_are_those_raised_for_the_child_alone(
    engine: Engine,
) -> None:
    """The web app passes the worklist it keeps: the child's page must say exactly what raising the
    alerts for the child alone says."""
    data = council_data(engine, *history())
    alone = journey(data, "C1", D, Settings())
    from_worklist = journey(data, "C1", D, Settings(), alerts=worklist(data, D, Settings()))
    assert alone.open_alerts  # AL04 at least: something to compare
    assert from_worklist == alone


def test_a_journey_read_through_the_index_by_child_is_the_journey_read_by_scanning_each_table(
    engine: Engine,
) -> None:
    """The web app reads a child's rows through `ByChild` (each table sorted by child once, then a
    slice per child): it must find exactly the rows a scan finds, in the same order, and none of a
    child whose identifier merely begins the same (C10 beside C1), whose rows come first here."""
    c10 = [
        person("C10", dob="2012-01-01"),
        referral("C10", "2024-05-01", id="R-C10"),
        allocation("C10", "W3", start="2024-05-01"),
        visit("C10", "2024-05-20", kind="cin"),
    ]
    data = council_data(engine, *c10, *history())
    index = ByChild(data)
    for child in ("C1", "C10"):
        scanned = journey(data, child, D, Settings())
        assert journey(data, child, D, Settings(), index=index) == scanned
    assert len(journey(data, "C10", D, Settings(), index=index).events) < len(
        journey(data, "C1", D, Settings(), index=index).events
    )
    with pytest.raises(UnknownChildError):
        journey(data, "C9", D, Settings(), index=index)
    assert index.rows("visits", "C9").columns == data["visits"].columns


def test_records_after_d_are_left_out_and_what_came_later_is_not_yet_known(engine: Engine) -> None:
    data = council_data(engine, *history())
    found = journey(data, "C1", day("2024-06-25"), Settings())
    # At 25 June 2024 the assessment (authorised 1 July) is open with no outcome, W1's allocation and
    # the CP plan have not ended, and nothing after 25 June has happened.
    assert lines(found) == [
        ("2015-06-01", None, "birth", "Born", None, None),
        ("2024-06-03", None, "contact", "Contact from schools; referred", "W1", "T1"),
        ("2024-06-03", None, "referral", "Referral from individual: abuse or neglect", "W1", "T1"),
        ("2024-06-03", None, "allocation", "Allocated to a worker", "W1", "T1"),
        ("2024-06-04", None, "assessment", "Child and family assessment", "W1", "T1"),
        ("2024-06-05", None, "strategy_discussion", "Strategy discussion; section 47 enquiry", "W1", "T1"),
        (
            "2024-06-05",
            "2024-06-20",
            "s47",
            "Section 47 enquiry; initial child protection conference",
            "W1",
            "T1",
        ),
        (
            "2024-06-24",
            None,
            "icpc",
            "Initial child protection conference; child protection plan",
            "W1",
            "T1",
        ),
        ("2024-06-24", None, "cp_plan", "Child protection plan (neglect)", "W1", "T1"),
    ]
    # 3 to 25 June: 23 days in need; 24 and 25 June on the plan; one worker, no CIN plan yet.
    assert found.summary.days == {
        "in_need": 23,
        "cin_plan": 0,
        "cp_plan": 2,
        "looked_after": 0,
        "care_leaver": 0,
    }
    assert (found.summary.workers, found.summary.cin_plans, found.summary.cp_plans) == (1, 0, 1)
    assert found.statuses == ("in_need", "cp_plan")


def test_open_alerts_are_judged_at_the_date_asked_for(engine: Engine) -> None:
    data = council_data(engine, *history())
    found = journey(data, "C1", day("2024-09-25"), Settings())
    # The only CP visit was Fri 28 Jun 2024; 10 working days later is Fri 12 Jul, so at 25 September
    # the next visit is 19 + 31 + 25 = 75 days overdue. The first review (due 24 September, 3 months
    # after the plan began) was held on 20 September; the assessment was authorised on 1 July.
    known = [(a.code, a.due, a.days_overdue) for a in found.open_alerts if a.code in KNOWN_ALERTS]
    assert known == [("AL03", day("2024-07-12"), 75)]


def test_every_kind_of_record_about_a_child_is_worded_as_known_at_d(engine: Engine) -> None:
    episode = "CLA-C2-2019-10-14"
    data = council_data(
        engine,
        person("C2", dob="2005-05-10"),
        private_fostering("C2", notified="2019-03-04", start="2019-02-01"),
        early_help("C2", start="2019-01-07", end="2019-06-28", reason="parenting", end_reason="stepped up"),
        pre_proceedings("C2", start="2019-09-02", end="2019-10-14"),
        care_proceedings("C2", issued="2019-10-14", final_order="2020-03-30"),
        cla_episode("C2", start="2019-10-14", ceased="2023-05-10"),
        previous_permanence("C2", episode=episode, code="P2", council="810", made="ZZ/06/2012"),
        care_placement("C2", start="2019-10-14", end="2023-05-10", episode=episode, type="K2")
        | {"placement_change_reason": "CARPL"},
        health_assessment("C2", "2019-11-01", kind="initial"),
        health_outcome("C2", 2021, health_assessment="1", teeth_check="0", sdq_reason="SDQ5"),
        {
            "deprivation_of_liberty_id": "C2/deprivation-of-liberty/2022-01-10",
            "person_id": "C2",
            "deprivation_start_date": day("2022-01-10"),
            "deprivation_end_date": day("2022-07-10"),
        },
        pep("C2", "2019-11-15"),
        missing_episode(
            "C2", start="2020-01-10T21:00", end="2020-01-11T09:00", rhi_offered="2020-01-12T10:00"
        ),
        adoption("C2", episode=episode)
        | {"should_be_placed_decision_date": day("2020-02-03"), "decision_reversed_date": day("2020-06-01")},
        care_leaver("C2", since="2023-05-10"),
        care_leaver_contact("C2", "2023-07-03", suitable=True, activity="F2"),
        pathway_plan_review("C2", "2023-08-01"),
        # Known only after D: the arrangement was notified after D, and so was the contact.
        private_fostering("C2", notified="2025-04-01", start="2025-03-01"),
        care_leaver_contact("C2", "2025-04-01", in_touch="NO"),
    )
    found = journey(data, "C2", D, Settings())
    assert [(e.date.isoformat(), e.end and e.end.isoformat(), e.kind, e.what) for e in found.events] == [
        ("2005-05-10", None, "birth", "Born"),
        ("2019-01-07", "2019-06-28", "early_help", "Early help (parenting); stepped up"),
        ("2019-02-01", None, "private_fostering", "Private fostering arrangement (notified 2019-03-04)"),
        (
            "2019-09-02",
            "2019-10-14",
            "pre_proceedings",
            "Pre-proceedings (letter before proceedings); proceedings issued",
        ),
        ("2019-10-14", "2020-03-30", "care_proceedings", "Care proceedings issued; final order: care order"),
        (
            "2019-10-14",
            "2023-05-10",
            "period_of_care",
            "Looked after: abuse or neglect; "
            "ceased: returned home to live with parents or relatives - part of planning",
        ),
        (
            "2019-10-14",
            None,
            "previous_permanence",
            "Before care: a special guardianship order; made ZZ/06/2012; by council 810",
        ),
        (
            "2019-10-14",
            "2023-05-10",
            "placement",
            "Placement K2: Children's Homes; own provision; ended: care plan",
        ),
        ("2019-11-01", None, "health_assessment", "Initial health assessment"),
        ("2019-11-15", None, "pep", "Personal education plan"),
        ("2020-01-10", "2020-01-11", "missing", "Missing; return home interview offered and accepted"),
        ("2020-02-03", None, "adoption", "Decision that the child should be placed for adoption"),
        ("2020-06-01", None, "adoption", "Decision to place for adoption reversed"),
        (
            "2021-03-31",
            None,
            "health_outcome",
            "At 31 March, as the SSDA903 said of the year (OC2): health assessment held: yes; teeth checked: "
            "no; reason for no SDQ score: SDQ5",
        ),
        (
            "2022-01-10",
            "2022-07-10",
            "deprivation_of_liberty",
            "Deprived of liberty by a court's order (DoLO)",
        ),
        ("2023-05-10", None, "care_leaver", "Care leaver: former relevant child"),
        (
            "2023-07-03",
            None,
            "care_leaver_contact",
            "Care leaver contact: in touch; suitable accommodation; in EET",
        ),
        ("2023-08-01", None, "pathway_plan_review", "Pathway plan review"),
    ]
    # Looked after 14 October 2019 to 10 May 2023: 3 years to 14 October 2022 are 366 + 365 + 365 =
    # 1,096 days, then 17 + 30 + 31 + 31 + 28 + 31 + 30 + 10 = 208 days to 10 May, and both ends count:
    # 1,096 + 208 + 1 = 1,305. A care leaver from 10 May 2023 to D: 366 days to 10 May 2024 (with 29
    # February), then 21 + 30 + 31 + 31 + 30 + 31 + 30 + 31 + 31 + 28 + 31 = 325 to D, + 1 = 692.
    assert (found.summary.days["looked_after"], found.summary.days["care_leaver"]) == (1305, 692)
    assert found.statuses == ("care_leaver",)
    # The two children's timelines show every kind of event but a death, which has a test of its own.
    history_kinds = {e.kind for e in journey(council_data(engine, *history()), "C1", D, Settings()).events}
    assert {e.kind for e in found.events} | history_kinds == set(KINDS) - {"death"}


def test_an_unborn_child_has_no_age_and_a_birth_and_death_are_events(engine: Engine) -> None:
    data = council_data(
        engine,
        person("C3", dob="2025-02-01") | {"person_death_date": day("2025-03-20")},
        referral("C3", "2025-01-06", id="R-C3"),
        cp_plan("C3", start="2025-01-10"),
    )
    before_birth = journey(data, "C3", day("2025-01-31"), Settings())
    assert before_birth.age is None
    assert [(e.kind, e.date.isoformat()) for e in before_birth.events] == [
        ("referral", "2025-01-06"),
        ("cp_plan", "2025-01-10"),
    ]
    after = journey(data, "C3", D, Settings())
    assert after.age == 0
    assert [(e.kind, e.what) for e in after.events] == [
        ("referral", "Referral from individual: abuse or neglect"),
        ("cp_plan", "Child protection plan (neglect)"),
        ("birth", "Born"),
        ("death", "Died"),
    ]


def test_an_eligible_child_still_in_care_is_not_counted_as_a_care_leaver(engine: Engine) -> None:
    data = council_data(
        engine,
        person("C4", dob="2008-06-01"),
        cla_episode("C4", start="2024-01-08"),
        care_leaver("C4", since="2024-06-01", eligibility="eligible"),
    )
    found = journey(data, "C4", D, Settings())
    # Looked after from 8 January 2024 to D: 24 days of January + 29 (2024 is a leap year) + 31 + 30 +
    # 31 + 30 + 31 + 31 + 30 + 31 + 30 + 31 + 31 + 28 + 31 = 449; the eligible child's days are
    # days looked after, not days as a care leaver.
    assert found.summary.days["looked_after"] == 449
    assert found.summary.days["care_leaver"] == 0
    assert "Care leaver: eligible child" in [e.what for e in found.events]


def test_an_unknown_child_is_a_clear_error(engine: Engine) -> None:
    data = council_data(engine, person("C1"))
    with pytest.raises(UnknownChildError, match="no child C404 in the database"):
        journey(data, "C404", D, Settings())


def test_the_timeline_reads_every_table_that_names_a_child(engine: Engine) -> None:
    class Watched(CouncilData):
        def __init__(self, engine: Engine) -> None:
            super().__init__(engine)
            self.read: set[str] = set()

        def __getitem__(self, table: str) -> pl.DataFrame:
            self.read.add(table)
            return super().__getitem__(table)

    data = Watched(engine)
    timeline(ChildRecords(data, "C1"), person("C1"), D)
    about_a_child = {t.name for t in Base.metadata.sorted_tables if "person_id" in t.columns} - {"person"}
    # A return's own record of what it said, kept so that it is written back as given, is no event:
    # a 903's MOTHER and the reason for an unknown UPN (child_years), OC3's answers (whose contact on
    # the birthday is in care_leaver_contacts, which is read) and its waits for a worker (XXXX).
    return_records = {"child_years", "care_leaver_outcomes", "unallocated_spells"}
    assert about_a_child - return_records - data.read == set()


@pytest.mark.parametrize(
    ("spells", "days"),
    [
        # 1-10 and 5-20 January overlap: 1 to 20 January, 20 days, each once.
        ([("2025-01-01", "2025-01-10"), ("2025-01-05", "2025-01-20")], 20),
        # Back to back on 10 January: 1 to 15 January, 15 days.
        ([("2025-01-01", "2025-01-10"), ("2025-01-10", "2025-01-15")], 15),
        # One inside another: all of January, 31 days.
        ([("2025-01-01", "2025-01-31"), ("2025-01-05", "2025-01-06")], 31),
        # A gap: 1-10 January (10 days), then 20 January to D, 31 January, still open (12 days).
        ([("2025-01-01", "2025-01-10"), ("2025-01-20", None)], 22),
        # Ending after D: 25 to 31 January, 7 days.
        ([("2025-01-25", "2025-02-10")], 7),
        # Starting after D: none.
        ([("2025-02-01", None)], 0),
        # Starting and ending on D itself: 1 day.
        ([("2025-01-31", "2025-01-31")], 1),
    ],
)
def test_days_in_a_status_count_each_day_once_up_to_d(
    spells: list[tuple[str, str | None]], days: int
) -> None:
    as_at = day("2025-01-31")
    assert days_in([(day(start), None if end is None else day(end)) for start, end in spells], as_at) == days


@pytest.mark.parametrize(
    ("dob", "on", "age"),
    [
        ("2015-06-01", "2025-05-31", 9),  # the day before the 10th birthday
        ("2015-06-01", "2025-06-01", 10),
        ("2016-02-29", "2017-02-27", 0),
        ("2016-02-29", "2017-02-28", 1),  # a 29 February birthday falls on 28 February
        ("2025-02-01", "2025-01-31", None),  # not yet born
    ],
)
def test_age_is_whole_years_with_the_catalogues_months(dob: str, on: str, age: int | None) -> None:
    assert age_on(day(dob), day(on)) == age


def test_the_json_names_each_field_of_the_contract(engine: Engine) -> None:
    data = council_data(engine, *history())
    document = journey(data, "C1", D, Settings()).as_json()
    assert list(document) == ["as_at", "child_id", "age", "sex", "status", "summary", "events", "open_alerts"]
    assert document["as_at"] == "2025-03-31"
    assert document["events"][8] == {
        "date": "2024-06-24",
        "end": "2024-12-20",
        "kind": "cp_plan",
        "what": "Child protection plan (neglect)",
        "worker_id": "W1",
        "team": "T1",
        "id": "CPP-C1-2024-06-24",
    }
    al04 = next(a for a in document["open_alerts"] if a["code"] == "AL04")
    assert al04 == {
        "code": "AL04",
        "due": "2025-03-28",
        "days_overdue": 3,
        "detail": "plan CINP-C1-2024-12-20 last visited 2025-02-28",
    }
    # No name anywhere: the builders call every child Alex Example.
    assert "Alex" not in str(document) and "Example" not in str(document)


def test_the_family_group_meeting_offered_before_proceedings_is_on_the_journey(engine: Engine) -> None:
    """The Children's Wellbeing and Schools Act 2026 makes the offer a duty before a care order is
    applied for; the 2026-27 census carries it. C5's letter offered a meeting that was not held; C6's
    offered none; the application to court is said only once it is known at D."""
    offered = pre_proceedings("C5", start="2024-10-01", end="2025-01-10", id="PP5") | {
        "letter_before_proceedings_date": day("2024-10-03"),
        "fgdm_offered": True,
        "fgdm_held": False,
        "court_application_date": day("2025-01-14"),
    }
    refused = pre_proceedings("C6", start="2024-11-01", id="PP6") | {
        "letter_before_proceedings_date": day("2024-11-04"),
        "fgdm_offered": False,
        "court_application_date": day("2025-04-02"),  # after D: not yet known
    }
    data = council_data(engine, person("C5"), person("C6"), offered, refused)
    said = {
        child: [e.what for e in journey(data, child, D, Settings()).events if e.kind == "pre_proceedings"]
        for child in ("C5", "C6")
    }
    assert said == {
        "C5": [
            "Pre-proceedings (letter before proceedings); letter sent 2024-10-03; family group "
            "decision-making meeting offered, not held; proceedings issued; application to court 2025-01-14"
        ],
        "C6": [
            "Pre-proceedings (letter before proceedings); letter sent 2024-11-04; no family group "
            "decision-making meeting offered"
        ],
    }
