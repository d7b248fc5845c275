"""The synthetic profiles tell apart: a stretched council is worse than a stable one.

Issue 2: with seed 1, `stretched` must be worse than `stable` on every first measure whose polarity is
not context. Both councils are generated at full size (35,000 children, 5 years) once per database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from lineofsight import store, synth
from lineofsight.measures import CouncilData, compute_all
from lineofsight.settings import Settings
from tests.conftest import StoreFactory

FIRST_MEASURES = ["RF02", "AS01", "AS02", "CP02", "CP05", "CP06", "LA02", "WF01", "WF03", "WF06"]
END = dt.date(2026, 3, 31)


@pytest.fixture(scope="session")
def first_measures(store_factory: StoreFactory) -> Iterator[dict[str, dict[str, float | None]]]:
    values: dict[str, dict[str, float | None]] = {}
    for profile in ("stretched", "stable"):
        engine = store.connect(store_factory.new())
        synth.generate(engine, profile, seed=1, years=5, end=END)
        computed = compute_all(CouncilData(engine), END, Settings(), FIRST_MEASURES)
        values[profile] = {v.measure.code: v.result.value for v in computed}
        engine.dispose()
    yield values


@pytest.mark.parametrize("code", FIRST_MEASURES)
def test_stretched_is_worse_than_stable(
    code: str, first_measures: dict[str, dict[str, float | None]]
) -> None:
    from lineofsight.measures import REGISTRY

    polarity = REGISTRY[code].polarity
    assert polarity in {"up", "down"}, f"{code} has no better direction to compare"
    stretched, stable = first_measures["stretched"][code], first_measures["stable"][code]
    assert stretched is not None and stable is not None
    assert (stretched < stable) if polarity == "up" else (stretched > stable)
