"""One child's rows of each table of the model, filtered from the shared frames when first asked for."""

from __future__ import annotations

from typing import Any

import polars as pl

from lineofsight.data import CouncilData

Record = dict[str, Any]


class ChildRecords:
    """The child's rows of a table as dicts, from `CouncilData`'s whole-table frames.

    Whole tables are read because that is how `CouncilData` reads, and the alerts beside the journey
    read them anyway; filtering a frame of the largest table (visits) for one child takes milliseconds.
    """

    def __init__(self, data: CouncilData, child_id: str) -> None:
        self.data = data
        self.child_id = child_id
        self._found: dict[str, list[Record]] = {}

    def __call__(self, table: str) -> list[Record]:
        if table not in self._found:
            frame = self.data[table].filter(pl.col("person_id") == self.child_id)
            self._found[table] = frame.to_dicts()
        return self._found[table]
