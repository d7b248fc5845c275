"""Care leavers, CL01 to CL04, as at Monday 31 March 2025: the year to D is (31 Mar 2024, 31 Mar 2025].

CL01 to CL03 look at care leavers whose 19th, 20th or 21st birthday fell in the year, at the contact
recorded "around" the birthday: from 3 months before it to 1 month after it.
"""

from __future__ import annotations

from sqlalchemy import Engine

from tests.builders import (
    Row,
    allocation,
    care_leaver,
    care_leaver_contact,
    cla_episode,
    compute,
    council_data,
    day,
    pathway_plan_review,
    person,
)

D = "2025-03-31"


def leaver(child: str, dob: str, **entitlement: str | None) -> list[Row]:
    """A young person born on `dob`, a former relevant child since their 18th birthday."""
    since = f"{int(dob[:4]) + 18}{dob[4:]}"
    return [person(child, dob=dob), care_leaver(child, since=since, **entitlement)]


# CL01. Born 15 Jun 2005: 19 on 15 Jun 2024; the window runs from 15 Mar to 15 Jul 2024.


def test_contact_from_three_months_before_to_a_month_after_the_birthday_counts(engine: Engine) -> None:
    data = council_data(
        engine,
        *leaver("C1", "2005-06-15"),
        care_leaver_contact("C1", "2024-03-15"),  # the window's first day
        *leaver("C2", "2005-06-15"),
        care_leaver_contact("C2", "2024-03-14"),  # a day too early
        *leaver("C3", "2005-06-15"),
        care_leaver_contact("C3", "2024-07-15"),  # the window's last day
        *leaver("C4", "2005-06-15"),
        care_leaver_contact("C4", "2024-07-16"),  # a day too late
    )
    result = compute("CL01", data, D)
    # C1 and C3 of 4 = 50%.
    assert result.detail.select("person_id", "window_start", "window_end", "in_numerator").rows() == [
        ("C1", day("2024-03-15"), day("2024-07-15"), True),
        ("C2", day("2024-03-15"), day("2024-07-15"), False),
        ("C3", day("2024-03-15"), day("2024-07-15"), True),
        ("C4", day("2024-03-15"), day("2024-07-15"), False),
    ]
    assert result.value == 50.0


def test_only_19th_20th_and_21st_birthdays_in_the_year_count(engine: Engine) -> None:
    data = council_data(
        engine,
        *leaver("C1", "2006-04-01"),  # 19 on 1 Apr 2025, after D; 18 in the year
        *leaver("C2", "2006-03-31"),  # 19 on D
        *leaver("C3", "2004-09-10"),  # 20 on 10 Sep 2024
        *leaver("C4", "2003-04-01"),  # 21 on 1 Apr 2024, the year's first day
        *leaver("C5", "2003-03-31"),  # 21 on D − 1 year, 22 on D
    )
    result = compute("CL01", data, D)
    assert result.detail.select("person_id", "age", "birthday").rows() == [
        ("C4", 21, day("2024-04-01")),
        ("C3", 20, day("2024-09-10")),
        ("C2", 19, day("2025-03-31")),
    ]
    # Nobody was contacted: 0 of 3.
    assert (result.numerator, result.denominator) == (0, 3)


def test_only_a_contact_that_found_them_in_touch_and_was_recorded_by_d_counts(engine: Engine) -> None:
    data = council_data(
        engine,
        *leaver("C1", "2005-06-15"),
        care_leaver_contact("C1", "2024-06-01", in_touch="REFU"),  # refused contact
        *leaver("C2", "2005-06-15"),
        care_leaver_contact("C2", "2024-06-01", in_touch="NREQ"),  # no longer wants services
        *leaver("C3", "2006-03-20"),  # 19 on 20 Mar 2025
        care_leaver_contact("C3", "2025-04-10"),  # in the window, but after D
        *leaver("C4", "2006-03-20"),
        care_leaver_contact("C4", "2025-04-10", in_touch="NO"),
        care_leaver_contact("C4", "2025-01-02"),  # in touch earlier in the window
    )
    result = compute("CL01", data, D)
    assert result.detail.select("person_id", "in_touch", "in_numerator").rows() == [
        ("C1", "REFU", False),
        ("C2", "NREQ", False),
        ("C3", None, False),
        ("C4", "YES", True),
    ]


