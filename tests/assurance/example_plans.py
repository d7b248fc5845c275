"""A synthetic council with the DfE's escalation example plan saved over it, for the tests of plans
(`test_plans.py`) and of the pages that change them (`tests/web/test_plan_forms.py`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from lineofsight.assurance import plans
from lineofsight.data import CouncilData
from lineofsight.settings import Settings
from lineofsight.synth import generate
from tests.assurance.conftest import END


def council_with_example_plan(
    engine: Engine, *, seed: int, start: dt.date, plan_id: str, by: str = "director"
) -> str:
    """A `stretched` council of 3,000 children over the two years to 31 March 2026, made from `seed`,
    with the escalation example plan from `start` saved by `by` at 9 that morning; the plan's id."""
    generate(engine, "stretched", seed=seed, years=2, end=END, population=3000)
    settings = Settings()
    with engine.begin() as connection:
        return plans.save_plan(
            connection,
            plans.example("escalation", start, settings),
            CouncilData(engine),
            settings,
            by,
            dt.datetime.combine(start, dt.time(9)),
            plan_id=plan_id,
        )
