"""Writing the 903's outcome tables: OC2 (children looked after for a year: health, offending, SDQ)
and OC3 (care leavers around their 17th to 21st birthdays).

Both are what the council knew over the year. A year loaded from a return is written as that return
gave it (`health_outcomes`, `care_leaver_outcomes`): the same children, answers, codes and blanks.
A year no return gave is derived from the record, as far as the specification makes it so, and no
further: OC2's health assessment and dental check are 1 where a dated one in the 12 months is
recorded, and 0 only where the data covers every health assessment of the year (a database of
returns does not: the 903 gives no dates); the other OC2 answers (convictions, substance misuse,
immunisations, SDQ) are recorded by nothing else and are left blank. OC3 gives what the contact that
speaks for the birthday found, NO where there was none, and 0 (no information) for activity and
accommodation when the young person was not in touch, as the specification asks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from lineofsight.data import facts
from lineofsight.interchange.ssda903.council import (
    Council,
    Row,
    birthday,
    continuously_for_a_year,
    looked_after_on,
)
from lineofsight.interchange.ssda903.tables import OC2_ANSWERS, show_date

NOT_CARE_LEAVERS = ("qualifying",)  # owed advice and assistance, not in the DfE's OC3 cohort
OC3_BIRTHDAYS = (17, 18, 19, 20, 21)
NO_INFORMATION = "0"


def oc2_rows(council: Council, children: Sequence[str], year: int) -> list[dict[str, str]]:
    """Children looked after continuously for 12 months at 31 March. A year a return gave: its rows
    as given (for the children in this return). Else derived, as the module says."""
    last = dt.date(year, 3, 31)
    given = {child: row for (child, held), row in council.outcomes.items() if held == year}
    if given:
        return [
            {"CHILD": child, "DOB": show_date(council.people[child]["person_dob"]), **_as_given(given[child])}
            for child in sorted(given)
            if child in council.people
        ]
    first = birthday(last, -1) + dt.timedelta(days=1)
    covered = council.coverage.covers(facts.HEALTH_ASSESSMENTS, first, last)
    rows = []
    for child in children:
        if not continuously_for_a_year(council.periods.get(child, []), last):
            continue
        health = council.health.get(child, [])
        rows.append(
            {
                "CHILD": child,
                "DOB": show_date(council.people[child]["person_dob"]),
                "HEALTH_ASSESSMENT": _had(health, ("initial", "review"), first, last, covered),
                "TEETH_CHECK": _had(health, ("dental",), first, last, covered),
            }
        )
    return rows


def _had(health: Sequence[Row], kinds: tuple[str, ...], first: dt.date, last: dt.date, covered: bool) -> str:
    held = any(
        h["health_assessment_type"] in kinds and first <= h["health_assessment_date"] <= last for h in health
    )
    return "1" if held else "0" if covered else ""


def _as_given(given: Row) -> dict[str, str]:
    return {column: given[field] or "" for column, field in OC2_ANSWERS.items()}


def speaking_contact(contacts: Sequence[Row], day: dt.date) -> Row | None:
    """The contact that speaks for a birthday, as measure CL01 chooses it: from 3 months before to 1
    month after, the nearest at which the young person was in touch, else the nearest; the later on
    a tie."""
    window_start = _month_shift(day, -3)
    window_end = _month_shift(day, 1)
    found = [c for c in contacts if window_start <= c["contact_date"] <= window_end]
    if not found:
        return None
    found.sort(key=lambda c: (c["in_touch"] != "YES", abs((c["contact_date"] - day).days),
                              -c["contact_date"].toordinal(), c["care_leaver_contact_id"]))  # fmt: skip
    return found[0]


def _month_shift(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")


def oc3_rows(council: Council, looked_after: Sequence[str], year: int) -> list[dict[str, str]]:
    """Care leavers (not qualifying ones) entitled on their 17th to 21st birthday in the year. A year
    a return gave: its rows as given. Else what the contact that speaks for the birthday found; NO
    when there was none, and activity and accommodation 0 (no information) when not in touch. A 17
    or 18 year old still looked after on the birthday is not a care leaver yet, so has no OC3 row
    for it."""
    given = {child: row for (child, held), row in council.leaver_outcomes.items() if held == year}
    if given:
        return [
            {
                "CHILD": child,
                "DOB": show_date(council.people[child]["person_dob"]),
                "IN_TOUCH": _text(given[child]["in_touch"]),
                "ACTIV": _text(given[child]["activity"]),
                "ACCOM": _text(given[child]["accommodation"]),
            }
            for child in sorted(given)
            if child in council.people
        ]
    first, last = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    rows = []
    for child in sorted(council.leavers):
        person = council.people[child]
        for age in OC3_BIRTHDAYS:
            day = birthday(person["person_dob"], age)
            if not first <= day <= last:
                continue
            entitled = [
                leaver
                for leaver in council.leavers[child]
                if leaver["care_leaver_eligibility"] not in NOT_CARE_LEAVERS
                and leaver["care_leaver_eligibility_date"] <= day
                and (leaver["care_leaver_end_date"] is None or leaver["care_leaver_end_date"] >= day)
            ]
            if not entitled or (age < 19 and looked_after_on(council.periods.get(child, []), day)):
                continue
            contact = speaking_contact(council.contacts.get(child, []), day)
            in_touch = contact["in_touch"] if contact else "NO"
            yes = in_touch == "YES"
            rows.append(
                {
                    "CHILD": child,
                    "DOB": show_date(person["person_dob"]),
                    "IN_TOUCH": in_touch,
                    "ACTIV": _text(contact["activity"]) if contact and yes else NO_INFORMATION,
                    "ACCOM": _text(contact["accommodation"]) if contact and yes else NO_INFORMATION,
                }
            )
    return rows


def _text(value: object) -> str:
    return "" if value is None else str(value)
