"""Improvement plans: RAG computed from the measures against a trajectory, never typed in; the DfE's
escalation measures as a ready example; plans saved and read back on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from lineofsight.assurance import plans
from lineofsight.data import CouncilData
from lineofsight.settings import Settings
from tests.assurance.conftest import END
from tests.assurance.example_plans import council_with_example_plan

START = dt.date(2025, 1, 1)
DUE = dt.date(2026, 1, 1)
HALF_WAY = dt.date(2025, 7, 2)  # 182 of 365 days: the trajectory from 50 to 90 is at 69.9


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (75.0, "green"),  # ahead of the trajectory (69.9)
        (60.0, "amber"),  # better than the baseline (50) but behind the trajectory
        (50.0, "red"),  # no better than the baseline
        (45.0, "red"),
        (None, None),  # no figure, no colour
    ],
)
def test_rag_for_a_measure_that_should_go_up_follows_the_trajectory(
    value: float | None, expected: str
) -> None:
    assert plans.rag(value, 50.0, 90.0, START, DUE, HALF_WAY, "up") == expected


def test_rag_for_a_measure_that_should_go_down_and_after_the_target_date() -> None:
    # Caseload over cap from 8 towards 0: half way the trajectory is at 4.0.
    assert plans.rag(3.0, 8.0, 0.0, START, DUE, HALF_WAY, "down") == "green"
    assert plans.rag(6.0, 8.0, 0.0, START, DUE, HALF_WAY, "down") == "amber"
    assert plans.rag(9.0, 8.0, 0.0, START, DUE, HALF_WAY, "down") == "red"
    # Once the date has passed only the target itself is green.
    assert plans.rag(1.0, 8.0, 0.0, START, DUE, dt.date(2026, 2, 1), "down") == "amber"
    # A figure with no better direction has no RAG at all.
    assert plans.rag(1.0, 8.0, 0.0, START, DUE, HALF_WAY, "context") is None


def test_an_action_is_done_done_late_overdue_or_open_as_known_on_the_day() -> None:
    due = dt.date(2025, 6, 30)
    assert plans.action_status(due, dt.date(2025, 6, 1), dt.date(2025, 7, 31)) == "done"
    assert plans.action_status(due, dt.date(2025, 7, 10), dt.date(2025, 7, 31)) == "done late"
    # Completed after the day asked about: not known then, so overdue.
    assert plans.action_status(due, dt.date(2025, 8, 10), dt.date(2025, 7, 31)) == "overdue"
    assert plans.action_status(due, None, dt.date(2025, 6, 1)) == "open"


def test_the_escalation_example_has_nine_measures_evidenced_by_audit_where_no_measure_shows_one() -> None:
    spec = plans.example("escalation", dt.date(2026, 4, 1), Settings())
    assert len(spec.priorities) == 9
    assert plans.check(spec) == []
    caseloads = spec.priorities[0]
    assert "25" in caseloads.title and [e.code for e in caseloads.evidence] == ["WF02", "WF01"]
    by_audit_only = [p for p in spec.priorities if all(e.kind == "audit" for e in p.evidence)]
    assert by_audit_only, "a DfE measure no figure shows is evidenced by audit"
    assert all(e.target_date == dt.date(2027, 4, 1) for p in spec.priorities for e in p.evidence)


def test_an_unknown_example_or_measure_is_refused_saying_which() -> None:
    with pytest.raises(plans.PlanError, match="no example plan 'nine'"):
        plans.example("nine", dt.date(2026, 4, 1), Settings())
    bad = plans.PlanSpec(
        "Plan",
        START,
        (plans.PrioritySpec("Visits", evidence=(plans.EvidenceSpec("measure", "ZZ99", 1.0, DUE),)),),
    )
    assert plans.check(bad) == ["priority 1: there is no measure ZZ99"]


def test_a_saved_plan_reads_back_with_rag_worked_out_from_the_data_each_month(engine: Engine) -> None:
    start = dt.date(2025, 4, 1)
    plan_id = council_with_example_plan(engine, seed=5, start=start, plan_id="P-test")
    settings = Settings()
    data = CouncilData(engine)
    progress = plans.progress(data, plan_id, END, settings)
    assert progress is not None
    assert (
        progress.months[0] == dt.date(2025, 4, 30)
        and progress.months[-1] == END
        and len(progress.months) == 12
    )
    assert len(progress.priorities) == 9
    for priority in progress.priorities:
        for track in priority.evidence:
            for point in track.series:
                # Every colour is the rule applied to the figure, never a typed-in status.
                assert point["rag"] == plans.rag(
                    point["value"],
                    track.baseline,
                    track.spec.target,
                    start,
                    track.spec.target_date,
                    point["as_at"],
                    track.spec.polarity(),
                )
    assert sum(progress.rag_counts.values()) == 9
    assert plans.progress(data, "no-such-plan", END, settings) is None


def test_a_target_on_a_measure_with_no_better_direction_or_dated_before_the_start_is_refused() -> None:
    context = plans.EvidenceSpec("measure", "LA01", 60.0, DUE)
    assert plans.target_problems(context, START) == [
        ("target", "LA01 has no better direction, so it takes no target")
    ]
    # The start itself is no later than the start: the trajectory would have no length.
    early = plans.EvidenceSpec("measure", "WF02", 0.0, START)
    assert plans.target_problems(early, START) == [
        ("target_date", "The target date must be after the plan's start")
    ]
    assert plans.target_problems(plans.EvidenceSpec("measure", "WF02", 0.0, DUE), START) == []


def test_setting_a_target_changes_that_evidence_only_and_its_rag_follows(engine: Engine) -> None:
    plan_id = council_with_example_plan(engine, seed=5, start=dt.date(2025, 4, 1), plan_id="P-target")
    settings = Settings()
    before = plans.progress(CouncilData(engine), plan_id, END, settings, monthly=False)
    assert before is not None
    track = before.priorities[0].evidence[0]  # WF02, workers over their caseload cap
    assert track.spec.code == "WF02" and track.baseline is not None
    # Lower is better: a target 100 above today's figure, due on the day asked about, is met, so the
    # evidence turns green (after the target date only the target itself counts).
    latest = track.latest["value"]
    assert latest is not None
    with engine.begin() as connection:
        assert plans.set_target(connection, track.evidence_id, latest + 100.0, END)
        assert not plans.set_target(connection, "no-such-evidence", 1.0, END)
    after = plans.progress(CouncilData(engine), plan_id, END, settings, monthly=False)
    assert after is not None
    changed = after.priorities[0].evidence[0]
    assert changed.spec.target == latest + 100.0 and changed.spec.target_date == END
    assert changed.latest["rag"] == "green"
    assert changed.baseline == track.baseline  # the baseline is the data's, never the target's
    untouched = [e.spec for p in after.priorities[1:] for e in p.evidence]
    assert untouched == [e.spec for p in before.priorities[1:] for e in p.evidence]
