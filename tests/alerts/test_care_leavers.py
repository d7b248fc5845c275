"""AL18, care leaver out of touch, and AL19, pathway plan review overdue: raised the day after the
contact or review fell due, for the young person's allocated worker or else their personal adviser."""

from __future__ import annotations

import datetime as dt

import polars as pl
from dateutil.relativedelta import relativedelta
from sqlalchemy import Engine

from lineofsight.alerts import open_alerts, open_alerts_at
from lineofsight.settings import Settings
from tests.alerts.raising import overdue_by, raised
from tests.builders import (
    allocation,
    care_leaver,
    care_leaver_contact,
    council_data,
    day,
    pathway_plan_review,
    person,
    worker,
)

# Born Wed 1 Jun 2005: 18 on Thu 1 Jun 2023, 22 on Tue 1 Jun 2027, so aged 18-21 throughout 2025.
ADULT = "2005-06-01"


# AL18. In touch on Mon 3 Mar 2025: the next contact is due 8 weeks on, Mon 28 Apr 2025.


def test_a_care_leaver_is_out_of_touch_from_the_day_after_8_weeks_without_contact(engine: Engine) -> None:
    data = council_data(
        engine,
        person("C1", dob=ADULT),
        care_leaver("C1", since="2023-06-01"),
        care_leaver_contact("C1", "2025-03-03"),
        allocation("C1", "W1", start="2023-06-01"),
    )
    assert overdue_by("AL18", data, "2025-04-27") == []
    assert overdue_by("AL18", data, "2025-04-28") == []  # the due day: still in time
    alert = raised("AL18", data, "2025-04-29")
    assert alert.select("person_id", "worker_id", "team_id", "due", "days_overdue", "detail").rows() == [
        ("C1", "W1", "T1", dt.date(2025, 4, 28), 1, "last in touch 2025-03-03")
    ]


def test_the_care_leaver_contact_interval_is_a_setting(engine: Engine) -> None:
    # Every 12 weeks: from Mon 3 Mar 2025 the next contact is due Mon 26 May.
    data = council_data(
        engine,
        person("C1", dob=ADULT),
        care_leaver("C1", since="2023-06-01"),
        care_leaver_contact("C1", "2025-03-03"),
    )
    twelve_weeks = Settings(care_leaver_contact_interval_weeks=12)
    assert overdue_by("AL18", data, "2025-04-29", twelve_weeks) == []
    assert overdue_by("AL18", data, "2025-05-26", twelve_weeks) == []
    assert overdue_by("AL18", data, "2025-05-27", twelve_weeks) == [1]


def test_only_contacts_in_touch_and_recorded_by_d_count(engine: Engine) -> None:
    data = council_data(
        engine,
        person("C1", dob=ADULT),
        care_leaver("C1", since="2023-06-01"),
        care_leaver_contact("C1", "2025-03-03"),
        care_leaver_contact("C1", "2025-04-14", in_touch="NO"),  # tried, not in touch
        care_leaver_contact("C1", "2025-04-21", in_touch="REFU"),  # the young person refused contact
        care_leaver_contact("C1", "2025-04-30"),  # after the as-at date below
    )
    assert raised("AL18", data, "2025-04-29").select("due", "detail").rows() == [
        (dt.date(2025, 4, 28), "last in touch 2025-03-03")
    ]
    assert overdue_by("AL18", data, "2025-04-30") == []


def test_with_no_contact_the_weeks_run_from_the_18th_birthday_or_a_later_entitlement(engine: Engine) -> None:
    # C1, entitled since 2024 and 18 on Thu 1 May 2025, is due a contact 8 weeks on, Thu 26 Jun. C2, 18
    # in 2023 but entitled only from Mon 3 Mar 2025, is due one on Mon 28 Apr 2025.
    data = council_data(
        engine,
        person("C1", dob="2007-05-01"),
        care_leaver("C1", since="2024-01-01", eligibility="relevant"),
        person("C2", dob=ADULT),
        care_leaver("C2", since="2025-03-03"),
    )
    assert raised("AL18", data, "2025-04-29").select("person_id", "days_overdue", "detail").rows() == [
        ("C2", 1, "no contact since 2025-03-03")  # C1 is 17
    ]
    assert raised("AL18", data, "2025-06-26")["person_id"].to_list() == ["C2"]
    # On Fri 27 Jun C2 is 60 days overdue (28 Apr to 28 May is 30 days, to 27 Jun 30 more).
    assert raised("AL18", data, "2025-06-27").select("person_id", "due", "days_overdue", "detail").rows() == [
        ("C2", dt.date(2025, 4, 28), 60, "no contact since 2025-03-03"),
        ("C1", dt.date(2025, 6, 26), 1, "no contact since 2025-05-01"),
    ]


