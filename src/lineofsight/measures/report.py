"""Computing the catalogue as at a date, and the JSON contract other tools rely on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lineofsight.measures.catalogue import REGISTRY, Measure, Result, catalogue_order
from lineofsight.measures.data import CouncilData
from lineofsight.settings import Settings


@dataclass(frozen=True)
class MeasureValue:
    """One measure's declaration and its result as at a date."""

    measure: Measure
    result: Result
    small_number: bool

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
        small = (
            result.denominator is not None
            and measure.unit == "%"
            and 0 < result.denominator < settings.small_number
        )
        values.append(MeasureValue(measure=measure, result=result, small_number=small))
    return values


def default_as_at(data: CouncilData) -> dt.date:
    """The last day the data covers (recorded by the synthetic council or a load), else today."""
    facts = data["council"]
    end = facts.filter(facts["fact"] == "generated_end")
    return dt.date.fromisoformat(end["value"][0]) if end.height else dt.date.today()


def as_json(as_at: dt.date, values: list[MeasureValue]) -> dict[str, Any]:
    """The JSON contract of DESIGN.md."""
    return {"as_at": as_at.isoformat(), "measures": [value.as_json() for value in values]}
