"""Children in need: how many, whether those on a plan are visited, drift, and how cases close.

A child in need is a child with an open episode of need (a row of `cin_episodes`, opened by a
referral), as the CIN census counts them: children on child protection plans and looked-after
children have one too.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from dateutil.relativedelta import relativedelta

from lineofsight.data import CouncilData
from lineofsight.data.facts import CIN_EPISODES, CIN_PLANS, CIN_VISITS, CLOSURE_SIGN_OFF, REFERRALS
from lineofsight.data.needs import Need
from lineofsight.data.periods import (
    children_open_at,
    in_year_to,
    months_after,
    open_at,
    with_allocation_at,
    working_day_deadline,
)
from lineofsight.measures.catalogue import measure
from lineofsight.measures.england import ENGLAND
from lineofsight.settings import Settings

AREA = "Children in need"


def plan_visits(
    data: CouncilData,
    as_at: dt.date,
    *,
    plans: str,
    plan_id: str,
    start: str,
    end: str,
    kind: str,
    interval: int,
) -> pl.DataFrame:
    """One row per child with a plan open at D that started at least `interval` working days before D,
    and whether their latest visit of `kind` still has them within `interval` working days at D.

    "Started at least N working days before D" means the Nth working day after the start is D or
    earlier, so a child whose first visit was due by D is in. "Latest visit within N working days before
    D" is read as a deadline, as AS01 reads it: the next visit is due by the Nth working day after the
    latest, and the child is in time while D is not past it. So a visit exactly N working days before D
    counts, one a working day earlier does not, and on a Saturday after a Friday deadline the child is
    already overdue. Only visits on or after the plan's start count (a visit under an earlier plan is
    not a visit under this one), and only those where the child was seen: a visit where nobody saw the
    child is not a visit to the child. A child with two plans open (a data error) is one child, on the
    plan that started first. Each row belongs to the child's allocated worker at D.
    """
    children = (
        data[plans]
        .filter(open_at(start, end, as_at))
        .sort(start, plan_id)
        .group_by("person_id", maintain_order=True)
        .agg(pl.col(plan_id).first(), pl.col(start).first().alias("plan_start_date"))
    )
    children = children.with_columns(
        working_day_deadline(children, "plan_start_date", interval).alias("first_visit_due")
    ).filter(pl.col("first_visit_due") <= as_at)
    latest = (
        data["visits"]
        .filter((pl.col("visit_kind") == kind) & pl.col("visit_seen") & (pl.col("visit_date") <= as_at))
        .join(children.select("person_id", "plan_start_date"), on="person_id")
        .filter(pl.col("visit_date") >= pl.col("plan_start_date"))
        .group_by("person_id")
        .agg(pl.col("visit_date").max().alias("latest_visit_date"))
    )
    visited = children.join(latest, on="person_id", how="left")
    visited = visited.with_columns(
        working_day_deadline(visited, "latest_visit_date", interval).alias("next_visit_due"),
        pl.lit(as_at).alias("as_at"),
    ).with_columns((pl.col("next_visit_due") >= as_at).fill_null(False).alias("in_numerator"))
    return (
        with_allocation_at(visited, data["allocations"], "as_at")
        .select(
            "person_id",
            plan_id,
            "plan_start_date",
            "latest_visit_date",
            "next_visit_due",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("person_id")
    )


@measure(
    "CN01",
    credited="the team and worker holding the child at D",
    title="Children in need, per 10,000",
    area=AREA,
    definition=(
        "children with a CIN episode open at D (DfE counting, which includes CP and CLA), per 10,000"
    ),
    unit="per 10,000",
    polarity="context",
    kind="rate",
    benchmark=ENGLAND.get("CN01"),
    needs=(Need(CIN_EPISODES, months=0),),
)
def children_in_need_rate(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Children, not episodes: a child with two episodes open (a data error) counts once, on the
    latest. An episode closing on D is still open at D, so a referral closed with no further action on
    D itself counts that day, as the CIN census counts a child in need at any point of its year.
    """
    return children_open_at(
        data["cin_episodes"], data["allocations"], "referral_id", "referral_date", "close_date", as_at
    )


