"""Alerts about children whose statutory work is past its timescale: assessments, visits and reviews.

Each is computed as at any date D from the canonical model, with the catalogue's conventions
(measures.md): working days count the starting event as day 0, "open at D" counts an end on D as open,
and months are calendar months. `timing` says when an alert is raised and what its row carries.
"""

from __future__ import annotations

import polars as pl

from lineofsight.alerts.catalogue import alert
from lineofsight.alerts.timing import AS_AT, iso, judged, open_then, raised
from lineofsight.data import CouncilData
from lineofsight.data.facts import (
    ASSESSMENTS,
    CIN_PLANS,
    CIN_VISITS,
    CLA_PERIODS,
    CLA_REVIEWS,
    CP_PLANS,
    CP_REVIEWS,
    CP_VISITS,
    ICPCS,
)
from lineofsight.data.needs import Need
from lineofsight.data.periods import months_after, working_day_deadline
from lineofsight.settings import Settings

ASSESSMENT_WORKING_DAYS = 45  # Working Together: an assessment within 45 working days of its start
FIRST_CP_REVIEW_MONTHS = 3  # Working Together: first review conference within 3 months of the ICPC
LATER_CP_REVIEW_MONTHS = 6
FIRST_CLA_REVIEW_WORKING_DAYS = 20  # Care Planning Regulations 2010, regulation 33
SECOND_CLA_REVIEW_MONTHS = 3
LATER_CLA_REVIEW_MONTHS = 6


