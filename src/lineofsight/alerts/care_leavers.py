"""Alerts about care leavers: keeping in touch, and reviewing the pathway plan.

The duty to keep in touch with a former relevant young person until 21 is statutory (Children Act 1989
s23C), but how often is a local standard, 8 weeks by default (domain.md A3, row 33); a pathway plan is
reviewed at least every 6 months (Care Leavers (England) Regulations 2010, regulation 7; row 31). Both
alerts are for the young person's personal adviser, and name the young person's allocated worker at D
or, where they have none, their personal adviser.
"""

from __future__ import annotations

import polars as pl

from lineofsight.alerts.catalogue import alert
from lineofsight.alerts.timing import AS_AT, iso, judged, open_then, raised
from lineofsight.data import CouncilData
from lineofsight.data.facts import CARE_LEAVER_CONTACTS, CARE_LEAVERS, CLA_PERIODS, PATHWAY_PLANS
from lineofsight.data.needs import Need
from lineofsight.data.periods import months_after
from lineofsight.measures.care_leavers import IN_TOUCH, NO_PATHWAY_PLAN, PATHWAY_PLAN_REVIEW_MONTHS
from lineofsight.settings import Settings

ADULT_MONTHS = 18 * 12
AGE_22_MONTHS = 22 * 12


def _entitled_at(data: CouncilData, at: pl.DataFrame) -> pl.DataFrame:
    """Young people with a leaving-care entitlement open at each moment that brings a pathway plan and
    a personal adviser (eligible, relevant or former relevant: not qualifying, who are owed advice and
    assistance only, as CL01 and CL04 count), one row each: where two are open, the latest to start.
    A young person who has died by D is left out. The row's own worker is the personal adviser, in
    their team when the adviser is a worker we hold; `raised` prefers the allocation at D.
    """
    start, end = "care_leaver_eligibility_date", "care_leaver_end_date"
    entitlements = (
        data["care_leavers"]
        .filter(~pl.col("care_leaver_eligibility").is_in(NO_PATHWAY_PLAN))
        .join(data["person"].select("person_id", "person_dob", "person_death_date"), on="person_id")
        .join(
            data["workers"].select(pl.col("worker_id").alias("personal_adviser_id"), "team_id"),
            on="personal_adviser_id",
            how="left",
        )
        .with_columns(pl.col("personal_adviser_id").alias("worker_id"))
    )
    return (
        judged(entitlements, at)
        .filter(
            open_then(start, end)
            & (pl.col("person_death_date").is_null() | (pl.col("person_death_date") > AS_AT))
        )
        .sort(start, "care_leaver_id", descending=True)
        .unique(["person_id", "as_at"], keep="first", maintain_order=True)
    )


def _latest(people: pl.DataFrame, events: pl.DataFrame, date: str, alias: str) -> pl.DataFrame:
    """`people` with each one's latest `date` on or before their `as_at`, in column `alias`."""
    latest = (
        people.select("person_id", "as_at")
        .join(events.select("person_id", date), on="person_id")
        .filter(pl.col(date) <= AS_AT)
        .group_by("person_id", "as_at")
        .agg(pl.col(date).max().alias(alias))
    )
    return people.join(latest, on=["person_id", "as_at"], how="left")


@alert(
    "AL18",
    title="Care leaver out of touch",
    raised_when="a care leaver aged 18–21 at D whose latest contact is more than 8 weeks (setting) before D",
    owner="personal adviser",
    settings=("care_leaver_contact_interval_weeks",),
    needs=(Need(CARE_LEAVERS, months=0), Need(CARE_LEAVER_CONTACTS, months=3)),
)
def care_leaver_out_of_touch(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """Aged 18–21 runs from the 18th birthday to the day before the 22nd (a birthday on 29 February
    falls on 28 February in other years). The next contact is due
    `care_leaver_contact_interval_weeks` calendar weeks after the latest, and one exactly that long ago
    is still in time.

    A contact counts when the young person was in touch (903 in-touch code YES), as CL01 counts them:
    a record that they could not be reached, refused contact or no longer want the service is an
    attempt, not a contact, and the alert stays until someone is back in touch. A contact counts
    whenever it was made, up to D, even before the 18th birthday: a young person last seen at 17 has
    been out of touch since. With no contact at all, the weeks run from the later of the 18th birthday
    and the start of the entitlement: the keeping-in-touch standard is for 18 to 21 year olds, and a
    young person cannot be out of touch with a service before they are entitled to it.
    """
    weeks = settings.care_leaver_contact_interval_weeks
    leavers = _entitled_at(data, at).with_columns(
        months_after("person_dob", ADULT_MONTHS).alias("adult_from"),
        months_after("person_dob", AGE_22_MONTHS).alias("aged_22_from"),
    )
    leavers = leavers.filter((pl.col("adult_from") <= AS_AT) & (pl.col("aged_22_from") > AS_AT))
    contacts = data["care_leaver_contacts"].filter(pl.col("in_touch") == IN_TOUCH)
    leavers = _latest(leavers, contacts, "contact_date", "latest_contact_date").with_columns(
        pl.coalesce(
            "latest_contact_date", pl.max_horizontal("adult_from", "care_leaver_eligibility_date")
        ).alias("anchor")
    )
    leavers = leavers.with_columns(pl.col("anchor").dt.offset_by(f"{weeks}w").alias("due"))
    detail = (
        pl.when(pl.col("latest_contact_date").is_null())
        .then(pl.format("no contact since {}", iso("anchor")))
        .otherwise(pl.format("last in touch {}", iso("latest_contact_date")))
    )
    return raised(leavers, data, detail)


@alert(
    "AL19",
    title="Pathway plan review overdue",
    raised_when=(
        "a young person entitled to a pathway plan at D whose latest review is more than 6 months before D"
    ),
    owner="personal adviser",
    needs=(
        Need(CARE_LEAVERS, months=0),
        Need(CLA_PERIODS, months=48),
        Need(PATHWAY_PLANS, months=7, latest=True),
    ),
)
def pathway_plan_review_overdue(data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """Entitled to a pathway plan at D: a recorded entitlement open at D as an eligible, relevant or
    former relevant young person; a qualifying care leaver is owed advice and assistance, not a
    pathway plan (as CL04 counts). Unlike CL04, a looked-after 16 or 17 year old who is eligible by
    the 13-week rule but has no recorded entitlement is not raised: the alert asks a personal adviser
    to act, and there is none until the entitlement is recorded. No age limit is applied: the open
    entitlement is the record that the young person is still owed a plan (a former relevant young
    person in education may keep it past 21).

    The next review is due 6 calendar months after the latest review on or before D, whenever it was
    held (an eligible child's plan reviewed alongside their care review still counts); one exactly 6
    months ago is in time. With no review at all, the 6 months run from the start of the entitlement
    open at D, as though it were the first plan.
    """
    leavers = _latest(
        _entitled_at(data, at), data["pathway_plan_reviews"], "pathway_plan_review_date", "latest_review_date"
    ).with_columns(pl.coalesce("latest_review_date", "care_leaver_eligibility_date").alias("anchor"))
    leavers = leavers.with_columns(months_after("anchor", PATHWAY_PLAN_REVIEW_MONTHS).alias("due"))
    entitlement = pl.col("care_leaver_eligibility").str.replace_all("_", " ")
    detail = (
        pl.when(pl.col("latest_review_date").is_null())
        .then(pl.format("{} since {}, no review", entitlement, iso("care_leaver_eligibility_date")))
        .otherwise(pl.format("last review {}", iso("latest_review_date")))
    )
    return raised(leavers, data, detail)
