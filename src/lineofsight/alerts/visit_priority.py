"""Visit priority: which open children to see first, as a score anyone can read and challenge.

Inspectors credit councils whose social workers prioritise visits by a stratification of risk, so that
the children at most risk are seen most often. A score hidden in a model would not help a worker
explain a choice to a manager, so this one is transparent: each factor is declared once, as data (its
name, what it measures and how it gives points), beside the one function that measures it. A factor
measures a number of units for a child (1 for "on a CP plan", the full weeks since the child was last
seen, the open alerts); its points are those units times its weight, a setting (`[priority_weights]`,
`DEFAULT_PRIORITY_WEIGHTS`); the score is the sum of the points. Every point a child gets is listed with
the factor and the reason in words ("not seen for 23 days"), so the order can be explained line by line.
A weight of 0 turns its factor off: it is not computed and never listed.

The score is an aid to a worker's and a manager's judgement, never a substitute for it: it knows only
what is recorded, and only what was recorded on or before the day D it is computed for.

Who is scored: every child open at D, meaning with a CIN episode open at D or looked after at D (an end
on D is still open, the catalogue's convention), with the worker and team they are allocated to at D.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import polars as pl

from lineofsight.alerts import open_alerts_at
from lineofsight.alerts.timing import iso
from lineofsight.data import CouncilData, facts
from lineofsight.data.needs import Either, Need, Needs, unmet
from lineofsight.data.periods import open_at, overlaps_year_to, with_allocation_at, year_before
from lineofsight.measures.report import rounded
from lineofsight.settings import DEFAULT_PRIORITY_WEIGHTS, Settings

MOST_WEEKS_UNSEEN = 26  # half a year: beyond it a child is as unseen as can be, and one factor would swamp
MISSING_DAYS = 90  # "recent" missing episodes: those that began in the 90 days to D
CATEGORIES = {"NEG": "neglect", "MUL": "multiple categories"}  # the categories of abuse that give points

FACTOR = pl.Struct({"factor": pl.String(), "points": pl.Float64(), "reason": pl.String()})
SCHEMA = pl.Schema(
    {
        "person_id": pl.String(),
        "worker_id": pl.String(),
        "team_id": pl.String(),
        "plan": pl.String(),
        "score": pl.Float64(),
        "factors": pl.List(FACTOR),
    }
)
POINTS = pl.Schema(
    {"person_id": pl.String(), "factor": pl.String(), "order": pl.Int32(), **FACTOR.to_schema()}
)
FOUND = pl.Schema({"person_id": pl.String(), "units": pl.Float64(), "reason": pl.String()})


@dataclass(frozen=True)
class Caseload:
    """The open children being scored, and what their factors are measured from.

    `children` has one row per child: `person_id`, `plan` (CP, CLA, CIN, or null for an open case with
    no plan yet), `plan_since`, `open_since` (the start of the earliest episode or period of care open
    at D), `cp_plan_start_date`, `category` and `previous_plans` (of the CP plan open at D, if any).
    """

    children: pl.DataFrame
    data: CouncilData
    as_at: dt.date
    settings: Settings
    alert_codes: tuple[str, ...] | None


Find = Callable[[Caseload], pl.DataFrame]


@dataclass(frozen=True)
class Factor:
    """One factor of the score: `measures` says what it looks at, `points` how its weight is given,
    `needs` what the data must cover for it to be scored at all (`data.needs`): a factor the data says
    nothing about is left out and said to be, not scored as if nothing had happened."""

    name: str  # its key in [priority_weights]
    title: str
    measures: str
    points: str
    find: Find  # rows of `FOUND`: the units measured for each child it applies to, and the reason
    needs: Needs = ()

    def found(self, caseload: Caseload) -> pl.DataFrame:
        return self.find(caseload).select(*(pl.col(name).cast(kind) for name, kind in FOUND.items()))


FACTORS: dict[str, Factor] = {}


def factor(name: str, *, title: str, measures: str, points: str, needs: Needs = ()) -> Callable[[Find], Find]:
    """Declare a factor: the decorated function measures it for each child of a caseload."""

    def register(find: Find) -> Find:
        if name in FACTORS:
            raise ValueError(f"factor {name} is declared twice")
        FACTORS[name] = Factor(
            name=name, title=title, measures=measures, points=points, find=find, needs=needs
        )
        return find

    return register


def weights_of(settings: Settings) -> dict[str, float]:
    """The weight of every factor: the settings' own, and the default for any they leave out. The
    settings file is checked as it is read; this guards settings made in code."""
    unknown = sorted(set(settings.priority_weights) - set(FACTORS))
    if unknown:
        raise ValueError(f"{unknown[0]} is not a visit priority factor")
    weights = {
        name: float(settings.priority_weights.get(name, DEFAULT_PRIORITY_WEIGHTS[name])) for name in FACTORS
    }
    refused = [name for name, weight in weights.items() if not weight >= 0]  # negative, or not a number
    if refused:
        raise ValueError(f"the weight of {refused[0]} must be 0 or more")
    return weights


# Who is scored, and by whom: the children open at D, and the worker each is allocated to.
SCORED = (
    Need(facts.CIN_EPISODES, months=0),
    Need(facts.CLA_PERIODS, months=0),
    Need(facts.ALLOCATIONS, months=0),
)
# Seen: visits of every kind, and assessments, over the half year the factor counts back.
SEEN = (
    Need(facts.CP_VISITS, months=7),
    Need(facts.CIN_VISITS, months=7),
    Need(facts.CLA_VISITS, months=7),
    Need(facts.ASSESSMENTS, months=7),
)


def unavailable(data: CouncilData, as_at: dt.date) -> str | None:
    """Why the data cannot give a visit priority at all on `as_at` (who is open, and whose), or None."""
    return unmet(SCORED, data.coverage, as_at)


def not_scored(data: CouncilData, as_at: dt.date, settings: Settings) -> list[dict[str, str]]:
    """The factors (with a weight) the data cannot score on `as_at`, each with why: left out."""
    weights = weights_of(settings)
    found = []
    for name, declared in FACTORS.items():
        reason = unmet(declared.needs, data.coverage, as_at)
        if weights[name] and reason is not None:
            found.append({"factor": name, "title": declared.title, "reason": reason})
    return found


def visit_priorities(
    data: CouncilData,
    as_at: dt.date,
    settings: Settings,
    worker_id: str | None = None,
    team_id: str | None = None,
    alert_codes: Iterable[str] | None = None,
) -> pl.DataFrame:
    """Every child open at `as_at` (those allocated to `worker_id` and `team_id` at D, when given),
    scored: one row per child in `SCHEMA`, the highest score first, then by child.

    `factors` lists the factors that gave the child points, the most points first (in declaration
    order when equal), each with its points and its reason. `alert_codes` limits the alerts the
    open_alerts factor counts (by default, every alert in the catalogue).
    """
    weights = weights_of(settings)
    if unavailable(data, as_at) is not None:
        return pl.DataFrame(schema=SCHEMA)
    left_out = {item["factor"] for item in not_scored(data, as_at, settings)}
    children = _open_children(data, as_at)
    if worker_id is not None:
        children = children.filter(pl.col("worker_id") == worker_id)
    if team_id is not None:
        children = children.filter(pl.col("team_id") == team_id)
    if children.height == 0:
        return pl.DataFrame(schema=SCHEMA)
    caseload = Caseload(children, data, as_at, settings, None if alert_codes is None else tuple(alert_codes))
    points = [pl.DataFrame(schema=POINTS)]
    for order, (name, declared) in enumerate(FACTORS.items()):
        if weights[name] == 0 or name in left_out:  # turned off, or the data says nothing of it
            continue
        found = declared.found(caseload).filter(pl.col("units") > 0)
        points.append(
            found.select(
                "person_id",
                pl.lit(name).alias("factor"),
                pl.lit(order, dtype=pl.Int32()).alias("order"),
                (pl.col("units") * weights[name]).alias("points"),
                "reason",
            )
        )
    scored = (
        pl.concat(points)
        .sort("person_id", "points", "order", descending=[False, True, False])
        .group_by("person_id", maintain_order=True)
        .agg(pl.col("points").sum().alias("score"), pl.struct("factor", "points", "reason").alias("factors"))
    )
    return (
        children.join(scored, on="person_id", how="left")
        .with_columns(
            pl.col("score").fill_null(0.0),
            pl.col("factors").fill_null(pl.lit([], dtype=pl.List(FACTOR))),
        )
        .select(*(pl.col(name).cast(kind) for name, kind in SCHEMA.items()))
        .sort(["score", "person_id"], descending=[True, False])
    )


def as_json(
    as_at: dt.date, worker_id: str | None, team_id: str | None, scored: pl.DataFrame
) -> dict[str, Any]:
    """The JSON document of `lineofsight priorities --json`: the children in order, each with its
    score and the factors that made it (figures to one decimal place, whole numbers without one)."""
    return {
        "as_at": as_at.isoformat(),
        "worker_id": worker_id,
        "team_id": team_id,
        "children": [
            {
                "child_id": row["person_id"],
                "worker": row["worker_id"],
                "team": row["team_id"],
                "plan": row["plan"],
                "score": rounded(row["score"]),
                "factors": [
                    {"factor": part["factor"], "points": rounded(part["points"]), "reason": part["reason"]}
                    for part in row["factors"]
                ],
            }
            for row in scored.iter_rows(named=True)
        ],
    }


def _open_children(data: CouncilData, as_at: dt.date) -> pl.DataFrame:
    """One row per child open at D, with their plan and allocation at D (see `Caseload`)."""
    episodes = data["cin_episodes"].filter(open_at("referral_date", "close_date", as_at))
    care = data["cla_episodes"].filter(open_at("cla_episode_start_date", "cla_episode_ceased_date", as_at))
    children = (
        pl.concat(
            [
                episodes.select("person_id", pl.col("referral_date").alias("since")),
                care.select("person_id", pl.col("cla_episode_start_date").alias("since")),
            ]
        )
        .group_by("person_id")
        .agg(pl.col("since").min().alias("open_since"))
    )
    # Two plans of a kind open at once is a data error; the latest to start is the child's plan.
    cp = _latest(
        data["cp_plans"].filter(open_at("cp_plan_start_date", "cp_plan_end_date", as_at)),
        "cp_plan_start_date",
        "cp_plan_id",
        pl.col("cp_plan_start_date").alias("cp_since"),
        pl.col("cp_plan_start_date"),
        pl.coalesce("cp_plan_latest_category", "cp_plan_initial_category").alias("category"),
        pl.col("cp_plan_previous_plans").alias("previous_plans"),
    )
    cla = _latest(
        care, "cla_episode_start_date", "cla_episode_id", pl.col("cla_episode_start_date").alias("cla_since")
    )
    cin = _latest(
        data["cin_plans"].filter(open_at("cin_plan_start_date", "cin_plan_end_date", as_at)),
        "cin_plan_start_date",
        "cin_plan_id",
        pl.col("cin_plan_start_date").alias("cin_since"),
    )
    # The plan of highest risk is the child's plan: CP, then looked after, then CIN.
    plan = (
        pl.when(pl.col("cp_since").is_not_null())
        .then(pl.lit("CP"))
        .when(pl.col("cla_since").is_not_null())
        .then(pl.lit("CLA"))
        .when(pl.col("cin_since").is_not_null())
        .then(pl.lit("CIN"))
        .otherwise(None)
    )
    children = (
        children.join(cp, on="person_id", how="left")
        .join(cla, on="person_id", how="left")
        .join(cin, on="person_id", how="left")
        .with_columns(
            plan.alias("plan"), pl.coalesce("cp_since", "cla_since", "cin_since").alias("plan_since")
        )
        .with_columns(pl.lit(as_at).alias("as_at"))
    )
    return with_allocation_at(children, data["allocations"], "as_at").drop("as_at")


def _latest(records: pl.DataFrame, start: str, key: str, *columns: pl.Expr) -> pl.DataFrame:
    """Each child's latest-starting record, with the columns asked for."""
    return (
        records.sort(start, key)
        .group_by("person_id", maintain_order=True)
        .last()
        .select("person_id", *columns)
    )


