"""What every alert function shares: judging records at each moment, "open at D", and the raised row.

An alert is raised once its due date has passed, so on the due date itself the work is still in time;
it is then overdue by the calendar days from the due date to D. Only what was recorded on or before D
is known at D. Each raised row carries the child's allocated worker and team at D, whoever the owner
who must act. Dates are the column `as_at` rather than one value, so that one computation judges every
child at every moment of `at` (see `catalogue`).
"""

from __future__ import annotations

import polars as pl

from lineofsight.data import CouncilData
from lineofsight.data.periods import with_allocation_at

AS_AT = pl.col("as_at")


def judged(frame: pl.DataFrame, at: pl.DataFrame) -> pl.DataFrame:
    """Each row of `frame` (about a child) with each moment it is judged at: its own child's moments
    when `at` names children, else every moment."""
    if "person_id" in at.columns:
        return frame.join(at.select("person_id", "as_at").unique(), on="person_id")
    return frame.join(at.select("as_at").unique(), how="cross")


def open_then(start: str, end: str) -> pl.Expr:
    """Open at each row's `as_at`: started by then and not ended before it (an end on the day is open)."""
    return (pl.col(start) <= AS_AT) & (pl.col(end).is_null() | (pl.col(end) >= AS_AT))


def raised(frame: pl.DataFrame, data: CouncilData, detail: pl.Expr) -> pl.DataFrame:
    """Rows whose `due` is before their `as_at`, with the days overdue, the child's allocation at that
    moment (the record's own team and worker where the child has none) and a line of detail."""
    overdue = frame.filter(pl.col("due") < AS_AT).with_columns(
        (AS_AT - pl.col("due")).dt.total_days().alias("days_overdue"), detail.alias("detail")
    )
    return with_allocation_at(overdue, data["allocations"], "as_at")


def iso(column: str) -> pl.Expr:
    """A date column as YYYY-MM-DD, for the alert's line of detail."""
    return pl.col(column).dt.to_string("%Y-%m-%d")
