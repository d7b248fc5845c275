"""The casework alerts AL10, AL11, AL12 and AL13: raised the day after they fell due, never on the due day
itself, for children open to children's social care (or, for closures and re-referrals, in the 30
days to D); and never for a child whose case gives no cause."""

from __future__ import annotations

import datetime as dt

import polars as pl
from sqlalchemy import Engine

from lineofsight.alerts import open_alerts, open_alerts_at
from lineofsight.settings import Settings
from tests.alerts.raising import children, overdue_by, raised
from tests.builders import Day, allocation, cla_episode, council_data, day, referral, worker

CODES = ("AL10", "AL11", "AL12", "AL13")


def signed_off(on: Day) -> dict[str, object]:
    """A manager's recorded decision to close, dated `on`."""
    return {"closure_decision": "close", "closure_decision_date": day(on), "closure_manager_id": "M1"}


# AL10. C1, open since January 2024, had W1, then W2, then W3 from Mon 3 Feb 2025.


def three_workers(child: str, third: str = "W3") -> list[dict[str, object]]:
    return [
        allocation(child, "W1", start="2024-01-08", end="2024-09-30"),
        allocation(child, "W2", start="2024-10-01", end="2025-01-31"),
        allocation(child, third, start="2025-02-03"),
    ]


def test_a_third_social_worker_in_a_year_is_raised_from_the_day_after_their_allocation(
    engine: Engine,
) -> None:
    data = council_data(engine, referral("C1", "2024-01-08"), *three_workers("C1"))
    assert overdue_by("AL10", data, "2025-02-02") == []  # two social workers so far
    assert overdue_by("AL10", data, "2025-02-03") == []  # the third starts on D
    alert = raised("AL10", data, "2025-02-04")
    assert alert.select("worker_id", "due", "days_overdue", "detail").rows() == [
        ("W3", dt.date(2025, 2, 3), 1, "3 social workers in the year, the third allocated 2025-02-03")
    ]


def test_a_worker_whose_allocation_ended_a_year_before_d_is_outside_the_year(engine: Engine) -> None:
    data = council_data(
        engine,
        referral("C1", "2024-01-08"),
        allocation("C1", "W1", start="2024-01-08", end="2024-03-03"),
        allocation("C1", "W2", start="2024-03-04", end="2025-01-31"),
        allocation("C1", "W3", start="2025-02-03"),
    )
    # On Sun 2 Mar 2025 the year is (2 Mar 2024, 2 Mar 2025]: W1 held C1 on 3 Mar 2024, inside it.
    # Overdue from Mon 3 Feb: 25 days of February after the 3rd, and 2 of March.
    assert overdue_by("AL10", data, "2025-03-02") == [27]
    # On Mon 3 Mar 2025 the year is (3 Mar 2024, 3 Mar 2025]: W1's last day is outside it.
    assert overdue_by("AL10", data, "2025-03-03") == []


def test_a_social_worker_who_leaves_and_comes_back_is_one_worker_to_the_child(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1", left="2024-12-31", staff_id="S1"),
        worker("W1-again", start="2025-01-13", staff_id="S1"),  # W1's second spell with us
        referral("C1", "2024-01-08"),
        *three_workers("C1", third="W1-again"),
        referral("C2", "2024-01-08"),
        *three_workers("C2"),
    )
    assert children("AL10", data, "2025-02-04") == ["C2"]


def test_personal_advisers_and_managers_are_not_social_workers_to_the_child(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("PA1", role="personal_adviser"),
        worker("M1", role="manager"),
        referral("C1", "2024-01-08"),
        allocation("C1", "W1", start="2024-01-08", end="2024-06-28"),
        allocation("C1", "M1", start="2024-07-01", end="2024-07-31"),  # held by the manager for a month
        allocation("C1", "W2", start="2024-08-01"),
        allocation("C1", "PA1", start="2024-09-02"),  # a personal adviser beside the social worker
        referral("C2", "2024-01-08"),
        *three_workers("C2", third="PA1"),
    )
    assert children("AL10", data, "2025-02-04") == []


def test_only_a_child_open_at_d_can_have_too_many_social_workers(engine: Engine) -> None:
    data = council_data(
        engine,
        referral("C1", "2024-01-08", closed="2025-02-03"),  # closed on the day W3 took over
        *three_workers("C1"),
        cla_episode("C2", start="2024-01-08"),  # looked after, with no episode of need recorded
        *three_workers("C2"),
    )
    assert children("AL10", data, "2025-02-03") == []  # neither is raised on the due day
    assert children("AL10", data, "2025-02-04") == ["C2"]


# AL11. A case opened on Mon 3 Mar 2025 with nobody allocated is due for allocation that day.


def test_an_unallocated_case_is_raised_from_the_day_after_it_opened(engine: Engine) -> None:
    data = council_data(engine, referral("C1", "2025-03-03") | {"team_id": "T9"})
    assert overdue_by("AL11", data, "2025-03-02") == []  # not open yet
    assert overdue_by("AL11", data, "2025-03-03") == []
    alert = raised("AL11", data, "2025-03-04")
    assert alert.select("worker_id", "team_id", "due", "days_overdue", "detail").rows() == [
        (None, "T9", dt.date(2025, 3, 3), 1, "open since 2025-03-03, no social worker since")
    ]


