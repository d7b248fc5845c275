"""Care leavers: keeping in touch at 19, 20 and 21, where they live and what they do, and pathway plans."""

from __future__ import annotations

import datetime as dt

import polars as pl

from lineofsight.data import CouncilData
from lineofsight.data.facts import CARE_LEAVER_BIRTHDAYS, CARE_LEAVERS, CLA_PERIODS, PATHWAY_PLANS
from lineofsight.data.needs import Need
from lineofsight.data.periods import in_year_to, months_after, open_at
from lineofsight.measures.catalogue import measure
from lineofsight.measures.england import ENGLAND
from lineofsight.measures.looked_after import (
    latest_before,
    looked_after_at,
    on_day,
    responsible_at,
    with_birth_dates,
)
from lineofsight.settings import Settings

AREA = "Care leavers"
BIRTHDAYS = (19, 20, 21)
IN_TOUCH = "YES"  # 903 IN_TOUCH
# 903 ACTIV codes for education, employment or training: F full-time, P part-time; 1 higher education,
# 2 other education, 4 employment, 5 training. G4-G6 are not in EET and 0 is no information.
EET = ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5")
# Qualifying care leavers (section 24) are owed advice and assistance, not a pathway plan.
NO_PATHWAY_PLAN = ("qualifying",)
ELIGIBLE_CARE = dt.timedelta(weeks=13)  # CPPCR reg 40: 13 weeks looked after since 14
PATHWAY_PLAN_REVIEW_MONTHS = 6


def _birthday_cohort(data: CouncilData, as_at: dt.date) -> pl.DataFrame:
    """One row per care leaver whose 19th, 20th or 21st birthday fell in the year to D and who was
    entitled to leaving-care support that day, with the contact that speaks for them.

    The DfE asks for the young person's circumstances "around" the birthday: from 3 months before it
    to 1 month after. Of the contacts in that window (recorded by D), the one that speaks for them is
    the nearest to the birthday at which we were in touch, else the nearest at all; on a tie the later.
    """
    people = data["person"].select("person_id", "person_dob")
    leavers = data["care_leavers"].filter(~pl.col("care_leaver_eligibility").is_in(NO_PATHWAY_PLAN))
    birthdays = pl.concat(
        [
            leavers.join(people, on="person_id").with_columns(
                pl.lit(age).alias("age"), months_after("person_dob", 12 * age).alias("birthday")
            )
            for age in BIRTHDAYS
        ]
    )
    cohort = (
        birthdays.filter(
            in_year_to("birthday", as_at)
            & on_day("care_leaver_eligibility_date", "care_leaver_end_date", "birthday")
        )
        .sort("person_id", "birthday", "care_leaver_id")
        .unique("person_id", keep="last", maintain_order=True)
        .with_columns(
            pl.col("birthday").dt.offset_by("-3mo").alias("window_start"),
            months_after("birthday", 1).alias("window_end"),
        )
    )
    contacts = (
        data["care_leaver_contacts"]
        .filter(pl.col("contact_date") <= as_at)
        .join(cohort.select("person_id", "birthday", "window_start", "window_end"), on="person_id")
        .filter(pl.col("contact_date").is_between("window_start", "window_end"))
        .with_columns(
            (pl.col("in_touch") != IN_TOUCH).alias("_not_in_touch"),
            (pl.col("contact_date") - pl.col("birthday")).dt.total_days().abs().alias("_distance"),
        )
        .sort(
            ["person_id", "_not_in_touch", "_distance", "contact_date", "care_leaver_contact_id"],
            descending=[False, False, False, True, False],
        )
        .unique("person_id", keep="first", maintain_order=True)
        .select(
            "person_id",
            "care_leaver_contact_id",
            "contact_date",
            "in_touch",
            "accommodation_suitable",
            "activity",
        )
    )
    return responsible_at(data, cohort.join(contacts, on="person_id", how="left"), "birthday")