def test_the_entitlement_must_cover_the_birthday_and_qualifying_leavers_are_not_counted(
    engine: Engine,
) -> None:
    data = council_data(
        engine,
        *leaver("C1", "2003-09-10", end="2024-09-10"),  # support ends on the 21st birthday: counted
        *leaver("C2", "2003-09-10", end="2024-09-09"),  # ended the day before
        *leaver("C3", "2004-09-10", eligibility="qualifying"),
        person("C4", dob="2004-09-10"),
        care_leaver("C4", since="2024-10-01"),  # entitled only after the 20th birthday
    )
    assert compute("CL01", data, D).detail["person_id"].to_list() == ["C1"]


def test_the_contact_at_the_birthday_belongs_to_the_worker_allocated_then(engine: Engine) -> None:
    data = council_data(
        engine,
        *leaver("C1", "2005-06-15"),
        care_leaver_contact("C1", "2024-06-01"),
        allocation("C1", "W1", start="2023-06-15", end="2024-12-31"),
        allocation("C1", "W2", start="2025-01-01"),
    )
    assert compute("CL01", data, D).detail.select("worker_id", "team_id").row(0) == ("W1", "T1")


def test_no_birthdays_in_the_year_gives_no_figure(engine: Engine) -> None:
    data = council_data(engine, *leaver("C1", "2000-01-01"))
    for code in ("CL01", "CL02", "CL03"):
        result = compute(code, data, D)
        assert (result.value, result.numerator, result.denominator) == (None, 0, 0)


# CL02. Which contact speaks for the birthday: the nearest at which they were in touch, the later on a
# tie; 19th birthday on 15 Jun 2024 throughout.


def test_accommodation_is_judged_at_the_in_touch_contact_nearest_the_birthday(engine: Engine) -> None:
    data = council_data(
        engine,
        *leaver("C1", "2005-06-15"),
        care_leaver_contact("C1", "2024-06-13", suitable=False),  # 2 days before: nearest
        care_leaver_contact("C1", "2024-07-05", suitable=True),
        *leaver("C2", "2005-06-15"),
        care_leaver_contact("C2", "2024-06-10", suitable=False),  # 5 days before
        care_leaver_contact("C2", "2024-06-20", suitable=True),  # 5 days after: the later wins
        *leaver("C3", "2005-06-15"),
        care_leaver_contact("C3", "2024-06-15", in_touch="NO"),  # on the day, but not in touch
        care_leaver_contact("C3", "2024-04-01", suitable=True),
        *leaver("C4", "2005-06-15"),  # no contact: no information, still counted
    )
    result = compute("CL02", data, D)
    # C2 and C3 of 4 = 50%.
    assert result.detail.select("person_id", "contact_date", "in_numerator").rows() == [
        ("C1", day("2024-06-13"), False),
        ("C2", day("2024-06-20"), True),
        ("C3", day("2024-04-01"), True),
        ("C4", None, False),
    ]
    assert result.value == 50.0


# CL03


def test_education_employment_or_training_is_the_903_activity_code(engine: Engine) -> None:
    data = council_data(
        engine,
        *leaver("C1", "2005-06-15"),
        care_leaver_contact("C1", "2024-06-01", activity="F4"),  # full-time employment
        *leaver("C2", "2005-06-15"),
        care_leaver_contact("C2", "2024-06-01", activity="P5"),  # part-time training
        *leaver("C3", "2005-06-15"),
        care_leaver_contact("C3", "2024-06-01", activity="G5"),  # NEET
        *leaver("C4", "2005-06-15"),
        care_leaver_contact("C4", "2024-06-01", activity="0"),  # no information
        *leaver("C5", "2005-06-15"),  # no contact
    )
    result = compute("CL03", data, D)
    # C1 and C2 of 5 = 40%.
    assert result.detail.select("person_id", "activity", "in_numerator").rows() == [
        ("C1", "F4", True),
        ("C2", "P5", True),
        ("C3", "G5", False),
        ("C4", "0", False),
        ("C5", None, False),
    ]
    assert result.value == 40.0


