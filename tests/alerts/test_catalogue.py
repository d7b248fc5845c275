"""The alert registry: every alert declared in full, the shared columns, and alerts at many moments
agreeing with alerts at each date."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
import pytest
from sqlalchemy import Engine

from lineofsight.alerts import REGISTRY, open_alerts, open_alerts_at
from lineofsight.alerts.catalogue import COLUMNS, alert
from lineofsight.settings import Settings
from tests.builders import assessment, cin_plan, cla_episode, council_data, cp_plan, visit

FIRST = ("AL01", "AL03", "AL04", "AL06", "AL07")


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_every_alert_is_declared_in_full(code: str) -> None:
    declared = REGISTRY[code]
    assert re.fullmatch(r"AL\d{2}", declared.code) and declared.code == code
    assert declared.title.strip() and declared.raised_when.strip() and declared.owner.strip()
    assert (declared.find.__doc__ or "").strip()
    assert set(declared.settings) <= set(Settings.__dataclass_fields__)


def test_every_alert_in_the_catalogue_is_registered() -> None:
    # alerts.md lists AL01 to AL23; AL22 and AL23 are about workers.
    assert sorted(REGISTRY) == [f"AL{n:02d}" for n in range(1, 24)]
    workers = sorted(code for code, declared in REGISTRY.items() if declared.about == "worker")
    assert workers == ["AL22", "AL23"]


def test_an_alert_cannot_be_declared_twice() -> None:
    with pytest.raises(ValueError, match="AL01 is declared twice"):
        alert("AL01", title="x", raised_when="x", owner="x")(REGISTRY["AL01"].find)


def test_open_alerts_are_every_alert_in_the_shared_columns(engine: Engine) -> None:
    data = council_data(
        engine,
        assessment("C1", start="2024-09-02"),  # AL01 from 5 Nov 2024
        cp_plan("C2", start="2024-10-07"),  # AL03 due Mon 21 Oct: 15 days overdue on 5 Nov
        cin_plan("C3", start="2024-10-07"),  # AL04 from 5 Nov
        cla_episode("C4", start="2024-10-07"),  # AL07 from 5 Nov
    )
    # Only the alerts these rows are about: the made-up referrals behind them are open and unallocated,
    # which AL11 would rightly add.
    alerts = open_alerts(data, dt.date(2024, 11, 5), Settings(), FIRST)
    assert alerts.columns == ["code", *COLUMNS]
    assert alerts.select("code", "person_id", "days_overdue").rows() == [
        ("AL01", "C1", 1),
        ("AL03", "C2", 15),
        ("AL04", "C3", 1),
        ("AL07", "C4", 1),
    ]


def test_an_empty_store_has_no_alerts(engine: Engine) -> None:
    alerts = open_alerts(council_data(engine), dt.date(2025, 3, 31), Settings())
    assert alerts.height == 0 and alerts.columns == ["code", *COLUMNS]


def test_alerts_at_many_moments_are_the_alerts_at_each_date(engine: Engine) -> None:
    data = council_data(
        engine,
        assessment("C1", start="2024-09-02", authorised="2024-12-02"),
        cp_plan("C2", start="2024-10-07", end="2025-02-28"),
        visit("C2", "2024-10-21", kind="cp"),
        visit("C2", "2024-12-16", kind="cp"),
        cin_plan("C3", start="2024-10-07"),
        visit("C3", "2024-11-25", kind="cin"),
    )
    days = [dt.date(2024, 10, 1) + dt.timedelta(days=n) for n in range(0, 180, 7)]
    at = pl.DataFrame({"as_at": days})
    together = open_alerts_at(data, at, Settings())
    for day in days:
        one = open_alerts(data, day, Settings())
        assert together.filter(pl.col("as_at") == day).drop("as_at").equals(one), day
    # Each child judged only at their own moments.
    mine = pl.DataFrame({"person_id": ["C1", "C2"], "as_at": [dt.date(2024, 11, 5), dt.date(2024, 11, 5)]})
    assert open_alerts_at(data, mine, Settings(), FIRST)["person_id"].to_list() == ["C1", "C2"]
    first = together.filter(pl.col("code").is_in(FIRST))
    assert first.filter(pl.col("as_at") == dt.date(2024, 11, 5))["person_id"].to_list() == [
        "C1",
        "C2",
        "C3",
    ]
