"""Referrals to children's social care: how often children come back."""

from __future__ import annotations

import datetime as dt

import polars as pl

from lineofsight.measures.catalogue import measure
from lineofsight.measures.data import CouncilData
from lineofsight.measures.england import ENGLAND
from lineofsight.measures.periods import in_year_to, months_after, with_previous_date
from lineofsight.settings import Settings

AREA = "Referrals and assessments"


@measure(
    "RF02",
    title="Re-referrals within 12 months",
    area=AREA,
    definition=(
        "referrals in the year to D that came within 12 months of the same child's previous referral "
        "÷ referrals in the year to D (DfE definition)"
    ),
    unit="%",
    polarity="down",
    benchmark=ENGLAND.get("RF02"),
)
def re_referrals(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Each referral (a row of `cin_episodes`) is checked against the child's latest earlier one.

    "Earlier" is strictly earlier: two referrals on the same day are not re-referrals of each other.
    Only the latest earlier referral matters, since any older one is further away. "Within 12 months"
    follows the catalogue's convention from the previous referral: on or before the same date 12
    months later, so a referral on 29 February 2024 after one on 28 February 2023 is not a re-referral
    (28 February 2023 + 12 months = 28 February 2024). The previous referral may be before the year.
    """
    referrals = with_previous_date(data["cin_episodes"], "referral_date", "previous_referral_date")
    detail = (
        referrals.filter(in_year_to("referral_date", as_at))
        .with_columns(
            (pl.col("referral_date") <= months_after("previous_referral_date", 12))
            .fill_null(False)
            .alias("in_numerator")
        )
        .select("referral_id", "person_id", "referral_date", "previous_referral_date", "in_numerator")
        .sort("referral_date", "referral_id")
    )
    return detail
