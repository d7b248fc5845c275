"""What the alert tests ask of an alert: the rows it raises as at a day, how overdue each is, and
which children they are about."""

from __future__ import annotations

import polars as pl

from lineofsight.alerts import REGISTRY
from lineofsight.data import CouncilData
from lineofsight.settings import Settings
from tests.builders import Day, day


def raised(code: str, data: CouncilData, as_at: Day, settings: Settings | None = None) -> pl.DataFrame:
    """The alert's rows as at a day, with the default settings unless others are given."""
    return REGISTRY[code].raised(data, day(as_at), settings or Settings())


def overdue_by(code: str, data: CouncilData, as_at: Day, settings: Settings | None = None) -> list[int]:
    """How many days overdue each row is, in the alert's order."""
    return raised(code, data, as_at, settings)["days_overdue"].to_list()


def children(code: str, data: CouncilData, as_at: Day, settings: Settings | None = None) -> list[str]:
    """The children the rows are about, in the alert's order."""
    return raised(code, data, as_at, settings)["person_id"].to_list()
