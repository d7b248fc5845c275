"""The measure catalogue: each measure declared once, as data, beside the function that computes it.

A declaration carries what a reader needs to trust a figure (definition, unit, polarity, the settings
it uses, England's figure with its year and source); the function turns the canonical model into a
`Result` as at a date. The CLI, the web app and the docs all read this one registry.
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


Compute = Callable[[CouncilData, dt.date, Settings], Result]


@dataclass(frozen=True)
class Measure:
    code: str
    title: str
    area: str
    definition: str
    unit: str  # "%", "working days", "per 10,000", "children per FTE", "count", ...
    polarity: Polarity
    compute: Compute
    settings: tuple[str, ...] = ()
    benchmark: Benchmark | None = None

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
            settings=settings,
            benchmark=benchmark,
        )
        return compute

    return register


def proportion(detail: pl.DataFrame, flag: str = "in_numerator") -> Result:
    """A percentage: rows flagged ÷ all rows, null when there are none."""
    denominator = detail.height
    numerator = int(detail[flag].sum()) if denominator else 0
    value = 100.0 * numerator / denominator if denominator else None
    return Result(value=value, numerator=numerator, denominator=denominator, detail=detail)


def ratio(numerator: float, denominator: float, detail: pl.DataFrame, scale: float = 1.0) -> Result:
    """numerator ÷ denominator × scale, null when the denominator is zero."""
    value = scale * numerator / denominator if denominator else None
    return Result(value=value, numerator=numerator, denominator=denominator, detail=detail)
