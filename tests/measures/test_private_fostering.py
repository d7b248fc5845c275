"""PF01 private fostering visits within 7 working days of notification, as at Monday 31 March 2025:
the year to D is (31 Mar 2024, 31 Mar 2025]. The notification day is day 0.
"""

from __future__ import annotations

from sqlalchemy import Engine

from tests.builders import allocation, compute, council_data, day, private_fostering, visit, worker

D = "2025-03-31"


def pf_visit(child: str, date: str, *, seen: bool = True) -> dict[str, object]:
    return visit(child, date, kind="private_fostering", seen=seen)


def test_a_visit_on_the_7th_working_day_is_in_time_and_on_the_8th_is_late(engine: Engine) -> None:
    # Notified Monday 2 September 2024: the 7th working day after is Wednesday 11 September.
    data = council_data(
        engine,
        private_fostering("C1", notified="2024-09-02"),
        pf_visit("C1", "2024-09-11"),
        private_fostering("C2", notified="2024-09-02"),
        pf_visit("C2", "2024-09-12"),
    )
    result = compute("PF01", data, D)
    assert result.detail.select("person_id", "deadline", "in_numerator").rows() == [
        ("C1", day("2024-09-11"), True),
        ("C2", day("2024-09-11"), False),
    ]
    assert result.value == 50.0


def test_christmas_bank_holidays_give_the_visit_more_calendar_days(engine: Engine) -> None:
    # Notified Friday 20 December 2024: Mon 23 = 1, Tue 24 = 2, (25 and 26 holidays) Fri 27 = 3,
    # Mon 30 = 4, Tue 31 = 5, (1 January holiday) Thu 2 = 6, Fri 3 January 2025 = 7.
    data = council_data(
        engine,
        private_fostering("C1", notified="2024-12-20"),
        pf_visit("C1", "2025-01-03"),
    )
    result = compute("PF01", data, D)
    assert result.detail.select("deadline", "in_numerator").row(0) == (day("2025-01-03"), True)


def test_a_notification_not_yet_due_is_left_out_and_one_due_on_d_is_judged(engine: Engine) -> None:
    data = council_data(
        engine,
        # Notified Thu 27 March 2025: due Mon 7 April, after D. Not visited yet: cannot be judged.
        private_fostering("C1", notified="2025-03-27"),
        # The same day, visited on Fri 28 March: already in time.
        private_fostering("C2", notified="2025-03-27"),
        pf_visit("C2", "2025-03-28"),
        # Notified Thu 20 March: due on D itself. Not visited by the end of D: late.
        private_fostering("C3", notified="2025-03-20"),
    )
    result = compute("PF01", data, D)
    assert result.detail.select("person_id", "in_numerator").rows() == [("C3", False), ("C2", True)]


def test_only_a_visit_that_saw_the_child_on_or_before_d_counts(engine: Engine) -> None:
    data = council_data(
        engine,
        # Visited on 5 September without seeing the child; seen on 20 September: late.
        private_fostering("C1", notified="2024-09-02"),
        pf_visit("C1", "2024-09-05", seen=False),
        pf_visit("C1", "2024-09-20"),
        # Notified Wed 19 March 2025, due Fri 28 March; visited after D: late as at D.
        private_fostering("C2", notified="2025-03-19"),
        pf_visit("C2", "2025-04-01"),
        # A child in need visit is not a private fostering visit.
        private_fostering("C3", notified="2024-09-02"),
        visit("C3", "2024-09-04", kind="cin"),
    )
    result = compute("PF01", data, D)
    assert result.detail.select("person_id", "first_visit_date", "in_numerator").rows() == [
        ("C1", day("2024-09-20"), False),
        ("C3", None, False),
        ("C2", None, False),
    ]


def test_only_notifications_in_the_year_to_d_count(engine: Engine) -> None:
    data = council_data(
        engine,
        private_fostering("C1", notified="2024-03-28"),  # before the year
        pf_visit("C1", "2024-04-02"),
        private_fostering("C2", notified="2024-04-01"),  # the year's first day; due 10 April 2024
        pf_visit("C2", "2024-04-10"),
    )
    result = compute("PF01", data, D)
    assert result.detail["person_id"].to_list() == ["C2"]
    assert result.value == 100.0


def test_the_allocated_worker_owns_the_visit_and_otherwise_whoever_visited(engine: Engine) -> None:
    data = council_data(
        engine,
        private_fostering("C1", notified="2024-09-02"),
        allocation("C1", "W1", start="2024-09-03"),
        pf_visit("C1", "2024-09-04") | {"worker_id": "W2"},
        private_fostering("C2", notified="2024-09-02"),
        worker("W2"),
        pf_visit("C2", "2024-09-04") | {"worker_id": "W2"},
    )
    result = compute("PF01", data, D)
    assert result.detail.select("person_id", "worker_id").rows() == [("C1", "W1"), ("C2", "W2")]


def test_no_notifications_in_the_year_gives_no_figure(engine: Engine) -> None:
    data = council_data(engine, private_fostering("C1", notified="2024-02-05"))
    assert compute("PF01", data, D).value is None
