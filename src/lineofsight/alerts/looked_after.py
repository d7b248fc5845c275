"""Alerts about children looked after, and children who go missing: regulation 28 visits, return-home
interviews, connected carers' temporary approval, health assessments and personal education plans.

Each is computed as at any date D with the catalogue's conventions (measures.md): "open at D" counts an
end on D as open, months are calendar months (30 November + 3 months is the last day of February),
weeks are 7 calendar days, and working days count the starting event as day 0. A child is looked after
at D when a period of care (a row of `cla_episodes`) is open at D; with two open at once (a data error)
the one that started last is the child's current period. Only what was recorded on or before D counts.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from lineofsight.alerts.catalogue import alert
from lineofsight.alerts.timing import AS_AT, iso, judged, open_then, raised
from lineofsight.data import CouncilData, facts
from lineofsight.data.facts import (
    CLA_PERIODS,
    CLA_VISITS,
    CONNECTED_CARERS,
    LATEST_PLACEMENTS,
    MISSING,
    PEPS,
    PLACEMENTS,
    RETURN_INTERVIEWS,
)
from lineofsight.data.needs import Either, Need
from lineofsight.data.periods import months_after, working_day_deadline
from lineofsight.settings import Settings

FIRST_VISIT = dt.timedelta(weeks=1)  # CPPCR 2010 reg 28(2): within 1 week of the start of any placement
VISIT_INTERVAL = dt.timedelta(weeks=6)  # reg 28(2): then at intervals of not more than 6 weeks ...
LONG_TERM_VISIT_MONTHS = 3  # ... or 3 months after the first year of a placement meant to last to 18
RETURN_INTERVIEW = dt.timedelta(hours=72)  # missing from care guidance (2014): offered within 72 hours
RECENT_RETURNS = dt.timedelta(days=30)  # the catalogue raises AL14 for returns in the 30 days to D
TEMPORARY_APPROVAL = dt.timedelta(weeks=16)  # CPPCR reg 24: a connected person's temporary approval
EXTENDED_APPROVAL = dt.timedelta(weeks=24)  # reg 25: extended once, by up to 8 weeks
HEALTH_ASSESSMENTS = ("initial", "review")  # a dental check is not a health assessment
INITIAL_HEALTH_WORKING_DAYS = 20  # health guidance 2015: within 20 working days of becoming looked after
HEALTH_REVIEW_MONTHS = 12  # CPPCR schedule 1: yearly from the fifth birthday ...
HEALTH_REVIEW_MONTHS_UNDER_5 = 6  # ... and 6-monthly before it
PEP_REVIEW_MONTHS = 4  # the catalogue's reading of "termly"


def _looked_after(data: CouncilData, at: pl.DataFrame) -> pl.DataFrame:
    """One row per child looked after at each moment, on the period of care open then that started
    last, with its start as `period_start_date`."""
    periods = data["cla_episodes"].select(
        "cla_episode_id", "person_id", "cla_episode_start_date", "cla_episode_ceased_date"
    )
    return (
        judged(periods, at)
        .filter(open_then("cla_episode_start_date", "cla_episode_ceased_date"))
        .sort("cla_episode_start_date", "cla_episode_id")
        .group_by("person_id", "as_at", maintain_order=True)
        .last()
        .rename({"cla_episode_start_date": "period_start_date"})
        .drop("cla_episode_ceased_date")
    )


def _with_birth_dates(children: pl.DataFrame, data: CouncilData) -> pl.DataFrame:
    return children.join(data["person"].select("person_id", "person_dob"), on="person_id", how="left")


def _latest_since(children: pl.DataFrame, events: pl.DataFrame, date: str, since: str) -> pl.DataFrame:
    """Each child's latest event dated from their `since` column to the moment, as `latest_<date>`, one
    row per child and moment that has one."""
    return (
        children.select("person_id", "as_at", since)
        .join(events, on="person_id")
        .filter(pl.col(date).is_between(pl.col(since), AS_AT))
        .group_by("person_id", "as_at")
        .agg(pl.col(date).max().alias(f"latest_{date}"))
    )


@alert(
    "AL05",
    title="CLA visit overdue",
    raised_when=(
        "a child looked after at D not visited within 1 week of the current placement's start, or whose "
        "latest visit is more than 6 weeks before D (3 months where the placement is long-term and over a "
        "year old)"
    ),
    owner="social worker",
    needs=(
        Need(CLA_PERIODS, months=0),
        Need(CLA_VISITS, months=4, latest=True),
        Either([Need(PLACEMENTS)], [Need(LATEST_PLACEMENTS, months=0, latest=True)]),
    ),
)
def cla_visit_overdue(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """Regulation 28 restarts the clock at every placement, so only `cla` visits at which the child was
    seen, from the current placement's start (the placement open at D that started last: a child who
    moved on D lives in the new one) to D, count.

    Until the first such visit the one deadline is the placement's start + 7 days (the earlier of the
    two the catalogue names, since the placement's start + 6 weeks is later). The first visit then makes
    the week's deadline good, even if it came late: the alert asks for work still to do, and a late
    first visit is history, so from it the next visit is due 6 weeks after the latest visit. It is
    3 calendar months instead where the placement is marked long-term and D is at least 12 calendar
    months after its start (the first year is over), as in LA05; the interval is the one in force at D,
    so a visit late under the 6-week rule stops being late on the placement's first anniversary.

    A child looked after at D with no placement open at D (a gap in the record) is held to the period
    of care's start instead, 6-weekly. The weekly and 4-weekly visits regulation 28(3) to (5) asks for
    in particular placements (a connected person's, a parent's) are not part of this alert.
    """
    children = _looked_after(data, at)
    placements = (
        judged(
            data["placements"].select(
                "person_id",
                "placement_id",
                "placement_start_date",
                "placement_end_date",
                "placement_long_term",
            ),
            at,
        )
        .filter(open_then("placement_start_date", "placement_end_date"))
        .sort("placement_start_date", "placement_id")
        .group_by("person_id", "as_at", maintain_order=True)
        .last()
    )
    children = children.join(placements, on=["person_id", "as_at"], how="left").with_columns(
        pl.coalesce("placement_start_date", "period_start_date").alias("since")
    )
    visits = data["visits"].filter((pl.col("visit_kind") == "cla") & pl.col("visit_seen"))
    latest = _latest_since(children, visits.select("person_id", "visit_date"), "visit_date", "since")
    long_term = pl.col("placement_long_term").fill_null(False) & (
        months_after("placement_start_date", 12) <= AS_AT
    ).fill_null(False)
    children = children.join(latest, on=["person_id", "as_at"], how="left").with_columns(
        pl.when(pl.col("latest_visit_date").is_null())
        .then(pl.col("since") + FIRST_VISIT)
        .when(long_term)
        .then(months_after("latest_visit_date", LONG_TERM_VISIT_MONTHS))
        .otherwise(pl.col("latest_visit_date") + VISIT_INTERVAL)
        .alias("due"),
        long_term.alias("long_term"),
    )
    where = (
        pl.when(pl.col("placement_id").is_null())
        .then(pl.format("looked after since {} with no placement recorded", iso("since")))
        .otherwise(pl.format("placement {} started {}", "placement_id", iso("since")))
    )
    detail = (
        pl.when(pl.col("latest_visit_date").is_null())
        .then(pl.format("{}, not visited since", where))
        .when(pl.col("long_term"))
        .then(pl.format("{}, long-term, last visited {}", where, iso("latest_visit_date")))
        .otherwise(pl.format("{}, last visited {}", where, iso("latest_visit_date")))
    )
    return raised(children, data, detail)


@alert(
    "AL14",
    title="No return-home interview within 72 hours",
    raised_when=(
        "a missing episode that ended more than 72 hours before D with no return-home interview offered "
        "within 72 hours, in the 30 days to D"
    ),
    owner="social worker",
    needs=(Need(MISSING, months=1), Need(RETURN_INTERVIEWS, months=1)),
)
def return_interview_missed(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """Every child's missing and away episodes count, looked after or not, as in LA08: the guidance asks
    for an interview after any return. The interview is due 72 hours after the return, to the minute,
    so its due date is the day those 72 hours run out and the alert is raised from the next day: for a
    date D, that is exactly "the 72 hours ended before D began". An offer made by the deadline is in
    time; an offer recorded after D is not known at D.

    An offer made late does not clear the alert (the catalogue asks for one *within* 72 hours, and the
    detail says when it came): the episode stays on the list while its return is in the 30 days to D,
    (D − 30 days, D], so a missed interview is seen for about four weeks and then drops off. An episode
    with no recorded end has no return yet and raises nothing.
    """
    episodes = data["missing_episodes"].filter(pl.col("missing_episode_end").is_not_null())
    episodes = judged(
        episodes.select(
            "missing_episode_id", "person_id", "missing_episode_type", "missing_episode_end", "rhi_offered_at"
        ),
        at,
    )
    deadline = pl.col("missing_episode_end") + RETURN_INTERVIEW
    known_offer = pl.col("rhi_offered_at").dt.date() <= AS_AT
    episodes = episodes.filter(
        (pl.col("missing_episode_end").dt.date() > AS_AT - RECENT_RETURNS)
        & ~(known_offer & (pl.col("rhi_offered_at") <= deadline)).fill_null(False)
    ).with_columns(deadline.dt.date().alias("due"), known_offer.fill_null(False).alias("offered_late"))
    returned = pl.format(
        "{} episode {} ended {}",
        "missing_episode_type",
        "missing_episode_id",
        pl.col("missing_episode_end").dt.to_string("%Y-%m-%d %H:%M"),
    )
    detail = (
        pl.when(pl.col("offered_late"))
        .then(
            pl.format(
                "{}, interview offered late, {}",
                returned,
                pl.col("rhi_offered_at").dt.to_string("%Y-%m-%d %H:%M"),
            )
        )
        .otherwise(pl.format("{}, no interview offered", returned))
    )
    return raised(episodes, data, detail)


@alert(
    "AL15",
    title="Connected carer past temporary approval",
    raised_when=(
        "a placement with a connected person open at D, temporarily approved more than 16 weeks before D "
        "(24 with a recorded extension), not fully approved"
    ),
    owner="head of service",
    needs=(Need(PLACEMENTS, months=0), Need(CONNECTED_CARERS, months=0)),
)
def connected_carer_past_temporary_approval(
    data: CouncilData, at: pl.DataFrame, settings: Settings
) -> pl.DataFrame:
    """A placement with a connected person is one with a regulation 24 temporary approval date. The
    approval lasts 16 weeks, so it is due on the day 16 weeks after the approval (its last day, still
    in time) and the alert is raised from the next; with a regulation 25 extension recorded on or
    before D it lasts 24 weeks, the most the extension allows, whatever length was granted. A full
    approval, or an extension, dated after D has not happened at D. Regulation 25's other extension,
    until a review of a refusal is decided, is not recorded and so not allowed for. A placement ending
    on D is still open on D.
    """
    extended = pl.col("connected_person_extension_date") <= AS_AT
    placements = (
        judged(
            data["placements"]
            .filter(pl.col("connected_person_temporary_approval_date").is_not_null())
            .select(
                "person_id",
                "placement_id",
                "placement_start_date",
                "placement_end_date",
                "connected_person_temporary_approval_date",
                "connected_person_extension_date",
                "connected_person_full_approval_date",
            ),
            at,
        )
        .filter(
            open_then("placement_start_date", "placement_end_date")
            & (pl.col("connected_person_temporary_approval_date") <= AS_AT)
            & ~(pl.col("connected_person_full_approval_date") <= AS_AT).fill_null(False)
        )
        .with_columns(extended.fill_null(False).alias("extended"))
        .with_columns(
            pl.when("extended")
            .then(pl.col("connected_person_temporary_approval_date") + EXTENDED_APPROVAL)
            .otherwise(pl.col("connected_person_temporary_approval_date") + TEMPORARY_APPROVAL)
            .alias("due")
        )
    )
    approved = pl.format(
        "placement {} temporarily approved {}",
        "placement_id",
        iso("connected_person_temporary_approval_date"),
    )
    detail = (
        pl.when("extended")
        .then(pl.format("{}, extended {}", approved, iso("connected_person_extension_date")))
        .otherwise(approved)
    )
    return raised(placements, data, detail)


@alert(
    "AL20",
    title="Health assessment overdue",
    raised_when=(
        "a child looked after at D whose latest health assessment is more than 12 months before D (6 months "
        "under 5), or with no initial assessment 20 working days after entering care"
    ),
    owner="social worker",
    needs=(Need(CLA_PERIODS, months=0), Need(facts.HEALTH_ASSESSMENTS, months=13, latest=True)),
)
def health_assessment_overdue(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """Every period of care starts with an initial health assessment, due 20 working days after the
    child became looked after (the period's start, so a child who comes back into care needs a new
    one). Until the child has had a health assessment in the period, from its start to D, that is
    their one deadline. The first one held meets it whether it is recorded as `initial` or `review`:
    a review presupposes the initial assessment, and children long in care often have theirs only in
    an older system, so holding them to a missing `initial` row would raise the alert for years.

    After it, the next assessment is due 12 calendar months after the latest initial or review
    assessment, or 6 months while the child is under 5 at D (the interval in force at D, so a child's
    fifth birthday can end an alert). Dental checks are not health assessments.
    """
    children = _with_birth_dates(_looked_after(data, at), data)
    children = children.with_columns(
        working_day_deadline(children, "period_start_date", INITIAL_HEALTH_WORKING_DAYS).alias(
            "initial_health_due"
        )
    )
    assessments = data["health_assessments"].filter(
        pl.col("health_assessment_type").is_in(HEALTH_ASSESSMENTS)
    )
    latest = _latest_since(
        children,
        assessments.select("person_id", "health_assessment_date"),
        "health_assessment_date",
        "period_start_date",
    )
    assessed = pl.col("latest_health_assessment_date").is_not_null()
    under_5 = (months_after("person_dob", 60) > AS_AT).fill_null(False)
    children = children.join(latest, on=["person_id", "as_at"], how="left").with_columns(
        pl.when(~assessed)
        .then(pl.col("initial_health_due"))
        .when(under_5)
        .then(months_after("latest_health_assessment_date", HEALTH_REVIEW_MONTHS_UNDER_5))
        .otherwise(months_after("latest_health_assessment_date", HEALTH_REVIEW_MONTHS))
        .alias("due")
    )
    last = iso("latest_health_assessment_date")
    detail = (
        pl.when(~assessed)
        .then(pl.format("looked after since {}, no health assessment yet", iso("period_start_date")))
        .when(under_5)
        .then(pl.format("last health assessment {}, under 5", last))
        .otherwise(pl.format("last health assessment {}", last))
    )
    return raised(children, data, detail)


def _school_age(dob: str) -> tuple[pl.Expr, pl.Expr]:
    """Whether the child is of school age at each row's `as_at`, and the day they first were.

    School age is national curriculum years 1 to 11, as in LA07: aged 5 to 15 on the 31 August before
    the school year running at D (1 September to 31 August), the date schools fix year groups by. So a
    child is first of school age on the 1 September after their fifth birthday, or the same year's when
    the birthday falls on or before 31 August (a child who turns 5 on 1 September starts year 1 a year
    later).
    """
    year = AS_AT.dt.year() - (AS_AT.dt.month() < 9).cast(pl.Int32)
    cutoff = pl.date(year, 8, 31)
    fifth = months_after(dob, 5 * 12)
    of_age = (fifth <= cutoff) & (months_after(dob, 16 * 12) > cutoff)
    first_year = fifth.dt.year() + (fifth.dt.month() >= 9).cast(pl.Int32)
    return of_age, pl.date(first_year, 9, 1)


@alert(
    "AL21",
    title="PEP overdue",
    raised_when=(
        "a child of school age looked after at D whose latest PEP review is more than 4 months before D"
    ),
    owner="virtual school",
    needs=(Need(CLA_PERIODS, months=0), Need(PEPS, months=5, latest=True)),
)
def pep_overdue(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """The next PEP review is due 4 calendar months after the latest PEP meeting or review held in the
    current period of care (from its start to D): a child who comes back into care needs a new plan,
    and a plan from an earlier period would otherwise raise the alert on the day they come back.

    With no PEP yet in the period, the clock starts when the child became both looked after and of
    school age (the later of the period's start and the 1 September they entered year 1), so the
    first plan is due 4 months on, as if that day were the last review. Statutory guidance wants the
    first PEP sooner (in time for the first review); the catalogue's one interval is kept here, and a
    child in care at 4 is not held to a plan from before they were of school age.
    """
    children = _with_birth_dates(_looked_after(data, at), data)
    of_age, school_age_from = _school_age("person_dob")
    children = children.filter(of_age.fill_null(False)).with_columns(
        pl.max_horizontal("period_start_date", school_age_from).alias("looked_after_at_school_age")
    )
    latest = _latest_since(
        children,
        data["personal_education_plans"].select("person_id", "pep_review_date"),
        "pep_review_date",
        "period_start_date",
    )
    children = children.join(latest, on=["person_id", "as_at"], how="left").with_columns(
        months_after("latest_pep_review_date", PEP_REVIEW_MONTHS)
        .fill_null(months_after("looked_after_at_school_age", PEP_REVIEW_MONTHS))
        .alias("due")
    )
    detail = (
        pl.when(pl.col("latest_pep_review_date").is_null())
        .then(pl.format("looked after at school age since {}, no PEP yet", iso("looked_after_at_school_age")))
        .otherwise(pl.format("last PEP review {}", iso("latest_pep_review_date")))
    )
    return raised(children, data, detail)