def _plan(caseload: Caseload, plan: str, words: str) -> pl.DataFrame:
    return caseload.children.filter(pl.col("plan") == plan).select(
        "person_id",
        pl.lit(1.0).alias("units"),
        pl.format(f"{words} since {{}}", iso("plan_since")).alias("reason"),
    )


@factor(
    "cp_plan",
    title="On a child protection plan",
    measures="a CP plan open at D (only one plan scores: CP, else looked after, else CIN)",
    points="the weight, once",
    needs=(Need(facts.CP_PLANS, months=0),),
)
def on_cp_plan(caseload: Caseload) -> pl.DataFrame:
    """A child protection plan means a conference found the child at risk of significant harm: the
    plan of highest risk, so a child on one and also looked after (or on a CIN plan) scores it alone."""
    return _plan(caseload, "CP", "on a child protection plan")


@factor(
    "looked_after",
    title="Looked after",
    measures="a period of care open at D, for a child not on a CP plan",
    points="the weight, once",
    needs=(Need(facts.CLA_PERIODS, months=0),),
)
def looked_after(caseload: Caseload) -> pl.DataFrame:
    """A looked-after child is the council's own responsibility as corporate parent, visited to the Care
    Planning Regulations; below a CP plan because the child is in a placement the council chose."""
    return _plan(caseload, "CLA", "looked after")


