"""The Public Law Outline: pre-proceedings that drift, the family group decision-making meeting
offered before proceedings, and how long care proceedings take."""

from __future__ import annotations

import datetime as dt

import polars as pl

from lineofsight.data import CouncilData
from lineofsight.data.facts import PRE_PROCEEDINGS, PRE_PROCEEDINGS_BEGUN, PROCEEDINGS
from lineofsight.data.needs import Need
from lineofsight.data.periods import in_year_to, open_at, with_allocation_at
from lineofsight.measures.catalogue import measure
from lineofsight.measures.england import ENGLAND
from lineofsight.settings import Settings

AREA = "Legal, allegations and private fostering"
PRE_PROCEEDINGS_WEEKS = 16  # Public Law Working Group: pre-proceedings should finish in about 16 weeks
PROCEEDINGS_LIMIT_WEEKS = 26  # Children Act 1989 s32(1)(a)(ii): care proceedings within 26 weeks


@measure(
    "PL01",
    credited="the team and worker holding the child at D",
    title="Pre-proceedings beyond 16 weeks",
    area=AREA,
    definition=(
        "count of children in the pre-proceedings stage of the Public Law Outline at D whose "
        "pre-proceedings started more than 16 weeks before D"
    ),
    unit="count",
    polarity="down",
    kind="count",
    benchmark=ENGLAND.get("PL01"),
    needs=(Need(PRE_PROCEEDINGS, months=0),),
)
def pre_proceedings_drift(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Weeks are calendar weeks: pre-proceedings that started exactly 16 weeks (112 days) before D
    have run 16 weeks, not more, and are not counted; a day earlier they are. Pre-proceedings ending
    on D are still open at D. The count is of children: a child with two open pre-proceedings records
    (a data error) is counted once, by the earlier start. The team and worker are the child's
    allocation at D.
    """
    limit = as_at - dt.timedelta(weeks=PRE_PROCEEDINGS_WEEKS)
    stages = (
        data["pre_proceedings"]
        .filter(
            open_at("pre_proceedings_start_date", "pre_proceedings_end_date", as_at)
            & (pl.col("pre_proceedings_start_date") < limit)
        )
        .sort("person_id", "pre_proceedings_start_date", "pre_proceedings_id")
        .unique("person_id", keep="first", maintain_order=True)
        .with_columns(
            ((pl.lit(as_at) - pl.col("pre_proceedings_start_date")).dt.total_days() // 7).alias(
                "weeks_in_pre_proceedings"
            ),
            pl.lit(as_at).alias("as_at"),
        )
    )
    detail = (
        with_allocation_at(stages, data["allocations"], "as_at")
        .select(
            "person_id",
            "pre_proceedings_id",
            "pre_proceedings_start_date",
            "initial_meeting_date",
            "weeks_in_pre_proceedings",
            "team_id",
            "worker_id",
        )
        .sort("pre_proceedings_start_date", "person_id")
    )
    return detail


@measure(
    "PL02",
    credited="the team and worker holding the child on the day of the final order",
    title="Average length of care proceedings",
    area=AREA,
    definition=(
        "mean weeks from issue to final order, over care proceedings concluded in the year to D "
        "(statutory limit 26 weeks)"
    ),
    unit="weeks",
    polarity="down",
    kind="mean",
    benchmark=ENGLAND.get("PL02"),
    needs=(Need(PROCEEDINGS),),
)
def proceedings_length(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Proceedings conclude on the day of the final order, whatever the order (including no order);
    the length is calendar days from issue to that day, in weeks with their fraction (26 weeks is 182
    days). `within_26_weeks` marks those that kept to the statutory limit, an order on day 182
    included. The team and worker are the child's allocation on the day of the final order.
    """
    concluded = data["care_proceedings"].filter(in_year_to("final_order_date", as_at))
    detail = (
        with_allocation_at(concluded, data["allocations"], "final_order_date")
        .with_columns((pl.col("final_order_date") - pl.col("issue_date")).dt.total_days().alias("days"))
        .with_columns(
            (pl.col("days") / 7).alias("value"),
            (pl.col("days") <= PROCEEDINGS_LIMIT_WEEKS * 7).alias("within_26_weeks"),
        )
        .select(
            "care_proceedings_id",
            "person_id",
            "issue_date",
            "final_order_date",
            "final_order",
            "days",
            "value",
            "within_26_weeks",
            "team_id",
            "worker_id",
        )
        .sort("final_order_date", "care_proceedings_id")
    )
    return detail


@measure(
    "PL03",
    title="Family group decision-making meeting offered in pre-proceedings",
    area=AREA,
    definition=(
        "pre-proceedings begun in the year to D in which a family group decision-making meeting was "
        "offered (in the letter before proceedings) ÷ pre-proceedings begun in the year to D"
    ),
    unit="%",
    polarity="up",
    benchmark=ENGLAND.get("PL03"),
    needs=(Need(PRE_PROCEEDINGS_BEGUN),),
    credited="the team and worker holding the child on the day pre-proceedings began",
)
def family_group_meeting_offered(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """The Children's Wellbeing and Schools Act 2026 makes the offer a duty before a council applies
    for a care order; the CIN census asks for it from 2026-27 (FGDMMeetingOffer). Pre-proceedings
    begun in the year to D count by the day the council decided to begin them. One whose offer is not
    recorded stays in the denominator: an offer the record does not show is not one the council can
    evidence. `fgdm_held` says whether a meeting then took place. The team and worker are the
    child's allocation on the day pre-proceedings began.
    """
    begun = data["pre_proceedings"].filter(in_year_to("pre_proceedings_start_date", as_at))
    return (
        with_allocation_at(begun, data["allocations"], "pre_proceedings_start_date")
        .with_columns((pl.col("fgdm_offered") == True).fill_null(False).alias("in_numerator"))  # noqa: E712
        .select(
            "person_id",
            "pre_proceedings_id",
            "pre_proceedings_start_date",
            "letter_before_proceedings_date",
            "fgdm_offered",
            "fgdm_held",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("pre_proceedings_start_date", "person_id")
    )