# CL04. A review on 1 Oct 2024 is next due 1 Apr 2025 (up to date at D); one on 30 Sep 2024 was next
# due 30 Mar 2025 (overdue).


def test_care_leavers_need_a_pathway_plan_review_in_the_last_six_months(engine: Engine) -> None:
    data = council_data(
        engine,
        *leaver("C1", "2004-01-01"),  # 21
        pathway_plan_review("C1", "2024-10-01"),
        *leaver("C2", "2005-01-01", eligibility="relevant", end="2025-03-31"),  # ends on D: counted
        pathway_plan_review("C2", "2024-09-30"),
        *leaver("C3", "2003-03-31"),  # 22 on D: too old
        *leaver("C4", "2005-01-01", eligibility="qualifying"),  # no pathway plan owed
        *leaver("C5", "2005-01-01", end="2025-03-30"),  # entitlement ended before D
    )
    result = compute("CL04", data, D)
    # C1 of C1 and C2 = 50%.
    assert result.detail.select("person_id", "entitlement", "next_review_due", "in_numerator").rows() == [
        ("C1", "former_relevant", day("2025-04-01"), True),
        ("C2", "relevant", day("2025-03-30"), False),
    ]


def test_looked_after_16_and_17_year_olds_are_eligible_after_13_weeks_in_care_since_14(
    engine: Engine,
) -> None:
    # All born 1 Jun 2008: 14 on 1 Jun 2022, 16 on 1 Jun 2024. 13 weeks is 91 days.
    data = council_data(
        engine,
        person("C1", dob="2008-06-01"),
        cla_episode("C1", start="2024-12-30", id="C1-1"),  # 30 Dec to 31 Mar: 91 days
        pathway_plan_review("C1", "2025-03-03"),
        person("C2", dob="2008-06-01"),
        cla_episode("C2", start="2024-12-31", id="C2-1"),  # 90 days: not yet eligible
        person("C3", dob="2008-06-01"),
        cla_episode("C3", start="2022-05-01", ceased="2022-06-22", id="C3-1"),  # 21 days since 14
        cla_episode("C3", start="2025-01-20", id="C3-2"),  # + 70 days = 91
        person("C4", dob="2008-06-01"),
        cla_episode("C4", start="2022-05-01", ceased="2022-06-21", id="C4-1"),  # 20 days since 14
        cla_episode("C4", start="2025-01-20", id="C4-2"),  # + 70 days = 90; the May days were before 14
    )
    result = compute("CL04", data, D)
    assert result.detail.select("person_id", "entitlement", "in_numerator").rows() == [
        ("C1", "eligible (looked after)", True),
        ("C3", "eligible (looked after)", False),
    ]


def test_a_young_person_both_looked_after_and_a_care_leaver_is_counted_once(engine: Engine) -> None:
    data = council_data(
        engine,
        person("C1", dob="2008-06-01"),
        cla_episode("C1", start="2023-01-09", id="C1-1"),
        care_leaver("C1", since="2024-06-01", eligibility="eligible"),
    )
    result = compute("CL04", data, D)
    assert result.detail.select("person_id", "entitlement").rows() == [("C1", "eligible")]


def test_no_young_people_entitled_to_a_pathway_plan_gives_no_figure(engine: Engine) -> None:
    data = council_data(
        engine, person("C1", dob="2012-01-01"), cla_episode("C1", start="2023-01-09", id="C1-1")
    )
    result = compute("CL04", data, D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)
