"""Private fostering: whether the council visits a privately fostered child in time after it is told."""

from __future__ import annotations

import datetime as dt

import polars as pl

from lineofsight.data import CouncilData
from lineofsight.data.facts import PRIVATE_FOSTERING
from lineofsight.data.needs import Need
from lineofsight.data.periods import in_year_to, with_allocation_at, working_day_deadline
from lineofsight.measures.catalogue import measure
from lineofsight.measures.england import ENGLAND
from lineofsight.settings import Settings

AREA = "Legal, allegations and private fostering"
VISIT_WORKING_DAYS = 7  # Children (Private Arrangements for Fostering) Regulations 2005, regulation 4


@measure(
    "PF01",
    credited=(
        "the team and worker holding the child on the visit’s deadline, else the worker who first visited"
    ),
    title="Private fostering visits within 7 working days",
    area=AREA,
    definition=(
        "private fostering notifications in the year to D with a visit within 7 working days of "
        "notification ÷ notifications in the year to D"
    ),
    unit="%",
    polarity="up",
    benchmark=ENGLAND.get("PF01"),
    needs=(Need(PRIVATE_FOSTERING),),
)
def private_fostering_visits_on_time(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """The notification day is day 0, so the visit is due by the 7th working day after it: a visit on
    that day is in time, one on the next working day is late, and bank holidays inside the window give
    more calendar days. A visit counts when it is a private fostering visit to the child on or after
    the notification day, on or before D (one recorded after D was not known at D), at which the child
    was seen: the regulation's visit is to see the child.

    A notification whose 7 working days run on past D, with no visit yet, cannot be judged: it is left
    out, rather than counted late for a visit that is not yet due. One whose last day is D is judged,
    as the data as at D holds all of D. The team and worker are the child's
    allocation on the deadline day or, for a child with no allocated worker, the worker who first
    visited.
    """
    notifications = data["private_fostering"].filter(in_year_to("notification_date", as_at))
    visits = (
        data["visits"]
        .filter(
            (pl.col("visit_kind") == "private_fostering")
            & pl.col("visit_seen")
            & (pl.col("visit_date") <= as_at)
        )
        .join(data["workers"].select("worker_id", "team_id"), on="worker_id", how="left")
        .select("person_id", "visit_date", "worker_id", "team_id")
    )
    first_visits = (
        notifications.select("arrangement_id", "person_id", "notification_date")
        .join(visits, on="person_id")
        .filter(pl.col("visit_date") >= pl.col("notification_date"))
        .sort("arrangement_id", "visit_date", "worker_id", nulls_last=True)
        .group_by("arrangement_id", maintain_order=True)
        .agg(pl.col("visit_date").first().alias("first_visit_date"), pl.col("worker_id", "team_id").first())
    )
    timed = notifications.join(first_visits, on="arrangement_id", how="left")
    timed = timed.with_columns(
        working_day_deadline(timed, "notification_date", VISIT_WORKING_DAYS).alias("deadline")
    )
    detail = (
        with_allocation_at(timed, data["allocations"], "deadline")
        .filter(pl.col("first_visit_date").is_not_null() | (pl.col("deadline") <= as_at))
        .with_columns(
            (pl.col("first_visit_date") <= pl.col("deadline")).fill_null(False).alias("in_numerator")
        )
        .select(
            "arrangement_id",
            "person_id",
            "notification_date",
            "deadline",
            "first_visit_date",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("notification_date", "arrangement_id")
    )
    return detail
