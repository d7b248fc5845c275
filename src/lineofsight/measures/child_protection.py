"""Child protection: enquiries, timely conferences, plans (repeat, long, short), visits and reviews."""

from __future__ import annotations

import datetime as dt

import polars as pl

from lineofsight.data import CouncilData
from lineofsight.data.facts import (
    CP_PLANS,
    CP_REVIEWS,
    CP_VISITS,
    ICPCS,
    PREVIOUS_CP_PLANS,
    S47_ENDS,
    S47_ENQUIRIES,
)
from lineofsight.data.needs import Either, Need
from lineofsight.data.periods import (
    children_open_at,
    in_year_to,
    months_after,
    numbered_within,
    open_at,
    with_allocation_at,
    with_previous_date,
    working_day_deadline,
    working_days_between,
)
from lineofsight.measures.catalogue import measure
from lineofsight.measures.children_in_need import plan_visits
from lineofsight.measures.england import ENGLAND
from lineofsight.settings import Settings

AREA = "Child protection"
ICPC_TIMESCALE_WORKING_DAYS = 15  # Working Together: ICPC within 15 working days of the strategy discussion
FIRST_REVIEW_MONTHS = 3  # Working Together: first review conference within 3 months of the ICPC
LATER_REVIEW_MONTHS = 6  # ... and later ones within 6 months of the previous review
LONG_PLAN_MONTHS = 15
SHORT_PLAN_MONTHS = 3


