"""Child and family assessments: whether they are completed within the 45 working days allowed."""

from __future__ import annotations

import datetime as dt

import polars as pl

from lineofsight.data import CouncilData
from lineofsight.data.facts import ASSESSMENTS
from lineofsight.data.needs import Need
from lineofsight.data.periods import (
    in_year_to,
    open_at,
    with_allocation_at,
    working_day_deadline,
    working_days_between,
)
from lineofsight.measures.catalogue import measure
from lineofsight.measures.england import ENGLAND
from lineofsight.settings import Settings

AREA = "Referrals and assessments"
TIMESCALE_WORKING_DAYS = 45  # Working Together to Safeguard Children: at most 45 working days


def completed_assessments(data: CouncilData, as_at: dt.date) -> pl.DataFrame:
    """Assessments authorised in the year to D, with their working days and 45-working-day deadline.

    Completion is the manager's authorisation, as in the CIN census. `on_time` compares the date with
    the deadline rather than the count with 45, so an assessment authorised on the Saturday after its
    45th working day is late even though that Saturday adds no working day to the count.
    """
    assessments = data["assessments"].filter(in_year_to("assessment_auth_date", as_at))
    return (
        assessments.with_columns(
            working_days_between(assessments, "assessment_start_date", "assessment_auth_date").alias(
                "working_days"
            ),
            working_day_deadline(assessments, "assessment_start_date", TIMESCALE_WORKING_DAYS).alias(
                "deadline"
            ),
        )
        .with_columns((pl.col("assessment_auth_date") <= pl.col("deadline")).alias("on_time"))
        .select(
            "assessment_id",
            "person_id",
            "assessment_start_date",
            "assessment_auth_date",
            "deadline",
            "working_days",
            "on_time",
            "team_id",
            "worker_id",
        )
        .sort("assessment_auth_date", "assessment_id")
    )


@measure(
    "AS01",
    credited="the team and worker who carried out the assessment, as recorded with it",
    title="Assessments completed within 45 working days",
    area=AREA,
    definition=(
        "assessments completed in the year to D whose completion (authorisation) was within 45 working "
        "days of the assessment's start ÷ assessments completed in the year to D (DfE method)"
    ),
    unit="%",
    polarity="up",
    benchmark=ENGLAND.get("AS01"),
    needs=(Need(ASSESSMENTS),),
)
def assessments_on_time(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """The start date is day 0, so the deadline is the 45th working day after it (DfE method)."""
    detail = completed_assessments(data, as_at).rename({"on_time": "in_numerator"})
    return detail


@measure(
    "AS02",
    credited="the team and worker who carried out the assessment, as recorded with it",
    title="Median working days to complete an assessment",
    area=AREA,
    definition=(
        "median, over assessments completed in the year to D, of working days from start to completion"
    ),
    unit="working days",
    polarity="down",
    kind="median",
    benchmark=ENGLAND.get("AS02"),
    needs=(Need(ASSESSMENTS),),
)
def assessment_median_working_days(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """The median has no numerator: every completed assessment is in it, so each row is flagged.

    Working days count from the day after the start up to and including authorisation (an assessment
    authorised the day it starts took 0). With an even number of assessments the median is the mean of
    the middle two; with none it is null.
    """
    return completed_assessments(data, as_at).with_columns(
        pl.col("working_days").alias("value"), pl.lit(True).alias("in_numerator")
    )


@measure(
    "AS03",
    credited="the team and worker holding the child at D",
    title="Assessments open beyond 45 working days",
    area=AREA,
    definition="count of assessments open at D whose start is more than 45 working days before D",
    unit="count",
    polarity="down",
    kind="count",
    benchmark=ENGLAND.get("AS03"),
    needs=(Need(ASSESSMENTS, months=0),),
)
def assessments_overdue(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """An assessment is open at D when it started by D and was not authorised before D (one authorised
    on D is still open that day, the catalogue's convention). It is beyond 45 working days when D is
    after its deadline, the 45th working day after the start: as in AS01, a Saturday after a Friday
    deadline is already beyond it, though it adds no working day to the count. One open exactly on its
    deadline is not yet late. Each row belongs to the child's allocated worker at D.
    """
    assessments = (
        data["assessments"]
        .filter(open_at("assessment_start_date", "assessment_auth_date", as_at))
        .with_columns(pl.lit(as_at).alias("as_at"))
    )
    overdue = assessments.with_columns(
        working_day_deadline(assessments, "assessment_start_date", TIMESCALE_WORKING_DAYS).alias("deadline"),
        working_days_between(assessments, "assessment_start_date", "as_at").alias("working_days"),
    ).filter(pl.col("deadline") < as_at)
    detail = (
        with_allocation_at(overdue, data["allocations"], "as_at")
        .select(
            "assessment_id",
            "person_id",
            "assessment_start_date",
            "deadline",
            "working_days",
            "team_id",
            "worker_id",
        )
        .sort("assessment_start_date", "assessment_id")
    )
    return detail
