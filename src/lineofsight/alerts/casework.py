"""Alerts about how a child's case is held: too many social workers, none at all, a case closed with no
manager's decision, and a child referred again soon after their case closed.

"Open to children's social care at D" is measure WF08's: an episode of need open at D (one the front
door closed with no further action never became a case), which in the DfE's counting includes
children on plans and looked after, or a period of care open at D. A child's "allocated social
worker" is an allocation to a qualified or first-year (ASYE) social worker, as WF08 counts them. Each
alert is computed as at any date D with the catalogue's conventions (measures.md); `timing` says when
it is raised (the day after it fell due) and what its row carries.
"""

from __future__ import annotations

import polars as pl

from lineofsight.alerts.catalogue import alert
from lineofsight.alerts.timing import AS_AT, iso, judged, open_then, raised
from lineofsight.data import CouncilData
from lineofsight.data.facts import (
    ALLOCATIONS,
    CIN_EPISODES,
    CLOSURE_SIGN_OFF,
    REFERRALS,
    WORKERS,
    WORKFORCE,
)
from lineofsight.data.needs import Need
from lineofsight.data.periods import months_after, with_allocation_at
from lineofsight.measures.workforce import SOCIAL_WORKER_ROLES
from lineofsight.settings import Settings

SOCIAL_WORKERS_IN_A_YEAR = 3  # the DfE's stability indicator: 3 or more social workers in a year
RECENT_DAYS = 30  # "in the 30 days to D": (D − 30 days, D]
RE_REFERRAL_MONTHS = 6


def in_the_30_days_to_d(column: str) -> pl.Expr:
    """The date falls in (D − 30 days, D]: 30 days ago itself is outside, as for "the year to D"."""
    return (pl.col(column) > AS_AT.dt.offset_by(f"-{RECENT_DAYS}d")) & (pl.col(column) <= AS_AT)


def open_children(data: CouncilData, at: pl.DataFrame) -> pl.DataFrame:
    """Each child open at each moment of `at` (`person_id`, `as_at`), with `open_since`, the start of
    the earliest record that keeps them open, and `team_id`, the latest such record's own team."""
    episodes = data["cin_episodes"].filter(~pl.col("referral_nfa").fill_null(False))
    episodes = episodes.select(
        "person_id",
        pl.col("referral_date").alias("open_since"),
        pl.col("close_date").alias("open_until"),
        "team_id",
    )
    care = data["cla_episodes"].select(
        "person_id",
        pl.col("cla_episode_start_date").alias("open_since"),
        pl.col("cla_episode_ceased_date").alias("open_until"),
        pl.lit(None, dtype=pl.String).alias("team_id"),
    )
    return (
        judged(pl.concat([episodes, care]), at)
        .filter(open_then("open_since", "open_until"))
        .sort("person_id", "as_at", "open_since")
        .group_by("person_id", "as_at", maintain_order=True)
        .agg(pl.col("open_since").first(), pl.col("team_id").drop_nulls().last())
    )


def responsible_team(data: CouncilData, children: pl.DataFrame) -> pl.DataFrame:
    """Open children (rows of `open_children`) with `team_id` set to the team answerable for them
    when no social worker holds them: the team of the child's latest allocation since the case
    opened, else the open record's own team (the team that took the referral), else the team of an
    allocation in an earlier case. AL11 raises its rows for this team, and a team manager may open
    the children it names (`web.access.may_see_child`)."""
    last_team = (
        children.select("person_id", "as_at")
        .join(
            data["allocations"].select("person_id", "allocation_id", "allocation_start_date", "team_id"),
            on="person_id",
        )
        .filter(pl.col("allocation_start_date") <= AS_AT)
        .sort("allocation_start_date", "allocation_id")
        .group_by("person_id", "as_at")
        .agg(
            pl.col("team_id").last().alias("last_team_id"),
            pl.col("allocation_start_date").last().alias("last_allocated_from"),
        )
    )
    return (
        children.join(last_team, on=["person_id", "as_at"], how="left")
        .with_columns(
            pl.when(pl.col("last_allocated_from") >= pl.col("open_since"))
            .then(pl.col("last_team_id"))
            .otherwise(pl.coalesce("team_id", "last_team_id"))
            .alias("team_id")
        )
        .drop("last_team_id", "last_allocated_from")
    )


def social_worker_allocations(data: CouncilData) -> pl.DataFrame:
    """Allocations to social workers, each with the worker's `staff_id` and spell in post (and whether
    that spell's dates are known: see `measures.workforce.social_workers`)."""
    workers = data["workers"].filter(pl.col("worker_role").is_in(SOCIAL_WORKER_ROLES))
    return data["allocations"].join(
        workers.select(
            "worker_id", "staff_id", "worker_start_date", "worker_leave_date", "worker_start_provisional"
        ),
        on="worker_id",
    )


