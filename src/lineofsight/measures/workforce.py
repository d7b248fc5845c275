"""The workforce: caseloads and caps, turnover, agency and vacancies, supervision, unallocated children,
stability, and how many social workers a child has had."""

from __future__ import annotations

import datetime as dt

import polars as pl
from dateutil.relativedelta import relativedelta

from lineofsight.data import CouncilData
from lineofsight.data.facts import (
    ALLOCATIONS,
    CIN_EPISODES,
    EMPLOYED_WORKFORCE,
    POSTS,
    SUPERVISION,
    WORKERS,
    WORKFORCE,
)
from lineofsight.data.needs import Need
from lineofsight.data.periods import in_year_to, open_at, overlaps_year_to, with_allocation_at, year_before
from lineofsight.measures.catalogue import measure
from lineofsight.measures.england import ENGLAND
from lineofsight.settings import Settings

AREA = "Workforce"
SOCIAL_WORKER_ROLES = ("qualified_social_worker", "asye")


def social_workers(data: CouncilData) -> pl.DataFrame:
    """Spells of qualified social workers and first-year (ASYE) social workers, agency or employed,
    whose dates are known: a spell a case-management extract names without saying when it began or
    ended (`worker_start_provisional`) cannot be counted in post on any day."""
    return in_post_known(data["workers"]).filter(pl.col("worker_role").is_in(SOCIAL_WORKER_ROLES))


def in_post_known(workers: pl.DataFrame) -> pl.DataFrame:
    """The spells whose days in post are known (see `social_workers`)."""
    return workers.filter(~pl.col("worker_start_provisional"))


def social_workers_at(data: CouncilData, day: dt.date) -> pl.DataFrame:
    """Spells of social workers in post on `day` (a leave date on the day is still in post)."""
    return social_workers(data).filter(open_at("worker_start_date", "worker_leave_date", day))


def case_holders_at(data: CouncilData, day: dt.date) -> pl.DataFrame:
    """Case-holding social workers in post on `day`, agency and employed: the workers WF01 counts."""
    return social_workers_at(data, day).filter(pl.col("worker_case_holding"))


def caseloads_at(data: CouncilData, day: dt.date, workers: pl.DataFrame) -> pl.DataFrame:
    """Each of `workers` with `children`: the children allocated to them on `day` (0 for none).

    A child allocated to two workers at once (a co-worked case) is on both caseloads, as the DfE's
    workforce census counts cases held.
    """
    held = (
        data["allocations"]
        .filter(open_at("allocation_start_date", "allocation_end_date", day))
        .group_by("worker_id")
        .agg(pl.col("person_id").n_unique().alias("children"))
    )
    return workers.join(held, on="worker_id", how="left").with_columns(
        pl.col("children").fill_null(0).cast(pl.Int64)
    )


