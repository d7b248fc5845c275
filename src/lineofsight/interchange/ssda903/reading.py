"""The state of reading one SSDA903 return, and the helpers every table's reader shares: the rejections
and cleared fields (file, table, line, field, reason), dates and codes checked as they are read, the
children a row may belong to, and the periods of care a record belongs to (from this return, or else
from the database the reader was given, read only).

The reader rejects the smallest thing that is wrong. A field that says which record a row is, or
what it means, and cannot be read rejects the row (`read_date`, `read_code`); any other field that
cannot be read is cleared and reported, and the row is kept (`optional_date`, `optional_code`). A
row goes with another only when it cannot stand without it: a child's rows go with the child's
header row, unless the database already holds the child.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from lineofsight.interchange.loading import Batch, Rejection
from lineofsight.interchange.ssda903.folder import Line, Table
from lineofsight.interchange.ssda903.tables import parse_date
from lineofsight.model import Base

__all__ = ["Line", "Reading", "Table"]


@dataclass
class Reading:
    """The state of one read: the batch, the tables, and what has been rejected so far."""

    batch: Batch
    tables: dict[str, Table]
    connection: Connection | None
    year: int
    rejected_children: dict[str, int] = field(default_factory=dict)  # child -> its header line
    people: dict[str, dict[str, Any]] = field(default_factory=dict)  # the header's children
    held_people: dict[str, dict[str, Any]] = field(default_factory=dict)  # the database's, as asked
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
        """The row is not loaded."""
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

    def clear(self, table: Table, line: Line, column: str, reason: str) -> None:
        """The field is left blank; the rest of the row is loaded."""
        self.batch.rejections.append(
            Rejection(
                str(table.path),
                f"table {table.name}",
                line.number,
                column,
                f"{reason}: left blank, the row kept",
                dict(line.values),
                kept=True,
            )
        )

    def person(self, child: str) -> dict[str, Any]:
        """The child's header row, or the row the database holds."""
        return self.people.get(child) or self.held_people[child]


def read_date(
    reading: Reading, table: Table, line: Line, column: str, *, required: bool
) -> dt.date | bool | None:
    """The date in `column`, which the row cannot do without: None when blank and allowed; False
    (after rejecting the row) when it cannot be read."""
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


def optional_date(reading: Reading, table: Table, line: Line, column: str) -> dt.date | None:
    """The date in `column`, which the row can do without: None when blank or (cleared and reported)
    when it cannot be read."""
    text = line.values.get(column, "")
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as error:
        reading.clear(table, line, column, str(error))
        return None


def read_code(
    reading: Reading, table: Table, line: Line, column: str, allowed: Collection[str]
) -> str | bool:
    """The code in `column`, which the row cannot do without (in upper case); False (after rejecting
    the row) when it is blank or not one of `allowed`."""
    text = line.values.get(column, "").upper()
    if not text:
        reading.reject(table, line, column, "a code is required")
        return False
    if text not in allowed:
        reading.reject(table, line, column, f"{text!r} is not a 903 code for {column}")
        return False
    return text


def optional_code(
    reading: Reading, table: Table, line: Line, column: str, allowed: Collection[str]
) -> str | None:
    """The code in `column` (in upper case), which the row can do without: None when blank or
    (cleared and reported) when it is not one of `allowed`."""
    text = line.values.get(column, "").upper()
    if not text:
        return None
    if text not in allowed:
        reading.clear(table, line, column, f"{text!r} is not a 903 code for {column}")
        return None
    return text


def known_child(reading: Reading, table: Table, line: Line) -> str | None:
    """The row's child, when the row can stand: the child is in the header table, or the database
    holds the child; else the row is rejected, saying why."""
    child = line.values.get("CHILD", "")
    if not child:
        reading.reject(table, line, "CHILD", "the child's id is missing")
        return None
    if child in reading.people or _held(reading, child):
        return child
    if child in reading.rejected_children:
        reading.reject(
            table,
            line,
            "CHILD",
            f"the child's header row (line {reading.rejected_children[child]}) was rejected",
        )
    else:
        reading.reject(table, line, "CHILD", "the child is not in the header table")
    return None


def once(reading: Reading, table: Table, line: Line, child: str, seen: dict[str, int]) -> bool:
    """Whether this is the child's first row in a table of one row a child (the UASC table, OC2,
    OC3, AD1, previous permanence); a later one is rejected as a duplicate, the first standing."""
    if child in seen:
        reading.reject(table, line, "CHILD", f"a second row for the child (the first is line {seen[child]})")
        return False
    seen[child] = line.number
    return True


def _held(reading: Reading, child: str) -> bool:
    """Whether the database holds the child (asked once a child)."""
    if reading.connection is None:
        return False
    if child not in reading.held_people:
        target = Base.metadata.tables["person"]
        found = (
            reading.connection.execute(select(target).where(target.c.person_id == child)).mappings().first()
        )
        reading.held_people[child] = dict(found) if found else {}
    return bool(reading.held_people[child])


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