@alert(
    "AL10",
    kind="concern",
    title="Three or more social workers in a year",
    raised_when="a child open at D who had 3 or more different allocated social workers in the year to D",
    owner="team manager",
    needs=(Need(CIN_EPISODES, months=0), Need(ALLOCATIONS), Need(WORKERS)),
)
def three_social_workers_in_a_year(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """Every allocation to a social worker open on some day of the year to D, (D − 1 year, D], counts,
    including one that began before the year. Social workers are counted by person (`staff_id`), as
    measure WF06 counts them, so a worker who leaves and comes back is one worker to the child.

    Unlike WF06, allocations to personal advisers and managers do not count: a 16-year-old in care has
    a personal adviser beside their social worker, and a case held by a manager while it waits for a
    worker is not a new social worker, so counting them would raise the alert for children who have
    had only two. Nor does the alert, unlike WF06, need the child to have been open all year: a child
    who has had three social workers in a few months is the one a manager should look at.

    It falls due when the third social worker's first allocation in the year began (ordered by start),
    so it is raised from the next day; that start may fall before the year when the child had three
    workers at once.
    """
    year_start = AS_AT.dt.offset_by("-1y")  # D − 1 year, itself outside the year (29 Feb to 28 Feb)
    allocations = social_worker_allocations(data).select(
        "person_id", "staff_id", "allocation_start_date", "allocation_end_date"
    )
    children = open_children(data, at)
    counted = (
        children.select("person_id", "as_at")
        .join(allocations, on="person_id")
        .filter(
            (pl.col("allocation_start_date") <= AS_AT)
            & (pl.col("allocation_end_date").is_null() | (pl.col("allocation_end_date") > year_start))
        )
        .group_by("person_id", "as_at", "staff_id")
        .agg(pl.col("allocation_start_date").min().alias("first_start"))
        .group_by("person_id", "as_at")
        .agg(
            pl.len().alias("social_workers"),
            pl.col("first_start").sort().slice(SOCIAL_WORKERS_IN_A_YEAR - 1, 1).first().alias("due"),
        )
        .filter(pl.col("social_workers") >= SOCIAL_WORKERS_IN_A_YEAR)
    )
    found = children.join(counted, on=["person_id", "as_at"])
    detail = pl.format("{} social workers in the year, the third allocated {}", "social_workers", iso("due"))
    return raised(found, data, detail)


@alert(
    "AL11",
    title="No allocated worker",
    raised_when="a child open to children's social care at D with no allocated social worker at D",
    owner="team manager",
    needs=(Need(CIN_EPISODES, months=0), Need(ALLOCATIONS, months=0), Need(WORKFORCE, months=0)),
)
def no_allocated_worker(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """As measure WF08 counts them, a child is allocated when an allocation open at D (an end on D
    still holds the child) names a social worker in post at D; an allocation to a worker who has left,
    or to a personal adviser or manager, does not allocate the child.

    It falls due on the last day a social worker held the child since the case opened (the end of the
    allocation, or the worker's last day in post if sooner), else on the day the case opened, and is
    raised from the next day: a case opened on D is not raised on D. The row's team is the team of the
    child's latest allocation since the case opened, else the open record's own team (the team that took
    the referral), else the team of an allocation in an earlier case, so each manager sees their own
    unallocated children. (WF08 prefers any earlier allocation's team to the referral's own; for a
    child referred again months after a closure, the team now holding the referral is the one to act.)
    Its worker is whoever the record still shows holding the child at D (a personal adviser, a worker
    who has left), or none. A worker whose days in post are not known (named by a case-management
    extract, and not in the workforce census) does not hold a child.
    """
    allocations = (
        social_worker_allocations(data)
        .filter(~pl.col("worker_start_provisional"))
        .with_columns(
            pl.max_horizontal("allocation_start_date", "worker_start_date").alias("held_from"),
            pl.min_horizontal("allocation_end_date", "worker_leave_date").alias("held_until"),
        )
    )
    children = open_children(data, at)
    held = children.select("person_id", "as_at").join(
        allocations.select("person_id", "held_from", "held_until"), on="person_id"
    )
    allocated = held.filter(open_then("held_from", "held_until")).select("person_id", "as_at")
    last_held = (
        held.filter((pl.col("held_from") <= AS_AT) & (pl.col("held_until") < AS_AT))
        .group_by("person_id", "as_at")
        .agg(pl.col("held_until").max().alias("last_held"))
    )
    ended = pl.col("last_held") >= pl.col("open_since")
    unallocated = (
        responsible_team(data, children.join(allocated, on=["person_id", "as_at"], how="anti"))
        .join(last_held, on=["person_id", "as_at"], how="left")
        .with_columns(
            pl.when(ended).then(pl.col("last_held")).otherwise(pl.col("open_since")).alias("due"),
            pl.lit(None, dtype=pl.String).alias("worker_id"),
        )
    )
    detail = (
        pl.when(ended)
        .then(pl.format("open since {}, last allocated {}", iso("open_since"), iso("last_held")))
        .otherwise(pl.format("open since {}, no social worker since", iso("open_since")))
    )
    return raised(unallocated, data, detail)


@alert(
    "AL12",
    title="Closed without management sign-off",
    raised_when=(
        "a CIN episode closed or stepped down in the 30 days to D with no recorded manager's decision"
    ),
    owner="team manager",
    needs=(Need(CIN_EPISODES, months=1), Need(CLOSURE_SIGN_OFF, months=1)),
)
def closed_without_sign_off(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """As measure CN04 judges it: every closure counts, whatever its reason, and the decision is the
    recorded manager (`closure_manager_id`). A closure with a decision (`closure_decision`) but no
    manager is unsigned, since anyone can fill in the form; a sign-off dated after D was not on the
    record at D. It falls due on the closure date and is raised from the next day until the closure
    is 30 days old, (D − 30 days, D]: after that it is history for measure CN04, not an action.

    The row belongs to the child's allocation at D; a closed case usually has none, and then it keeps
    the worker and team that held the child on the day it closed (else the episode's own), whose
    manager should sign it off.
    """
    closures = data["cin_episodes"].filter(pl.col("close_date").is_not_null())
    closures = with_allocation_at(closures, data["allocations"], "close_date")
    signed = pl.col("closure_manager_id").is_not_null() & (
        pl.col("closure_decision_date").is_null() | (pl.col("closure_decision_date") <= AS_AT)
    )
    unsigned = (
        judged(closures, at)
        .filter(in_the_30_days_to_d("close_date") & ~signed)
        .with_columns(pl.col("close_date").alias("due"))
    )
    detail = pl.format("referral {} closed {}, no manager's decision", "referral_id", iso("close_date"))
    return raised(unsigned, data, detail)


@alert(
    "AL13",
    title="Re-referred within 6 months of closure",
    raised_when=(
        "a referral in the 30 days to D for a child whose previous episode closed less than 6 months "
        "before it"
    ),
    owner="head of service",
    needs=(Need(REFERRALS, months=7), Need(CIN_EPISODES, months=7)),
)
def re_referred_within_6_months(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """The previous episode is the same child's episode that closed most recently strictly before the
    referral's date (a closure on the day of the referral is the same day's work, as measure CN05
    reads it). "Less than 6 months" is read as CN05's "within 6 months": the referral is on or before
    the same calendar date 6 months after the closure (from 31 August, the last day of February), so
    the alert and the measure agree on every re-referral. Every referral counts, one the front door
    closed with no further action included.

    It falls due on the referral's date and is raised from the next day while the referral is in the
    30 days to D, (D − 30 days, D], so the head of service sees each new re-referral for a month.
    """
    episodes = data["cin_episodes"]
    closed = episodes.filter(pl.col("close_date").is_not_null()).select(
        "person_id",
        pl.col("referral_id").alias("previous_referral_id"),
        pl.col("close_date").alias("previous_close_date"),
    )
    previous = (
        episodes.select("referral_id", "person_id", "referral_date")
        .join(closed, on="person_id")
        .filter(
            (pl.col("previous_referral_id") != pl.col("referral_id"))
            & (pl.col("previous_close_date") < pl.col("referral_date"))
        )
        .sort("previous_close_date", "previous_referral_id")
        .group_by("referral_id")
        .agg(pl.col("previous_referral_id").last(), pl.col("previous_close_date").last())
    )
    again = episodes.join(previous, on="referral_id").filter(
        pl.col("referral_date") <= months_after("previous_close_date", RE_REFERRAL_MONTHS)
    )
    recent = (
        judged(again, at)
        .filter(in_the_30_days_to_d("referral_date"))
        .with_columns(pl.col("referral_date").alias("due"))
    )
    detail = pl.format(
        "referral {} on {}, previous episode closed {}",
        "referral_id",
        iso("referral_date"),
        iso("previous_close_date"),
    )
    return raised(recent, data, detail)
