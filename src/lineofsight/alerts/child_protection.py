"""Alerts about child protection: an enquiry still waiting for its conference, a plan that has run on
for more than 15 months, and a child back on a plan soon after the last one ended.

Each is computed as at any date D with the catalogue's conventions (measures.md): working days count
the starting event as day 0, "open at D" counts an end on D as open, months are calendar months
clamped to the month's end, and only what was recorded on or before D is known at D. `timing` says
when an alert is raised (the day after it fell due) and what its row carries.
"""

from __future__ import annotations

import polars as pl

from lineofsight.alerts.catalogue import alert
from lineofsight.alerts.timing import AS_AT, iso, judged, open_then, raised
from lineofsight.data import CouncilData
from lineofsight.data.facts import CP_PLANS, ICPCS, S47_ENDS, S47_ENQUIRIES
from lineofsight.data.needs import Need
from lineofsight.data.periods import months_after, working_day_deadline
from lineofsight.settings import Settings

ICPC_WORKING_DAYS = 15  # Working Together: the initial conference within 15 working days
LONG_PLAN_MONTHS = 15  # as measure CP07
REPEAT_PLAN_MONTHS = 24  # "within 2 years", as calendar years


@alert(
    "AL02",
    title="S47 enquiry with no conference after 15 working days",
    raised_when=(
        "an S47 enquiry whose outcome is (or may be) a conference has no ICPC, and its start is more "
        "than 15 working days before D"
    ),
    owner="team manager",
    needs=(Need(S47_ENQUIRIES, months=0), Need(ICPCS, months=0), Need(S47_ENDS, months=0)),
)
def s47_without_conference(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """The conference is due 15 working days after the S47 enquiry's start (day 0), as the DfE's
    CIN census times it (measure CP02), so the alert is raised from the next calendar day.

    An enquiry "may be" a conference while its outcome is not known at D: no outcome recorded, or an
    outcome whose enquiry ended after D (it was decided later). An enquiry that ended by D with no
    further action or a CIN plan is left alone; one with no end date but a recorded outcome is taken
    at its word. The conference is the ICPC that names the enquiry, or, where a conference names no
    enquiry, any ICPC for the same referral held on or after the enquiry started (a transfer-in
    conference included: the child had their conference). It must be held on or before D. There is no
    cut-off in time: an enquiry whose conference never happened stays on the list until the record is
    put right, because that is the record a manager must correct.
    """
    enquiries = data["s47_enquiries"]
    enquiries = enquiries.with_columns(
        working_day_deadline(enquiries, "s47_start_date", ICPC_WORKING_DAYS).alias("due")
    )
    outcome_unknown = pl.col("s47_outcome").is_null() | (pl.col("s47_end_date") > AS_AT).fill_null(False)
    waiting = judged(enquiries, at).filter(
        (pl.col("s47_start_date") <= AS_AT) & ((pl.col("s47_outcome") == "icpc") | outcome_unknown)
    )
    conferences = data["initial_cp_conferences"].select("s47_enquiry_id", "referral_id", "icpc_date")
    named = waiting.select("s47_enquiry_id", "as_at").join(
        conferences.filter(pl.col("s47_enquiry_id").is_not_null()).select("s47_enquiry_id", "icpc_date"),
        on="s47_enquiry_id",
    )
    unnamed = waiting.select("s47_enquiry_id", "referral_id", "s47_start_date", "as_at").join(
        conferences.filter(pl.col("s47_enquiry_id").is_null()).select("referral_id", "icpc_date"),
        on="referral_id",
    )
    held = pl.concat(
        [
            named.filter(pl.col("icpc_date") <= AS_AT).select("s47_enquiry_id", "as_at"),
            unnamed.filter(pl.col("icpc_date").is_between(pl.col("s47_start_date"), AS_AT)).select(
                "s47_enquiry_id", "as_at"
            ),
        ]
    )
    waiting = waiting.join(held, on=["s47_enquiry_id", "as_at"], how="anti")
    decided = pl.when(outcome_unknown).then(pl.lit("no outcome yet")).otherwise(pl.lit("conference decided"))
    detail = pl.format("S47 enquiry {} started {}, {}", "s47_enquiry_id", iso("s47_start_date"), decided)
    return raised(waiting, data, detail)


@alert(
    "AL08",
    kind="concern",
    title="CP plan open over 15 months",
    raised_when="a CP plan open at D that started more than 15 months before D",
    owner="head of service",
    needs=(Need(CP_PLANS, months=0),),
)
def cp_plan_over_15_months(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """Due on the same calendar date 15 months after the plan's start (30 November + 15 months is the
    last day of February), as measure CP07 counts it: a plan that started exactly 15 months before D
    is not yet raised, one a day older is. A plan ending on D is still open on D.
    """
    start, end = "cp_plan_start_date", "cp_plan_end_date"
    plans = (
        judged(data["cp_plans"], at)
        .filter(open_then(start, end))
        .with_columns(months_after(start, LONG_PLAN_MONTHS).alias("due"))
    )
    return raised(plans, data, pl.format("plan {} started {}", "cp_plan_id", iso(start)))


@alert(
    "AL09",
    kind="concern",
    title="Repeat CP plan within 2 years",
    raised_when=(
        "a CP plan open at D that started within 2 years of the end of the same child's previous CP plan"
    ),
    owner="conference chair",
    needs=(Need(CP_PLANS, months=None),),
)
def repeat_cp_plan_within_2_years(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """The previous plan is the same child's plan that ended most recently on or before this plan's
    start (so it ended by D, since the plan is open at D). "Within 2 years" is the catalogue's: on or
    before the same calendar date 24 months after that end (from 29 February, 28 February two years
    on). A plan that ended on the very day the new one started counts: the record says the first plan
    ended, and a plan that merely carried on should be recorded as one plan.

    There is nothing to do by a date, so the plan's start is its due date and the alert is raised from
    the next day for as long as the plan is open: the chair should know, at every conference, that
    this is a repeat plan.
    """
    plans = data["cp_plans"]
    ended = plans.filter(pl.col("cp_plan_end_date").is_not_null()).select(
        "person_id",
        pl.col("cp_plan_id").alias("previous_plan_id"),
        pl.col("cp_plan_end_date").alias("previous_end_date"),
    )
    previous = (
        plans.select("cp_plan_id", "person_id", "cp_plan_start_date")
        .join(ended, on="person_id")
        .filter(
            (pl.col("previous_plan_id") != pl.col("cp_plan_id"))
            & (pl.col("previous_end_date") <= pl.col("cp_plan_start_date"))
        )
        .sort("previous_end_date", "previous_plan_id")
        .group_by("cp_plan_id")
        .agg(pl.col("previous_plan_id").last(), pl.col("previous_end_date").last())
    )
    repeats = plans.join(previous, on="cp_plan_id").filter(
        pl.col("cp_plan_start_date") <= months_after("previous_end_date", REPEAT_PLAN_MONTHS)
    )
    start, end = "cp_plan_start_date", "cp_plan_end_date"
    open_repeats = judged(repeats, at).filter(open_then(start, end)).with_columns(pl.col(start).alias("due"))
    detail = pl.format(
        "plan {} started {}, previous plan ended {}", "cp_plan_id", iso(start), iso("previous_end_date")
    )
    return raised(open_repeats, data, detail)
