"""Children looked after who go missing: return-home interviews within 72 hours of their return."""

from __future__ import annotations

import datetime as dt

import polars as pl

from lineofsight.data import CouncilData
from lineofsight.data.facts import MISSING, RETURN_INTERVIEWS
from lineofsight.data.needs import Need
from lineofsight.data.periods import (
    in_year_to,
)
from lineofsight.measures.catalogue import measure
from lineofsight.measures.england import ENGLAND
from lineofsight.measures.looked_after import (
    AREA,
    RETURN_INTERVIEW,
    responsible_at,
)
from lineofsight.settings import Settings


@measure(
    "LA08",
    credited="the team and worker holding the child on the day they came back",
    title="Return-home interviews within 72 hours",
    area=AREA,
    definition=(
        "missing episodes ending in the year to D where a return-home interview was offered within 72 "
        "hours of return ÷ missing episodes ending in the year to D"
    ),
    unit="%",
    polarity="up",
    benchmark=ENGLAND.get("LA08"),
    needs=(Need(MISSING), Need(RETURN_INTERVIEWS)),
)
def return_interviews(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Timed to the minute: an interview offered 72 hours after the return to the minute is on time.
    Missing and away episodes both count, as both are recorded returns the guidance asks about.

    An offer recorded after the end of D is not known at D and does not count, so a child who came
    back in the last three days of the year and has not yet been offered an interview shows as not
    offered (their `rhi_deadline` says how long is left); the figure as at a later date will count it.
    """
    end_of_day = dt.datetime.combine(as_at + dt.timedelta(days=1), dt.time())
    episodes = (
        data["missing_episodes"]
        .with_columns(pl.col("missing_episode_end").dt.date().alias("return_date"))
        .filter(in_year_to("return_date", as_at))
        .with_columns((pl.col("missing_episode_end") + RETURN_INTERVIEW).alias("rhi_deadline"))
        .with_columns(
            ((pl.col("rhi_offered_at") <= pl.col("rhi_deadline")) & (pl.col("rhi_offered_at") < end_of_day))
            .fill_null(False)
            .alias("in_numerator")
        )
    )
    return (
        responsible_at(data, episodes, "return_date")
        .select(
            "missing_episode_id",
            "person_id",
            "missing_episode_type",
            "missing_episode_start",
            "missing_episode_end",
            "rhi_deadline",
            "rhi_offered_at",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("missing_episode_end", "missing_episode_id")
    )
