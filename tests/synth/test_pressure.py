"""Workload delays practice: the functions every process goes through, and the councils that result."""

from __future__ import annotations

import datetime as dt
import random
import statistics
from pathlib import Path

from lineofsight import store
from lineofsight.synth import generate, pressure
from lineofsight.synth.child_protection import icpc_working_days
from lineofsight.synth.referrals import assessment_working_days
from lineofsight.working_days import count_working_days


def test_pressure_is_caseload_against_a_reference_of_15() -> None:
    assert pressure.pressure(15.0) == 1.0
    assert pressure.pressure(25.0) == 25.0 / 15.0


def test_durations_stretch_with_pressure_and_not_below_the_floor() -> None:
    assert pressure.delay_factor(1.0, 1.4) == 1.0
    assert pressure.delay_factor(25 / 15, 1.4) > 1.9
    # An idle team is not quicker than one just below the reference.
    assert pressure.delay_factor(0.1, 1.0) == pressure.delay_factor(pressure.FLOOR, 1.0)


def test_the_same_draws_give_a_longer_assessment_under_pressure() -> None:
    args = {"median": 28.0, "spread": 0.7, "push": 0.85}
    for normal in (-1.0, 0.0, 0.5, 1.5):
        calm = assessment_working_days(normal, 0.5, 0.5, 1.0, **args)
        busy = assessment_working_days(normal, 0.5, 0.5, 25 / 15, **args)
        assert busy >= calm
    # A would-be-late assessment is pushed inside 45 days at pressure 1 but not at 25 cases each.
    assert assessment_working_days(1.0, 0.5, 0.5, 1.0, **args) <= 45
    assert assessment_working_days(1.0, 0.5, 0.5, 25 / 15, **args) > 45


def test_conferences_are_late_more_often_and_by_more_under_pressure() -> None:
    def late_days(p: float) -> list[int]:
        rng = random.Random(1)
        return [pressure.lateness_days(rng, p, 0.1, 4.0, pressure.ICPC_LATE) for _ in range(5000)]

    calm, busy = late_days(1.0), late_days(25 / 15)
    assert sum(d > 0 for d in busy) > 2 * sum(d > 0 for d in calm)
    assert icpc_working_days(12, 0) == 12
    assert icpc_working_days(12, 3) == 18


def test_a_stretched_council_completes_assessments_later_than_a_stable_one(tmp_path: Path) -> None:
    medians = {}
    for profile in ("stable", "stretched"):
        engine = store.connect(str(tmp_path / f"{profile}.db"), create=True)
        store.migrate(engine)
        generate(engine, profile, seed=1, years=1, end=dt.date(2026, 3, 31), population=5000)
        done = store.read_table(engine, "assessments").drop_nulls("assessment_auth_date")
        medians[profile] = statistics.median(
            count_working_days(start, auth)
            for start, auth in done.select("assessment_start_date", "assessment_auth_date").iter_rows()
        )
        engine.dispose()
    assert medians["stretched"] > medians["stable"] + 5
