"""The state of reading one SSDA903 return, and the helpers every table's reader shares: a table's
lines with their CSV line numbers, the rejections (file, table, line, field, reason), dates and codes
checked as they are read, and the periods of care a record belongs to (from this return, or else
from the database the reader was given, read only)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from lineofsight.interchange.loading import Batch, Rejection
from lineofsight.interchange.ssda903.tables import parse_date
from lineofsight.model import Base

Values = dict[str, str]


@dataclass
class Line:
    """One data row of a table, with its CSV line number (the header is line 1)."""

    number: int
    values: Values


@dataclass
class Table:
    name: str
    path: Path
    lines: list[Line]


@dataclass
class Reading:
    """The state of one read: the batch, the tables, and what has been rejected so far."""

    batch: Batch
    tables: dict[str, Table]
    connection: Connection | None
    rejected_children: set[str] = field(default_factory=set)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    periods: defaultdict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    unlinked: list[int] = field(default_factory=list)  # lines of first episodes with no period to join
    adoptions: dict[str, dict[str, Any]] = field(default_factory=dict)  # AD1 and PlacedAdoption, merged

    def adoption(self, row: dict[str, Any]) -> None:
        known = self.adoptions.get(row["adoption_id"])
        if known is None:
            self.adoptions[row["adoption_id"]] = row
        else:
            known.update(row)

    def reject(self, table: Table, line: Line | None, column: str | None, reason: str) -> None:
        self.batch.rejections.append(
            Rejection(
                str(table.path),
                f"table {table.name}",
                line.number if line else None,
                column,
                reason,
                dict(line.values) if line else {},
            )
        )


def read_date(
    reading: Reading, table: Table, line: Line, column: str, *, required: bool
) -> dt.date | bool | None:
    """The date in `column`; None when blank and allowed; False (after rejecting) when it cannot be
    read."""
    text = line.values.get(column, "")
    if not text:
        if required:
            reading.reject(table, line, column, "a date is required")
            return False
        return None
    try:
        return parse_date(text)
    except ValueError as error:
        reading.reject(table, line, column, str(error))
        return False


def read_code(
    reading: Reading, table: Table, line: Line, column: str, allowed: Mapping[str, Any] | frozenset[str]
) -> str | bool | None:
    text = line.values.get(column, "").upper()
    if not text:
        reading.reject(table, line, column, "a code is required")
        return False
    if text not in allowed:
        reading.reject(table, line, column, f"{text!r} is not a 903 code for {column}")
        return False
    return text


def known_child(reading: Reading, table: Table, line: Line) -> str | None:
    child = line.values.get("CHILD", "")
    if not child:
        reading.reject(table, line, "CHILD", "the child's id is missing")
        return None
    if child in reading.rejected_children:
        reading.reject(table, line, "CHILD", "the child's header row or episodes were rejected")
        return None
    if child not in reading.people:
        reading.reject(table, line, "CHILD", "the child is not in the header table")
        return None
    return child


def period_on(reading: Reading, child: str, day: dt.date) -> dict[str, Any] | None:
    """The child's period of care open on `day`, from this return or else the database."""
    period: dict[str, Any]
    for period in reversed(reading.periods.get(child, [])):
        ceased = period.get("cla_episode_ceased_date")
        if period["cla_episode_start_date"] <= day and (ceased is None or day <= ceased):
            return period
    return stored(reading, "cla_episodes", child, "cla_episode_start_date", "cla_episode_ceased_date", day)


def stored(
    reading: Reading, table: str, child: str, start: str, end: str, day: dt.date, **where: Any
) -> dict[str, Any] | None:
    """The database's row of `table` for the child that is open on `day` (the latest started)."""
    if reading.connection is None:
        return None
    target = Base.metadata.tables[table]
    query = select(target).where(target.c.person_id == child, target.c[start] <= day)
    for column, value in where.items():
        query = query.where(target.c[column] == value)
    rows = [dict(r) for r in reading.connection.execute(query.order_by(target.c[start])).mappings()]
    rows = [r for r in rows if r[end] is None or r[end] >= day]
    return rows[-1] if rows else None
