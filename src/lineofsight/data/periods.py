"""The date conventions of the measure catalogue, as Polars expressions every measure shares.

measures.md fixes them once: "the year to D" is (D − 1 year, D]; "open at D" counts an end date equal
to D as open; "within N months of X" means on or before the same calendar date N months later, from
29 February the last day of February; "within N working days of X" counts X as day 0. Keeping them
here means a measure cannot drift from the catalogue by writing `>=` where it means `>`.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from dateutil.relativedelta import relativedelta

from lineofsight.working_days import add_working_days_array, count_working_days_array


def year_before(as_at: dt.date) -> dt.date:
    """D − 1 year: the day *before* the year to D begins (29 February goes back to 28 February)."""
    return as_at - relativedelta(years=1)


def in_year_to(column: str, as_at: dt.date) -> pl.Expr:
    """The date falls in the year to D, (D − 1 year, D]: D − 1 year itself is outside."""
    return pl.col(column).is_between(year_before(as_at), as_at, closed="right")


def open_at(start: str, end: str, day: dt.date) -> pl.Expr:
    """Started on or before `day` and not ended before it (an end on `day` is still open)."""
    return (pl.col(start) <= day) & (pl.col(end).is_null() | (pl.col(end) >= day))


def overlaps_year_to(start: str, end: str, as_at: dt.date) -> pl.Expr:
    """Open on at least one day of the year to D: started by D and not ended by D − 1 year."""
    return (pl.col(start) <= as_at) & (pl.col(end).is_null() | (pl.col(end) > year_before(as_at)))


def months_after(column: str, months: int) -> pl.Expr:
    """The same calendar date `months` later, clamped to the month's end (29 Feb + 12 months = 28 Feb).

    Polars' calendar offset clamps exactly as dateutil's relativedelta does; a test holds them together.
    """
    return pl.col(column).dt.offset_by(f"{months}mo")


def working_day_deadline(frame: pl.DataFrame, start: str, days: int) -> pl.Series:
    """The last day that is within `days` working days of each `start` (null where start is null)."""
    return pl.Series(add_working_days_array(frame[start].to_numpy(), days), dtype=pl.Date)


def working_days_between(frame: pl.DataFrame, start: str, end: str) -> pl.Series:
    """Working days after `start` up to and including `end`, row by row (null where either is null)."""
    counts = count_working_days_array(frame[start].to_numpy(), frame[end].to_numpy())
    return pl.Series(counts, dtype=pl.Float64).fill_nan(None).cast(pl.Int64)


def with_previous_date(frame: pl.DataFrame, date: str, previous: str) -> pl.DataFrame:
    """Add the same child's latest `date` strictly before each row's own, in column `previous`.

    Two events of one child on the same day are not each other's "previous" event.
    """
    # Sorted by child and date, the row before is the child's previous date unless it is another
    # child's (a shift over the whole column and a comparison: `shift().over()` costs ten times more).
    history = (
        frame.select("person_id", date)
        .unique()
        .sort("person_id", date)
        .with_columns(
            pl.when(pl.col("person_id") == pl.col("person_id").shift(1))
            .then(pl.col(date).shift(1))
            .alias(previous)
        )
    )
    return frame.join(history, on=["person_id", date], how="left")


def numbered_within(frame: pl.DataFrame, group: str, value: str, number: str, previous: str) -> pl.DataFrame:
    """Number the rows of each `group` from 1 in the frame's order, and give each the `value` of the
    row before it in its group (null for the first), in columns `number` and `previous`.

    The frame must be sorted by `group` first. Why not `int_range().over(group)`: a window per group
    costs ten times more, and the reviews of every period of care are numbered at each of the
    overview's 24 month ends."""
    index = pl.int_range(pl.len(), dtype=pl.Int64)
    first = (pl.col(group) != pl.col(group).shift(1)).fill_null(True)
    return frame.with_columns(
        (index - pl.when(first).then(index).forward_fill() + 1).alias(number),
        pl.when(first).then(None).otherwise(pl.col(value).shift(1)).alias(previous),
    )


def with_allocation_at(frame: pl.DataFrame, allocations: pl.DataFrame, day: str) -> pl.DataFrame:
    """Set `team_id` and `worker_id` to the child's allocation open on each row's `day` (a column).

    "Open" is the catalogue's: an allocation ending on the day still holds the child, so a case closed
    that day belongs to the worker who closed it. Where two are open (a handover on the day, a
    co-worked case) the latest to start is the child's worker. Where none is open, the row keeps the
    team and worker it names itself (an enquiry's, a referral's), or none, rather than guessing.
    """
    own = [
        pl.lit(None, dtype=pl.String).alias(name)
        for name in ("team_id", "worker_id")
        if name not in frame.columns
    ]
    rows = frame.with_columns(own).with_row_index("_row")
    owners = (
        rows.select("_row", "person_id", day)
        .join(
            allocations.select(
                "person_id",
                "allocation_id",
                "allocation_start_date",
                "allocation_end_date",
                pl.col("team_id").alias("_team_id"),
                pl.col("worker_id").alias("_worker_id"),
            ),
            on="person_id",
        )
        .filter(
            (pl.col("allocation_start_date") <= pl.col(day))
            & (pl.col("allocation_end_date").is_null() | (pl.col("allocation_end_date") >= pl.col(day)))
        )
        .sort("_row", "allocation_start_date", "allocation_id")
        .group_by("_row")
        .agg(pl.col("_team_id").last(), pl.col("_worker_id").last())
    )
    allocated = pl.col("_worker_id").is_not_null()
    return (
        rows.join(owners, on="_row", how="left")
        .with_columns(
            pl.when(allocated).then(pl.col("_team_id")).otherwise(pl.col("team_id")).alias("team_id"),
            pl.when(allocated).then(pl.col("_worker_id")).otherwise(pl.col("worker_id")).alias("worker_id"),
        )
        .sort("_row")
        .drop("_row", "_team_id", "_worker_id")
    )


def children_open_at(
    records: pl.DataFrame, allocations: pl.DataFrame, key: str, start: str, end: str, as_at: dt.date
) -> pl.DataFrame:
    """One row per child with a record (plan, episode) open at D, on their latest such record, with
    the team and worker the child is allocated to at D.

    Counting children rather than records means two records open at once (a data error) count once.
    """
    children = (
        records.filter(open_at(start, end, as_at))
        .sort(start, key)
        .group_by("person_id", maintain_order=True)
        .agg(pl.col(key).last(), pl.col(start).last())
        .with_columns(pl.lit(as_at).alias("as_at"))
    )
    return (
        with_allocation_at(children, allocations, "as_at")
        .select("person_id", key, start, "team_id", "worker_id")
        .sort("person_id")
    )
