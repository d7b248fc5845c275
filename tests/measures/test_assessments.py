"""AS01 assessments within 45 working days, AS02 the median working days and AS03 assessments open
beyond 45 working days, as at 31 March 2025.

The year to D is (31 Mar 2024, 31 Mar 2025]. From Mon 2 Sep 2024 there is no bank holiday until
Christmas, so 45 working days is exactly 9 weeks: the deadline is Mon 4 Nov 2024.
"""

from __future__ import annotations

from sqlalchemy import Engine

from tests.builders import allocation, assessment, compute, council_data, day

D = "2025-03-31"


def test_an_assessment_authorised_on_the_45th_working_day_is_on_time(engine: Engine) -> None:
    data = council_data(engine, assessment("C1", start="2024-09-02", authorised="2024-11-04"))
    result = compute("AS01", data, D)
    assert (result.numerator, result.denominator, result.value) == (1, 1, 100.0)
    assert result.detail["working_days"].to_list() == [45]


def test_an_assessment_authorised_on_the_46th_working_day_is_late(engine: Engine) -> None:
    # Tue 5 Nov 2024 is the day after the deadline: 46 working days.
    data = council_data(engine, assessment("C1", start="2024-09-02", authorised="2024-11-05"))
    result = compute("AS01", data, D)
    assert (result.numerator, result.denominator, result.value) == (0, 1, 0.0)
    assert result.detail["working_days"].to_list() == [46]


def test_christmas_bank_holidays_move_the_deadline_later(engine: Engine) -> None:
    # Start Mon 2 Dec 2024. Nine weeks on is Mon 3 Feb 2025, 45 weekdays, but Wed 25 and Thu 26 Dec
    # and Wed 1 Jan are bank holidays, so that Monday is working day 42: Tue 4 Feb = 43, Wed 5 = 44,
    # Thu 6 Feb = 45 (the deadline). Fri 7 Feb is day 46.
    data = council_data(
        engine,
        assessment("C1", start="2024-12-02", authorised="2025-02-06"),
        assessment("C2", start="2024-12-02", authorised="2025-02-07"),
    )
    result = compute("AS01", data, D)
    assert result.detail.select("person_id", "working_days", "in_numerator").rows() == [
        ("C1", 45, True),
        ("C2", 46, False),
    ]
    assert result.value == 50.0


def test_easter_and_may_bank_holidays_move_the_deadline_later(engine: Engine) -> None:
    # Start Thu 17 Apr 2025, the day before Good Friday. Nine weeks on, Thu 19 Jun, is 45 weekdays on,
    # less Good Friday 18 Apr, Easter Monday 21 Apr, Mon 5 May and Mon 26 May = working day 41;
    # Fri 20 = 42, Mon 23 = 43, Tue 24 = 44, Wed 25 Jun = 45, the deadline. (As at 30 Sep 2025.)
    data = council_data(
        engine,
        assessment("C1", start="2025-04-17", authorised="2025-06-25"),
        assessment("C2", start="2025-04-17", authorised="2025-06-26"),
    )
    result = compute("AS01", data, "2025-09-30")
    assert result.detail["deadline"].to_list() == [day("2025-06-25"), day("2025-06-25")]
    assert result.detail["in_numerator"].to_list() == [True, False]


def test_an_authorisation_on_the_saturday_after_the_deadline_is_late(engine: Engine) -> None:
    # Start Fri 6 Sep 2024: nine weeks on, Fri 8 Nov, is the 45th working day. Sat 9 Nov adds no
    # working day to the count (still 45) but is after the deadline, and "within" means by the deadline.
    data = council_data(engine, assessment("C1", start="2024-09-06", authorised="2024-11-09"))
    result = compute("AS01", data, D)
    assert result.detail.select("working_days", "in_numerator").row(0) == (45, False)


def test_assessments_count_in_the_year_they_were_authorised(engine: Engine) -> None:
    data = council_data(
        engine,
        assessment("C1", start="2024-02-05", authorised="2024-03-31"),  # D − 1 year: outside
        assessment("C2", start="2024-02-05", authorised="2024-04-01"),  # first day of the year: inside
        assessment("C3", start="2025-03-03", authorised="2025-03-31"),  # D: inside
        assessment("C4", start="2025-03-03"),  # not authorised yet: not completed
        assessment("C5", start="2025-03-03", authorised="2025-04-01"),  # after D: outside
    )
    result = compute("AS01", data, D)
    assert result.detail["person_id"].to_list() == ["C2", "C3"]
    # C2: Mon 5 Feb to Mon 1 Apr 2024 is 8 weeks = 40 weekdays, less Good Friday 29 Mar and
    # Easter Monday 1 Apr = 38 working days, on time. C3: Mon 3 to Mon 31 Mar 2025 = 20, on time.
    assert result.detail["working_days"].to_list() == [38, 20]
    assert (result.numerator, result.denominator) == (2, 2)


def test_no_assessments_completed_gives_no_figure(engine: Engine) -> None:
    data = council_data(engine, assessment("C1", start="2025-03-03"))
    on_time = compute("AS01", data, D)
    median = compute("AS02", data, D)
    assert (on_time.value, on_time.numerator, on_time.denominator) == (None, 0, 0)
    assert (median.value, median.numerator, median.denominator) == (None, None, 0)