@factor(
    "cin_plan",
    title="On a child in need plan",
    measures="a CIN plan open at D, for a child neither on a CP plan nor looked after",
    points="the weight, once",
    needs=(Need(facts.CIN_PLANS, months=0),),
)
def on_cin_plan(caseload: Caseload) -> pl.DataFrame:
    """A child in need plan (section 17). A child whose case is open with no plan yet (in assessment,
    say) scores none of the three plan factors: their other factors, such as not being seen, count."""
    return _plan(caseload, "CIN", "on a child in need plan")


def _unseen(caseload: Caseload, seen: pl.DataFrame, words: str) -> pl.DataFrame:
    """Full weeks from the child's latest day in `seen` (`person_id`, `seen_date`), or the case's
    opening without one, to D, at most `MOST_WEEKS_UNSEEN`. Only days on or before D count, and not
    before the case opened: a child re-referred last week is judged from the referral, not from a visit
    years ago."""
    children = caseload.children.select("person_id", "open_since")
    latest = (  # lazily, so that Polars filters as it joins every visit to the open children
        children.lazy()
        .join(seen.lazy().filter(pl.col("seen_date") <= caseload.as_at), on="person_id")
        .filter(pl.col("seen_date") >= pl.col("open_since"))
        .group_by("person_id")
        .agg(pl.col("seen_date").max().alias("last_seen"))
        .collect()
    )
    unseen = children.join(latest, on="person_id", how="left").with_columns(
        (pl.lit(caseload.as_at) - pl.coalesce("last_seen", "open_since")).dt.total_days().alias("days")
    )
    capped = pl.when(pl.col("days") >= 7 * (MOST_WEEKS_UNSEEN + 1)).then(
        pl.lit(f"; {MOST_WEEKS_UNSEEN} weeks at most count")
    )
    reason = (
        pl.when(pl.col("last_seen").is_null())
        .then(
            pl.format(f"not {words} since the case opened on {{}}, {{}} days ago", iso("open_since"), "days")
        )
        .otherwise(pl.format(f"not {words} for {{}} days (last {words} {{}})", "days", iso("last_seen")))
    )
    return unseen.select(
        "person_id",
        (pl.col("days") // 7).clip(upper_bound=MOST_WEEKS_UNSEEN).alias("units"),
        pl.concat_str(reason, capped.otherwise(pl.lit(""))).alias("reason"),
    )


def _visits(caseload: Caseload, seen: pl.Expr) -> pl.DataFrame:
    return caseload.data["visits"].filter(seen).select("person_id", pl.col("visit_date").alias("seen_date"))


@factor(
    "weeks_not_seen",
    title="Not seen",
    measures="days from the latest visit or assessment that saw the child (or the case's opening) to D",
    points=f"the weight for each full week, up to {MOST_WEEKS_UNSEEN} weeks",
    needs=SEEN,
)
def weeks_not_seen(caseload: Caseload) -> pl.DataFrame:
    """The point of a visit is to see the child: a visit at which the child was not seen does not stop
    the clock. Visits of any kind count (a CP, CIN or looked-after child's visit alike), and so does the
    day an assessment records the child was seen, since a child in assessment has no statutory visits.
    """
    assessed = caseload.data["assessments"].select(
        "person_id", pl.col("assessment_child_seen_date").alias("seen_date")
    )
    seen = pl.concat([_visits(caseload, pl.col("visit_seen")), assessed.drop_nulls()])
    return _unseen(caseload, seen, "seen")


@factor(
    "weeks_not_seen_alone",
    title="Not seen alone",
    measures="days from the latest visit at which the child was seen alone (or the case's opening) to D",
    points=f"the weight for each full week, up to {MOST_WEEKS_UNSEEN} weeks",
    needs=SEEN,
)
def weeks_not_seen_alone(caseload: Caseload) -> pl.DataFrame:
    """Seeing a child alone is how a worker hears what the child will not say in front of the adults.
    Only visits say whether the child was seen alone (an assessment's record does not). It applies to
    every child, babies too: a worker who thinks it does not apply to a child can say so to their
    manager, with the reason in front of them."""
    return _unseen(
        caseload, _visits(caseload, pl.col("visit_seen") & pl.col("visit_seen_alone")), "seen alone"
    )


@factor(
    "missing_episodes",
    title="Recent missing episodes",
    measures=f"missing episodes that began in the {MISSING_DAYS} days to D (not 'away from placement')",
    points="the weight for each episode",
    needs=(Need(facts.MISSING, months=3),),
)
def missing_episodes(caseload: Caseload) -> pl.DataFrame:
    """Going missing is a sign of harm or exploitation. Only episodes recorded as missing count: an
    absence (away from placement without authorisation, whereabouts known) is a lesser worry. An
    episode counts on the day it began, in (D − 90 days, D], whether or not the child is back."""
    window = (caseload.as_at - dt.timedelta(days=MISSING_DAYS), caseload.as_at)
    episodes = (
        caseload.data["missing_episodes"]
        .filter(pl.col("missing_episode_type") == "missing")
        .select("person_id", pl.col("missing_episode_start").dt.date().alias("went"))
        .filter(pl.col("went").is_between(*window, closed="right"))
    )
    counted = (
        caseload.children.select("person_id")
        .join(episodes, on="person_id")
        .group_by("person_id")
        .agg(pl.len().alias("units"), pl.col("went").max().alias("latest"))
    )
    reason = (
        pl.when(pl.col("units") == 1)
        .then(pl.format(f"missing once in the last {MISSING_DAYS} days ({{}})", iso("latest")))
        .otherwise(
            pl.format(
                f"missing {{}} times in the last {MISSING_DAYS} days, latest {{}}", "units", iso("latest")
            )
        )
    )
    return counted.select("person_id", "units", reason.alias("reason"))


@factor(
    "repeat_cp_plan",
    title="Repeat child protection plan",
    measures="a CP plan open at D that follows an earlier CP plan of the same child",
    points="the weight, once",
    needs=(
        Need(facts.CP_PLANS, months=0),
        Either([Need(facts.CP_PLANS, months=None)], [Need(facts.PREVIOUS_CP_PLANS)]),
    ),
)
def repeat_cp_plan(caseload: Caseload) -> pl.DataFrame:
    """A second plan says the first did not make the child safe for good. The earlier plans are the
    more of those the CIN census counted (`cp_plan_previous_plans`, any council's) and the child's plans
    in the data that started before this one: the census count may already include those, so they are
    not added together."""
    on_plan = caseload.children.filter(pl.col("plan") == "CP").select(
        "person_id", "cp_plan_start_date", "previous_plans"
    )
    earlier = (
        on_plan.join(caseload.data["cp_plans"].select("person_id", "cp_plan_start_date"), on="person_id")
        .filter(pl.col("cp_plan_start_date_right") < pl.col("cp_plan_start_date"))
        .group_by("person_id")
        .agg(pl.len().alias("earlier"))
    )
    before = pl.max_horizontal(pl.col("previous_plans").fill_null(0), pl.col("earlier").fill_null(0))
    return (
        on_plan.join(earlier, on="person_id", how="left")
        .with_columns(before.alias("before"))
        .select(
            "person_id",
            (pl.col("before") > 0).alias("units"),
            pl.when(pl.col("before") == 1)
            .then(pl.lit("a repeat CP plan: 1 plan before this one"))
            .otherwise(pl.format("a repeat CP plan: {} plans before this one", "before"))
            .alias("reason"),
        )
    )


@factor(
    "changes_of_worker",
    title="Changes of social worker",
    measures="the different workers the child was allocated to in the year to D",
    points="the weight for each worker after the first",
    needs=(Need(facts.ALLOCATIONS),),
)
def changes_of_worker(caseload: Caseload) -> pl.DataFrame:
    """Every new worker has to get to know the child again, and children say changes are what they like
    least. The year to D is (D − 1 year, D]; an allocation open on any day of it counts. A worker who
    comes back counts once: this counts workers, not handovers."""
    allocations = caseload.data["allocations"].filter(
        overlaps_year_to("allocation_start_date", "allocation_end_date", caseload.as_at)
    )
    return (
        caseload.children.select("person_id")
        .join(allocations.select("person_id", "worker_id"), on="person_id")
        .group_by("person_id")
        .agg(pl.col("worker_id").n_unique().alias("workers"))
        .select(
            "person_id",
            (pl.col("workers") - 1).alias("units"),
            pl.format("{} social workers in the last 12 months", "workers").alias("reason"),
        )
    )


@factor(
    "under_one",
    title="Under one",
    measures="the child's age at D: under one year old, or not yet born (a pre-birth plan)",
    points="the weight, once",
    needs=(),
)
def under_one(caseload: Caseload) -> pl.DataFrame:
    """Babies are the children most often seriously harmed, and cannot tell anyone. A child not yet
    born (recorded with the expected date of birth) counts too: a pre-birth plan is made for a reason.
    A child is under one until the day before their first birthday."""
    born = caseload.children.select("person_id").join(
        caseload.data["person"].select("person_id", "person_dob"), on="person_id"
    )
    # One chunk per column before the dates are written out: on a frame filtered from a join, Polars
    # 2.1 panicked (`assertion failed: i < self.len()`) formatting them, taking the team page and My
    # work down for a whole synthetic council (see `CouncilData`).
    return (
        born.filter(pl.col("person_dob") > year_before(caseload.as_at))
        .rechunk()
        .select(
            "person_id",
            pl.lit(1.0).alias("units"),
            pl.when(pl.col("person_dob") > caseload.as_at)
            .then(pl.format("not yet born (due {})", iso("person_dob")))
            .otherwise(pl.format("under one (born {})", iso("person_dob")))
            .alias("reason"),
        )
    )


@factor(
    "neglect_or_multiple",
    title="Neglect or multiple categories of abuse",
    measures="the latest category of abuse of the CP plan open at D: neglect (NEG) or multiple (MUL)",
    points="the weight, once",
    needs=(Need(facts.CP_PLANS, months=0),),
)
def neglect_or_multiple(caseload: Caseload) -> pl.DataFrame:
    """Neglect is the category in which harm accumulates quietly and plans drift or repeat; multiple
    categories mean more than one kind of harm. The plan's latest category counts (its initial one
    where no later one is recorded)."""
    categories = pl.DataFrame({"category": list(CATEGORIES), "words": list(CATEGORIES.values())})
    return (
        caseload.children.filter(pl.col("plan") == "CP")
        .join(categories, on="category")
        .select(
            "person_id",
            pl.lit(1.0).alias("units"),
            pl.format("category of abuse: {} ({})", "words", "category").alias("reason"),
        )
    )


@factor(
    "open_alerts",
    title="Open alerts",
    measures="the alerts raised for the child at D (the alert catalogue: overdue visits, reviews, ...)",
    points="the weight for each alert",
    needs=(),
)
def open_alerts(caseload: Caseload) -> pl.DataFrame:
    """An open alert is statutory work past its timescale for this child. Each alert raised counts, so
    a child with two plans' visits overdue counts two. Alerts about workers (a caseload over its cap)
    are not about one child and do not count."""
    at = caseload.children.select("person_id", pl.lit(caseload.as_at).alias("as_at"))
    raised = open_alerts_at(caseload.data, at, caseload.settings, caseload.alert_codes)
    counted = raised.group_by("person_id").agg(
        pl.len().alias("units"), pl.col("code").unique().sort().str.join(", ").alias("codes")
    )
    return counted.select(
        "person_id",
        "units",
        pl.when(pl.col("units") == 1)
        .then(pl.format("1 open alert ({})", "codes"))
        .otherwise(pl.format("{} open alerts ({})", "units", "codes"))
        .alias("reason"),
    )


def factors_documented(settings: Settings) -> list[tuple[Factor, float, float]]:
    """Each factor with its weight in force and its default weight, for `settings show` and the docs."""
    weights = weights_of(settings)
    return [(declared, weights[name], DEFAULT_PRIORITY_WEIGHTS[name]) for name, declared in FACTORS.items()]
