"""Reading the SSDA903 tables that hang off the header and the episodes: reviews, missing episodes,
OC2 (health), OC3 (care leavers), AD1, placed for adoption and previous permanence. Each record is keyed by
`keys.key`; a child whose header row or episodes were rejected has the rest of its records rejected
too, so that foreign keys hold."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import select

from lineofsight.interchange.keys import key
from lineofsight.interchange.ssda903 import codes
from lineofsight.interchange.ssda903.reading import (
    Line,
    Reading,
    Table,
    known_child,
    period_on,
    read_code,
    read_date,
)
from lineofsight.interchange.ssda903.tables import OC2_ANSWERS
from lineofsight.interchange.ssda903.write import speaking_contact
from lineofsight.model import Base


# --------------------------------------------------------------------------------- reviews, missing
def read_reviews(reading: Reading) -> None:
    table = reading.tables["reviews"]
    seen: dict[tuple[str, dt.date], int] = {}
    for line in table.lines:
        child = known_child(reading, table, line)
        if child is None:
            continue
        day = read_date(reading, table, line, "REVIEW", required=True)
        participation = read_code(reading, table, line, "REVIEW_CODE", codes.REVIEW_CODE)
        if not isinstance(day, dt.date) or participation is False:
            continue
        if (child, day) in seen:
            reading.reject(
                table,
                line,
                "REVIEW",
                f"a second review on {day:%d/%m/%Y} (duplicate of line {seen[child, day]})",
            )
            continue
        seen[child, day] = line.number
        period = period_on(reading, child, day)
        if period is None:
            reading.reject(table, line, "REVIEW", "the child was not looked after on the day of the review")
            continue
        reading.batch.add(
            "cla_reviews",
            {
                "cla_review_id": key(child, "cla-review", day),
                "cla_episode_id": period["cla_episode_id"],
                "person_id": child,
                "cla_review_date": day,
                "cla_review_participation": participation,
            },
        )


def read_missing(reading: Reading) -> None:
    table = reading.tables["missing"]
    seen: dict[tuple[str, dt.date], int] = {}
    for line in table.lines:
        child = known_child(reading, table, line)
        if child is None:
            continue
        kind = read_code(reading, table, line, "MISSING", codes.MISSING)
        start = read_date(reading, table, line, "MIS_START", required=True)
        end = read_date(reading, table, line, "MIS_END", required=False)
        if kind is False or not isinstance(start, dt.date) or end is False:
            continue
        if isinstance(end, dt.date) and end < start:
            reading.reject(
                table,
                line,
                "MIS_END",
                f"the child came back ({end:%d/%m/%Y}) before going missing ({start:%d/%m/%Y})",
            )
            continue
        if (child, start) in seen:
            reading.reject(
                table,
                line,
                "MIS_START",
                f"a second episode starting {start:%d/%m/%Y} (duplicate of line {seen[child, start]})",
            )
            continue
        seen[child, start] = line.number
        # The 903 gives days only, so they are given as days: a new episode is stored from midnight,
        # and one held with its times keeps them (`loading` takes a day as saying nothing new of a
        # moment held that day).
        reading.batch.add(
            "missing_episodes",
            {
                "missing_episode_id": key(child, "missing", start),
                "person_id": child,
                "missing_episode_type": codes.MISSING[str(kind)],
                "missing_episode_start": start,
                "missing_episode_end": end if isinstance(end, dt.date) else None,
            },
        )


# ------------------------------------------------------------------------------ OC2, OC3, adoption
YES_NO_ANSWERS = ("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
                  "SUBSTANCE_MISUSE")  # fmt: skip


def read_oc2(reading: Reading, year: int) -> None:
    """OC2 says whether a health assessment, a dental check, immunisations and so on were held in the
    year, not when: each answer is kept as the return gives it (`health_outcomes`), and nothing is
    made into a dated health assessment. A yes/no answer that is not 1, 0 or blank is cleared and
    reported; the rest of the row stands."""
    table = reading.tables["oc2"]
    for line in table.lines:
        child = known_child(reading, table, line)
        if child is None:
            continue
        row: dict[str, object] = {
            "health_outcome_id": key(child, "oc2", year),
            "person_id": child,
            "collection_year": year,
        }
        for column, field in OC2_ANSWERS.items():
            answer = line.values.get(column, "").strip()
            if column in YES_NO_ANSWERS and answer not in ("", "0", "1"):
                reading.reject(table, line, column, f"{answer!r} is not 0 or 1: left blank, the row kept")
                answer = ""
            row[field] = (answer.upper() if column == "SDQ_REASON" else answer) or None
        reading.batch.add("health_outcomes", row)


def read_oc3(reading: Reading, year: int) -> None:
    """What the council knew around a care leaver's birthday in the year, as a contact on the
    birthday, unless the contact the database holds that speaks for the birthday says the same
    (`_already_said`). A young person the database does not already know as a care leaver becomes
    one from the day their last period of care ended (from 16, if the return does not say), as
    relevant (at 17) or former relevant; one it knows is left as it is (a later return says no more
    about it)."""
    table = reading.tables["oc3"]
    first, last = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    recognised = 0
    for line in table.lines:
        child = known_child(reading, table, line)
        if child is None:
            continue
        in_touch = read_code(reading, table, line, "IN_TOUCH", codes.IN_TOUCH)
        if in_touch is False:
            continue
        dob: dt.date = reading.people[child]["person_dob"]
        birthday = next(
            (b for b in (_birthday(dob, age) for age in range(17, 26)) if first <= b <= last), None
        )
        if birthday is None:
            reading.reject(table, line, "DOB", "the young person has no 17th to 25th birthday in the year")
            continue
        activity = line.values.get("ACTIV", "").upper()
        accommodation = line.values.get("ACCOM", "").upper()
        contact = {
            "care_leaver_contact_id": key(child, "care-leaver-contact", birthday),
            "person_id": child,
            "contact_date": birthday,
            "in_touch": in_touch,
            "activity": None if activity in ("", codes.NO_INFORMATION) else activity,
            "accommodation": None if accommodation in ("", codes.NO_INFORMATION) else accommodation,
            "accommodation_suitable": (
                None
                if accommodation in ("", codes.NO_INFORMATION)
                else accommodation.endswith(codes.SUITABLE)
            ),
        }
        if _already_said(reading, contact, birthday):
            recognised += 1
        else:
            reading.batch.add("care_leaver_contacts", contact)
        if not _known_care_leaver(reading, child):
            ended = [
                p["cla_episode_ceased_date"]
                for p in reading.periods.get(child, [])
                if p["cla_episode_ceased_date"]
            ]
            ended += _stored_endings(reading, child)
            since = max((day for day in ended if day <= birthday), default=_birthday(dob, 16))
            reading.batch.add(
                "care_leavers",
                {
                    "care_leaver_id": key(child, "care-leaver"),
                    "person_id": child,
                    "care_leaver_eligibility": "relevant"
                    if birthday == _birthday(dob, 17)
                    else "former_relevant",
                    "care_leaver_eligibility_date": min(since, birthday),
                },
            )
    if recognised:
        reading.batch.notes.append(
            f"oc3: {recognised} rows say what a contact the database holds around the birthday says: "
            "no contact was added for them"
        )


def _already_said(reading: Reading, contact: dict[str, Any], birthday: dt.date) -> bool:
    """Whether the contact the database holds that speaks for the birthday (the DfE's window, as
    measure CL01 and the writer choose it) says what the return's row says. The row is then that
    contact: OC3 dates what the council knew on the birthday, not on the contact, so the child and
    date cannot recognise it. Activity and accommodation are compared where the young person was
    in touch (the return gives them only then)."""
    if reading.connection is None:
        return False
    target = Base.metadata.tables["care_leaver_contacts"]
    query = select(target).where(target.c.person_id == contact["person_id"])
    held = [dict(row) for row in reading.connection.execute(query).mappings()]
    speaking = speaking_contact(held, birthday)
    if speaking is None or speaking["in_touch"] != contact["in_touch"]:
        return False
    if contact["in_touch"] != codes.IN_TOUCH_YES:
        return True
    return all(speaking[name] == contact[name] for name in ("activity", "accommodation"))


def _stored_endings(reading: Reading, child: str) -> list[dt.date]:
    if reading.connection is None:
        return []
    target = Base.metadata.tables["cla_episodes"]
    query = select(target.c.cla_episode_ceased_date).where(
        target.c.person_id == child, target.c.cla_episode_ceased_date.is_not(None)
    )
    return list(reading.connection.execute(query).scalars())


def _known_care_leaver(reading: Reading, child: str) -> bool:
    if reading.connection is None:
        return False
    target = Base.metadata.tables["care_leavers"]
    query = select(target.c.care_leaver_id).where(target.c.person_id == child)
    return reading.connection.execute(query.limit(1)).first() is not None


def _birthday(dob: dt.date, age: int) -> dt.date:
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:
        return dt.date(dob.year + age, 2, 28)


def read_ad1(reading: Reading) -> None:
    table = reading.tables["ad1"]
    for line in table.lines:
        child = known_child(reading, table, line)
        if child is None:
            continue
        decided = read_date(reading, table, line, "DATE_INT", required=True)
        matched = read_date(reading, table, line, "DATE_MATCH", required=False)
        if not isinstance(decided, dt.date) or matched is False:
            continue
        adopted = [
            p for p in reading.periods.get(child, []) if p.get("cla_episode_ceased_reason") in codes.ADOPTED
        ]
        row: dict[str, Any] = {
            "adoption_id": key(child, "adoption", decided),
            "person_id": child,
            "should_be_placed_decision_date": decided,
            "matched_date": matched,
            "fostering_for_adoption": line.values.get("FOSTER_CARE", "") == "1",
        }
        if adopted:
            row["cla_episode_id"] = adopted[-1]["cla_episode_id"]
            row["adoption_order_date"] = adopted[-1]["cla_episode_ceased_date"]
        reading.adoption(row)


def read_placed_adoption(reading: Reading) -> None:
    table = reading.tables["placed_adoption"]
    for line in table.lines:
        child = known_child(reading, table, line)
        if child is None:
            continue
        decided = read_date(reading, table, line, "DATE_PLACED", required=True)
        ceased = read_date(reading, table, line, "DATE_PLACED_CEASED", required=False)
        if not isinstance(decided, dt.date) or ceased is False:
            continue
        if isinstance(ceased, dt.date) and ceased < decided:
            reading.reject(table, line, "DATE_PLACED_CEASED", "the decision was reversed before it was made")
            continue
        row: dict[str, Any] = {
            "adoption_id": key(child, "adoption", decided),
            "person_id": child,
            "should_be_placed_decision_date": decided,
            "decision_reversed_date": ceased,
        }
        period = period_on(reading, child, decided)
        if period is not None:
            row["cla_episode_id"] = period["cla_episode_id"]
        reading.adoption(row)


# ----------------------------------------------------------------------------- previous permanence
# DATE_PERM: dd/mm/yyyy, where the 903 lets a council write ZZ for a day or month (ZZZZ for a year)
# that it does not know.
_PERMANENCE_DATE = re.compile(r"^(\d{2}|ZZ)/(\d{2}|ZZ)/(\d{4}|ZZZZ)$")


def read_prev_perm(reading: Reading, year: int | None) -> None:
    """Each child's previous permanence, kept with the period of care it came before: the child's
    first period that began in the return's year, else the latest in the return."""
    table = reading.tables["prev_perm"]
    for line in table.lines:
        child = known_child(reading, table, line)
        if child is None:
            continue
        code = line.values.get("PREV_PERM", "").strip().upper() or None
        if code is not None and code not in codes.PREVIOUS_PERMANENCE:
            reading.reject(table, line, "PREV_PERM", f"{code!r} is not a 903 code for PREV_PERM")
            continue
        order_date = _permanence_date(reading, table, line)
        if order_date is False:
            continue
        periods = sorted(reading.periods.get(child, []), key=lambda p: p["cla_episode_start_date"])
        first = dt.date(year - 1, 4, 1) if year is not None else dt.date.max
        started = [p for p in periods if p["cla_episode_start_date"] >= first]
        period = started[0] if started else (periods[-1] if periods else None)
        if period is None:
            reading.reject(table, line, "CHILD", "the child has no period of care in this return")
            continue
        reading.batch.add(
            "previous_permanence",
            {
                "previous_permanence_id": key(child, "previous-permanence", period["cla_episode_start_date"]),
                "person_id": child,
                "cla_episode_id": period["cla_episode_id"],
                "previous_permanence_code": code,
                "permanence_local_authority": line.values.get("LA_PERM", "").strip().upper() or None,
                "permanence_order_date": order_date,
            },
        )


def _permanence_date(reading: Reading, table: Table, line: Line) -> str | bool | None:
    """DATE_PERM as the return gives it (upper case), None when blank, False (after rejecting) when
    it is no date: a full date must be a real one."""
    text = line.values.get("DATE_PERM", "").strip().upper()
    if not text:
        return None
    found = _PERMANENCE_DATE.match(text)
    if found is None:
        reason = f"{text!r} is not dd/mm/yyyy (with ZZ for a day or month not known)"
        reading.reject(table, line, "DATE_PERM", reason)
        return False
    day, month, year = found.groups()
    try:
        dt.date(
            2000 if year == "ZZZZ" else int(year),
            1 if month == "ZZ" else int(month),
            1 if day == "ZZ" else int(day),
        )
    except ValueError:
        reading.reject(table, line, "DATE_PERM", f"{text!r} is not a date that exists")
        return False
    return text