@measure(
    "CN02",
    credited="the team and worker holding the child at D",
    title="CIN-plan children visited within 20 working days",
    area=AREA,
    definition=(
        "children with a CIN plan open at D (started at least 20 working days before D) whose latest "
        "visit is within 20 working days before D ÷ those children (local standard)"
    ),
    unit="%",
    polarity="up",
    settings=("cin_visit_interval_working_days",),
    benchmark=ENGLAND.get("CN02"),
    needs=(Need(CIN_PLANS, months=0), Need(CIN_VISITS, months=3, latest=True)),
)
def cin_plan_visits(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """The interval is the council's standard (`cin_visit_interval_working_days`, 20 by default), the
    same on both sides: the plan must have run that long, and the latest CIN visit be that recent. See
    `plan_visits` for how its edges are read.
    """
    return plan_visits(
        data,
        as_at,
        plans="cin_plans",
        plan_id="cin_plan_id",
        start="cin_plan_start_date",
        end="cin_plan_end_date",
        kind="cin",
        interval=settings.cin_visit_interval_working_days,
    )


@measure(
    "CN03",
    credited="the team and worker holding the child at D",
    title="CIN episodes open two years or more",
    area=AREA,
    definition="count of CIN episodes open at D that started more than 2 years before D",
    unit="count",
    polarity="down",
    kind="count",
    benchmark=ENGLAND.get("CN03"),
    needs=(Need(CIN_EPISODES, months=0),),
)
def long_episodes(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Episodes, not children. "More than 2 years before D" means D is after the same date two years
    on from the referral (from 29 February, 28 February): an episode that started exactly two years
    before D is not yet counted, and one starting a day earlier is.
    """
    episodes = (
        data["cin_episodes"]
        .filter(open_at("referral_date", "close_date", as_at))
        .with_columns(months_after("referral_date", 24).alias("two_years_on"), pl.lit(as_at).alias("as_at"))
        .filter(pl.col("two_years_on") < as_at)
    )
    detail = (
        with_allocation_at(episodes, data["allocations"], "as_at")
        .select("referral_id", "person_id", "referral_date", "two_years_on", "team_id", "worker_id")
        .sort("referral_date", "referral_id")
    )
    return detail


def closures(data: CouncilData) -> pl.DataFrame:
    """Closed episodes, each belonging to the worker who held the child on the day it closed."""
    return with_allocation_at(
        data["cin_episodes"].filter(pl.col("close_date").is_not_null()), data["allocations"], "close_date"
    )


@measure(
    "CN04",
    credited="the team and worker holding the child on the day the episode closed",
    title="Closures without management sign-off",
    area=AREA,
    definition=(
        "CIN episodes closed or stepped down in the year to D with no recorded manager's decision "
        "÷ episodes closed or stepped down in the year to D"
    ),
    unit="%",
    polarity="down",
    benchmark=ENGLAND.get("CN04"),
    needs=(Need(CIN_EPISODES), Need(CLOSURE_SIGN_OFF)),
)
def unsigned_closures(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Every episode that closed in the year to D is in, whatever the reason (stepped down to early
    help, no further action, turning 18): each needs a manager's decision on the record. The decision is
    the recorded manager (`closure_manager_id`); a closure with none is unsigned. A sign-off dated after
    D was not on the record at D, so the closure counts as unsigned as at D.
    """
    signed = pl.col("closure_manager_id").is_not_null() & (
        pl.col("closure_decision_date").is_null() | (pl.col("closure_decision_date") <= as_at)
    )
    detail = (
        closures(data)
        .filter(in_year_to("close_date", as_at))
        .with_columns((~signed).alias("in_numerator"))
        .select(
            "referral_id",
            "person_id",
            "close_date",
            "close_reason",
            "closure_decision",
            "closure_manager_id",
            "closure_decision_date",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("close_date", "referral_id")
    )
    return detail


@measure(
    "CN05",
    credited="the team and worker holding the child on the day the episode closed",
    title="Closures followed by a new referral within 6 months",
    area=AREA,
    definition=(
        "episodes closed in the 12 months ending 6 months before D whose child was referred again within "
        "6 months of the closure ÷ those closures"
    ),
    unit="%",
    polarity="down",
    benchmark=ENGLAND.get("CN05"),
    needs=(Need(CIN_EPISODES, months=18), Need(REFERRALS, months=18)),
)
def closures_referred_again(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """The closures are those in the year to D − 6 months, (D − 18 months, D − 6 months], so every one
    has had its full 6 months by D. "Within 6 months of the closure" is after the closure day, up to and
    including the same date 6 months on (from 31 August, 28 or 29 February). A referral on the closure
    day itself is not "again": it is the same day's work, and an episode's own referral can fall on it.
    """
    end = as_at - relativedelta(months=6)
    closed = (
        closures(data)
        .filter(in_year_to("close_date", end))
        .with_columns(months_after("close_date", 6).alias("six_months_on"))
    )
    again = (
        closed.select("referral_id", "person_id", "close_date", "six_months_on")
        .join(
            data["cin_episodes"].select("person_id", pl.col("referral_date").alias("next_referral_date")),
            on="person_id",
        )
        .filter(
            (pl.col("next_referral_date") > pl.col("close_date"))
            & (pl.col("next_referral_date") <= pl.col("six_months_on"))
        )
        .group_by("referral_id")
        .agg(pl.col("next_referral_date").min())
    )
    detail = (
        closed.join(again, on="referral_id", how="left")
        .with_columns(pl.col("next_referral_date").is_not_null().alias("in_numerator"))
        .select(
            "referral_id",
            "person_id",
            "close_date",
            "six_months_on",
            "next_referral_date",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("close_date", "referral_id")
    )
    return detail
