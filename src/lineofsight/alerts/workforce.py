"""Alerts about workers: a caseload over its cap, and supervision overdue.

These name a worker rather than a child: the row's `person_id` is null, and its worker and team are
the worker's own (the team on their record), not a child's allocation. They count the workers the
workforce measures count (WF01, WF02, WF07): case-holding social workers, qualified or in their
first (ASYE) year, agency included, in post at D (a leave date of D is still in post), so an alert
list and its measure name the same people.
"""

from __future__ import annotations

import polars as pl

from lineofsight.alerts.catalogue import alert
from lineofsight.alerts.timing import AS_AT, iso, open_then
from lineofsight.data import CouncilData
from lineofsight.data.facts import ALLOCATIONS, SUPERVISION, WORKFORCE
from lineofsight.data.needs import Need
from lineofsight.measures.workforce import social_workers
from lineofsight.settings import Settings


def _case_holders_then(data: CouncilData, at: pl.DataFrame) -> pl.DataFrame:
    """Case-holding social workers in post at each moment of `at` (as `case_holders_at`, for many
    moments). A worker alert is judged at every moment, whether or not `at` names children."""
    moments = at.select("as_at").unique()
    return (
        social_workers(data)
        .filter(pl.col("worker_case_holding"))
        .join(moments, how="cross")
        .filter(open_then("worker_start_date", "worker_leave_date"))
    )


def _worker_rows(workers: pl.DataFrame, due: pl.Expr, detail: pl.Expr) -> pl.DataFrame:
    """The shared alert columns for rows about workers: no child, the worker and their own team, the
    due date (none for an alert with no date to meet) and the days from it to D.

    The frame is made one chunk per column first: a caseload joined on (its `children` in two
    chunks) made Polars 2.1 panic (`assertion failed: i < self.len()`) writing the detail, in the
    synthetic council's audit programme, as it did formatting dates on My work (see `CouncilData`)."""
    return workers.rechunk().select(
        "as_at",
        pl.lit(None, dtype=pl.String).alias("person_id"),
        "worker_id",
        "team_id",
        due.cast(pl.Date).alias("due"),
        (AS_AT - due.cast(pl.Date)).dt.total_days().alias("days_overdue"),
        detail.alias("detail"),
    )


def _figure(value: pl.Expr) -> pl.Expr:
    """A cap or an FTE as a person writes it: 25 rather than 25.0, 10.8 as it is."""
    whole = value == value.round(0)
    return pl.when(whole).then(value.cast(pl.Int64).cast(pl.String)).otherwise(value.cast(pl.String))


