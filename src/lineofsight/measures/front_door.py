"""The front door: how quickly contacts are decided, how many become referrals, and who comes back."""

from __future__ import annotations

import datetime as dt

import polars as pl

from lineofsight.data import CouncilData
from lineofsight.data.facts import CONTACT_DECISIONS, CONTACTS
from lineofsight.data.needs import Need
from lineofsight.data.periods import in_year_to, months_after, with_previous_date, working_day_deadline
from lineofsight.measures.catalogue import measure
from lineofsight.measures.england import ENGLAND
from lineofsight.settings import Settings

AREA = "Front door"
DECISION_WORKING_DAYS = 1  # Working Together: a decision within one working day of receipt


def contacts_received(data: CouncilData, as_at: dt.date) -> pl.DataFrame:
    """Contacts received in the year to D, by the date part of their receipt time.

    A decision recorded after D was not known at D, so it is blanked: the figure as at a past date is
    the one the front door would have seen that day.
    """
    decided = pl.col("contact_decision_date") <= as_at
    return (
        data["contacts"]
        .with_columns(pl.col("contact_date_time").dt.date().alias("contact_date"))
        .filter(in_year_to("contact_date", as_at))
        .with_columns(
            pl.when(decided).then(pl.col("contact_decision_date")).alias("contact_decision_date"),
            pl.when(decided).then(pl.col("contact_outcome")).alias("contact_outcome"),
        )
    )


@measure(
    "FD01",
    credited=None,
    title="Contacts decided within 1 working day",
    area=AREA,
    definition=(
        "contacts received in the year to D with a decision within 1 working day of receipt "
        "÷ contacts received in the year to D"
    ),
    unit="%",
    polarity="up",
    benchmark=ENGLAND.get("FD01"),
    needs=(Need(CONTACTS), Need(CONTACT_DECISIONS)),
)
def contacts_decided_in_time(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """The day of receipt is day 0, so the deadline is the next working day (a contact received on a
    Saturday, or on Christmas Eve, has until the next working day after it). Only the date of the
    decision is recorded, so the time of day a contact arrived does not matter.

    A contact with no decision by D counts as late once its deadline has passed. One still inside its
    working day at D (received on D, or on the last working day before a weekend D) cannot be judged
    yet and is left out, rather than counted late for a decision that is not yet due.
    """
    contacts = contacts_received(data, as_at)
    detail = (
        contacts.with_columns(
            working_day_deadline(contacts, "contact_date", DECISION_WORKING_DAYS).alias("deadline")
        )
        .filter(pl.col("contact_decision_date").is_not_null() | (pl.col("deadline") <= as_at))
        .with_columns(
            (pl.col("contact_decision_date") <= pl.col("deadline")).fill_null(False).alias("in_numerator")
        )
        .select(
            "contact_id",
            "person_id",
            "contact_date_time",
            "contact_date",
            "deadline",
            "contact_decision_date",
            "in_numerator",
        )
        .sort("contact_date_time", "contact_id")
    )
    return detail


@measure(
    "FD02",
    credited=None,
    title="Contacts progressed to referral",
    area=AREA,
    definition=(
        "contacts in the year to D whose outcome was a referral to children's social care "
        "÷ contacts in the year to D"
    ),
    unit="%",
    polarity="context",
    benchmark=ENGLAND.get("FD02"),
    needs=(Need(CONTACTS), Need(CONTACT_DECISIONS)),
)
def contacts_to_referral(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """Every contact received in the year is in the denominator, decided or not: the share is of the
    front door's whole workload. A contact not yet decided at D has no outcome, so it is not (yet) a
    referral; with a day's contacts in a year's, that moves the figure by a fraction of a point.
    """
    detail = (
        contacts_received(data, as_at)
        .with_columns((pl.col("contact_outcome") == "referral").fill_null(False).alias("in_numerator"))
        .select(
            "contact_id",
            "person_id",
            "contact_date_time",
            "contact_decision_date",
            "contact_outcome",
            "in_numerator",
        )
        .sort("contact_date_time", "contact_id")
    )
    return detail


@measure(
    "FD03",
    credited=None,
    title="Repeat contacts",
    area=AREA,
    definition=(
        "contacts in the year to D about a child who had another contact in the 12 months before it "
        "÷ contacts in the year to D"
    ),
    unit="%",
    polarity="down",
    benchmark=ENGLAND.get("FD03"),
    needs=(Need(CONTACTS, months=24),),
)
def repeat_contacts(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """A contact is a repeat when the child's latest contact on an earlier *day* was within 12 months
    before it: on or after that day, up to the same date 12 months later (as RF02 counts re-referrals;
    from 29 February, 28 February). Two contacts about a child on the same day are not repeats of each
    other: they are usually one incident reported by two agencies. The earlier contact may be before
    the year to D.
    """
    contacts = with_previous_date(
        data["contacts"]
        .with_columns(pl.col("contact_date_time").dt.date().alias("contact_date"))
        .filter(pl.col("contact_date") <= as_at),
        "contact_date",
        "previous_contact_date",
    )
    detail = (
        contacts.filter(in_year_to("contact_date", as_at))
        .with_columns(
            (pl.col("contact_date") <= months_after("previous_contact_date", 12))
            .fill_null(False)
            .alias("in_numerator")
        )
        .select("contact_id", "person_id", "contact_date_time", "previous_contact_date", "in_numerator")
        .sort("contact_date_time", "contact_id")
    )
    return detail
