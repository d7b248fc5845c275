"""The council's data as Polars frames, read from the store once and shared by every measure."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
from sqlalchemy import Engine

from lineofsight.store import read_table


class CouncilData:
    """Tables of the canonical model, each read on first use and then kept.

    Built from an engine for real work, or from frames directly in tests and after loads.
    """

    def __init__(
        self, engine: Engine | None = None, frames: Mapping[str, pl.DataFrame] | None = None
    ) -> None:
        self._engine = engine
        self._frames: dict[str, pl.DataFrame] = dict(frames or {})

    def __getitem__(self, table: str) -> pl.DataFrame:
        if table not in self._frames:
            if self._engine is None:
                raise KeyError(f"no frame for table {table}")
            self._frames[table] = read_table(self._engine, table)
        return self._frames[table]

    def council_name(self) -> str:
        """The council's name as stored with its facts, or a plain description when there is none."""
        facts = self["council"].filter(pl.col("fact") == "name")
        return str(facts["value"][0]) if facts.height else "Children's services"

    def population_0_17(self) -> int | None:
        """The child population stored with the council's facts, if any."""
        facts = self["council"].filter(pl.col("fact") == "population_0_17")
        return int(facts["value"][0]) if facts.height else None
