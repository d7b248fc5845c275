"""Alerts about privately fostered children: the council's visits after it is told of an arrangement.

The Children (Private Arrangements for Fostering) Regulations 2005 set the timescales (domain.md A4,
rows 35 and 36): a first visit within 7 working days of the notification (regulations 4 and 7), then
visits at intervals of not more than 6 weeks in the first year of the arrangement and not more than 12
weeks in any later year (regulation 8), the arrangement being treated as starting when the council
became aware of it.
"""

from __future__ import annotations

import polars as pl

from lineofsight.alerts.catalogue import alert
from lineofsight.alerts.timing import AS_AT, iso, judged, open_then, raised
from lineofsight.data import CouncilData
from lineofsight.data.facts import PRIVATE_FOSTERING
from lineofsight.data.needs import Need
from lineofsight.data.periods import months_after, working_day_deadline
from lineofsight.measures.private_fostering import VISIT_WORKING_DAYS
from lineofsight.settings import Settings

FIRST_YEAR_VISIT_WEEKS = 6  # regulation 8(1)(a): the first year of the arrangement
LATER_VISIT_WEEKS = 12  # regulation 8(1)(b): any second or later year


@alert(
    "AL16",
    title="Private fostering visit overdue",
    raised_when=(
        "a private fostering arrangement open at D with no visit within 7 working days of notification, "
        "or whose latest visit is more than 6 weeks before D (12 weeks after the first year)"
    ),
    owner="social worker",
    needs=(Need(PRIVATE_FOSTERING, months=1),),
)
def private_fostering_visit_overdue(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """An arrangement is open at D when it has started by D and not ended before it. One the council
    has not been told of by D is never raised, as its first visit is not yet due. A proposed
    arrangement notified before it starts is judged from its start, with the same first-visit date.

    With no visit since the notification, the first is due on the 7th working day after it (the
    notification day is day 0, as PF01 counts). Once there is a visit, late or not, the next is due 6
    weeks after the latest (12 weeks once the arrangement has lasted over a year at D): the alert asks
    for the next visit, so a first visit made late clears it rather than standing for ever. The
    interval is the one in force at D, as the catalogue words it, so on the day after the first
    anniversary a visit 7 weeks old stops being overdue. The year runs from the later of the
    arrangement's start and its notification (regulation 8: an arrangement already in place runs from
    when the council became aware of it); on the anniversary itself it has lasted a year, not over.

    A visit counts when it is a private fostering visit to the child at which the child was seen (as
    PF01 and the CP and CIN visit alerts count them), made between the notification and D. A child
    with no allocated worker at D is the worker's who last visited, in that worker's team.
    """
    arrangements = data["private_fostering"]
    arrangements = arrangements.with_columns(
        working_day_deadline(arrangements, "notification_date", VISIT_WORKING_DAYS).alias("first_visit_due"),
        pl.max_horizontal("arrangement_start_date", "notification_date").alias("aware_from"),
    )
    open_arrangements = judged(arrangements, at).filter(
        open_then("arrangement_start_date", "arrangement_end_date")
    )
    visits = data["visits"].filter((pl.col("visit_kind") == "private_fostering") & pl.col("visit_seen"))
    latest = (
        open_arrangements.select("arrangement_id", "person_id", "notification_date", "as_at")
        .join(visits.select("person_id", "visit_id", "visit_date", "worker_id"), on="person_id")
        .filter(pl.col("visit_date").is_between(pl.col("notification_date"), AS_AT))
        .group_by("arrangement_id", "as_at")
        .agg(
            pl.col("visit_date").max().alias("latest_visit_date"),
            pl.col("worker_id").sort_by("visit_date", "visit_id").last(),
        )
        .join(data["workers"].select("worker_id", "team_id"), on="worker_id", how="left")
    )
    over_a_year = months_after("aware_from", 12) < AS_AT
    latest_visit = pl.col("latest_visit_date")
    anchored = open_arrangements.join(latest, on=["arrangement_id", "as_at"], how="left").with_columns(
        pl.when(latest_visit.is_null())
        .then(pl.col("first_visit_due"))
        .when(over_a_year)
        .then(latest_visit.dt.offset_by(f"{LATER_VISIT_WEEKS}w"))
        .otherwise(latest_visit.dt.offset_by(f"{FIRST_YEAR_VISIT_WEEKS}w"))
        .alias("due")
    )
    detail = (
        pl.when(latest_visit.is_null())
        .then(
            pl.format(
                "arrangement {} notified {}, no visit since", "arrangement_id", iso("notification_date")
            )
        )
        .otherwise(pl.format("arrangement {} last visited {}", "arrangement_id", iso("latest_visit_date")))
    )
    return raised(anchored, data, detail)