@measure(
    "CP01",
    credited="the team and worker who led the enquiry, as recorded with it",
    title="Section 47 enquiries per 10,000",
    area=AREA,
    definition="S47 enquiries starting in the year to D, per 10,000 children",
    unit="per 10,000",
    polarity="context",
    kind="rate",
    benchmark=ENGLAND.get("CP01"),
    needs=(Need(S47_ENQUIRIES),),
)
def enquiry_rate(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Enquiries, not children, as the CIN census counts them: a child with two enquiries in the year
    counts twice. Each belongs to the team and worker who led it.
    """
    detail = (
        data["s47_enquiries"]
        .filter(in_year_to("s47_start_date", as_at))
        .select("s47_enquiry_id", "person_id", "s47_start_date", "team_id", "worker_id")
        .sort("s47_start_date", "s47_enquiry_id")
    )
    return detail


@measure(
    "CP02",
    credited="the team and worker who led the S47 enquiry the conference followed, as recorded with it",
    title="ICPCs within 15 working days",
    area=AREA,
    definition=(
        "initial child protection conferences in the year to D held within 15 working days of the start "
        "of the S47 enquiry that led to them ÷ ICPCs in the year to D (DfE method, from the CIN census "
        "S47 start date; statutory guidance counts from the strategy discussion, which most councils "
        "record as the S47 start)"
    ),
    unit="%",
    polarity="up",
    benchmark=ENGLAND.get("CP02"),
    needs=(Need(ICPCS), Need(S47_ENQUIRIES)),
)
def conferences_on_time(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """ICPCs held in the year to D, timed from the start of the S47 enquiry they name (day 0).

    Conferences for children who moved in on a plan from another council (transfer-ins) are left out:
    their enquiry, and its clock, ran in the other council. A conference with no linked S47 enquiry (or
    a link to one we do not hold) stays in the denominator and is never on time, so missing data shows
    as a lower figure instead of quietly vanishing from the count.
    """
    conferences = (
        data["initial_cp_conferences"]
        .filter(in_year_to("icpc_date", as_at) & ~pl.col("icpc_transfer_in"))
        .join(
            data["s47_enquiries"].select("s47_enquiry_id", "s47_start_date", "team_id", "worker_id"),
            on="s47_enquiry_id",
            how="left",
        )
    )
    detail = (
        conferences.with_columns(
            working_day_deadline(conferences, "s47_start_date", ICPC_TIMESCALE_WORKING_DAYS).alias(
                "deadline"
            ),
            working_days_between(conferences, "s47_start_date", "icpc_date").alias("working_days"),
        )
        .with_columns((pl.col("icpc_date") <= pl.col("deadline")).fill_null(False).alias("in_numerator"))
        .select(
            "icpc_id",
            "person_id",
            "s47_enquiry_id",
            "s47_start_date",
            "icpc_date",
            "deadline",
            "working_days",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("icpc_date", "icpc_id")
    )
    return detail


@measure(
    "CP03",
    credited="the team and worker who led the enquiry, as recorded with it",
    title="S47 enquiries leading to an ICPC",
    area=AREA,
    definition=(
        "S47 enquiries ending in the year to D whose outcome was an ICPC "
        "÷ S47 enquiries ending in the year to D"
    ),
    unit="%",
    polarity="context",
    benchmark=ENGLAND.get("CP03"),
    needs=(Need(S47_ENQUIRIES), Need(S47_ENDS)),
)
def enquiries_to_conference(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """The outcome is the enquiry's own (`s47_outcome` "icpc": a conference was decided on), as the CIN
    census records it, whether or not the conference was then held (a child may come into care first).
    Enquiries still open at D have no outcome yet and are not in either count.
    """
    detail = (
        data["s47_enquiries"]
        .filter(in_year_to("s47_end_date", as_at))
        .with_columns((pl.col("s47_outcome") == "icpc").fill_null(False).alias("in_numerator"))
        .select(
            "s47_enquiry_id",
            "person_id",
            "s47_start_date",
            "s47_end_date",
            "s47_outcome",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("s47_end_date", "s47_enquiry_id")
    )
    return detail


@measure(
    "CP04",
    credited="the team and worker holding the child at D",
    title="Children on a child protection plan, per 10,000",
    area=AREA,
    definition="children with a CP plan open at D, per 10,000",
    unit="per 10,000",
    polarity="context",
    kind="rate",
    benchmark=ENGLAND.get("CP04"),
    needs=(Need(CP_PLANS, months=0),),
)
def children_on_plans(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Children, not plans: a child with two plans open (a data error) counts once, on the latest. A plan
    ending on D is still open at D.
    """
    return children_open_at(
        data["cp_plans"], data["allocations"], "cp_plan_id", "cp_plan_start_date", "cp_plan_end_date", as_at
    )


@measure(
    "CP05",
    credited="the team and worker holding the child on the day the plan began",
    title="Second or subsequent CP plans",
    area=AREA,
    definition=(
        "CP plans starting in the year to D for a child who had a CP plan before (ever) "
        "÷ CP plans starting in the year to D (DfE definition)"
    ),
    unit="%",
    polarity="down",
    benchmark=ENGLAND.get("CP05"),
    needs=(Need(CP_PLANS), Either([Need(CP_PLANS, months=None)], [Need(PREVIOUS_CP_PLANS)])),
)
def repeat_plans(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """A plan is a repeat when the same child had another plan that started strictly before it,
    however long ago and whether or not it had ended; two plans starting the same day are not
    repeats of each other.

    Where the plan's record says how many plans came before it (the CIN census's
    NumberOfPreviousCPP, Annex A List 7's "Number of previous child protection plans"), that count
    decides, since it reaches back further than any history loaded: more than none is a repeat. A
    council's count may include plans made by other councils, which the DfE's own figure counts
    too; the event history sees only this council's. Otherwise the plans held decide.
    """
    plans = with_previous_date(data["cp_plans"], "cp_plan_start_date", "previous_plan_start_date")
    counted = pl.col("cp_plan_previous_plans")
    detail = (
        with_allocation_at(
            plans.filter(in_year_to("cp_plan_start_date", as_at)), data["allocations"], "cp_plan_start_date"
        )
        .with_columns(
            pl.when(counted.is_not_null())
            .then(counted > 0)
            .otherwise(pl.col("previous_plan_start_date").is_not_null())
            .alias("in_numerator")
        )
        .select(
            "cp_plan_id",
            "person_id",
            "cp_plan_start_date",
            "previous_plan_start_date",
            "cp_plan_previous_plans",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("cp_plan_start_date", "cp_plan_id")
    )
    return detail


@measure(
    "CP06",
    credited="the team and worker holding the child on the day the plan ended",
    title="CP plans lasting two years or more",
    area=AREA,
    definition=(
        "CP plans ending in the year to D that lasted 2 years or more ÷ CP plans ending in the year to D"
    ),
    unit="%",
    polarity="down",
    benchmark=ENGLAND.get("CP06"),
    needs=(Need(CP_PLANS),),
)
def long_plans_ended(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """A plan lasted 2 years when it ended on or after the same date two years after it started
    (from 29 February, 28 February two years on).
    """
    ended = data["cp_plans"].filter(in_year_to("cp_plan_end_date", as_at))
    detail = (
        with_allocation_at(ended, data["allocations"], "cp_plan_end_date")
        .with_columns(months_after("cp_plan_start_date", 24).alias("two_years_on"))
        .with_columns((pl.col("cp_plan_end_date") >= pl.col("two_years_on")).alias("in_numerator"))
        .select(
            "cp_plan_id",
            "person_id",
            "cp_plan_start_date",
            "cp_plan_end_date",
            "two_years_on",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("cp_plan_end_date", "cp_plan_id")
    )
    return detail


@measure(
    "CP07",
    credited="the team and worker holding the child at D",
    title="CP plans open over 15 months",
    area=AREA,
    definition="count of CP plans open at D that started more than 15 months before D",
    unit="count",
    polarity="down",
    kind="count",
    benchmark=ENGLAND.get("CP07"),
    needs=(Need(CP_PLANS, months=0),),
)
def long_open_plans(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Plans, not children. "More than 15 months before D" means D is after the same date 15 months on
    from the start (clamped to the month's end): a plan that started exactly 15 months before D is not
    yet counted, one a day older is. A plan ending on D is still open at D.
    """
    plans = (
        data["cp_plans"]
        .filter(open_at("cp_plan_start_date", "cp_plan_end_date", as_at))
        .with_columns(
            months_after("cp_plan_start_date", LONG_PLAN_MONTHS).alias("fifteen_months_on"),
            pl.lit(as_at).alias("as_at"),
        )
        .filter(pl.col("fifteen_months_on") < as_at)
    )
    detail = (
        with_allocation_at(plans, data["allocations"], "as_at")
        .select("cp_plan_id", "person_id", "cp_plan_start_date", "fifteen_months_on", "team_id", "worker_id")
        .sort("cp_plan_start_date", "cp_plan_id")
    )
    return detail


@measure(
    "CP08",
    credited="the team and worker holding the child at D",
    title="CP children visited within 10 working days",
    area=AREA,
    definition=(
        "children with a CP plan open at D (started at least 10 working days before D) whose latest visit "
        "is within 10 working days before D ÷ those children (local standard)"
    ),
    unit="%",
    polarity="up",
    settings=("cp_visit_interval_working_days",),
    benchmark=ENGLAND.get("CP08"),
    needs=(Need(CP_PLANS, months=0), Need(CP_VISITS, months=3, latest=True)),
)
def plan_children_visited(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """The interval is the council's standard (`cp_visit_interval_working_days`, 10 by default), the
    same on both sides: the plan must have run that long, and the latest CP visit be that recent. See
    `children_in_need.plan_visits` for how its edges are read.
    """
    return plan_visits(
        data,
        as_at,
        plans="cp_plans",
        plan_id="cp_plan_id",
        start="cp_plan_start_date",
        end="cp_plan_end_date",
        kind="cp",
        interval=settings.cp_visit_interval_working_days,
    )


def reviews_due(data: CouncilData, as_at: dt.date) -> pl.DataFrame:
    """Every review conference due by D, held or not, with the date its clock started.

    A plan's clock starts at its initial conference (the plan's start where no conference is linked).
    Each review held by D is due 3 months after the one before it (the ICPC, for the first) or 6 months
    (for later ones); after the last review held by D, one more is due, and is missing if its due date
    is D or earlier while the plan was still open on it.
    """
    plans = (
        data["cp_plans"]
        .join(data["initial_cp_conferences"].select("icpc_id", "icpc_date"), on="icpc_id", how="left")
        .with_columns(pl.coalesce("icpc_date", "cp_plan_start_date").alias("icpc_date"))
        .filter(pl.col("icpc_date") <= as_at)
        .select("cp_plan_id", "person_id", "icpc_date", "cp_plan_end_date")
    )
    held = (
        data["cp_reviews"]
        .filter(pl.col("cp_review_date") <= as_at)
        .select("cp_review_id", "cp_plan_id", "cp_review_date")
        .join(plans, on="cp_plan_id")
        .filter(pl.col("cp_review_date") > pl.col("icpc_date"))
        .sort("cp_plan_id", "cp_review_date", "cp_review_id")
        .unique(["cp_plan_id", "cp_review_date"], keep="first", maintain_order=True)
        .pipe(numbered_within, "cp_plan_id", "cp_review_date", "review_number", "clock_start_date")
        .with_columns(pl.coalesce("clock_start_date", "icpc_date").alias("clock_start_date"))
    )
    columns = [
        "cp_review_id",
        "cp_plan_id",
        "person_id",
        "review_number",
        "clock_start_date",
        "cp_review_date",
    ]
    last_held = held.group_by("cp_plan_id").agg(
        pl.col("review_number").max(), pl.col("cp_review_date").max().alias("last_review_date")
    )
    next_due = (
        plans.join(last_held, on="cp_plan_id", how="left")
        .with_columns(
            (pl.col("review_number").fill_null(0) + 1).alias("review_number"),
            pl.coalesce("last_review_date", "icpc_date").alias("clock_start_date"),
            pl.lit(None, dtype=pl.String).alias("cp_review_id"),
            pl.lit(None, dtype=pl.Date).alias("cp_review_date"),
        )
        .with_columns(due_date(pl.col("review_number")))
        .filter(
            (pl.col("due_date") <= as_at)
            & (pl.col("cp_plan_end_date").is_null() | (pl.col("cp_plan_end_date") >= pl.col("due_date")))
        )
    )
    return pl.concat(
        [
            held.with_columns(due_date(pl.col("review_number"))).select(*columns, "due_date"),
            next_due.select(*columns, "due_date"),
        ]
    )


def due_date(review_number: pl.Expr) -> pl.Expr:
    """The first review is due 3 months after its clock starts, later ones 6 months."""
    return (
        pl.when(review_number == 1)
        .then(months_after("clock_start_date", FIRST_REVIEW_MONTHS))
        .otherwise(months_after("clock_start_date", LATER_REVIEW_MONTHS))
        .alias("due_date")
    )


@measure(
    "CP09",
    credited="the team and worker holding the child on the day the review was due",
    title="CP reviews on time",
    area=AREA,
    definition=(
        "review conferences due in the year to D held on time (first review within 3 months of the "
        "ICPC, later ones within 6 months of the previous) ÷ reviews due in the year to D"
    ),
    unit="%",
    polarity="up",
    benchmark=ENGLAND.get("CP09"),
    needs=(Need(CP_PLANS, months=18), Need(ICPCS, months=18), Need(CP_REVIEWS, months=18)),
)
def reviews_on_time(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Due dates are worked out from what happened, not taken from the recorded due date: each review is
    due within 3 months of the ICPC (the first) or 6 months of the review before it as actually held,
    so a late review moves the next one's date, as Working Together says. "Within" is on or before the
    same date that many months on (from 31 August, the end of February).

    The denominator is reviews whose due date falls in the year to D. A review held late still counts
    in the year it was due; a review due by D and not held by D counts as not on time (only the next
    review after the last one held can be missing: the one after that has no due date until it is
    held). A plan that ended before a review's due date owes no review; one ending on the due date was
    still open that day and does. Each row belongs to the child's allocated worker on the due date.
    """
    due = reviews_due(data, as_at).filter(in_year_to("due_date", as_at))
    detail = (
        with_allocation_at(due, data["allocations"], "due_date")
        .with_columns((pl.col("cp_review_date") <= pl.col("due_date")).fill_null(False).alias("in_numerator"))
        .select(
            "cp_plan_id",
            "review_number",
            "cp_review_id",
            "person_id",
            "clock_start_date",
            "due_date",
            "cp_review_date",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("due_date", "cp_plan_id", "review_number")
    )
    return detail


@measure(
    "CP10",
    credited="the team and worker holding the child on the day the plan ended",
    title="CP plans ended within 3 months",
    area=AREA,
    definition=(
        "CP plans ending in the year to D that lasted under 3 months ÷ CP plans ending in the year to D"
    ),
    unit="%",
    polarity="context",
    benchmark=ENGLAND.get("CP10"),
    needs=(Need(CP_PLANS),),
)
def short_plans_ended(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """A plan lasted under 3 months when it ended before the same date three months after it started
    (from 30 November, 28 or 29 February): one ending on that date lasted 3 months and is not counted.
    Each row belongs to the child's allocated worker on the day the plan ended.
    """
    plans = (
        data["cp_plans"]
        .filter(in_year_to("cp_plan_end_date", as_at))
        .with_columns(months_after("cp_plan_start_date", SHORT_PLAN_MONTHS).alias("three_months_on"))
        .with_columns((pl.col("cp_plan_end_date") < pl.col("three_months_on")).alias("in_numerator"))
    )
    detail = (
        with_allocation_at(plans, data["allocations"], "cp_plan_end_date")
        .select(
            "cp_plan_id",
            "person_id",
            "cp_plan_start_date",
            "cp_plan_end_date",
            "three_months_on",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("cp_plan_end_date", "cp_plan_id")
    )
    return detail
