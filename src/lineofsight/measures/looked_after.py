"""Children looked after: how many, how settled, whether their reviews and visits are on time, and
where they live. Health and education, missing episodes and adoption have modules of their own."""

from __future__ import annotations

import datetime as dt

import polars as pl

from lineofsight.data import CouncilData
from lineofsight.data.facts import (
    CLA_PERIOD_STARTS,
    CLA_PERIODS,
    CLA_REVIEWS,
    CLA_VISITS,
    CONNECTED_CARERS,
    LATEST_PLACEMENTS,
    PLACEMENT_DISTANCES,
    PLACEMENTS,
)
from lineofsight.data.needs import Either, Need
from lineofsight.data.periods import (
    in_year_to,
    months_after,
    numbered_within,
    open_at,
    overlaps_year_to,
    with_allocation_at,
    working_day_deadline,
)
from lineofsight.measures.catalogue import measure
from lineofsight.measures.england import ENGLAND
from lineofsight.settings import Settings

AREA = "Children looked after"
FIRST_REVIEW_WORKING_DAYS = 20  # CPPCR reg 33: first review within 20 working days of becoming looked after
VISIT_INTERVAL = dt.timedelta(weeks=6)  # CPPCR reg 28: at most 6 weeks between visits
RETURN_INTERVIEW = dt.timedelta(hours=72)  # missing from care guidance: offered within 72 hours of return
TEMPORARY_APPROVAL = dt.timedelta(weeks=16)  # CPPCR reg 24: a connected carer's temporary approval
PLACED_FOR_ADOPTION = ("A3", "A4", "A5", "A6")  # 903 PLACE codes
WITH_CURRENT_FOSTER_CARERS = ("A3", "A5")  # placed for adoption with the child's foster carers
HEALTH_ASSESSMENTS = ("initial", "review")  # a dental check is not a health assessment
FAR_FROM_HOME_MILES = 20.0


def on_day(start: str, end: str, day: str) -> pl.Expr:
    """`open_at` against a column of days: started by the row's `day` and not ended before it."""
    return (pl.col(start) <= pl.col(day)) & (pl.col(end).is_null() | (pl.col(end) >= pl.col(day)))


def responsible_at(data: CouncilData, frame: pl.DataFrame, day: str | dt.date) -> pl.DataFrame:
    """`frame` with the `team_id` and `worker_id` of each child's allocation open on `day` (a column of
    dates, or one date such as D): the worker a manager would ask about that row (see
    `periods.with_allocation_at`). With no allocation open both are null: unallocated."""
    if isinstance(day, str):
        return with_allocation_at(frame, data["allocations"], day)
    dated = frame.with_columns(pl.lit(day, dtype=pl.Date).alias("_day"))
    return with_allocation_at(dated, data["allocations"], "_day").drop("_day")


def looked_after_at(data: CouncilData, as_at: dt.date) -> pl.DataFrame:
    """One row per child looked after at D, with their current period of care and its start."""
    return (
        data["cla_episodes"]
        .filter(open_at("cla_episode_start_date", "cla_episode_ceased_date", as_at))
        .sort("cla_episode_start_date", "cla_episode_id")
        .group_by("person_id")
        .agg(
            pl.col("cla_episode_start_date").last().alias("period_start_date"),
            pl.col("cla_episode_id").last(),
        )
    )


def current_placements(data: CouncilData, as_at: dt.date) -> pl.DataFrame:
    """Each child's placement at D. A child who moved on D has two placements open that day (one
    ending, one starting); the one that started last is where the child lives at D."""
    return (
        data["placements"]
        .filter(open_at("placement_start_date", "placement_end_date", as_at))
        .sort("placement_start_date", "placement_id")
        .group_by("person_id")
        .last()
    )


def with_birth_dates(frame: pl.DataFrame, data: CouncilData) -> pl.DataFrame:
    return frame.join(data["person"].select("person_id", "person_dob"), on="person_id", how="left")


def latest_before(events: pl.DataFrame, date: str, as_at: dt.date, alias: str) -> pl.DataFrame:
    """Each child's latest `date` on or before D, in column `alias`."""
    return events.filter(pl.col(date) <= as_at).group_by("person_id").agg(pl.col(date).max().alias(alias))


