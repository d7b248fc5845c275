"""The rows the simulation writes, table by table, and the fictional identifiers it hands out.

Rows are plain dicts over every column of the model's table, so a later event can still change them
(an assessment gets its authorisation date when it is completed) and so that every row of a table has
the same keys for a bulk insert.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from lineofsight import store
from lineofsight.model import Base

Row = dict[str, Any]


def _default(column: Column[Any]) -> Any:
    """The model's own default for a column (False for most flags), or None."""
    default = column.default
    if isinstance(default, ScalarElementColumnDefault):
        return default.arg
    return None


class Records:
    """Every row generated so far, in the order parents must be inserted before children: every table
    of the council's data (not the accounts or the bookkeeping, which no council brings)."""

    def __init__(self) -> None:
        self.order = [table.name for table in store.council_tables()]
        self.tables: dict[str, list[Row]] = {name: [] for name in self.order}
        self._blank: dict[str, Row] = {
            name: {column.name: _default(column) for column in Base.metadata.tables[name].columns}
            for name in self.order
        }
        self._counters: dict[str, int] = {}
        self._discarded: set[int] = set()

    def add(self, table: str, **values: Any) -> Row:
        row = dict(self._blank[table])
        if not values.keys() <= row.keys():
            unknown = sorted(set(values) - set(row))
            raise KeyError(f"{table} has no column(s) {unknown}")
        row.update(values)
        self.tables[table].append(row)
        return row

    def discard(self, row: Row) -> None:
        """Drop a row that turned out never to have happened (an allocation ended the day it began)."""
        self._discarded.add(id(row))

    def rows(self, table: str) -> list[Row]:
        rows = self.tables[table]
        if not self._discarded:
            return rows
        return [row for row in rows if id(row) not in self._discarded]

    def next_id(self, prefix: str, width: int = 6) -> str:
        """A fictional identifier such as C000123 (children) or W0012 (workers), in issue order."""
        number = self._counters.get(prefix, 0) + 1
        self._counters[prefix] = number
        return f"{prefix}{number:0{width}d}"

    def counts(self) -> dict[str, int]:
        return {name: len(self.rows(name)) for name in self.order}