@measure(
    "WF01",
    credited="the worker, in their own team",
    title="Average caseload",
    area=AREA,
    definition="children allocated to case-holding social workers at D ÷ their FTE at D",
    unit="children per FTE",
    polarity="down",
    kind="ratio",
    benchmark=ENGLAND.get("WF01"),
    needs=(Need(ALLOCATIONS, months=0), Need(WORKFORCE, months=0)),
)
def average_caseload(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Cases held are summed over workers, as the DfE's workforce census counts them: a child
    allocated to two workers (a co-worked case) is on both caseloads. Allocations to a worker not in
    post at D (a data error) are not counted. Agency workers hold cases, so they are in.
    """
    workers = social_workers(data).filter(
        pl.col("worker_case_holding") & open_at("worker_start_date", "worker_leave_date", as_at)
    )
    allocations = (
        data["allocations"]
        .filter(open_at("allocation_start_date", "allocation_end_date", as_at))
        .join(workers.select("worker_id"), on="worker_id", how="semi")
    )
    caseloads = allocations.group_by("worker_id").agg(pl.col("person_id").n_unique().alias("children"))
    detail = (
        workers.join(caseloads, on="worker_id", how="left")
        .with_columns(pl.col("children").fill_null(0).cast(pl.Int64))
        .with_columns(
            (pl.col("children") > 0).alias("in_numerator"),
            pl.col("children").cast(pl.Float64).alias("numerator"),
            pl.col("worker_fte").alias("denominator"),
        )
        .select(
            "worker_id",
            "team_id",
            "worker_role",
            "worker_fte",
            "worker_start_date",
            "children",
            "in_numerator",
            "numerator",
            "denominator",
        )
        .sort("worker_id")
    )
    return detail


@measure(
    "WF02",
    credited="the worker, in their own team",
    title="Workers over their caseload cap",
    area=AREA,
    definition=(
        "count of case-holding workers at D whose allocated children exceed their cap (settings: 25 for a "
        "qualified social worker, 18 for a first-year ASYE worker, pro rata to FTE)"
    ),
    unit="count",
    polarity="down",
    kind="count",
    settings=("caseload_cap_qualified", "caseload_cap_asye"),
    benchmark=ENGLAND.get("WF02"),
    needs=(Need(ALLOCATIONS, months=0), Need(WORKFORCE, months=0)),
)
def workers_over_cap(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """A worker is in their first (ASYE) year while their `asye_end_date` is after D; from that day on
    they are qualified and carry the full cap, whatever role their record still shows. A worker recorded
    as ASYE with no end date is taken at their word. The cap is pro rata to FTE (25 × 0.6 = 15) and is
    exceeded only by a caseload above it: 15 children on a cap of 15 is at the cap, not over it. Caps
    are rounded to two decimals, so that 18 × 0.6 is 10.8 and not 10.799….

    Caseloads are counted as WF01 counts them (case-holding social workers in post at D, agency
    included; a co-worked child on both caseloads). The detail lists only the workers over their cap.
    """
    first_year = (pl.col("asye_end_date") > as_at) | (
        (pl.col("worker_role") == "asye") & pl.col("asye_end_date").is_null()
    )
    cap = pl.when(first_year).then(settings.caseload_cap_asye).otherwise(settings.caseload_cap_qualified)
    detail = (
        caseloads_at(data, as_at, case_holders_at(data, as_at))
        .with_columns(first_year.fill_null(False).alias("first_year"))
        .with_columns((cap * pl.col("worker_fte")).round(2).alias("cap"))
        .filter(pl.col("children") > pl.col("cap"))
        .select(
            "worker_id",
            "team_id",
            "worker_role",
            "worker_fte",
            "asye_end_date",
            "first_year",
            "cap",
            "children",
        )
        .sort("worker_id")
    )
    return detail


@measure(
    "WF03",
    credited="the worker, in their own team",
    title="Turnover rate",
    area=AREA,
    definition="FTE of social workers who left in the year to D ÷ FTE in post at D (DfE definition)",
    unit="%",
    polarity="down",
    kind="ratio",
    scale=100.0,
    benchmark=ENGLAND.get("WF03"),
    needs=(Need(EMPLOYED_WORKFORCE),),
)
def turnover(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """The DfE's turnover is of social workers the council employs, so agency workers are left out of
    both sides (their share is the agency rate). The leave date is the last day in post: a worker
    leaving on D is in post at D and a leaver in the year. Each spell that ends is a leaver, even when
    the same person (`staff_id`) comes back later, as the workforce census counts them.
    """
    workers = social_workers(data).filter(~pl.col("worker_agency"))
    detail = (
        workers.with_columns(
            open_at("worker_start_date", "worker_leave_date", as_at).alias("in_post_at_as_at"),
            in_year_to("worker_leave_date", as_at).fill_null(False).alias("in_numerator"),
        )
        .filter(pl.col("in_post_at_as_at") | pl.col("in_numerator"))
        .select(
            "worker_id",
            "staff_id",
            "worker_role",
            "worker_fte",
            "worker_start_date",
            "worker_leave_date",
            "team_id",
            "in_post_at_as_at",
            "in_numerator",
        )
        .with_columns(
            pl.when("in_numerator").then(pl.col("worker_fte")).otherwise(0.0).alias("numerator"),
            pl.when("in_post_at_as_at").then(pl.col("worker_fte")).otherwise(0.0).alias("denominator"),
        )
        .sort("worker_id")
    )
    return detail


@measure(
    "WF04",
    credited="the worker, in their own team",
    title="Agency rate",
    area=AREA,
    definition="agency social worker FTE at D ÷ (agency + employed FTE) at D",
    unit="%",
    polarity="down",
    kind="ratio",
    scale=100.0,
    benchmark=ENGLAND.get("WF04"),
    needs=(Need(WORKFORCE, months=0),),
)
def agency_rate(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Social workers (qualified and ASYE) in post at D, case-holding or not, as the DfE's workforce
    census counts agency and employed child and family social workers; managers and personal advisers
    are left out of both sides. A leave date of D is still in post. Each spell counts at its FTE.
    """
    detail = (
        social_workers_at(data, as_at)
        .with_columns(
            pl.col("worker_agency").alias("in_numerator"),
            pl.when("worker_agency").then(pl.col("worker_fte")).otherwise(0.0).alias("numerator"),
            pl.col("worker_fte").alias("denominator"),
        )
        .select(
            "worker_id",
            "staff_id",
            "team_id",
            "worker_role",
            "worker_agency",
            "worker_fte",
            "worker_start_date",
            "in_numerator",
            "numerator",
            "denominator",
        )
        .sort("worker_id")
    )
    return detail


@measure(
    "WF05",
    credited="the post’s team, and the worker holding the post",
    title="Vacancy rate",
    area=AREA,
    definition="vacant social worker posts (FTE) at D ÷ established posts (FTE) at D",
    unit="%",
    polarity="down",
    kind="ratio",
    scale=100.0,
    benchmark=ENGLAND.get("WF05"),
    needs=(Need(WORKFORCE, months=0),),
    team_needs=(Need(POSTS, months=0),),
)
def vacancy_rate(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Established posts are social worker posts open at D (started by D, not ended before it). A post
    is vacant when no employed worker holds it at D: as in the DfE's census, an agency worker covering
    a vacancy leaves it vacant (agency workers carry no post in our data, and one recorded against a
    post still does not fill it). A vacancy counts at the post's FTE, and a holder whose last day is D
    still holds the post on D. The detail's `worker_id` is the holder, none for a vacant post.

    Where the database holds no posts at all (a council whose workforce comes from the workforce
    census, which counts vacancies but lists no posts), the census taken on D gives the vacancies, and
    each employed social worker in post at D holds a post at their FTE: the DfE's own definition,
    vacancies ÷ (vacancies + social workers in post). The census does not say which teams the
    vacancies are in, so there is then no figure by team (`team_needs`).
    """
    if data["posts"].filter(pl.col("post_role") == "social_worker").height == 0:
        return census_vacancies(data, as_at)
    posts = data["posts"].filter(
        (pl.col("post_role") == "social_worker") & open_at("post_start_date", "post_end_date", as_at)
    )
    holders = (
        data["workers"]
        .filter(
            ~pl.col("worker_agency")
            & pl.col("post_id").is_not_null()
            & open_at("worker_start_date", "worker_leave_date", as_at)
        )
        .group_by("post_id")
        .agg(pl.col("worker_id").min())
    )
    detail = (
        posts.join(holders, on="post_id", how="left")
        .with_columns(pl.col("worker_id").is_null().alias("in_numerator"))
        .with_columns(
            pl.when("in_numerator").then(pl.col("post_fte")).otherwise(0.0).alias("numerator"),
            pl.col("post_fte").alias("denominator"),
        )
        .select(
            "post_id",
            "team_id",
            "worker_id",
            "post_fte",
            "post_start_date",
            "post_end_date",
            "in_numerator",
            "numerator",
            "denominator",
        )
        .sort("post_id")
    )
    return detail


def census_vacancies(data: CouncilData, as_at: dt.date) -> pl.DataFrame:
    """WF05's detail from the workforce census taken on D (see `vacancy_rate`): a row for the census's
    vacancies (no post, team or worker) and a row for each employed social worker in post at D."""
    census = data["workforce_census"].filter(pl.col("census_date") == as_at)
    vacancies = [
        float(value) for value in census["number_of_vacancies"].drop_nulls() if _number(value) is not None
    ]
    # No census taken on D (or one that gave no vacancies): the posts are not known, so no figure
    # rather than 0% from the workers alone.
    vacancies_known = bool(vacancies)
    held = (
        social_workers_at(data, as_at)
        .filter(~pl.col("worker_agency"))
        .select(
            pl.lit(None, dtype=pl.String).alias("post_id"),
            "team_id",
            "worker_id",
            pl.col("worker_fte").alias("post_fte"),
            pl.col("worker_start_date").alias("post_start_date"),
            pl.col("worker_leave_date").alias("post_end_date"),
        )
    )
    vacant = pl.DataFrame(
        {
            "post_id": [None] * len(vacancies),
            "team_id": [None] * len(vacancies),
            "worker_id": [None] * len(vacancies),
            "post_fte": vacancies,
            "post_start_date": [as_at] * len(vacancies),
            "post_end_date": [as_at] * len(vacancies),
        },
        schema=held.schema,
    )
    return (
        pl.concat([vacant, held] if vacancies_known else [vacant])
        .with_columns(pl.col("worker_id").is_null().alias("in_numerator"))
        .with_columns(
            pl.when("in_numerator").then(pl.col("post_fte")).otherwise(0.0).alias("numerator"),
            pl.col("post_fte").fill_null(0.0).alias("denominator"),
        )
        .sort("worker_id", nulls_last=False)
    )


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


@measure(
    "WF06",
    credited="the team and worker holding the child at D",
    title="Children with three or more social workers in a year",
    area=AREA,
    definition=(
        "children open to children's social care at D, and throughout the year to D, who had 3 or more "
        "different allocated social workers in the year to D ÷ those children"
    ),
    unit="%",
    polarity="down",
    benchmark=ENGLAND.get("WF06"),
    needs=(Need(CIN_EPISODES), Need(ALLOCATIONS), Need(WORKERS)),
)
def changes_of_social_worker(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Children open throughout the year are those with one CIN episode open at D that began on or
    before the year's first day (D − 1 year + 1 day). A child whose time with us is a chain of
    back-to-back episodes is not in the denominator; that keeps the definition checkable by hand.

    Social workers are counted by person (`staff_id`), not by spell, so a worker who leaves and comes
    back is one social worker to the child. Every allocation open on some day of the year counts,
    whatever the worker's role: the allocation is who the child was told their worker was.
    """
    first_day = year_before(as_at) + relativedelta(days=1)
    children = (
        data["cin_episodes"]
        .filter(open_at("referral_date", "close_date", as_at) & (pl.col("referral_date") <= first_day))
        .group_by("person_id")
        .agg(pl.col("referral_date").min())
    )
    workers_seen = (
        data["allocations"]
        .filter(overlaps_year_to("allocation_start_date", "allocation_end_date", as_at))
        .join(data["workers"].select("worker_id", "staff_id"), on="worker_id", how="left")
        .group_by("person_id")
        .agg(pl.col("staff_id").n_unique().alias("social_workers"))
    )
    counted = (
        children.join(workers_seen, on="person_id", how="left")
        .with_columns(pl.col("social_workers").fill_null(0).cast(pl.Int64))
        .with_columns((pl.col("social_workers") >= 3).alias("in_numerator"), pl.lit(as_at).alias("as_at"))
    )
    detail = (
        with_allocation_at(counted, data["allocations"], "as_at")
        .select("person_id", "referral_date", "social_workers", "in_numerator", "team_id", "worker_id")
        .sort("person_id")
    )
    return detail


@measure(
    "WF07",
    credited="the worker, in their own team",
    title="Supervision within 6 weeks",
    area=AREA,
    definition=(
        "case-holding workers in post at D with a recorded supervision in the 6 weeks before D ÷ "
        "case-holding workers in post at D for at least 6 weeks (local standard)"
    ),
    unit="%",
    polarity="up",
    settings=("supervision_interval_weeks",),
    benchmark=ENGLAND.get("WF07"),
    needs=(Need(WORKFORCE, months=0), Need(SUPERVISION, months=3)),
)
def supervision_on_time(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """ "In the 6 weeks before D" runs from D − 6 weeks to D, both included: a supervision exactly six
    weeks ago is still within the interval (the next one is due on D itself). The same day decides who
    has been in post for 6 weeks: a worker whose spell started on D − 6 weeks is in. Time in post is
    counted from the start of the current spell, so someone who leaves and comes back (the same
    `staff_id`) starts again, as a new starter's first supervision is due 6 weeks after they arrive.
    Case-holding workers are those WF01 counts (social workers, agency included).
    """
    window_start = as_at - relativedelta(weeks=settings.supervision_interval_weeks)
    latest = (
        data["supervisions"]
        .filter(pl.col("supervision_date") <= as_at)
        .group_by("worker_id")
        .agg(pl.col("supervision_date").max().alias("latest_supervision_date"))
    )
    detail = (
        case_holders_at(data, as_at)
        .filter(pl.col("worker_start_date") <= window_start)
        .join(latest, on="worker_id", how="left")
        .with_columns(
            (pl.col("latest_supervision_date") >= window_start).fill_null(False).alias("in_numerator")
        )
        .select(
            "worker_id",
            "team_id",
            "worker_start_date",
            "latest_supervision_date",
            "in_numerator",
        )
        .sort("worker_id")
    )
    return detail


def open_children_at(data: CouncilData, day: dt.date) -> pl.DataFrame:
    """Children open to children's social care on `day`, with the day their open case began.

    Open means a CIN episode open on the day, which in the DfE's counting includes children on child
    protection plans and looked after, or a period of care open on the day: a looked-after child is
    open even where no episode of need was recorded (as for some unaccompanied children). A referral
    the front door closed with no further action (`referral_nfa`) never became a case for a social
    worker, so it does not make the child open, even on the day it was made.
    """
    episodes = (
        data["cin_episodes"]
        .filter(open_at("referral_date", "close_date", day) & ~pl.col("referral_nfa").fill_null(False))
        .select("person_id", pl.col("referral_date").alias("open_since"), "team_id")
    )
    care = (
        data["cla_episodes"]
        .filter(open_at("cla_episode_start_date", "cla_episode_ceased_date", day))
        .select(
            "person_id",
            pl.col("cla_episode_start_date").alias("open_since"),
            pl.lit(None, dtype=pl.String).alias("team_id"),
        )
    )
    return (
        pl.concat([episodes, care])
        .sort("person_id", "open_since")
        .group_by("person_id", maintain_order=True)
        .agg(pl.col("open_since").first(), pl.col("team_id").drop_nulls().last())
    )


@measure(
    "WF08",
    credited=(
        "the team of the child’s latest allocation since the case opened, else the team that took the "
        "referral; no worker"
    ),
    title="Open cases without an allocated worker",
    area=AREA,
    definition="count of children open to children's social care at D with no allocated social worker at D",
    unit="count",
    polarity="down",
    kind="count",
    benchmark=ENGLAND.get("WF08"),
    needs=(Need(CIN_EPISODES, months=0), Need(ALLOCATIONS, months=0), Need(WORKFORCE, months=0)),
)
def unallocated_children(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Open to children's social care is `open_children_at`: an open CIN episode (CP and looked-after
    children included) or an open period of care. Care leavers are not counted: they are young adults
    whose support comes from a personal adviser, and one out of touch is a different alert (AL18).

    A child is allocated when an allocation open at D (an end on D still holds) names a social worker
    in post at D. An allocation to a worker who has left (a data error) or to someone who is not a
    social worker does not allocate the child. The detail's team is the one that last held the child
    (or the episode's own), so that each manager sees their own unallocated children; `unallocated_since`
    is the day after the last allocation ended, or the day the case opened if later.
    """
    allocated = (
        data["allocations"]
        .filter(open_at("allocation_start_date", "allocation_end_date", as_at))
        .join(social_workers_at(data, as_at).select("worker_id"), on="worker_id", how="semi")
        .select("person_id")
    )
    last = (
        data["allocations"]
        .filter(pl.col("allocation_start_date") <= as_at)
        .sort("allocation_start_date", "allocation_id")
        .group_by("person_id")
        .agg(
            pl.col("allocation_end_date").last().alias("last_allocation_end_date"),
            pl.col("team_id").last().alias("last_team_id"),
        )
    )
    ended = pl.col("last_allocation_end_date") < as_at
    detail = (
        open_children_at(data, as_at)
        .join(allocated, on="person_id", how="anti")
        .join(last, on="person_id", how="left")
        .with_columns(
            pl.coalesce("last_team_id", "team_id").alias("team_id"),
            pl.lit(None, dtype=pl.String).alias("worker_id"),
            pl.when(ended & (pl.col("last_allocation_end_date") >= pl.col("open_since")))
            .then(pl.col("last_allocation_end_date") + pl.duration(days=1))
            .otherwise(pl.col("open_since"))
            .alias("unallocated_since"),
        )
        .select(
            "person_id",
            "open_since",
            "last_allocation_end_date",
            "unallocated_since",
            "team_id",
            "worker_id",
        )
        .sort("person_id")
    )
    return detail


@measure(
    "WF09",
    credited="the worker, in their own team",
    title="Workforce stability",
    area=AREA,
    definition="FTE in post at D who were also in post a year before D ÷ FTE in post a year before D",
    unit="%",
    polarity="up",
    kind="ratio",
    scale=100.0,
    benchmark=ENGLAND.get("WF09"),
    needs=(Need(WORKFORCE),),
)
def workforce_stability(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Social workers in post a year before D (D − 1 year; from 29 February, 28 February), agency and
    employed alike: stability is about the people children work with. Each is still here when the same
    person (`staff_id`) is in post at D in any role, so someone who left and came back within the year
    stayed, and a social worker promoted to manager stayed. Each counts at their FTE a year before, so
    a move to part-time is still a person kept and the figure cannot pass 100%. The detail's worker and
    team are those of a year before.
    """
    here_now = in_post_known(data["workers"]).filter(
        open_at("worker_start_date", "worker_leave_date", as_at)
    )["staff_id"]
    detail = (
        social_workers_at(data, year_before(as_at))
        .with_columns(pl.col("staff_id").is_in(here_now.implode()).alias("in_numerator"))
        .with_columns(
            pl.when("in_numerator").then(pl.col("worker_fte")).otherwise(0.0).alias("numerator"),
            pl.col("worker_fte").alias("denominator"),
        )
        .select(
            "worker_id",
            "staff_id",
            "team_id",
            "worker_role",
            "worker_agency",
            "worker_fte",
            "worker_start_date",
            "worker_leave_date",
            "in_numerator",
            "numerator",
            "denominator",
        )
        .sort("worker_id")
    )
    return detail
