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
from dataclasses import dataclass, field, replace
from typing import Literal

import polars as pl

from lineofsight.data import CouncilData
from lineofsight.data.facts import ALLOCATIONS
from lineofsight.data.needs import Need, Needs, longest, unmet
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


Status = Literal["ok", "no_data", "not_covered"]


@dataclass(frozen=True)
class Result:
    """A measure's answer as at a date.

    `detail` has one row per child (or worker, or event) the measure looked at, with the dates that
    decided it and `in_numerator`; it is the list of children behind the number.

    `status` says what the value means: `ok` (a figure), `no_data` (the data covers the measure but
    there is nothing to count: null, never 0 or 100%) or `not_covered` (the loaded data does not
    cover what the measure needs: null, with `reason` saying what is missing and which load would
    supply it).
    """

    value: float | None
    numerator: float | None
    denominator: float | None
    detail: pl.DataFrame = field(default_factory=pl.DataFrame)
    status: Status = "ok"
    reason: str | None = None

    @property
    def covered(self) -> bool:
        return self.status != "not_covered"


def declined(reason: str) -> Result:
    """A measure the loaded data does not cover: no figure, and why."""
    return Result(None, None, None, pl.DataFrame(), "not_covered", reason)


POPULATION_REASON = (
    "needs the number of children aged 0-17 in the council's area: set population_0_17 in the "
    "settings file (the ONS mid-year population estimates give it)"
)


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
    # Whose work each row is, in words: the team and worker its detail's `team_id` and `worker_id`
    # name (the ones who did the work, for an event; the ones holding the child, for a state at D).
    # None for a measure no team or worker is credited with (the front door's contacts, allegations
    # against adults): its figure is the council's alone.
    credited: str | None
    kind: Kind = "proportion"
    scale: float = 1.0  # for ratios: 100 for a percentage
    settings: tuple[str, ...] = ()
    benchmark: Benchmark | None = None
    needs: Needs = ()
    team_needs: Needs = ()  # what a team's or a worker's figure needs besides every child's allocations

    def unmet(self, data: CouncilData, as_at: dt.date, settings: Settings) -> str | None:
        """Why the data cannot give this measure as at `as_at`, or None when it can."""
        reason = unmet(self.needs, data.coverage, as_at)
        if self.kind == "rate" and not (settings.population_0_17 or data.population_0_17()):
            reason = f"{reason}; and {POPULATION_REASON}" if reason else POPULATION_REASON
        return reason

    def unmet_by(self, data: CouncilData, as_at: dt.date) -> str | None:
        """Why the data cannot give this measure team by team or worker by worker as at `as_at`, or
        None when it can: a share of the figure belongs to the team that held each child, so it needs
        every child's allocations over as long as the measure looks back."""
        if self.credited is None:
            return "a team's or a worker's figure is not given: no team or worker is credited with this work"
        needs = (Need(ALLOCATIONS, months=longest(self.needs)), *self.team_needs)
        reason = unmet(needs, data.coverage, as_at)
        return None if reason is None else f"a team's or a worker's figure {reason}"

    def evaluate(self, data: CouncilData, as_at: dt.date, settings: Settings) -> Result:
        """The measure as at `as_at`: its detail, summarised by its kind; declined, with the reason,
        where the loaded data does not cover what it needs. A rate whose data is covered but whose
        population is not known keeps its count (the numerator) and has no value."""
        reason = unmet(self.needs, data.coverage, as_at)
        if reason is not None:
            return declined(self.unmet(data, as_at, settings) or reason)
        detail = self.compute(data, as_at, settings)
        population = settings.population_0_17 or data.population_0_17()
        result = summarise(self.kind, detail, scale=self.scale, population=population)
        if self.kind == "rate" and not population:
            return replace(result, status="not_covered", reason=POPULATION_REASON)
        return result

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
    credited: str | None,
    title: str,
    area: str,
    definition: str,
    unit: str,
    polarity: Polarity,
    kind: Kind = "proportion",
    scale: float = 1.0,
    settings: tuple[str, ...] = (),
    benchmark: Benchmark | None = None,
    needs: Needs = (),
    team_needs: Needs = (),
) -> Callable[[Compute], Compute]:
    """Declare a measure: the decorated function computes it from the facts in `needs` (see
    `data.needs`), and only where the loaded data covers them."""

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
            credited=credited,
            kind=kind,
            scale=scale,
            settings=settings,
            benchmark=benchmark,
            needs=needs,
            team_needs=team_needs,
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
        return _result(100.0 * numerator / rows if rows else None, numerator, rows, detail)
    if kind == "ratio":
        top = float(detail["numerator"].sum()) if rows else 0.0
        bottom = float(detail["denominator"].sum()) if rows else 0.0
        return _result(scale * top / bottom if bottom else None, top, bottom, detail)
    if kind in ("median", "mean"):
        values = detail["value"].drop_nulls() if rows else pl.Series(dtype=pl.Float64)
        average = values.median() if kind == "median" else values.mean()
        number = float(average) if isinstance(average, int | float) else None
        return _result(number, None, values.len(), detail)
    if kind == "count":
        return _result(float(rows), float(rows), None, detail)
    if kind == "rate":
        # Without a population (a team's or a worker's share) a rate has no value; the council's own
        # figure is declined before it gets here when the population is not known (`Measure.unmet`).
        value = 10_000.0 * rows / population if population else None
        return _result(value, float(rows), float(population) if population else None, detail)
    raise ValueError(f"unknown kind of measure {kind!r}")


def _result(
    value: float | None, numerator: float | None, denominator: float | None, detail: pl.DataFrame
) -> Result:
    return Result(value, numerator, denominator, detail, "ok" if value is not None else "no_data")