def test_the_median_is_the_middle_assessment_s_working_days(engine: Engine) -> None:
    # All start Mon 2 Sep 2024: Mon 16 Sep = 10, Mon 30 Sep = 20, Mon 4 Nov = 45 working days.
    data = council_data(
        engine,
        assessment("C1", start="2024-09-02", authorised="2024-09-16"),
        assessment("C2", start="2024-09-02", authorised="2024-09-30"),
        assessment("C3", start="2024-09-02", authorised="2024-11-04"),
    )
    result = compute("AS02", data, D)
    # Sorted 10, 20, 45: the median is 20, over 3 assessments.
    assert (result.value, result.numerator, result.denominator) == (20.0, None, 3)
    assert result.detail["in_numerator"].all()


def test_the_median_of_an_even_number_is_halfway_between_the_middle_two(engine: Engine) -> None:
    # 10 and 25 working days (Mon 2 Sep to Mon 16 Sep, and to Mon 7 Oct 2024): (10 + 25) / 2 = 17.5.
    data = council_data(
        engine,
        assessment("C1", start="2024-09-02", authorised="2024-09-16"),
        assessment("C2", start="2024-09-02", authorised="2024-10-07"),
    )
    assert compute("AS02", data, D).value == 17.5


def test_an_assessment_authorised_the_day_it_started_took_0_working_days(engine: Engine) -> None:
    data = council_data(engine, assessment("C1", start="2024-09-02", authorised="2024-09-02"))
    assert compute("AS02", data, D).value == 0.0


# AS03, as at Mon 31 Mar 2025. No bank holiday falls between 2 January and Easter 2025, so 45 working
# days back from D is 9 weeks: an assessment started on Mon 27 Jan 2025 reaches its deadline on D.


def test_an_assessment_open_on_its_deadline_is_not_yet_beyond_it_and_a_day_older_one_is(
    engine: Engine,
) -> None:
    data = council_data(
        engine,
        assessment("C1", start="2025-01-27"),  # deadline Mon 31 Mar = D: not beyond
        assessment("C2", start="2025-01-24"),  # Fri 24 Jan: deadline Fri 28 Mar, before D: beyond
    )
    result = compute("AS03", data, D)
    assert (result.value, result.numerator) == (1.0, 1.0)
    assert result.detail.select("person_id", "deadline", "working_days").rows() == [
        ("C2", day("2025-03-28"), 46)
    ]


def test_an_assessment_authorised_on_d_is_still_open_and_one_authorised_before_is_not(
    engine: Engine,
) -> None:
    data = council_data(
        engine,
        assessment("C1", start="2024-12-02", authorised="2025-03-31"),  # open on D: counted
        assessment("C2", start="2024-12-02", authorised="2025-03-28"),  # completed before D
        assessment("C3", start="2025-04-01"),  # not started by D
        assessment("C4", start="2024-06-03", authorised="2025-04-15"),  # open at D, authorised later
    )
    result = compute("AS03", data, D)
    assert result.detail["person_id"].to_list() == ["C4", "C1"]


def test_christmas_bank_holidays_put_the_deadline_later(engine: Engine) -> None:
    # Started Mon 2 Dec 2024: with 25 and 26 Dec and 1 Jan off, the 45th working day is Thu 6 Feb 2025.
    data = council_data(engine, assessment("C1", start="2024-12-02"))
    assert compute("AS03", data, "2025-02-06").value == 0.0
    assert compute("AS03", data, "2025-02-07").value == 1.0


def test_on_the_saturday_after_a_friday_deadline_the_assessment_is_beyond_it(engine: Engine) -> None:
    # Started Fri 24 Jan 2025: deadline Fri 28 Mar. On Sat 29 Mar the count is still 45 working days,
    # but the deadline has passed, as AS01 would find an authorisation that day late.
    data = council_data(engine, assessment("C1", start="2025-01-24"))
    result = compute("AS03", data, "2025-03-29")
    assert result.detail.select("working_days", "deadline").row(0) == (45, day("2025-03-28"))
    assert result.value == 1.0


def test_an_overdue_assessment_belongs_to_the_child_s_worker_at_d(engine: Engine) -> None:
    data = council_data(
        engine,
        # Started by W1, who handed over to W2 on 3 Mar 2025.
        assessment("C1", start="2025-01-06") | {"team_id": "T1", "worker_id": "W1"},
        allocation("C1", "W1", start="2025-01-06", end="2025-03-02"),
        allocation("C1", "W2", start="2025-03-03"),
        # C2 has nobody allocated at D: the row keeps the team and worker the assessment names.
        assessment("C2", start="2025-01-06") | {"team_id": "T9", "worker_id": "W9"},
        allocation("C2", "W1", start="2025-01-06", end="2025-03-02"),
    )
    detail = compute("AS03", data, D).detail
    assert detail.select("person_id", "team_id", "worker_id").rows() == [
        ("C1", "T1", "W2"),
        ("C2", "T9", "W9"),
    ]


def test_no_assessments_open_is_a_count_of_nought(engine: Engine) -> None:
    result = compute("AS03", council_data(engine), D)
    assert (result.value, result.detail.height) == (0.0, 0)
