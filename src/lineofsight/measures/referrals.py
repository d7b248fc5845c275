"""Referrals to children's social care: how many, how many go no further, and how often children come back."""

from __future__ import annotations

import datetime as dt

import polars as pl

from lineofsight.data import CouncilData
from lineofsight.data.facts import REFERRALS
from lineofsight.data.needs import Need
from lineofsight.data.periods import in_year_to, months_after, with_previous_date
from lineofsight.measures.catalogue import measure
from lineofsight.measures.england import ENGLAND
from lineofsight.settings import Settings

AREA = "Referrals and assessments"


def referrals_in_year(data: CouncilData, as_at: dt.date) -> pl.DataFrame:
    """Referrals (rows of `cin_episodes`) made in the year to D, with the team and worker they went to."""
    return data["cin_episodes"].filter(in_year_to("referral_date", as_at))


@measure(
    "RF01",
    credited="the team and worker the referral went to, as recorded with it",
    title="Referrals per 10,000",
    area=AREA,
    definition="referrals in the year to D, per 10,000 children",
    unit="per 10,000",
    polarity="context",
    kind="rate",
    benchmark=ENGLAND.get("RF01"),
    needs=(Need(REFERRALS),),
)
def referral_rate(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Every referral counts, as in the CIN census: a child referred twice in the year counts twice,
    and referrals that went no further are in. The team and worker are the ones the referral went to.
    """
    detail = (
        referrals_in_year(data, as_at)
        .select("referral_id", "person_id", "referral_date", "team_id", "worker_id")
        .sort("referral_date", "referral_id")
    )
    return detail


@measure(
    "RF02",
    credited="the team and worker the referral went to, as recorded with it",
    title="Re-referrals within 12 months",
    area=AREA,
    definition=(
        "referrals in the year to D that came within 12 months of the same child's previous referral "
        "÷ referrals in the year to D (DfE definition)"
    ),
    unit="%",
    polarity="down",
    benchmark=ENGLAND.get("RF02"),
    needs=(Need(REFERRALS, months=24),),
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
        .select(
            "referral_id",
            "person_id",
            "referral_date",
            "previous_referral_date",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("referral_date", "referral_id")
    )
    return detail


@measure(
    "RF03",
    credited="the team and worker the referral went to, as recorded with it",
    title="Referrals with no further action",
    area=AREA,
    definition="referrals in the year to D that ended in no further action ÷ referrals in the year to D",
    unit="%",
    polarity="context",
    benchmark=ENGLAND.get("RF03"),
    needs=(Need(REFERRALS),),
)
def referrals_no_further_action(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """No further action is the CIN census's flag on the referral itself (`referral_nfa`): the front
    door's decision that the referral needs nothing more, taken when it is made. That is what England's
    6.5% counts. A referral closed after an assessment found no need is not one of them: it went
    further, to an assessment.
    """
    detail = (
        referrals_in_year(data, as_at)
        .with_columns(pl.col("referral_nfa").fill_null(False).alias("in_numerator"))
        .select(
            "referral_id",
            "person_id",
            "referral_date",
            "close_date",
            "close_reason",
            "team_id",
            "worker_id",
            "in_numerator",
        )
        .sort("referral_date", "referral_id")
    )
    return detail
