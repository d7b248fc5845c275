"""Reading the SSDA903 tables that hang off the header and the episodes: reviews, missing episodes,
adoption (AD1 and placed for adoption), previous permanence and deprivation of liberty orders (DoLo).
Each record is keyed by `keys.key`. A row is rejected only when what names it or says what it is
cannot be read (a review's day, an order's start); another field that cannot be read is cleared and
reported, and the row kept (`ssda903.reading`)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from lineofsight.interchange.keys import key
from lineofsight.interchange.ssda903 import codes
from lineofsight.interchange.ssda903.reading import (
    Line,
    Reading,
    Table,
    known_child,
    once,
    optional_code,
    optional_date,
    period_on,
    read_code,
    read_date,
)


# --------------------------------------------------------------------------------- reviews, missing
def read_reviews(reading: Reading) -> None:
    table = reading.tables["reviews"]
    seen: dict[tuple[str, dt.date], int] = {}
    for line in table.lines:
        child = known_child(reading, table, line)
        if child is None:
            continue
        day = read_date(reading, table, line, "REVIEW", required=True)
        if not isinstance(day, dt.date):
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
            reading.reject(
                table, line, "REVIEW", "no period of care loaded for the child covers the day of the review"
            )
            continue
        reading.batch.add(
            "cla_reviews",
            {
                "cla_review_id": key(child, "cla-review", day),
                "cla_episode_id": period["cla_episode_id"],
                "person_id": child,
                "cla_review_date": day,
                "cla_review_participation": optional_code(
                    reading, table, line, "REVIEW_CODE", codes.REVIEW_CODE
                ),
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


# ---------------------------------------------------------------------------------------- adoption
def read_ad1(reading: Reading) -> None:
    """Children adopted in the year: the decision, the match and the adopters, as given."""
    table = reading.tables["ad1"]
    seen: dict[str, int] = {}
    for line in table.lines:
        child = known_child(reading, table, line)
        if child is None or not once(reading, table, line, child, seen):
            continue
        decided = read_date(reading, table, line, "DATE_INT", required=True)
        if not isinstance(decided, dt.date):
            continue
        adopted = [
            p for p in reading.periods.get(child, []) if p.get("cla_episode_ceased_reason") in codes.ADOPTED
        ]
        foster_care = optional_code(reading, table, line, "FOSTER_CARE", codes.YES_NO)
        count = line.values.get("NB_ADOPTR", "")
        if count and not count.isdigit():
            reading.clear(table, line, "NB_ADOPTR", f"{count!r} is not a number of adopters")
            count = ""
        row: dict[str, Any] = {
            "adoption_id": key(child, "adoption", decided),
            "person_id": child,
            "should_be_placed_decision_date": decided,
            "matched_date": optional_date(reading, table, line, "DATE_MATCH"),
            "fostering_for_adoption": None if foster_care is None else foster_care == "1",
            "adopters_count": count or None,
            "adopters_sex": optional_code(reading, table, line, "SEX_ADOPTR", codes.ADOPTERS_SEX),
            "adopters_legal_status": optional_code(
                reading, table, line, "LS_ADOPTR", codes.ADOPTERS_LEGAL_STATUS
            ),
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
            "decision_reversed_reason": optional_code(
                reading, table, line, "REASON_PLACED_CEASED", codes.REASON_PLACED_CEASED
            ),
        }
        period = period_on(reading, child, decided)
        if period is not None:
            row["cla_episode_id"] = period["cla_episode_id"]
        reading.adoption(row)


# ----------------------------------------------------------------------------- previous permanence
# DATE_PERM: dd/mm/yyyy, where the 903 lets a council write ZZ for a day or month (ZZZZ for a year)
# that it does not know.
_PERMANENCE_DATE = re.compile(r"^(\d{2}|ZZ)/(\d{2}|ZZ)/(\d{4}|ZZZZ)$")


def read_prev_perm(reading: Reading) -> None:
    """Each child's previous permanence, kept with the period of care it came before: the child's
    first period that began in the return's year, else the latest in the return."""
    table = reading.tables["prev_perm"]
    seen: dict[str, int] = {}
    year = reading.year
    for line in table.lines:
        child = known_child(reading, table, line)
        if child is None or not once(reading, table, line, child, seen):
            continue
        periods = sorted(reading.periods.get(child, []), key=lambda p: p["cla_episode_start_date"])
        started = [p for p in periods if p["cla_episode_start_date"] >= dt.date(year - 1, 4, 1)]
        period = started[0] if started else (periods[-1] if periods else None)
        if period is None:
            reading.reject(table, line, "CHILD", "the child has no period of care loaded from this return")
            continue
        reading.batch.add(
            "previous_permanence",
            {
                "previous_permanence_id": key(child, "previous-permanence", period["cla_episode_start_date"]),
                "person_id": child,
                "cla_episode_id": period["cla_episode_id"],
                "previous_permanence_code": optional_code(
                    reading, table, line, "PREV_PERM", codes.PREVIOUS_PERMANENCE
                ),
                "permanence_local_authority": line.values.get("LA_PERM", "").strip().upper() or None,
                "permanence_order_date": _permanence_date(reading, table, line),
            },
        )


def _permanence_date(reading: Reading, table: Table, line: Line) -> str | None:
    """DATE_PERM as the return gives it (upper case); None when blank, or (cleared and reported)
    when it is no date: a full date must be a real one."""
    text = line.values.get("DATE_PERM", "").strip().upper()
    if not text:
        return None
    found = _PERMANENCE_DATE.match(text)
    if found is None:
        reading.clear(
            table, line, "DATE_PERM", f"{text!r} is not dd/mm/yyyy (with ZZ for a day or month not known)"
        )
        return None
    day, month, year = found.groups()
    try:
        dt.date(
            2000 if year == "ZZZZ" else int(year),
            1 if month == "ZZ" else int(month),
            1 if day == "ZZ" else int(day),
        )
    except ValueError:
        reading.clear(table, line, "DATE_PERM", f"{text!r} is not a date that exists")
        return None
    return text


# --------------------------------------------------------------------------- deprivation of liberty
def read_deprivations_of_liberty(reading: Reading) -> None:
    """Orders depriving a looked-after child of their liberty (DoLo, from 2026-27): each by its
    child and start."""
    table = reading.tables["dolo"]
    seen: dict[tuple[str, dt.date], int] = {}
    for line in table.lines:
        child = known_child(reading, table, line)
        if child is None:
            continue
        start = read_date(reading, table, line, "DOLO_START", required=True)
        end = read_date(reading, table, line, "DOLO_END", required=False)
        if not isinstance(start, dt.date) or end is False:
            continue
        if isinstance(end, dt.date) and end < start:
            reading.reject(
                table,
                line,
                "DOLO_END",
                f"the order ends ({end:%d/%m/%Y}) before it starts ({start:%d/%m/%Y})",
            )
            continue
        if (child, start) in seen:
            reading.reject(
                table,
                line,
                "DOLO_START",
                f"a second order starting {start:%d/%m/%Y} (duplicate of line {seen[child, start]})",
            )
            continue
        seen[child, start] = line.number
        reading.batch.add(
            "deprivations_of_liberty",
            {
                "deprivation_of_liberty_id": key(child, "deprivation-of-liberty", start),
                "person_id": child,
                "deprivation_start_date": start,
                "deprivation_end_date": end if isinstance(end, dt.date) else None,
            },
        )