def test_a_care_leaver_is_not_alerted_from_their_22nd_birthday(engine: Engine) -> None:
    # 22 on Tue 29 Apr 2025. In touch on Thu 2 Jan 2025, so due a contact on Thu 27 Feb: 60 days
    # overdue on Mon 28 Apr (28 to 27 March, 31 to 27 April, 1 more).
    data = council_data(
        engine,
        person("C1", dob="2003-04-29"),
        care_leaver("C1", since="2021-04-29"),
        care_leaver_contact("C1", "2025-01-02"),
    )
    assert overdue_by("AL18", data, "2025-04-28") == [60]
    assert overdue_by("AL18", data, "2025-04-29") == []


def test_qualifying_ended_and_deceased_young_people_are_not_out_of_touch(engine: Engine) -> None:
    # None has been in touch; the entitlement of each began on their 18th birthday, so each would be
    # due a contact on Thu 27 Jul 2023.
    data = council_data(
        engine,
        person("C1", dob=ADULT),
        care_leaver("C1", since="2023-06-01", eligibility="qualifying"),
        person("C2", dob=ADULT),
        care_leaver("C2", since="2023-06-01", end="2025-01-31"),
        person("C3", dob=ADULT) | {"person_death_date": day("2025-03-01")},
        care_leaver("C3", since="2023-06-01"),
        person("C4", dob=ADULT),
        care_leaver("C4", since="2023-06-01"),
    )
    assert raised("AL18", data, "2025-04-29").select("person_id", "due").rows() == [
        ("C4", dt.date(2023, 7, 27))
    ]


def test_an_unallocated_care_leaver_belongs_to_their_personal_adviser(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("PA1", role="personal_adviser") | {"team_id": "T9"},
        *(person(child, dob=ADULT) for child in ("C1", "C2", "C3")),
        care_leaver("C1", since="2023-06-01") | {"personal_adviser_id": "PA1"},
        care_leaver("C2", since="2023-06-01") | {"personal_adviser_id": "PA1"},
        allocation("C2", "W1", start="2023-06-01"),
        care_leaver("C3", since="2023-06-01") | {"personal_adviser_id": "PA9"},  # an adviser we do not hold
    )
    assert raised("AL18", data, "2025-04-29").select("person_id", "worker_id", "team_id").rows() == [
        ("C1", "PA1", "T9"),
        ("C2", "W1", "T1"),
        ("C3", "PA9", None),
    ]
    assert raised("AL19", data, "2025-04-29").select("person_id", "worker_id", "team_id").rows() == [
        ("C1", "PA1", "T9"),
        ("C2", "W1", "T1"),
        ("C3", "PA9", None),
    ]


# AL19. A pathway plan reviewed on Mon 3 Mar 2025 is due its next review 6 months on, Wed 3 Sep 2025.


def test_a_pathway_plan_review_is_overdue_from_the_day_after_6_months(engine: Engine) -> None:
    data = council_data(
        engine,
        person("C1", dob=ADULT),
        care_leaver("C1", since="2023-06-01"),
        pathway_plan_review("C1", "2025-03-03"),
        allocation("C1", "W1", start="2023-06-01"),
    )
    assert overdue_by("AL19", data, "2025-09-02") == []
    assert overdue_by("AL19", data, "2025-09-03") == []
    alert = raised("AL19", data, "2025-09-04")
    assert alert.select("person_id", "worker_id", "team_id", "due", "days_overdue", "detail").rows() == [
        ("C1", "W1", "T1", dt.date(2025, 9, 3), 1, "last review 2025-03-03")
    ]


def test_six_months_from_31_august_end_on_the_last_day_of_february(engine: Engine) -> None:
    data = council_data(
        engine,
        person("C1", dob=ADULT),
        care_leaver("C1", since="2023-06-01"),
        pathway_plan_review("C1", "2024-08-31"),
    )
    assert overdue_by("AL19", data, "2025-02-28") == []
    assert overdue_by("AL19", data, "2025-03-01") == [1]