@alert(
    "AL01",
    title="Assessment past 45 working days",
    raised_when="an assessment open at D started more than 45 working days before D",
    owner="team manager",
    needs=(Need(ASSESSMENTS, months=0),),
)
def assessment_past_45_working_days(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """An assessment is open until its authorisation, and one authorised on D is still open on D (the
    catalogue's convention). It is due on the 45th working day after its start, so it is raised from
    the next calendar day. Where the child has no allocated worker at D, the row keeps the
    assessment's own team and worker.
    """
    assessments = data["assessments"]
    assessments = assessments.with_columns(
        working_day_deadline(assessments, "assessment_start_date", ASSESSMENT_WORKING_DAYS).alias("due")
    )
    in_progress = judged(assessments, at).filter(open_then("assessment_start_date", "assessment_auth_date"))
    detail = pl.format("assessment {} started {}", "assessment_id", iso("assessment_start_date"))
    return raised(in_progress, data, detail)


def _visit_overdue(
    plans: pl.DataFrame, data: CouncilData, kind: str, interval: int, start: str
) -> pl.DataFrame:
    """Plans open at D whose latest visit of `kind` (or the plan's start) is more than `interval`
    working days before D. Only visits between the plan's start and D count, and only those at which
    the child was seen: the point of a statutory visit is to see the child."""
    visits = data["visits"].filter((pl.col("visit_kind") == kind) & pl.col("visit_seen"))
    latest = (
        plans.select("plan_id", "person_id", start, "as_at")
        .join(visits.select("person_id", "visit_date"), on="person_id")
        .filter(pl.col("visit_date").is_between(pl.col(start), AS_AT))
        .group_by("plan_id", "as_at")
        .agg(pl.col("visit_date").max().alias("latest_visit_date"))
    )
    anchored = plans.join(latest, on=["plan_id", "as_at"], how="left").with_columns(
        pl.coalesce("latest_visit_date", start).alias("anchor")
    )
    anchored = anchored.with_columns(working_day_deadline(anchored, "anchor", interval).alias("due"))
    detail = (
        pl.when(pl.col("latest_visit_date").is_null())
        .then(pl.format("plan {} started {}, no visit since", "plan_id", iso(start)))
        .otherwise(pl.format("plan {} last visited {}", "plan_id", iso("latest_visit_date")))
    )
    return raised(anchored, data, detail)


@alert(
    "AL03",
    title="CP visit overdue",
    raised_when=(
        "a CP plan open at D whose latest visit (or the plan's start, if none) is more than 10 working "
        "days (setting) before D"
    ),
    owner="social worker",
    settings=("cp_visit_interval_working_days",),
    needs=(Need(CP_PLANS, months=0), Need(CP_VISITS, months=3, latest=True)),
)
def cp_visit_overdue(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """The next visit is due `cp_visit_interval_working_days` working days after the latest visit of
    kind `cp` since the plan started (or after the plan's start). A plan ending on D is still open."""
    start, end = "cp_plan_start_date", "cp_plan_end_date"
    plans = judged(data["cp_plans"].rename({"cp_plan_id": "plan_id"}), at).filter(open_then(start, end))
    return _visit_overdue(plans, data, "cp", settings.cp_visit_interval_working_days, start)


@alert(
    "AL04",
    title="CIN visit overdue",
    raised_when=(
        "a CIN plan open at D whose latest visit (or the plan's start) is more than 20 working days "
        "(setting) before D"
    ),
    owner="social worker",
    settings=("cin_visit_interval_working_days",),
    needs=(Need(CIN_PLANS, months=0), Need(CIN_VISITS, months=3, latest=True)),
)
def cin_visit_overdue(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """As AL03, for child in need plans, visits of kind `cin` and `cin_visit_interval_working_days`."""
    start, end = "cin_plan_start_date", "cin_plan_end_date"
    plans = judged(data["cin_plans"].rename({"cin_plan_id": "plan_id"}), at).filter(open_then(start, end))
    return _visit_overdue(plans, data, "cin", settings.cin_visit_interval_working_days, start)


@alert(
    "AL06",
    title="CP review overdue",
    raised_when=(
        "a CP plan open at D whose next review conference is due before D and not held (first 3 months "
        "after the ICPC, then 6-monthly)"
    ),
    owner="conference chair",
    needs=(Need(CP_PLANS, months=0), Need(ICPCS, months=18), Need(CP_REVIEWS, months=18, latest=True)),
)
def cp_review_overdue(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """The first review is due 3 months after the initial conference that made the plan (the plan's
    start where no conference is linked), each later one 6 months after the review before it, however
    early or late that was held. Months are calendar months (30 November + 3 months is the last day of
    February). A review held on D is held; one recorded after D was not known at D.
    """
    plans = (
        judged(data["cp_plans"], at)
        .filter(open_then("cp_plan_start_date", "cp_plan_end_date"))
        .join(data["initial_cp_conferences"].select("icpc_id", "icpc_date"), on="icpc_id", how="left")
        .with_columns(pl.coalesce("icpc_date", "cp_plan_start_date").alias("conference_date"))
    )
    reviews = (
        plans.select("cp_plan_id", "as_at")
        .join(data["cp_reviews"].select("cp_plan_id", "cp_review_date"), on="cp_plan_id")
        .filter(pl.col("cp_review_date") <= AS_AT)
        .group_by("cp_plan_id", "as_at")
        .agg(pl.col("cp_review_date").max().alias("latest_review_date"))
    )
    plans = plans.join(reviews, on=["cp_plan_id", "as_at"], how="left").with_columns(
        pl.when(pl.col("latest_review_date").is_null())
        .then(months_after("conference_date", FIRST_CP_REVIEW_MONTHS))
        .otherwise(months_after("latest_review_date", LATER_CP_REVIEW_MONTHS))
        .alias("due")
    )
    detail = (
        pl.when(pl.col("latest_review_date").is_null())
        .then(pl.format("plan {}: first review, conference {}", "cp_plan_id", iso("conference_date")))
        .otherwise(pl.format("plan {}: last review {}", "cp_plan_id", iso("latest_review_date")))
    )
    return raised(plans, data, detail)


@alert(
    "AL07",
    title="CLA review overdue",
    raised_when=(
        "a child looked after at D whose next review is due before D and not held (20 working days, "
        "3 months, then 6-monthly)"
    ),
    owner="independent reviewing officer",
    needs=(Need(CLA_PERIODS, months=18), Need(CLA_REVIEWS, months=18, latest=True)),
)
def cla_review_overdue(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """Reviews count within the current period of care: the child's reviews held between its start and
    D. So a child who leaves care and comes back starts again, with a first review due 20 working days
    after the new period starts, the second 3 months after the first and each later one 6 months after
    the one before.
    """
    periods = data["cla_episodes"]
    periods = periods.with_columns(
        working_day_deadline(periods, "cla_episode_start_date", FIRST_CLA_REVIEW_WORKING_DAYS).alias(
            "first_due"
        )
    )
    periods = judged(periods, at).filter(open_then("cla_episode_start_date", "cla_episode_ceased_date"))
    reviews = (
        periods.select("cla_episode_id", "person_id", "cla_episode_start_date", "as_at")
        .join(data["cla_reviews"].select("person_id", "cla_review_date"), on="person_id")
        .filter(pl.col("cla_review_date").is_between(pl.col("cla_episode_start_date"), AS_AT))
        .group_by("cla_episode_id", "as_at")
        .agg(pl.len().alias("reviews"), pl.col("cla_review_date").max().alias("latest_review_date"))
    )
    periods = (
        periods.join(reviews, on=["cla_episode_id", "as_at"], how="left")
        .with_columns(pl.col("reviews").fill_null(0))
        .with_columns(
            pl.when(pl.col("reviews") == 0)
            .then(pl.col("first_due"))
            .when(pl.col("reviews") == 1)
            .then(months_after("latest_review_date", SECOND_CLA_REVIEW_MONTHS))
            .otherwise(months_after("latest_review_date", LATER_CLA_REVIEW_MONTHS))
            .alias("due")
        )
    )
    since = iso("cla_episode_start_date")
    detail = (
        pl.when(pl.col("reviews") == 0)
        .then(pl.format("looked after since {}, no review yet", since))
        .otherwise(pl.format("looked after since {}, last review {}", since, iso("latest_review_date")))
    )
    return raised(periods, data, detail)
