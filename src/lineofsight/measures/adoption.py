"""Adoption: how long children wait, from entering care to moving in with their adoptive family."""

from __future__ import annotations

import datetime as dt

import polars as pl
from dateutil.relativedelta import relativedelta

from lineofsight.data import CouncilData
from lineofsight.data.facts import ADOPTIONS, CLA_PERIODS
from lineofsight.data.needs import Need
from lineofsight.measures.catalogue import measure
from lineofsight.measures.england import ENGLAND
from lineofsight.measures.looked_after import (
    AREA,
    WITH_CURRENT_FOSTER_CARERS,
    responsible_at,
)
from lineofsight.settings import Settings


def _moved_in_with_adopters(data: CouncilData, adoptions: pl.DataFrame) -> pl.DataFrame:
    """The day each child moved in with the family that adopted them: the adoptive placement's start,
    or, when the child was placed for adoption with their own foster carers (903 A3 or A5), the start
    of the foster placement that ended that day, as the DfE's adoption scorecard counts it."""
    placements = data["placements"]
    with_foster_carers = (
        placements.filter(pl.col("placement_type").is_in(WITH_CURRENT_FOSTER_CARERS))
        .select("person_id", pl.col("placement_start_date").alias("placed_date"))
        .unique()
        .with_columns(pl.lit(True).alias("adopted_by_foster_carers"))
    )
    fostered = (
        placements.filter(pl.col("placement_end_date").is_not_null())
        .group_by("person_id", pl.col("placement_end_date").alias("placed_date"))
        .agg(pl.col("placement_start_date").min().alias("fostered_since"))
    )
    return (
        adoptions.join(with_foster_carers, on=["person_id", "placed_date"], how="left")
        .join(fostered, on=["person_id", "placed_date"], how="left")
        .with_columns(pl.col("adopted_by_foster_carers").fill_null(False))
        .with_columns(
            pl.when("adopted_by_foster_carers")
            .then(pl.coalesce("fostered_since", "placed_date"))
            .otherwise(pl.col("placed_date"))
            .alias("moved_in_date")
        )
    )


@measure(
    "LA10",
    credited="the team and worker holding the child on the day they were placed for adoption",
    title="Days from entering care to moving in with adoptive family",
    area=AREA,
    definition=(
        "mean days, over children adopted in the 3 years to D, from entering care to moving in with the "
        "adoptive family"
    ),
    unit="days",
    polarity="down",
    kind="mean",
    benchmark=ENGLAND.get("LA10"),
    needs=(Need(ADOPTIONS, months=36), Need(CLA_PERIODS, months=None)),
)
def time_to_adoptive_family(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Adopted in the 3 years to D: an adoption order in (D − 3 years, D]. Entering care is the start
    of the period of care the adoption record names, so an earlier period of care that ended with
    the child going home is not counted. An adoption that names no period of care we hold, or has no
    date of moving in, stays in the detail with no value, and is left out of the mean.
    """
    start = as_at - relativedelta(years=3)
    adoptions = (
        data["adoptions"]
        .filter(pl.col("adoption_order_date").is_between(start, as_at, closed="right"))
        .join(
            data["cla_episodes"].select("cla_episode_id", "cla_episode_start_date"),
            on="cla_episode_id",
            how="left",
        )
    )
    detail = _moved_in_with_adopters(data, adoptions).with_columns(
        (pl.col("moved_in_date") - pl.col("cla_episode_start_date")).dt.total_days().alias("value")
    )
    return (
        responsible_at(data, detail, "placed_date")
        .select(
            "adoption_id",
            "person_id",
            "cla_episode_id",
            "cla_episode_start_date",
            "placed_date",
            "adopted_by_foster_carers",
            "moved_in_date",
            "adoption_order_date",
            "value",
            "team_id",
            "worker_id",
        )
        .sort("adoption_order_date", "adoption_id")
    )
