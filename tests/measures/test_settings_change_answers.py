"""Changing a local standard in the settings changes the measure that uses it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from lineofsight.measures import REGISTRY
from lineofsight.settings import Settings
from tests.builders import council_data, cp_plan, visit

D = dt.date(2025, 3, 31)  # a Monday


def test_a_longer_cp_visit_interval_counts_a_later_visit_as_on_time(engine: Engine) -> None:
    # Latest visit Mon 10 Mar 2025. 10 working days later is Mon 24 Mar (no bank holidays): overdue
    # by 31 Mar. 15 working days later is Mon 31 Mar: on time on D itself.
    data = council_data(engine, cp_plan("C1", start="2024-06-24"), visit("C1", "2025-03-10"))
    measure = REGISTRY["CP08"]
    assert "cp_visit_interval_working_days" in measure.settings
    assert measure.evaluate(data, D, Settings()).value == 0.0
    assert measure.evaluate(data, D, Settings(cp_visit_interval_working_days=15)).value == 100.0


def test_a_lower_caseload_cap_puts_more_workers_over_it(engine: Engine) -> None:
    from tests.builders import allocation, team, worker

    rows = [team("T1"), worker("W1")]
    rows += [allocation(f"C{n}", "W1", start="2024-06-03") for n in range(20)]
    data = council_data(engine, *rows)
    # 20 children against a cap of 25 is within it; against a cap of 18 it is over.
    assert REGISTRY["WF02"].evaluate(data, D, Settings()).value == 0
    assert REGISTRY["WF02"].evaluate(data, D, Settings(caseload_cap_qualified=18)).value == 1
