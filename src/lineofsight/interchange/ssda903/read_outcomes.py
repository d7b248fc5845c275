"""Reading the 903's outcome tables: OC2 (the health and offending of children looked after for a
year) and OC3 (care leavers around their birthdays).

Both say what the council knew over the year, not when anything happened, so each answer is kept as
the return gives it, by child and year (`health_outcomes`, `care_leaver_outcomes`), and the return
written again gives it back; an answer that is no code of the return is cleared and reported, and
the rest of the row stands. OC2 is never made into a dated health assessment. OC3 also becomes the
contact on the birthday that the care leaver measures read, unless the contact the database holds
around the birthday says the same.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from lineofsight.interchange.keys import key
from lineofsight.interchange.ssda903 import codes
from lineofsight.interchange.ssda903.reading import Reading, known_child, once, optional_code, read_code
from lineofsight.interchange.ssda903.tables import OC2_ANSWERS
from lineofsight.interchange.ssda903.write_outcomes import speaking_contact
from lineofsight.model import Base

YES_NO_ANSWERS = frozenset(
    {"CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
     "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"}
)  # fmt: skip
HIGHEST_SDQ_SCORE = 40


def read_oc2(reading: Reading) -> None:
    table = reading.tables["oc2"]
    seen: dict[str, int] = {}
    for line in table.lines:
        child = known_child(reading, table, line)
        if child is None or not once(reading, table, line, child, seen):
            continue
        row: dict[str, object] = {
            "health_outcome_id": key(child, "oc2", reading.year),
            "person_id": child,
            "collection_year": reading.year,
        }
        for column, field in OC2_ANSWERS.items():
            if column in YES_NO_ANSWERS:
                row[field] = optional_code(reading, table, line, column, codes.YES_NO)
            elif column == "SDQ_REASON":
                row[field] = optional_code(reading, table, line, column, codes.SDQ_REASON)
            else:  # SDQ_SCORE
                score = line.values.get(column, "")
                if score and not (score.isdigit() and int(score) <= HIGHEST_SDQ_SCORE):
                    reading.clear(
                        table, line, column, f"{score!r} is not a score from 0 to {HIGHEST_SDQ_SCORE}"
                    )
                    score = ""
                row[field] = score or None
        reading.batch.add("health_outcomes", row)


def read_oc3(reading: Reading) -> None:
    """Each row's answers as given, and what the council knew around the care leaver's birthday in
    the year, as a contact on the birthday, unless the contact the database holds that speaks for
    the birthday says the same (`_already_said`). A young person the database does not already know
    as a care leaver becomes one from the day their last period of care ended (from 16, if the
    return does not say), as relevant (at 17) or former relevant; one it knows is left as it is (a
    later return says no more about it)."""
    table = reading.tables["oc3"]
    seen: dict[str, int] = {}
    year = reading.year
    first, last = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    recognised = 0
    no_birthday = 0
    for line in table.lines:
        child = known_child(reading, table, line)
        if child is None or not once(reading, table, line, child, seen):
            continue
        in_touch = read_code(reading, table, line, "IN_TOUCH", codes.IN_TOUCH)
        if in_touch is False:
            continue
        activity = optional_code(reading, table, line, "ACTIV", codes.ACTIVITY)
        accommodation = optional_code(reading, table, line, "ACCOM", codes.ACCOMMODATION)
        reading.batch.add(
            "care_leaver_outcomes",
            {
                "care_leaver_outcome_id": key(child, "oc3", year),
                "person_id": child,
                "collection_year": year,
                "in_touch": in_touch,
                "activity": activity,
                "accommodation": accommodation,
            },
        )
        dob: dt.date = reading.person(child)["person_dob"]
        birthday = next(
            (b for b in (_birthday(dob, age) for age in range(17, 26)) if first <= b <= last), None
        )
        if birthday is None:
            no_birthday += 1
            continue
        said = None if accommodation in (None, codes.NO_INFORMATION) else accommodation
        contact = {
            "care_leaver_contact_id": key(child, "care-leaver-contact", birthday),
            "person_id": child,
            "contact_date": birthday,
            "in_touch": in_touch,
            "activity": None if activity in (None, codes.NO_INFORMATION) else activity,
            "accommodation": said,
            "accommodation_suitable": None if said is None else said.endswith(codes.SUITABLE),
        }
        if _already_said(reading, contact, birthday):
            recognised += 1
        else:
            reading.batch.add("care_leaver_contacts", contact)
        if not _known_care_leaver(reading, child):
            _care_leaver(reading, child, dob, birthday)
    if recognised:
        reading.batch.notes.append(
            f"oc3: {recognised} rows say what a contact the database holds around the birthday says: "
            "no contact was added for them"
        )
    if no_birthday:
        reading.batch.notes.append(
            f"oc3: {no_birthday} young people have no 17th to 25th birthday in the year: their answers are "
            "kept as given, but say nothing of a birthday"
        )


def _care_leaver(reading: Reading, child: str, dob: dt.date, birthday: dt.date) -> None:
    ended = [
        p["cla_episode_ceased_date"] for p in reading.periods.get(child, []) if p["cla_episode_ceased_date"]
    ]
    ended += _stored_endings(reading, child)
    since = max((day for day in ended if day <= birthday), default=_birthday(dob, 16))
    reading.batch.add(
        "care_leavers",
        {
            "care_leaver_id": key(child, "care-leaver"),
            "person_id": child,
            "care_leaver_eligibility": "relevant" if birthday == _birthday(dob, 17) else "former_relevant",
            "care_leaver_eligibility_date": min(since, birthday),
        },
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