def test_a_case_is_unallocated_from_the_day_after_its_allocation_ended(engine: Engine) -> None:
    data = council_data(
        engine,
        referral("C1", "2025-01-06") | {"team_id": "T9"},
        allocation("C1", "W1", start="2025-01-06", end="2025-03-14"),  # ended Fri 14 Mar
    )
    assert overdue_by("AL11", data, "2025-03-14") == []  # an allocation ending on D still holds
    alert = raised("AL11", data, "2025-03-15")
    # The row goes to the team that last held the child, with no worker.
    assert alert.select("worker_id", "team_id", "due", "days_overdue", "detail").rows() == [
        (None, "T1", dt.date(2025, 3, 14), 1, "open since 2025-01-06, last allocated 2025-03-14")
    ]


def test_a_worker_who_has_left_no_longer_holds_the_child(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1", left="2025-03-14"),  # left on Fri 14 Mar, the allocation never ended
        referral("C1", "2025-01-06"),
        allocation("C1", "W1", start="2025-01-06"),
    )
    assert overdue_by("AL11", data, "2025-03-14") == []  # in post on their last day
    # The row shows the worker the record still names, so the manager sees what needs putting right.
    assert raised("AL11", data, "2025-03-17").select("worker_id", "due", "days_overdue").rows() == [
        ("W1", dt.date(2025, 3, 14), 3)
    ]


def test_a_personal_adviser_alone_does_not_allocate_the_child(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("PA1", role="personal_adviser"),
        referral("C1", "2025-01-06"),
        allocation("C1", "PA1", start="2025-01-06"),
        referral("C2", "2025-01-06"),
        allocation("C2", "W1", start="2025-01-06"),
    )
    assert raised("AL11", data, "2025-01-08").select("person_id", "due", "days_overdue").rows() == [
        ("C1", dt.date(2025, 1, 6), 2)
    ]


def test_an_allocation_in_an_earlier_case_sets_neither_the_clock_nor_the_team(engine: Engine) -> None:
    data = council_data(
        engine,
        referral("C1", "2024-01-08", closed="2024-06-28"),
        allocation("C1", "W1", start="2024-01-08", end="2024-06-28"),  # team T1
        referral("C1", "2025-01-06") | {"team_id": "T9"},  # opened again in T9, never allocated
        referral("C2", "2024-01-08", closed="2024-06-28"),
        allocation("C2", "W1", start="2024-01-08", end="2024-06-28"),
        referral("C2", "2025-01-06"),  # a referral naming no team: the last team to hold C2 is told
    )
    assert raised("AL11", data, "2025-01-08").select(
        "person_id", "team_id", "due", "days_overdue"
    ).rows() == [
        ("C1", "T9", dt.date(2025, 1, 6), 2),
        ("C2", "T1", dt.date(2025, 1, 6), 2),
    ]


def test_open_means_an_open_case_or_period_of_care_but_not_a_referral_with_no_further_action(
    engine: Engine,
) -> None:
    data = council_data(
        engine,
        referral("C1", "2025-01-06") | {"referral_nfa": True},  # no further action, never closed
        cla_episode("C2", start="2025-01-06"),  # looked after, with no episode of need recorded
        referral("C3", "2024-06-03", closed="2025-01-03"),  # closed before D
    )
    assert children("AL11", data, "2025-01-08") == ["C2"]


# AL12. An episode closed on Mon 3 Mar 2025 with no manager's decision: due that day; out of the
# 30 days to D from 2 April (3 Mar + 30 days), when 3 March is D − 30 days.


def test_a_closure_with_no_manager_s_decision_is_raised_for_30_days(engine: Engine) -> None:
    data = council_data(
        engine,
        referral("C1", "2024-09-02", closed="2025-03-03"),
        allocation("C1", "W1", start="2024-09-02", end="2025-03-03"),
    )
    assert overdue_by("AL12", data, "2025-03-02") == []  # still open
    assert overdue_by("AL12", data, "2025-03-03") == []  # the closure day
    alert = raised("AL12", data, "2025-03-04")
    # The child has no worker at D: the row keeps the worker who held the child when it closed.
    assert alert.select("worker_id", "team_id", "due", "days_overdue", "detail").rows() == [
        (
            "W1",
            "T1",
            dt.date(2025, 3, 3),
            1,
            "referral R-C1-2024-09-02 closed 2025-03-03, no manager's decision",
        )
    ]
    assert overdue_by("AL12", data, "2025-04-01") == [29]
    assert overdue_by("AL12", data, "2025-04-02") == []