def _birthday_detail(cohort: pl.DataFrame, in_numerator: pl.Expr) -> pl.DataFrame:
    return (
        cohort.with_columns(in_numerator.fill_null(False).alias("in_numerator"))
        .select(
            "person_id",
            "care_leaver_id",
            "care_leaver_eligibility",
            "age",
            "birthday",
            "window_start",
            "window_end",
            "care_leaver_contact_id",
            "contact_date",
            "in_touch",
            "accommodation_suitable",
            "activity",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("birthday", "person_id")
    )


@measure(
    "CL01",
    credited="the team and worker (personal adviser) holding the young person on their birthday",
    title="Care leavers 19–21 in touch",
    area=AREA,
    definition=(
        "care leavers whose 19th, 20th or 21st birthday fell in the year to D with contact recorded "
        "around that birthday ÷ those care leavers (DfE method)"
    ),
    unit="%",
    polarity="up",
    benchmark=ENGLAND.get("CL01"),
    needs=(Need(CARE_LEAVER_BIRTHDAYS),),
)
def in_touch(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Care leavers are young people entitled to support as eligible, relevant or former relevant
    children (the DfE's cohort); qualifying care leavers are not in it. In touch is a contact from 3
    months before the birthday to 1 month after it whose 903 in-touch code is YES: a contact saying
    the young person refused contact, or no longer needs services, is recorded but is not in touch.
    A birthday in the last month before D has had less time for its window; contacts after D are
    not known at D.
    """
    return _birthday_detail(_birthday_cohort(data, as_at), pl.col("in_touch") == IN_TOUCH)


@measure(
    "CL02",
    credited="the team and worker (personal adviser) holding the young person on their birthday",
    title="Care leavers 19–21 in suitable accommodation",
    area=AREA,
    definition=(
        "of the same care leavers, those whose accommodation was judged suitable ÷ those care leavers"
    ),
    unit="%",
    polarity="up",
    benchmark=ENGLAND.get("CL02"),
    needs=(Need(CARE_LEAVER_BIRTHDAYS),),
)
def suitable_accommodation(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """The judgement recorded at the contact that speaks for the birthday (see CL01). A young person
    with no such contact, or whose accommodation was not judged, stays in the denominator, as the
    DfE counts "no information" among all care leavers."""
    return _birthday_detail(_birthday_cohort(data, as_at), pl.col("accommodation_suitable"))


@measure(
    "CL03",
    credited="the team and worker (personal adviser) holding the young person on their birthday",
    title="Care leavers 19–21 in education, employment or training",
    area=AREA,
    definition="of the same care leavers, those in EET ÷ those care leavers",
    unit="%",
    polarity="up",
    benchmark=ENGLAND.get("CL03"),
    needs=(Need(CARE_LEAVER_BIRTHDAYS),),
)
def in_education_employment_or_training(
    data: CouncilData, as_at: dt.date, settings: Settings
) -> pl.DataFrame:
    """EET is a 903 activity code F1, P1, F2, P2, F4, P4, F5 or P5 (full- or part-time higher
    education, other education, employment or training) at the contact that speaks for the birthday;
    G4 to G6 (not in EET), 0 (no information) and no contact are not."""
    return _birthday_detail(_birthday_cohort(data, as_at), pl.col("activity").is_in(EET))


def _eligible_in_care(data: CouncilData, as_at: dt.date) -> pl.DataFrame:
    """Looked-after 16 and 17 year olds who are eligible children (regulation 40): looked after for
    13 weeks or more in all since their 14th birthday, counted in days up to D across every period
    of care (a period from day S to day E counts E − S days; one still open counts up to D)."""
    children = with_birth_dates(looked_after_at(data, as_at), data).filter(
        (months_after("person_dob", 16 * 12) <= as_at) & (months_after("person_dob", 18 * 12) > as_at)
    )
    care = (
        data["cla_episodes"]
        .filter(pl.col("cla_episode_start_date") <= as_at)
        .join(children.select("person_id", "person_dob"), on="person_id")
        .with_columns(
            pl.max_horizontal("cla_episode_start_date", months_after("person_dob", 14 * 12)).alias("_from"),
            pl.min_horizontal(pl.col("cla_episode_ceased_date").fill_null(as_at), pl.lit(as_at)).alias("_to"),
        )
        .group_by("person_id")
        .agg((pl.col("_to") - pl.col("_from")).dt.total_days().clip(lower_bound=0).sum().alias("days"))
    )
    return (
        children.join(care, on="person_id")
        .filter(pl.col("days") >= ELIGIBLE_CARE.days)
        .select("person_id", "person_dob", pl.lit("eligible (looked after)").alias("entitlement"))
    )


@measure(
    "CL04",
    credited="the team and worker (personal adviser) holding the young person at D",
    title="Pathway plans reviewed in 6 months",
    area=AREA,
    definition=(
        "care leavers and looked-after children aged 16–21 at D entitled to a pathway plan whose plan "
        "was reviewed in the 6 months before D ÷ those young people"
    ),
    unit="%",
    polarity="up",
    benchmark=ENGLAND.get("CL04"),
    needs=(
        Need(CARE_LEAVERS, months=0),
        Need(CLA_PERIODS, months=48),
        Need(PATHWAY_PLANS, months=6, latest=True),
    ),
)
def pathway_plans_reviewed(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Entitled to a pathway plan at D: a care-leaver entitlement open at D other than qualifying
    (so eligible, relevant and former relevant young people), and every looked-after 16 or 17 year
    old who is an eligible child by the 13-week rule, whether or not an entitlement has been recorded.
    Aged 16–21 means from the 16th birthday to the day before the 22nd.

    Reviewed in the 6 months before D means D is no later than 6 calendar months after the latest
    review. A young person who has just become entitled and has no plan yet is counted as not
    reviewed, as the catalogue has no grace period.
    """
    leavers = (
        with_birth_dates(
            data["care_leavers"].filter(
                open_at("care_leaver_eligibility_date", "care_leaver_end_date", as_at)
                & ~pl.col("care_leaver_eligibility").is_in(NO_PATHWAY_PLAN)
            ),
            data,
        )
        .sort("care_leaver_eligibility_date", "care_leaver_id", descending=True)
        .select("person_id", "person_dob", pl.col("care_leaver_eligibility").alias("entitlement"))
    )
    young_people = (
        pl.concat([leavers, _eligible_in_care(data, as_at)])
        .unique("person_id", keep="first", maintain_order=True)
        .filter(
            (months_after("person_dob", 16 * 12) <= as_at) & (months_after("person_dob", 22 * 12) > as_at)
        )
    )
    reviews = latest_before(
        data["pathway_plan_reviews"], "pathway_plan_review_date", as_at, "latest_review_date"
    )
    detail = (
        young_people.join(reviews, on="person_id", how="left")
        .with_columns(months_after("latest_review_date", PATHWAY_PLAN_REVIEW_MONTHS).alias("next_review_due"))
        .with_columns((pl.col("next_review_due") >= as_at).fill_null(False).alias("in_numerator"))
    )
    return (
        responsible_at(data, detail, as_at)
        .select(
            "person_id",
            "person_dob",
            "entitlement",
            "latest_review_date",
            "next_review_due",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("person_id")
    )