@alert(
    "AL22",
    title="Worker over caseload cap",
    raised_when=(
        "a case-holding worker at D whose allocated children exceed their cap (25 qualified, 18 ASYE, "
        "pro rata to FTE; settings)"
    ),
    owner="team manager",
    settings=("caseload_cap_qualified", "caseload_cap_asye"),
    about="worker",
    needs=(Need(ALLOCATIONS, months=0), Need(WORKFORCE, months=0)),
)
def worker_over_caseload_cap(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """Counted as WF02 counts: the children allocated to the worker at D (allocations open at D, each
    child once however many allocations; a co-worked child on both caseloads). A worker is in their
    first year while `asye_end_date` is after D, and a worker recorded as ASYE with no end date is
    taken at their word; from the end date on they carry the qualified cap. The cap is pro rata to
    FTE and rounded to two decimals (18 × 0.6 is 10.8), and only a caseload above it is over: 15
    children on a cap of 15 is at the cap.

    One choice differs from WF02: a worker whose FTE is not recorded (one known only from a return)
    is taken as full-time, the largest cap they could have, so they are alerted only when over any cap
    they could carry; WF02 leaves them out. The catalogue gives this alert no due date, so `due` and
    `days_overdue` are null; the detail gives the caseload and the cap, and why the cap is not the
    full-time qualified one.
    """
    workers = _case_holders_then(data, at)
    caseloads = (
        data["allocations"]
        .select("worker_id", "person_id", "allocation_start_date", "allocation_end_date")
        .join(workers.select("worker_id", "as_at"), on="worker_id")
        .filter(open_then("allocation_start_date", "allocation_end_date"))
        .group_by("worker_id", "as_at")
        .agg(pl.col("person_id").n_unique().alias("children"))
    )
    first_year = (
        (pl.col("asye_end_date") > AS_AT)
        | ((pl.col("worker_role") == "asye") & pl.col("asye_end_date").is_null())
    ).fill_null(False)
    full_time_cap = (
        pl.when(first_year).then(settings.caseload_cap_asye).otherwise(settings.caseload_cap_qualified)
    )
    fte = pl.col("worker_fte").fill_null(1.0)
    over = (
        workers.join(caseloads, on=["worker_id", "as_at"])
        .with_columns(first_year.alias("first_year"), (full_time_cap * fte).round(2).alias("cap"))
        .filter(pl.col("children") > pl.col("cap"))
    )
    notes = (
        pl.concat_list(
            pl.when("first_year").then(pl.lit("ASYE")),
            pl.when(pl.col("worker_fte").is_null()).then(pl.lit("FTE not recorded, taken as 1")),
            pl.when(pl.col("worker_fte") != 1.0).then(pl.format("{} FTE", _figure(pl.col("worker_fte")))),
        )
        .list.drop_nulls()
        .list.join(", ")
    )
    detail = pl.format("{} children, cap {}", "children", _figure(pl.col("cap"))) + (
        pl.when(notes != "").then(pl.format(" ({})", notes)).otherwise(pl.lit(""))
    )
    return _worker_rows(over, pl.lit(None, dtype=pl.Date), detail)


@alert(
    "AL23",
    title="Worker not supervised in 6 weeks",
    raised_when=(
        "a case-holding worker in post at D for at least 6 weeks with no supervision in the 6 weeks "
        "(setting) before D"
    ),
    owner="team manager",
    settings=("supervision_interval_weeks",),
    about="worker",
    needs=(Need(WORKFORCE, months=2), Need(SUPERVISION, months=2)),
)
def worker_not_supervised(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """The next supervision is due `supervision_interval_weeks` calendar weeks after the latest one
    on or before D, and a new starter's first that long after the start of their current spell (a
    worker who leaves and comes back starts again, as WF07 counts). A supervision exactly 6 weeks
    before D is still in time, as in WF07, so the alert is raised from the day after the due date.

    Only workers in post for at least the interval at D are judged, as WF07's denominator is. On the
    day a never-supervised worker completes their first 6 weeks WF07 counts them as not supervised,
    but their first supervision is due that very day, so the alert (raised the day after a due date,
    as every alert is) waits until the next day.
    """
    interval = f"{settings.supervision_interval_weeks}w"
    workers = _case_holders_then(data, at).filter(
        pl.col("worker_start_date") <= AS_AT.dt.offset_by(f"-{interval}")
    )
    latest = (
        workers.select("worker_id", "as_at")
        .join(data["supervisions"].select("worker_id", "supervision_date"), on="worker_id")
        .filter(pl.col("supervision_date") <= AS_AT)
        .group_by("worker_id", "as_at")
        .agg(pl.col("supervision_date").max().alias("latest_supervision_date"))
    )
    workers = (
        workers.join(latest, on=["worker_id", "as_at"], how="left")
        .with_columns(
            pl.coalesce("latest_supervision_date", "worker_start_date").dt.offset_by(interval).alias("due")
        )
        .filter(pl.col("due") < AS_AT)
    )
    detail = (
        pl.when(pl.col("latest_supervision_date").is_null())
        .then(pl.format("in post since {}, not supervised", iso("worker_start_date")))
        .otherwise(pl.format("last supervised {}", iso("latest_supervision_date")))
    )
    return _worker_rows(workers, pl.col("due"), detail)
