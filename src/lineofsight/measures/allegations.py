"""Allegations against people who work with children: how quickly the designated officer resolves them."""

from __future__ import annotations

import datetime as dt

import polars as pl

from lineofsight.data import CouncilData
from lineofsight.data.facts import ALLEGATIONS
from lineofsight.data.needs import Need
from lineofsight.data.periods import in_year_to, months_after
from lineofsight.measures.catalogue import measure
from lineofsight.measures.england import ENGLAND
from lineofsight.settings import Settings

AREA = "Legal, allegations and private fostering"


@measure(
    "LD01",
    credited=None,
    title="Allegations against professionals resolved within a month",
    area=AREA,
    definition=(
        "allegations referred to the designated officer that were resolved in the year to D within "
        "1 month of referral ÷ allegations resolved in the year to D"
    ),
    unit="%",
    polarity="up",
    benchmark=ENGLAND.get("LD01"),
    needs=(Need(ALLEGATIONS),),
)
def allegations_resolved_in_a_month(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Within a month is on or before the same date a month after referral (from 31 January, the last
    day of February), as the former national target counted it. Only allegations resolved in the year
    count, so one still open at D is in neither side until it is resolved. Allegations are about
    adults, not children, so the rows carry no child, team or worker.
    """
    detail = (
        data["allegations"]
        .filter(in_year_to("resolution_date", as_at))
        .with_columns(months_after("referral_date", 1).alias("one_month_on"))
        .with_columns((pl.col("resolution_date") <= pl.col("one_month_on")).alias("in_numerator"))
        .select(
            "allegation_id",
            "sector",
            "referral_date",
            "one_month_on",
            "resolution_date",
            "outcome",
            "in_numerator",
        )
        .sort("resolution_date", "allegation_id")
    )
    return detail
