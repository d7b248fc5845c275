"""One child's rows of each table of the model, from the shared frames when first asked for."""

from __future__ import annotations

import threading
from typing import Any

import polars as pl

from lineofsight.data import CouncilData

Record = dict[str, Any]


class ByChild:
    """Each table of `CouncilData` sorted by child, and where each child's rows lie in it.

    Filtering a whole table for one child reads every row of it, and a journey reads a dozen tables:
    on a large council that was most of the time of a child's page (0.5 s of the 1 s p95 under load,
    issue 15). The web app keeps one index per version of the data, so each table is sorted once
    (in the order it was read, within a child, as a filter leaves it) and a child's rows are then a
    slice: no copy and no scan. Tables are indexed on first use; threads asking at once share one.
    """

    def __init__(self, data: CouncilData) -> None:
        self.data = data
        self._tables: dict[str, tuple[pl.DataFrame, dict[str, tuple[int, int]]]] = {}
        self._lock = threading.Lock()

    def rows(self, table: str, child_id: str) -> pl.DataFrame:
        """The child's rows of `table`, in the order the table holds them."""
        with self._lock:
            if table not in self._tables:
                self._tables[table] = _indexed(self.data[table])
        frame, spans = self._tables[table]
        start, length = spans.get(child_id, (0, 0))
        return frame.slice(start, length)


def _indexed(frame: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, tuple[int, int]]]:
    ordered = frame.filter(pl.col("person_id").is_not_null()).sort("person_id", maintain_order=True)
    counts = ordered.group_by("person_id", maintain_order=True).len()
    spans: dict[str, tuple[int, int]] = {}
    start = 0
    for child_id, length in counts.iter_rows():
        spans[child_id] = (start, length)
        start += length
    return ordered, spans


class ChildRecords:
    """The child's rows of a table as dicts, from `CouncilData`'s whole-table frames, or from an
    index of them by child (`ByChild`) when the caller keeps one."""

    def __init__(self, data: CouncilData, child_id: str, index: ByChild | None = None) -> None:
        self.data = data
        self.child_id = child_id
        self.index = index
        self._found: dict[str, list[Record]] = {}

    def __call__(self, table: str) -> list[Record]:
        if table not in self._found:
            if self.index is not None:
                frame = self.index.rows(table, self.child_id)
            else:
                frame = self.data[table].filter(pl.col("person_id") == self.child_id)
            self._found[table] = frame.to_dicts()
        return self._found[table]