def test_with_no_review_the_6_months_run_from_the_start_of_the_entitlement(engine: Engine) -> None:
    # Entitled from Mon 2 Jun 2025: the first review is due Tue 2 Dec 2025.
    data = council_data(
        engine,
        person("C1", dob="2009-01-05"),
        care_leaver("C1", since="2025-06-02", eligibility="eligible"),
        person("C2", dob=ADULT),
        care_leaver("C2", since="2025-06-02"),
    )
    assert overdue_by("AL19", data, "2025-12-02") == []
    assert raised("AL19", data, "2025-12-03").select("person_id", "due", "days_overdue", "detail").rows() == [
        ("C1", dt.date(2025, 12, 2), 1, "eligible since 2025-06-02, no review"),
        ("C2", dt.date(2025, 12, 2), 1, "former relevant since 2025-06-02, no review"),
    ]


def test_qualifying_care_leavers_and_reviews_after_d_do_not_count(engine: Engine) -> None:
    data = council_data(
        engine,
        person("C1", dob=ADULT),
        care_leaver("C1", since="2023-06-01", eligibility="qualifying"),  # owed no pathway plan
        person("C2", dob=ADULT),
        care_leaver("C2", since="2023-06-01"),
        pathway_plan_review("C2", "2025-03-03"),
        pathway_plan_review("C2", "2025-09-05"),  # after the first as-at date below
    )
    assert raised("AL19", data, "2025-09-04")["person_id"].to_list() == ["C2"]
    assert raised("AL19", data, "2025-09-05")["person_id"].to_list() == []


def test_two_open_entitlements_raise_one_alert_from_the_later(engine: Engine) -> None:
    # With no review, the later entitlement (Thu 1 Jun 2023) has its first review due Fri 1 Dec 2023:
    # on Tue 2 Jan 2024 that is 32 days overdue.
    data = council_data(
        engine,
        person("C1", dob=ADULT),
        care_leaver("C1", since="2022-01-03", eligibility="relevant"),
        care_leaver("C1", since="2023-06-01", eligibility="former_relevant"),
    )
    assert raised("AL19", data, "2024-01-02").select("due", "days_overdue", "detail").rows() == [
        (dt.date(2023, 12, 1), 32, "former relevant since 2023-06-01, no review")
    ]


def test_a_young_person_kept_in_touch_and_reviewed_on_time_raises_nothing(engine: Engine) -> None:
    # In touch every 7 weeks and reviewed every 5 months from the 18th birthday, Thu 1 Jun 2023.
    start = dt.date(2023, 6, 1)
    contacts = [care_leaver_contact("C1", start + dt.timedelta(weeks=7 * n)) for n in range(20)]
    reviews = [pathway_plan_review("C1", start + relativedelta(months=5 * n)) for n in range(7)]
    data = council_data(
        engine, person("C1", dob=ADULT), care_leaver("C1", since="2023-06-01"), *contacts, *reviews
    )
    days = [start + dt.timedelta(days=n) for n in range(0, 900, 4)]
    together = open_alerts_at(data, pl.DataFrame({"as_at": days}), Settings(), ["AL18", "AL19"])
    assert together.height == 0


def test_care_leaver_alerts_at_many_moments_are_the_alerts_at_each_date(engine: Engine) -> None:
    data = council_data(
        engine,
        person("C1", dob=ADULT),
        care_leaver("C1", since="2023-06-01"),
        care_leaver_contact("C1", "2025-03-03"),
        care_leaver_contact("C1", "2025-06-16"),
        pathway_plan_review("C1", "2024-11-04"),
        person("C2", dob="2007-05-01"),
        care_leaver("C2", since="2024-01-01", end="2025-10-31", eligibility="relevant"),
        allocation("C2", "W1", start="2024-01-01", end="2025-06-30"),
        person("C3", dob="2003-09-15"),
        care_leaver("C3", since="2021-09-15"),
        pathway_plan_review("C3", "2025-02-03"),
    )
    days = [dt.date(2025, 1, 1) + dt.timedelta(days=n) for n in range(0, 365, 5)]
    together = open_alerts_at(data, pl.DataFrame({"as_at": days}), Settings(), ["AL18", "AL19"])
    assert set(together["code"]) == {"AL18", "AL19"}
    for moment in days:
        one = open_alerts(data, moment, Settings(), ["AL18", "AL19"])
        assert together.filter(pl.col("as_at") == moment).drop("as_at").equals(one), moment
    mine = pl.DataFrame({"person_id": ["C3"], "as_at": [dt.date(2025, 4, 29)]})
    assert open_alerts_at(data, mine, Settings(), ["AL18", "AL19"])["person_id"].to_list() == ["C3"]
