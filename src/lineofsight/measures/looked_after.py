"""Children looked after: how settled they are where they live."""

from __future__ import annotations

import datetime as dt

import polars as pl

from lineofsight.measures.catalogue import measure
from lineofsight.measures.data import CouncilData
from lineofsight.measures.england import ENGLAND
from lineofsight.measures.periods import open_at, overlaps_year_to
from lineofsight.settings import Settings

AREA = "Children looked after"


def looked_after_at(data: CouncilData, as_at: dt.date) -> pl.DataFrame:
    """One row per child looked after at D, with the start of their current period of care."""
    return (
        data["cla_episodes"]
        .filter(open_at("cla_episode_start_date", "cla_episode_ceased_date", as_at))
        .group_by("person_id")
        .agg(pl.col("cla_episode_start_date").max().alias("period_start_date"))
    )


@measure(
    "LA02",
    title="Three or more placements in the year",
    area=AREA,
    definition=(
        "children looked after at D who had 3 or more placements in the year to D ÷ children looked after "
        "at D (DfE definition: count the placement the child was in at the start of the year and each new "
        "placement during it; a change of legal status alone is not a new placement)"
    ),
    unit="%",
    polarity="down",
    benchmark=ENGLAND.get("LA02"),
)
def placement_moves(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Placements counted are those open on some day of the year to D, (D − 1 year, D]: the one the
    child was in on the year's first day (D − 1 year + 1 day; a placement ending that very day still
    counts) and each starting after it, up to D, across all the child's periods of care.

    Each row of `placements` is one placement. Legal statuses are a separate table, so a change of
    legal status alone never adds one. We count rows and nothing cleverer: two abutting rows for the
    same carer count as two placements, so a load that splits one placement is a data problem to fix
    at the source, not one to guess around here.
    """
    children = looked_after_at(data, as_at)
    placements = (
        data["placements"]
        .filter(overlaps_year_to("placement_start_date", "placement_end_date", as_at))
        .group_by("person_id")
        .agg(
            pl.len().alias("placements"),
            pl.col("placement_start_date").max().alias("latest_placement_start_date"),
        )
    )
    detail = (
        children.join(placements, on="person_id", how="left")
        .with_columns(pl.col("placements").fill_null(0).cast(pl.Int64))
        .with_columns((pl.col("placements") >= 3).alias("in_numerator"))
        .select("person_id", "period_start_date", "latest_placement_start_date", "placements", "in_numerator")
        .sort("person_id")
    )
    return detail
