"""The measure catalogue: each measure declared once, as data, beside the function that computes it.

A declaration carries what a reader needs to trust a figure (definition, unit, polarity, the settings
it uses, England's figure with its year and source); the function turns the canonical model into the
*detail* as at a date: one row per child, worker or event the measure looks at. How the detail becomes
a figure is the measure's `kind`, applied in one place (`summarise`), so the whole council, a team and
a worker are always counted the same way. The CLI, the web app and the docs all read this registry.

Detail columns by kind:
- proportion: `in_numerator` (bool); every row is in the denominator. Value: a percentage.
- ratio: `numerator` and `denominator` (numbers) per row. Value: scale × Σ numerator ÷ Σ denominator.
- median, mean: `value` per row (nulls are left out). Value: their median or mean.
- count: every row is counted. Value: the number of rows.
- rate: every row is counted, per 10,000 children aged 0-17 in the council's area.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import polars as pl

from lineofsight.measures.data import CouncilData
from lineofsight.settings import Settings

Polarity = Literal["up", "down", "context"]
POLARITY_SYMBOL: dict[Polarity, str] = {"up": "↑", "down": "↓", "context": "•"}


@dataclass(frozen=True)
class Benchmark:
    """England's figure for a measure, always with its year and source."""

    value: float
    display: str
    year: str
    source: str


@dataclass(frozen=True)
class Result:
    """A measure's answer as at a date.

    `detail` has one row per child (or worker, or event) the measure looked at, with the dates that
    decided it and `in_numerator`; it is the list of children behind the number.
    """

    value: float | None
    numerator: float | None
    denominator: float | None
    detail: pl.DataFrame = field(default_factory=pl.DataFrame)


Kind = Literal["proportion", "ratio", "median", "mean", "count", "rate"]
Compute = Callable[[CouncilData, dt.date, Settings], pl.DataFrame]


@dataclass(frozen=True)
class Measure:
    code: str
    title: str
    area: str
    definition: str
    unit: str  # "%", "working days", "per 10,000", "children per FTE", "count", ...
    polarity: Polarity
    compute: Compute
    kind: Kind = "proportion"
    scale: float = 1.0  # for ratios: 100 for a percentage
    settings: tuple[str, ...] = ()
    benchmark: Benchmark | None = None

    def evaluate(self, data: CouncilData, as_at: dt.date, settings: Settings) -> Result:
        """The measure as at `as_at`: its detail, summarised by its kind."""
        detail = self.compute(data, as_at, settings)
        population = settings.population_0_17 or data.population_0_17()
        return summarise(self.kind, detail, scale=self.scale, population=population)

    @property
    def polarity_symbol(self) -> str:
        return POLARITY_SYMBOL[self.polarity]


REGISTRY: dict[str, Measure] = {}

# The catalogue's own order of areas (measures.md), by code prefix.
AREA_ORDER = ("FD", "RF", "AS", "CP", "CN", "LA", "CL", "WF", "PL", "LD", "PF", "QA")


def catalogue_order(code: str) -> tuple[int, str]:
    """Sort key that puts codes in the catalogue's order: front door first, quality assurance last."""
    prefix = code[:2]
    return (AREA_ORDER.index(prefix) if prefix in AREA_ORDER else len(AREA_ORDER), code)


def measure(
    code: str,
    *,
    title: str,
    area: str,
    definition: str,
    unit: str,
    polarity: Polarity,
    kind: Kind = "proportion",
    scale: float = 1.0,
    settings: tuple[str, ...] = (),
    benchmark: Benchmark | None = None,
) -> Callable[[Compute], Compute]:
    """Declare a measure: the decorated function computes it."""

    def register(compute: Compute) -> Compute:
        if code in REGISTRY:
            raise ValueError(f"measure {code} is declared twice")
        REGISTRY[code] = Measure(
            code=code,
            title=title,
            area=area,
            definition=definition,
            unit=unit,
            polarity=polarity,
            compute=compute,
            kind=kind,
            scale=scale,
            settings=settings,
            benchmark=benchmark,
        )
        return compute

    return register


def summarise(
    kind: Kind, detail: pl.DataFrame, *, scale: float = 1.0, population: int | None = None
) -> Result:
    """Turn a measure's detail into its figure. Nothing to divide by gives a null value, never 0."""
    rows = detail.height
    if kind == "proportion":
        numerator = int(detail["in_numerator"].sum()) if rows else 0
        return Result(100.0 * numerator / rows if rows else None, numerator, rows, detail)
    if kind == "ratio":
        top = float(detail["numerator"].sum()) if rows else 0.0
        bottom = float(detail["denominator"].sum()) if rows else 0.0
        return Result(scale * top / bottom if bottom else None, top, bottom, detail)
    if kind in ("median", "mean"):
        values = detail["value"].drop_nulls() if rows else pl.Series(dtype=pl.Float64)
        average = values.median() if kind == "median" else values.mean()
        number = float(average) if isinstance(average, int | float) else None
        return Result(number, None, values.len(), detail)
    if kind == "count":
        return Result(float(rows), float(rows), None, detail)
    if kind == "rate":
        value = 10_000.0 * rows / population if population else None
        return Result(value, float(rows), float(population) if population else None, detail)
    raise ValueError(f"unknown kind of measure {kind!r}")