@measure(
    "LA01",
    credited="the team and worker holding the child at D",
    title="Children looked after, per 10,000",
    area=AREA,
    definition="children looked after at D, per 10,000",
    unit="per 10,000",
    polarity="context",
    kind="rate",
    benchmark=ENGLAND.get("LA01"),
    needs=(Need(CLA_PERIODS, months=0),),
)
def children_looked_after(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """A child who comes into care on D, or leaves care on D, is looked after at D. A child with two
    periods of care open at D (a data error) is one child."""
    children = looked_after_at(data, as_at)
    return (
        responsible_at(data, children, as_at)
        .select("person_id", "cla_episode_id", "period_start_date", "team_id", "worker_id")
        .sort("person_id")
    )


@measure(
    "LA02",
    credited="the team and worker holding the child at D",
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
    needs=(Need(CLA_PERIODS, months=0), Need(PLACEMENTS)),
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
    )
    return (
        responsible_at(data, detail, as_at)
        .select(
            "person_id",
            "period_start_date",
            "latest_placement_start_date",
            "placements",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("person_id")
    )


@measure(
    "LA03",
    credited="the team and worker holding the child at D",
    title="Long-term placement stability",
    area=AREA,
    definition=(
        "children under 16 at D, looked after continuously for 2½ years or more, who have been in the "
        "same placement for 2 years or more or are placed for adoption ÷ children under 16 at D looked "
        "after for 2½ years or more (DfE definition)"
    ),
    unit="%",
    polarity="up",
    benchmark=ENGLAND.get("LA03"),
    needs=(
        Either(
            [Need(CLA_PERIODS, months=30), Need(PLACEMENTS, months=24)],
            [
                Need(CLA_PERIODS, months=0),
                Need(CLA_PERIOD_STARTS, months=0, latest=True),
                Need(LATEST_PLACEMENTS, months=0, latest=True),
            ],
        ),
    ),
)
def long_term_stability(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """ "Continuously" is the current period of care: a child who left care and came back counts from
    the day they came back. 2½ years is 30 calendar months (the catalogue's month rule), so a child
    who came into care on 30 September 2022 is in on 31 March 2025 and one who came in on 1 October
    is not; "2 years in the same placement" compares the placement's start the same way.

    Placed for adoption is the current placement's 903 code, A3 to A6. The DfE's published wording
    adds that the adoptive placement and the one before it together last 2 years; the catalogue
    counts every child placed for adoption, and so do we.
    """
    children = with_birth_dates(looked_after_at(data, as_at), data).filter(
        (months_after("person_dob", 16 * 12) > as_at) & (months_after("period_start_date", 30) <= as_at)
    )
    placements = current_placements(data, as_at).select(
        "person_id", "placement_id", "placement_start_date", "placement_type"
    )
    detail = (
        children.join(placements, on="person_id", how="left")
        .with_columns(
            (months_after("placement_start_date", 24) <= as_at).fill_null(False).alias("same_for_two_years"),
            pl.col("placement_type").is_in(PLACED_FOR_ADOPTION).fill_null(False).alias("placed_for_adoption"),
        )
        .with_columns((pl.col("same_for_two_years") | pl.col("placed_for_adoption")).alias("in_numerator"))
    )
    return (
        responsible_at(data, detail, as_at)
        .select(
            "person_id",
            "person_dob",
            "period_start_date",
            "placement_id",
            "placement_start_date",
            "placement_type",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("person_id")
    )


def _review_chain(data: CouncilData, as_at: dt.date) -> pl.DataFrame:
    """Every review held by D in each period of care, then the next one that will be due, numbered
    from 1 in each period, with the date of the one before (null for the first)."""
    episodes = data["cla_episodes"].filter(pl.col("cla_episode_start_date") <= as_at)
    held = (
        data["cla_reviews"]
        .filter(pl.col("cla_review_date") <= as_at)
        .sort("cla_review_date", "cla_review_id")
        .unique(["cla_episode_id", "cla_review_date"], keep="first", maintain_order=True)
        .select("cla_episode_id", "cla_review_id", "cla_review_date")
    )
    still_to_come = episodes.select(
        "cla_episode_id",
        pl.lit(None, dtype=pl.String).alias("cla_review_id"),
        pl.lit(None, dtype=pl.Date).alias("cla_review_date"),
    )
    chain = (
        pl.concat([held, still_to_come])
        .join(
            episodes.select(
                "cla_episode_id", "person_id", "cla_episode_start_date", "cla_episode_ceased_date"
            ),
            on="cla_episode_id",
        )
        .sort("cla_episode_id", "cla_review_date", nulls_last=True)
    )
    return numbered_within(
        chain, "cla_episode_id", "cla_review_date", "review_number", "previous_review_date"
    )


@measure(
    "LA04",
    credited="the team and worker holding the child on the day the review was due",
    title="CLA reviews on time",
    area=AREA,
    definition=(
        "reviews due in the year to D held on time (first within 20 working days of becoming looked "
        "after, second within 3 months of the first, later ones within 6 months) ÷ reviews due"
    ),
    unit="%",
    polarity="up",
    benchmark=ENGLAND.get("LA04"),
    needs=(Need(CLA_PERIODS, months=18), Need(CLA_REVIEWS, months=18)),
)
def reviews_on_time(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Each review's due date runs from the review actually held before it (regulation 33), so a
    late review moves the next one's clock, and every new period of care starts again at a first
    review. The recorded due date is not used: the rule is.

    A review is due in the year when its due date falls in it. One held by its due date is on time;
    one held later is late; one not held by D (even if held afterwards) is not on time. After the
    last review held, the next is due only while the child is still looked after on its due date
    (leaving care on the due date still counts as looked after that day).
    """
    chain = _review_chain(data, as_at)
    chain = chain.with_columns(
        working_day_deadline(chain, "cla_episode_start_date", FIRST_REVIEW_WORKING_DAYS).alias("_first")
    )
    due = (
        chain.with_columns(
            pl.when(pl.col("review_number") == 1)
            .then(pl.col("_first"))
            .when(pl.col("review_number") == 2)
            .then(months_after("previous_review_date", 3))
            .otherwise(months_after("previous_review_date", 6))
            .alias("due_date")
        )
        .filter(
            in_year_to("due_date", as_at)
            & (
                pl.col("cla_review_date").is_not_null()
                | pl.col("cla_episode_ceased_date").is_null()
                | (pl.col("due_date") <= pl.col("cla_episode_ceased_date"))
            )
        )
        .with_columns(
            (pl.col("cla_review_date") <= pl.col("due_date")).fill_null(False).alias("in_numerator")
        )
    )
    return (
        responsible_at(data, due, "due_date")
        .select(
            "cla_episode_id",
            "person_id",
            "review_number",
            "cla_episode_start_date",
            "previous_review_date",
            "due_date",
            "cla_review_id",
            "cla_review_date",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("due_date", "cla_episode_id", "review_number")
    )


@measure(
    "LA05",
    credited="the team and worker holding the child at D",
    title="CLA visits on time",
    area=AREA,
    definition=(
        "children looked after at D whose latest visit is within 6 weeks before D (3 months where the "
        "placement is long-term and over a year old) ÷ children looked after at D for at least 6 weeks"
    ),
    unit="%",
    polarity="up",
    benchmark=ENGLAND.get("LA05"),
    needs=(
        Need(CLA_PERIODS, months=0),
        Need(CLA_VISITS, months=4, latest=True),
        Either([Need(PLACEMENTS)], [Need(LATEST_PLACEMENTS, months=0, latest=True)]),
    ),
)
def visits_on_time(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """The next visit is due 6 weeks after the latest (3 calendar months when the placement at D is
    marked long-term and has lasted a year or more: regulation 28's interval "after the first year");
    a child is visited on time while D is not past that due date, so a visit exactly 6 weeks before D
    counts and one a day earlier does not.

    Only looked-after visits in the current period of care at which the child was seen count:
    regulation 28 visits are to see the child, and a visit from an earlier period of care says
    nothing about the placement the child is in now.
    """
    children = looked_after_at(data, as_at).filter(pl.col("period_start_date") + VISIT_INTERVAL <= as_at)
    placements = current_placements(data, as_at).select(
        "person_id", "placement_start_date", "placement_long_term"
    )
    visits = (
        data["visits"]
        .filter((pl.col("visit_kind") == "cla") & pl.col("visit_seen") & (pl.col("visit_date") <= as_at))
        .join(children.select("person_id", "period_start_date"), on="person_id")
        .filter(pl.col("visit_date") >= pl.col("period_start_date"))
        .group_by("person_id")
        .agg(pl.col("visit_date").max().alias("latest_visit_date"))
    )
    detail = (
        children.join(placements, on="person_id", how="left")
        .join(visits, on="person_id", how="left")
        .with_columns(
            (
                pl.col("placement_long_term").fill_null(False)
                & (months_after("placement_start_date", 12) <= as_at).fill_null(False)
            ).alias("long_term_settled")
        )
        .with_columns(
            pl.when("long_term_settled")
            .then(months_after("latest_visit_date", 3))
            .otherwise(pl.col("latest_visit_date") + VISIT_INTERVAL)
            .alias("next_visit_due")
        )
        .with_columns((pl.col("next_visit_due") >= as_at).fill_null(False).alias("in_numerator"))
    )
    return (
        responsible_at(data, detail, as_at)
        .select(
            "person_id",
            "period_start_date",
            "placement_start_date",
            "long_term_settled",
            "latest_visit_date",
            "next_visit_due",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("person_id")
    )


@measure(
    "LA09",
    credited="the team and worker holding the child at D",
    title="Connected carers past temporary approval",
    area=AREA,
    definition=(
        "count of placements with connected persons open at D, temporarily approved more than 16 weeks "
        "before D and not yet fully approved"
    ),
    unit="count",
    polarity="down",
    kind="count",
    benchmark=ENGLAND.get("LA09"),
    needs=(Need(PLACEMENTS, months=0), Need(CONNECTED_CARERS, months=0)),
)
def connected_carers_overdue(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Regulation 24 approval lasts 16 weeks: a placement approved exactly 16 weeks before D is on
    its last day and not counted; one approved a day earlier is. A regulation 25 extension does not
    take a placement out of the count (the catalogue counts every one past 16 weeks; the extension
    date is in the detail for the manager). A full approval dated after D has not happened at D.
    """
    placements = data["placements"].filter(
        open_at("placement_start_date", "placement_end_date", as_at)
        & (pl.col("connected_person_temporary_approval_date") + TEMPORARY_APPROVAL < as_at)
        & (
            pl.col("connected_person_full_approval_date").is_null()
            | (pl.col("connected_person_full_approval_date") > as_at)
        )
    )
    return (
        responsible_at(data, placements, as_at)
        .select(
            "placement_id",
            "person_id",
            "placement_start_date",
            "placement_type",
            "connected_person_temporary_approval_date",
            "connected_person_extension_date",
            "team_id",
            "worker_id",
        )
        .sort("connected_person_temporary_approval_date", "placement_id")
    )


@measure(
    "LA11",
    credited="the team and worker holding the child at D",
    title="Placed more than 20 miles from home",
    area=AREA,
    definition=(
        "children looked after at D placed more than 20 miles from home ÷ children looked after at D "
        "with a known distance"
    ),
    unit="%",
    polarity="down",
    benchmark=ENGLAND.get("LA11"),
    needs=(Need(CLA_PERIODS, months=0), Need(PLACEMENTS, months=0), Need(PLACEMENT_DISTANCES, months=0)),
)
def placed_far_from_home(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """The distance is the placement's at D (the one started last, for a child who moved on D).
    Exactly 20 miles is not more than 20. A child whose placement has no distance recorded is left
    out of both sides, as the catalogue says, so gaps in recording do not look like good practice.
    """
    children = looked_after_at(data, as_at).select("person_id", "period_start_date")
    placements = current_placements(data, as_at).filter(pl.col("placement_distance_miles").is_not_null())
    detail = children.join(placements, on="person_id").with_columns(
        (pl.col("placement_distance_miles") > FAR_FROM_HOME_MILES).alias("in_numerator")
    )
    return (
        responsible_at(data, detail, as_at)
        .select(
            "person_id",
            "placement_id",
            "placement_start_date",
            "placement_type",
            "placement_distance_miles",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("person_id")
    )
