"""The child's statuses over time: in need, on a CIN plan, on a CP plan, looked after, a care leaver.

A status is open on a day by the catalogue's rule for "open at D": started by then and not ended
before it, so a plan is open on the day it ends. The days in a status up to D are the days on which
at least one of its spells was open, each day counted once: two referrals open together, or a period
of care ending on the day the next begins, do not count a day twice. Statuses overlap (a looked-after
child is also in need) and each is counted on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from dateutil.relativedelta import relativedelta

from lineofsight.journey.records import ChildRecords

Spell = tuple[dt.date, dt.date | None]  # start, and the end as recorded (None: not ended)

# Each status, as a sentence names it ("looked after", "on a CP plan").
STATUSES = {
    "in_need": "in need",
    "cin_plan": "on a CIN plan",
    "cp_plan": "on a CP plan",
    "looked_after": "looked after",
    "care_leaver": "a care leaver",
}
# An eligible child (16 or 17, looked after 13 weeks since 14) is entitled to leaving-care support but
# has not left care: those days are counted as looked after, not as a care leaver.
STILL_IN_CARE = "eligible"


def spells(records: ChildRecords) -> dict[str, list[Spell]]:
    """The spells of each status (`STATUSES`). In need is an open CIN episode, as CN01 counts it, so a
    referral closed with no further action is in need on the days it was open."""
    return {
        "in_need": [(r["referral_date"], r["close_date"]) for r in records("cin_episodes")],
        "cin_plan": [(r["cin_plan_start_date"], r["cin_plan_end_date"]) for r in records("cin_plans")],
        "cp_plan": [(r["cp_plan_start_date"], r["cp_plan_end_date"]) for r in records("cp_plans")],
        "looked_after": [
            (r["cla_episode_start_date"], r["cla_episode_ceased_date"]) for r in records("cla_episodes")
        ],
        "care_leaver": [
            (r["care_leaver_eligibility_date"], r["care_leaver_end_date"])
            for r in records("care_leavers")
            if r["care_leaver_eligibility"] != STILL_IN_CARE
        ],
    }


def open_on(spells: Iterable[Spell], day: dt.date) -> bool:
    """Some spell is open on the day: started by then and not ended before it."""
    return any(start <= day and (end is None or end >= day) for start, end in spells)


def days_in(spells: Iterable[Spell], as_at: dt.date) -> int:
    """The days up to and including D on which at least one spell was open, each counted once. A spell
    counts its start and its end day; one not ended by D counts to D; one starting after D, none."""
    clipped = sorted((start, min(end or as_at, as_at)) for start, end in spells if start <= as_at)
    days = 0
    counted_to: dt.date | None = None  # the last day already counted
    for start, end in clipped:
        if counted_to is not None:
            start = max(start, counted_to + dt.timedelta(days=1))
        if end >= start:
            days += (end - start).days + 1
            counted_to = end
    return days


def age_on(dob: dt.date, day: dt.date) -> int | None:
    """Whole years from birth to the day, birthdays by the catalogue's months (29 February's falls on
    28 February in other years); None before birth, as for an unborn child on a pre-birth plan."""
    if day < dob:
        return None
    years = day.year - dob.year
    return years if dob + relativedelta(years=years) <= day else years - 1