def test_only_a_manager_s_sign_off_on_the_record_by_d_counts(engine: Engine) -> None:
    data = council_data(
        engine,
        referral("C1", "2024-09-02", closed="2025-03-03") | signed_off("2025-03-03"),
        referral("C2", "2024-09-02", closed="2025-03-03") | signed_off("2025-03-10"),  # signed a week late
        referral("C3", "2024-09-02", closed="2025-03-03") | {"closure_decision": "step_down"},  # no manager
    )
    assert children("AL12", data, "2025-03-05") == ["C2", "C3"]
    assert children("AL12", data, "2025-03-10") == ["C3"]


# AL13. C1's episode closed Fri 1 Nov 2024 and they were referred again on Mon 3 Mar 2025, four months
# later: due that day, and in the 30 days to D until 1 April.


def test_a_re_referral_within_6_months_is_raised_for_30_days(engine: Engine) -> None:
    data = council_data(
        engine,
        referral("C1", "2024-06-03", closed="2024-11-01"),
        referral("C1", "2025-03-03") | {"team_id": "T9", "worker_id": "W9"},
    )
    assert overdue_by("AL13", data, "2025-03-02") == []  # not referred yet
    assert overdue_by("AL13", data, "2025-03-03") == []  # the referral day
    alert = raised("AL13", data, "2025-03-04")
    # Nobody is allocated at D: the row keeps the referral's own team and worker.
    assert alert.select("worker_id", "team_id", "due", "days_overdue", "detail").rows() == [
        (
            "W9",
            "T9",
            dt.date(2025, 3, 3),
            1,
            "referral R-C1-2025-03-03 on 2025-03-03, previous episode closed 2024-11-01",
        )
    ]
    assert overdue_by("AL13", data, "2025-04-01") == [29]
    assert overdue_by("AL13", data, "2025-04-02") == []


def test_six_months_after_31_august_is_the_end_of_february(engine: Engine) -> None:
    data = council_data(
        engine,
        # Both closed Sat 31 Aug 2024; 6 months on is Fri 28 Feb 2025.
        referral("C1", "2024-03-04", closed="2024-08-31"),
        referral("C1", "2025-02-28"),  # on the last day of the 6 months
        referral("C2", "2024-03-04", closed="2024-08-31"),
        referral("C2", "2025-03-01"),  # a day later
    )
    assert children("AL13", data, "2025-03-03") == ["C1"]


def test_a_closure_on_the_day_of_the_referral_is_not_the_previous_episode(engine: Engine) -> None:
    data = council_data(
        engine,
        referral("C1", "2025-01-06", closed="2025-03-03"),
        referral("C1", "2025-03-03"),  # the same day's work, not a referral after a closure
        referral("C2", "2025-03-03"),  # a first referral
        referral("C3", "2025-01-06", closed="2025-03-02"),
        referral("C3", "2025-03-03"),  # the day after a closure
    )
    assert children("AL13", data, "2025-03-05") == ["C3"]


# Nothing to raise, and many moments at once.


def test_a_child_whose_case_is_held_well_raises_nothing(engine: Engine) -> None:
    data = council_data(
        engine,
        referral("C1", "2024-06-03"),
        allocation("C1", "W1", start="2024-06-03", end="2024-12-20"),
        allocation("C1", "W2", start="2024-12-20"),  # a second social worker, handed over on the day
        referral("C2", "2024-06-03", closed="2025-03-14") | signed_off("2025-03-14"),
        allocation("C2", "W1", start="2024-06-03", end="2025-03-14"),
        referral("C3", "2024-01-08", closed="2024-08-30"),
        referral("C3", "2025-03-10"),  # over 6 months after the closure
        allocation("C3", "W2", start="2025-03-10"),
    )
    assert open_alerts(data, dt.date(2025, 3, 31), Settings(), CODES).height == 0


def test_casework_alerts_at_many_moments_are_the_alerts_at_each_date(engine: Engine) -> None:
    data = council_data(
        engine,
        referral("C1", "2024-01-08"),
        *three_workers("C1"),
        referral("C2", "2024-06-03", closed="2024-10-31"),
        allocation("C2", "W1", start="2024-06-03", end="2024-10-31"),
        referral("C2", "2025-01-13", closed="2025-03-07") | {"team_id": "T9"},
        allocation("C2", "W2", start="2025-01-27", end="2025-02-28"),
    )
    days = [dt.date(2024, 10, 1) + dt.timedelta(days=n) for n in range(0, 200, 5)]
    together = open_alerts_at(data, pl.DataFrame({"as_at": days}), Settings(), CODES)
    assert set(together["code"]) == set(CODES)  # each alert is raised on some day
    for moment in days:
        one = open_alerts(data, moment, Settings(), CODES)
        assert together.filter(pl.col("as_at") == moment).drop("as_at").equals(one), moment
    # Each child judged only at their own moments: C2 on a day C1 also has an alert.
    mine = pl.DataFrame({"person_id": ["C2"], "as_at": [dt.date(2025, 3, 5)]})
    assert open_alerts_at(data, mine, Settings(), CODES).select("code", "person_id").rows() == [
        ("AL11", "C2")
    ]
    assert together.filter(pl.col("as_at") == dt.date(2025, 3, 5))["person_id"].to_list() == ["C1", "C2"]
