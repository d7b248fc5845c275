"""Child protection: timely conferences, repeat plans and plans that go on too long."""

from __future__ import annotations

import datetime as dt

import polars as pl

from lineofsight.measures.catalogue import measure
from lineofsight.measures.data import CouncilData
from lineofsight.measures.england import ENGLAND
from lineofsight.measures.periods import (
    in_year_to,
    months_after,
    with_previous_date,
    working_day_deadline,
    working_days_between,
)
from lineofsight.settings import Settings

AREA = "Child protection"
ICPC_TIMESCALE_WORKING_DAYS = 15  # Working Together: ICPC within 15 working days of the strategy discussion


@measure(
    "CP02",
    title="ICPCs within 15 working days",
    area=AREA,
    definition=(
        "initial child protection conferences in the year to D held within 15 working days of the start "
        "of the S47 enquiry that led to them ÷ ICPCs in the year to D (DfE method, from the CIN census "
        "S47 start date; statutory guidance counts from the strategy discussion, which most councils "
        "record as the S47 start)"
    ),
    unit="%",
    polarity="up",
    benchmark=ENGLAND.get("CP02"),
)
def conferences_on_time(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """ICPCs held in the year to D, timed from the start of the S47 enquiry they name (day 0).

    Conferences for children who moved in on a plan from another council (transfer-ins) are left out:
    their enquiry, and its clock, ran in the other council. A conference with no linked S47 enquiry (or
    a link to one we do not hold) stays in the denominator and is never on time, so missing data shows
    as a lower figure instead of quietly vanishing from the count.
    """
    conferences = (
        data["initial_cp_conferences"]
        .filter(in_year_to("icpc_date", as_at) & ~pl.col("icpc_transfer_in"))
        .join(
            data["s47_enquiries"].select("s47_enquiry_id", "s47_start_date"),
            on="s47_enquiry_id",
            how="left",
        )
    )
    detail = (
        conferences.with_columns(
            working_day_deadline(conferences, "s47_start_date", ICPC_TIMESCALE_WORKING_DAYS).alias(
                "deadline"
            ),
            working_days_between(conferences, "s47_start_date", "icpc_date").alias("working_days"),
        )
        .with_columns((pl.col("icpc_date") <= pl.col("deadline")).fill_null(False).alias("in_numerator"))
        .select(
            "icpc_id",
            "person_id",
            "s47_enquiry_id",
            "s47_start_date",
            "icpc_date",
            "deadline",
            "working_days",
            "in_numerator",
        )
        .sort("icpc_date", "icpc_id")
    )
    return detail


@measure(
    "CP05",
    title="Second or subsequent CP plans",
    area=AREA,
    definition=(
        "CP plans starting in the year to D for a child who had a CP plan before (ever) "
        "÷ CP plans starting in the year to D (DfE definition)"
    ),
    unit="%",
    polarity="down",
    benchmark=ENGLAND.get("CP05"),
)
def repeat_plans(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """A plan is a repeat when the same child had another plan that started strictly before it,
    however long ago and whether or not it had ended; two plans starting the same day are not
    repeats of each other.
    """
    plans = with_previous_date(data["cp_plans"], "cp_plan_start_date", "previous_plan_start_date")
    detail = (
        plans.filter(in_year_to("cp_plan_start_date", as_at))
        .with_columns(pl.col("previous_plan_start_date").is_not_null().alias("in_numerator"))
        .select("cp_plan_id", "person_id", "cp_plan_start_date", "previous_plan_start_date", "in_numerator")
        .sort("cp_plan_start_date", "cp_plan_id")
    )
    return detail


@measure(
    "CP06",
    title="CP plans lasting two years or more",
    area=AREA,
    definition=(
        "CP plans ending in the year to D that lasted 2 years or more ÷ CP plans ending in the year to D"
    ),
    unit="%",
    polarity="down",
    benchmark=ENGLAND.get("CP06"),
)
def long_plans_ended(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """A plan lasted 2 years when it ended on or after the same date two years after it started
    (from 29 February, 28 February two years on).
    """
    detail = (
        data["cp_plans"]
        .filter(in_year_to("cp_plan_end_date", as_at))
        .with_columns(months_after("cp_plan_start_date", 24).alias("two_years_on"))
        .with_columns((pl.col("cp_plan_end_date") >= pl.col("two_years_on")).alias("in_numerator"))
        .select(
            "cp_plan_id",
            "person_id",
            "cp_plan_start_date",
            "cp_plan_end_date",
            "two_years_on",
            "in_numerator",
        )
        .sort("cp_plan_end_date", "cp_plan_id")
    )
    return detail
