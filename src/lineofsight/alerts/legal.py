"""Alerts about the Public Law Outline: pre-proceedings that have drifted past their 16 weeks.

Pre-proceedings have no statutory limit; the Public Law Working Group's best-practice guidance aims to
finish them in about 16 weeks from the letter before proceedings (domain.md A4, row 41). The alert is
the child-level side of PL01 and counts as it does.
"""

from __future__ import annotations

import polars as pl

from lineofsight.alerts.catalogue import alert
from lineofsight.alerts.timing import iso, judged, open_then, raised
from lineofsight.data import CouncilData
from lineofsight.data.facts import PRE_PROCEEDINGS
from lineofsight.data.needs import Need
from lineofsight.measures.legal import PRE_PROCEEDINGS_WEEKS
from lineofsight.settings import Settings


@alert(
    "AL17",
    title="Pre-proceedings past 16 weeks",
    raised_when=(
        "a child in PLO pre-proceedings at D whose pre-proceedings started more than 16 weeks before D"
    ),
    owner="head of service",
    needs=(Need(PRE_PROCEEDINGS, months=0),),
)
def pre_proceedings_past_16_weeks(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """Weeks are calendar weeks, so pre-proceedings are due to finish 16 weeks (112 days) after they
    started: on that day they have run 16 weeks, not more, and the alert is raised from the next.
    Pre-proceedings ending on D are still open at D. The alert is about the child, as PL01 counts
    children: a child with two pre-proceedings records open at D (a data error) has one alert, for the
    one that started first, so the alert and PL01 always name the same children.
    """
    start, end = "pre_proceedings_start_date", "pre_proceedings_end_date"
    stages = (
        judged(data["pre_proceedings"], at)
        .filter(open_then(start, end))
        .sort(start, "pre_proceedings_id")
        .unique(["person_id", "as_at"], keep="first", maintain_order=True)
        .with_columns(pl.col(start).dt.offset_by(f"{PRE_PROCEEDINGS_WEEKS}w").alias("due"))
    )
    detail = pl.format("pre-proceedings {} started {}", "pre_proceedings_id", iso(start))
    return raised(stages, data, detail)
