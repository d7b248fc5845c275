"""The workforce: caseloads, turnover, and how many social workers a child has had."""

from __future__ import annotations

import datetime as dt

import polars as pl
from dateutil.relativedelta import relativedelta

from lineofsight.measures.catalogue import measure
from lineofsight.measures.data import CouncilData
from lineofsight.measures.england import ENGLAND
from lineofsight.measures.periods import in_year_to, open_at, overlaps_year_to, year_before
from lineofsight.settings import Settings

AREA = "Workforce"
SOCIAL_WORKER_ROLES = ("qualified_social_worker", "asye")


def social_workers(data: CouncilData) -> pl.DataFrame:
    """Spells of qualified social workers and first-year (ASYE) social workers, agency or employed."""
    return data["workers"].filter(pl.col("worker_role").is_in(SOCIAL_WORKER_ROLES))


@measure(
    "WF01",
    title="Average caseload",
    area=AREA,
    definition="children allocated to case-holding social workers at D ÷ their FTE at D",
    unit="children per FTE",
    polarity="down",
    kind="ratio",
    benchmark=ENGLAND.get("WF01"),
)
def average_caseload(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Cases held are summed over workers, as the DfE's workforce census counts them: a child
    allocated to two workers (a co-worked case) is on both caseloads. Allocations to a worker not in
    post at D (a data error) are not counted. Agency workers hold cases, so they are in.
    """
    workers = social_workers(data).filter(
        pl.col("worker_case_holding") & open_at("worker_start_date", "worker_leave_date", as_at)
    )
    allocations = (
        data["allocations"]
        .filter(open_at("allocation_start_date", "allocation_end_date", as_at))
        .join(workers.select("worker_id"), on="worker_id", how="semi")
    )
    caseloads = allocations.group_by("worker_id").agg(pl.col("person_id").n_unique().alias("children"))
    detail = (
        workers.join(caseloads, on="worker_id", how="left")
        .with_columns(pl.col("children").fill_null(0).cast(pl.Int64))
        .with_columns(
            (pl.col("children") > 0).alias("in_numerator"),
            pl.col("children").cast(pl.Float64).alias("numerator"),
            pl.col("worker_fte").alias("denominator"),
        )
        .select(
            "worker_id",
            "team_id",
            "worker_role",
            "worker_fte",
            "worker_start_date",
            "children",
            "in_numerator",
            "numerator",
            "denominator",
        )
        .sort("worker_id")
    )
    return detail


@measure(
    "WF03",
    title="Turnover rate",
    area=AREA,
    definition="FTE of social workers who left in the year to D ÷ FTE in post at D (DfE definition)",
    unit="%",
    polarity="down",
    kind="ratio",
    scale=100.0,
    benchmark=ENGLAND.get("WF03"),
)
def turnover(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """The DfE's turnover is of social workers the council employs, so agency workers are left out of
    both sides (their share is the agency rate). The leave date is the last day in post: a worker
    leaving on D is in post at D and a leaver in the year. Each spell that ends is a leaver, even when
    the same person (`staff_id`) comes back later, as the workforce census counts them.
    """
    workers = social_workers(data).filter(~pl.col("worker_agency"))
    detail = (
        workers.with_columns(
            open_at("worker_start_date", "worker_leave_date", as_at).alias("in_post_at_as_at"),
            in_year_to("worker_leave_date", as_at).fill_null(False).alias("in_numerator"),
        )
        .filter(pl.col("in_post_at_as_at") | pl.col("in_numerator"))
        .select(
            "worker_id",
            "staff_id",
            "worker_role",
            "worker_fte",
            "worker_start_date",
            "worker_leave_date",
            "team_id",
            "in_post_at_as_at",
            "in_numerator",
        )
        .with_columns(
            pl.when("in_numerator").then(pl.col("worker_fte")).otherwise(0.0).alias("numerator"),
            pl.when("in_post_at_as_at").then(pl.col("worker_fte")).otherwise(0.0).alias("denominator"),
        )
        .sort("worker_id")
    )
    return detail


@measure(
    "WF06",
    title="Children with three or more social workers in a year",
    area=AREA,
    definition=(
        "children open to children's social care at D, and throughout the year to D, who had 3 or more "
        "different allocated social workers in the year to D ÷ those children"
    ),
    unit="%",
    polarity="down",
    benchmark=ENGLAND.get("WF06"),
)
def changes_of_social_worker(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Children open throughout the year are those with one CIN episode open at D that began on or
    before the year's first day (D − 1 year + 1 day). A child whose time with us is a chain of
    back-to-back episodes is not in the denominator; that keeps the definition checkable by hand.

    Social workers are counted by person (`staff_id`), not by spell, so a worker who leaves and comes
    back is one social worker to the child. Every allocation open on some day of the year counts,
    whatever the worker's role: the allocation is who the child was told their worker was.
    """
    first_day = year_before(as_at) + relativedelta(days=1)
    children = (
        data["cin_episodes"]
        .filter(open_at("referral_date", "close_date", as_at) & (pl.col("referral_date") <= first_day))
        .group_by("person_id")
        .agg(pl.col("referral_date").min())
    )
    workers_seen = (
        data["allocations"]
        .filter(overlaps_year_to("allocation_start_date", "allocation_end_date", as_at))
        .join(data["workers"].select("worker_id", "staff_id"), on="worker_id", how="left")
        .group_by("person_id")
        .agg(pl.col("staff_id").n_unique().alias("social_workers"))
    )
    detail = (
        children.join(workers_seen, on="person_id", how="left")
        .with_columns(pl.col("social_workers").fill_null(0).cast(pl.Int64))
        .with_columns((pl.col("social_workers") >= 3).alias("in_numerator"))
        .select("person_id", "referral_date", "social_workers", "in_numerator")
        .sort("person_id")
    )
    return detail
