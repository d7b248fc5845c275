"""Children looked after: health assessments and personal education plans kept up to date."""

from __future__ import annotations

import datetime as dt

import polars as pl

from lineofsight.data import CouncilData, facts
from lineofsight.data.facts import CLA_PERIOD_STARTS, CLA_PERIODS, PEPS
from lineofsight.data.needs import Either, Need
from lineofsight.data.periods import (
    months_after,
)
from lineofsight.measures.catalogue import measure
from lineofsight.measures.england import ENGLAND
from lineofsight.measures.looked_after import (
    AREA,
    HEALTH_ASSESSMENTS,
    latest_before,
    looked_after_at,
    responsible_at,
    with_birth_dates,
)
from lineofsight.settings import Settings


@measure(
    "LA06",
    credited="the team and worker holding the child at D",
    title="Health assessments up to date",
    area=AREA,
    definition=(
        "children looked after for 12 months or more at D with a health assessment in the 12 months "
        "before D (6 months for under-5s) ÷ those children"
    ),
    unit="%",
    polarity="up",
    benchmark=ENGLAND.get("LA06"),
    needs=(
        Either(
            [Need(CLA_PERIODS)], [Need(CLA_PERIODS, months=0), Need(CLA_PERIOD_STARTS, months=0, latest=True)]
        ),
        Need(facts.HEALTH_ASSESSMENTS, latest=True),
    ),
)
def health_assessments(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Looked after for 12 months is the current period of care, as in the 903's outcomes cohort.
    Initial and review health assessments count; dental checks do not. Under-5 is the child's age at
    D. "In the 12 months before D" means D is no later than 12 calendar months after the assessment.
    """
    children = with_birth_dates(looked_after_at(data, as_at), data).filter(
        months_after("period_start_date", 12) <= as_at
    )
    assessments = latest_before(
        data["health_assessments"].filter(pl.col("health_assessment_type").is_in(HEALTH_ASSESSMENTS)),
        "health_assessment_date",
        as_at,
        "latest_assessment_date",
    )
    detail = (
        children.join(assessments, on="person_id", how="left")
        .with_columns((months_after("person_dob", 60) > as_at).alias("under_5"))
        .with_columns(
            pl.when("under_5")
            .then(months_after("latest_assessment_date", 6))
            .otherwise(months_after("latest_assessment_date", 12))
            .alias("next_assessment_due")
        )
        .with_columns((pl.col("next_assessment_due") >= as_at).fill_null(False).alias("in_numerator"))
    )
    return (
        responsible_at(data, detail, as_at)
        .select(
            "person_id",
            "person_dob",
            "period_start_date",
            "under_5",
            "latest_assessment_date",
            "next_assessment_due",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("person_id")
    )


def start_of_school_year(as_at: dt.date) -> dt.date:
    """The 31 August on which ages for the school year running at D are fixed: the school year runs
    from 1 September to 31 August, so on 31 August itself it is the previous year's."""
    year = as_at.year if as_at >= dt.date(as_at.year, 9, 1) else as_at.year - 1
    return dt.date(year, 8, 31)


@measure(
    "LA07",
    credited="the team and worker holding the child at D",
    title="Personal education plans up to date",
    area=AREA,
    definition=(
        "children of school age looked after at D with a PEP reviewed in the 4 months before D ÷ those "
        "children (school age: aged 5 to 15 on the 31 August before the school year running at D)"
    ),
    unit="%",
    polarity="up",
    benchmark=ENGLAND.get("LA07"),
    needs=(Need(CLA_PERIODS, months=0), Need(PEPS, months=4, latest=True)),
)
def education_plans(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """School age is national curriculum years 1 to 11: aged 5 to 15 on the 31 August before the
    school year running at D, the date schools fix year groups by. Reception children (4 on that day)
    are left out although some reach compulsory school age during the year: a year group is what a
    virtual school works to. There is no minimum time in care, as in the catalogue, so a child who
    has just come into care is counted until their first PEP is held. Any PEP of the child's counts,
    whichever period of care it was held in.
    """
    cutoff = start_of_school_year(as_at)
    children = with_birth_dates(looked_after_at(data, as_at), data).filter(
        (months_after("person_dob", 5 * 12) <= cutoff) & (months_after("person_dob", 16 * 12) > cutoff)
    )
    plans = latest_before(data["personal_education_plans"], "pep_review_date", as_at, "latest_pep_date")
    detail = (
        children.join(plans, on="person_id", how="left")
        .with_columns(months_after("latest_pep_date", 4).alias("next_pep_due"))
        .with_columns((pl.col("next_pep_due") >= as_at).fill_null(False).alias("in_numerator"))
    )
    return (
        responsible_at(data, detail, as_at)
        .select(
            "person_id",
            "person_dob",
            "period_start_date",
            "latest_pep_date",
            "next_pep_due",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("person_id")
    )
