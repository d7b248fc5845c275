"""Computing the catalogue as at a date, and the JSON contract other tools rely on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import polars as pl

from lineofsight.data import CouncilData
from lineofsight.measures.catalogue import REGISTRY, Measure, Result, catalogue_order
from lineofsight.settings import Rag, Settings, Target


@dataclass(frozen=True)
class MeasureValue:
    """One measure's declaration and its result as at a date."""

    measure: Measure
    result: Result
    small_number: bool
    target: Target | None = None

    @property
    def rag(self) -> Rag | None:
        """Red, amber or green against the council's target, where it has one."""
        if self.target is None or not self.result.covered:
            return None
        return self.target.rag(self.result.value, self.measure.polarity)

    def as_json(self) -> dict[str, Any]:
        benchmark = self.measure.benchmark
        return {
            "code": self.measure.code,
            "title": self.measure.title,
            "area": self.measure.area,
            "value": _rounded(self.result.value),
            "numerator": _rounded(self.result.numerator),
            "denominator": _rounded(self.result.denominator),
            "unit": self.measure.unit,
            "polarity": self.measure.polarity,
            "small_number": self.small_number,
            "target": None if self.target is None else self.target.target,
            "rag": self.rag,
            "status": self.result.status,
            "reason": self.result.reason,
            "benchmark": None
            if benchmark is None
            else {
                "value": benchmark.value,
                "display": benchmark.display,
                "year": benchmark.year,
                "source": benchmark.source,
            },
        }


def _rounded(number: float | None) -> float | None:
    if number is None:
        return None
    rounded = round(float(number), 1)
    return int(rounded) if rounded.is_integer() else rounded


def compute_all(
    data: CouncilData,
    as_at: dt.date,
    settings: Settings,
    codes: Iterable[str] | None = None,
) -> list[MeasureValue]:
    """Every measure (or those named) as at `as_at`, in catalogue order."""
    wanted = sorted(codes if codes is not None else REGISTRY, key=catalogue_order)
    values = []
    for code in wanted:
        measure = REGISTRY[code]
        result = measure.evaluate(data, as_at, settings)
        values.append(value_of(measure, result, settings))
    return values


def value_of(measure: Measure, result: Result, settings: Settings) -> MeasureValue:
    """A result with what a reader needs beside it: the small-number flag and the target."""
    return MeasureValue(
        measure=measure,
        result=result,
        small_number=is_small(measure, result, settings),
        target=settings.targets.get(measure.code),
    )


def is_small(measure: Measure, result: Result, settings: Settings) -> bool:
    """A proportion, ratio or average resting on fewer than `small_number` children (or events).

    Counts and rates are not flagged: a count of 3 is exactly what it says.
    """
    if measure.kind in ("count", "rate") or result.denominator is None:
        return False
    if measure.kind == "ratio":
        units = result.detail.height
        return 0 < units < settings.small_number
    return 0 < result.denominator < settings.small_number


def check_settings(settings: Settings) -> list[str]:
    """Problems with the targets: a code not in the catalogue, or amber on the wrong side."""
    problems = []
    for code, target in sorted(settings.targets.items()):
        measure = REGISTRY.get(code)
        if measure is None:
            problems.append(f"[targets.{code}]: there is no measure {code}")
        elif measure.polarity == "context":
            problems.append(f"[targets.{code}]: {code} has no better direction, so no target")
        elif (target.amber > target.target) if measure.polarity == "up" else (target.amber < target.target):
            side = "below" if measure.polarity == "up" else "above"
            problems.append(f"[targets.{code}]: amber must be {side} the target for {code}")
    return problems


def default_as_at(data: CouncilData) -> dt.date:
    """The last day the data covers (recorded by the loads or the synthetic council), else today."""
    return data.last_day() or dt.date.today()


def as_json(as_at: dt.date, values: list[MeasureValue]) -> dict[str, Any]:
    """The JSON contract of DESIGN.md."""
    return {"as_at": as_at.isoformat(), "measures": [value.as_json() for value in values]}


def rounded(number: float | None) -> float | int | None:
    """One decimal place, and whole numbers without one, as the JSON contract shows figures."""
    return _rounded(number)


def figures(result: Result) -> dict[str, Any]:
    """A result's value, numerator and denominator, rounded for JSON."""
    return {
        "value": _rounded(result.value),
        "numerator": _rounded(result.numerator),
        "denominator": _rounded(result.denominator),
    }


def trend_json(series: list[tuple[dt.date, list[MeasureValue]]]) -> dict[str, Any]:
    """A monthly trend: each measure with its value at every month end."""
    if not series:
        return {"months": [], "measures": []}
    months = [day.isoformat() for day, _ in series]
    first = series[0][1]
    measures = []
    for index, value in enumerate(first):
        points = []
        for day, values in series:
            point = values[index]
            points.append(
                {
                    "as_at": day.isoformat(),
                    **figures(point.result),
                    "small_number": point.small_number,
                    "rag": point.rag,
                    "status": point.result.status,
                    "reason": point.result.reason,
                }
            )
        measures.append(
            {
                "code": value.measure.code,
                "title": value.measure.title,
                "unit": value.measure.unit,
                "polarity": value.measure.polarity,
                "series": points,
            }
        )
    return {"from": months[0], "to": months[-1], "months": months, "measures": measures}


def detail_rows(detail: pl.DataFrame) -> list[dict[str, Any]]:
    """A detail frame as JSON-ready rows: dates and times as ISO text."""
    converted = detail.with_columns(
        pl.col(pl.Date).dt.to_string("%Y-%m-%d"),
        pl.col(pl.Datetime).dt.to_string("%Y-%m-%dT%H:%M:%S"),
    )
    return converted.to_dicts()
