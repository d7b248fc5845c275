"""Read an SSDA903 return (a folder of CSV tables) into the canonical model.

`ssda903.folder` opens the folder's tables; the header and the UASC table are read here, the
episodes by `ssda903.read_episodes`, the tables that hang off them by `ssda903.read_records` and the
social worker episodes by `ssda903.read_social_workers`. Every record is keyed by `keys.key`, so the
same period read from this year's and next year's return is one row, and next year's says how it
ended. What a return says of a child for its year and nothing else does (why the child has no UPN,
whether a girl is a mother) is kept as given in `child_years`, and the OC2 and OC3 answers in
`health_outcomes` and `care_leaver_outcomes`, so that the year written again says the same.

The reader never writes to the database. It raises `InputError` when the folder cannot be read as a
903 return at all, rejects (with file, table, CSV line, field and reason) each row it cannot load,
and clears (and reports) a field it cannot read where the row can do without it
(`ssda903.reading`).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from lineofsight.data import facts
from lineofsight.interchange.keys import key
from lineofsight.interchange.loading import Batch, InputError
from lineofsight.interchange.open_ends import keep_later_ends
from lineofsight.interchange.ssda903 import codes
from lineofsight.interchange.ssda903.folder import open_folder
from lineofsight.interchange.ssda903.read_episodes import read_episodes
from lineofsight.interchange.ssda903.read_outcomes import read_oc2, read_oc3
from lineofsight.interchange.ssda903.read_records import (
    read_ad1,
    read_deprivations_of_liberty,
    read_missing,
    read_placed_adoption,
    read_prev_perm,
    read_reviews,
)
from lineofsight.interchange.ssda903.read_social_workers import read_sw_episodes
from lineofsight.interchange.ssda903.reading import (
    Reading,
    known_child,
    once,
    optional_code,
    optional_date,
    read_code,
    read_date,
)
from lineofsight.interchange.ssda903.tables import FIRST_YEARS
from lineofsight.interchange.years import UnknownYearError, check_year, named

# The tables read after the episodes, in the order they are read: each may look at what an earlier
# one gave (the adoption a placement for adoption belongs to, the periods previous permanence joins).
RECORDS = (
    ("reviews", read_reviews),
    ("missing", read_missing),
    ("oc2", read_oc2),
    ("oc3", read_oc3),
    ("ad1", read_ad1),
    ("placed_adoption", read_placed_adoption),
    ("sw_episodes", read_sw_episodes),
    ("prev_perm", read_prev_perm),
    ("dolo", read_deprivations_of_liberty),
)


def read_ssda903(path: Path, connection: Connection | None = None, year: int | None = None) -> Batch:
    """Read the 903 tables in the folder `path` for the collection year `year` (by the year it ends,
    on 31 March). The return carries no year of its own, and a stray date must not re-date it, so the
    year is the caller's, or else the one the folder's or the files' names state (`SSDA903_2025_...`,
    `ssda903-2024-25/`); with neither, the return is refused, as is a year with no specification
    (`interchange.years`). `connection` (read only) lets a year's return link to periods of care,
    legal statuses and placements loaded from earlier years."""
    folder = open_folder(path)
    tables = folder.tables
    year = year if year is not None else year_named(path, [table.path for table in tables.values()])
    if year is None:
        raise InputError(
            path,
            "the collection year is not known: the return carries none, and neither the folder's "
            "name nor its files' names state one: say which year it is (2026 for 2025-26)",
        )
    try:
        check_year("903", year)
    except UnknownYearError as error:
        raise InputError(path, str(error)) from None
    batch = Batch(str(path), "903", notes=list(folder.notes))
    for table, first in FIRST_YEARS.items():
        if table in tables and year < first:
            batch.notes.append(
                f"{tables[table].path.name}: the {table} table is collected from {named(first)}, not in "
                f"{named(year)}: read all the same (the {named(year)} return written again leaves it out)"
            )
    reading = Reading(batch, tables, connection, year)
    _header(reading)
    if "uasc" in tables:
        _uasc(reading)
    read_episodes(reading)
    for table, read in RECORDS:
        if table in tables:
            read(reading)
    if reading.unlinked:
        lines = ", ".join(str(n) for n in sorted(reading.unlinked)[:10])
        more = " and more" if len(reading.unlinked) > 10 else ""
        batch.notes.append(
            f"episodes.csv: the first episodes on lines {lines}{more} ({len(reading.unlinked)} in all) "
            "continue a period of care that is not in the database; each period is taken to start there"
        )
    for person in reading.people.values():
        batch.add("person", person)
    for adoption in reading.adoptions.values():
        batch.add("adoptions", adoption)
    _coverage(batch, set(tables), year)
    kept = keep_later_ends(connection, batch, dt.date(year, 3, 31))
    if kept:
        batch.notes.append(
            f"{kept} periods of care, legal statuses or placements open at the end of the year here were "
            "held as ending later (a later return said so): the later end is kept"
        )
    return batch


# What each table holds whole for the collection year: every period of care, legal status and
# placement of a child looked after during the year (those begun before the year start, as the return
# says, on its first episode in the year), every review and missing episode in the year, the outcomes
# of care leavers around their birthdays in the year, and the year's adoptions.
COVERED: dict[str, tuple[str, ...]] = {
    "episodes": (facts.CLA_PERIODS, facts.LEGAL_STATUSES, facts.PLACEMENTS),
    "reviews": (facts.CLA_REVIEWS,),
    "missing": (facts.MISSING,),
    "oc3": (facts.CARE_LEAVER_BIRTHDAYS,),
    "ad1": (facts.ADOPTIONS,),
}


def _coverage(batch: Batch, tables: set[str], year: int) -> None:
    held = [fact for table, covered in COVERED.items() if table in tables for fact in covered]
    batch.covers(
        held,
        dt.date(year - 1, 4, 1),
        dt.date(year, 3, 31),
        f"children looked after in {year - 1}-{year % 100:02d}",
    )


YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d\d)(?:[-_ ]?(20\d\d|\d\d))?(?!\d)")


def year_named(folder: Path, files: list[Path]) -> int | None:
    """The collection year a folder's or its files' names state, by the year it ends: `2025` in
    `SSDA903_2025_episodes.csv`, `2024-25` in `ssda903-2024-25` (or `2024-2025`). None when no name
    states one, or when names state different years (then none is taken)."""
    found: set[int] = set()
    for name in [folder.name, *(file.name for file in files)]:
        for first, second in YEAR_IN_NAME.findall(name):
            if second:
                if int(second) in ((int(first) + 1) % 100, int(first) + 1):
                    found.add(int(first) + 1)
            else:
                found.add(int(first))
    return found.pop() if len(found) == 1 else None


# ------------------------------------------------------------------------------------------- header
def _header(reading: Reading) -> None:
    """Each child's row: sex, date of birth and ethnicity say who the child is, and a row without
    them is rejected (and with it the child's other rows, unless the database knows the child); a
    UPN, motherhood and her child's date of birth are kept as given, a bad one cleared."""
    table = reading.tables["header"]
    first_line: dict[str, int] = {}
    for line in table.lines:
        child = line.values.get("CHILD", "")
        if not child:
            reading.reject(table, line, "CHILD", "the child's id is missing")
            continue
        if child in first_line:
            reading.reject(
                table,
                line,
                "CHILD",
                f"the child is in the header table twice (first on line {first_line[child]})",
            )
            continue  # the first row stands
        first_line[child] = line.number
        sex = read_code(reading, table, line, "SEX", codes.SEX)
        dob = read_date(reading, table, line, "DOB", required=True)
        ethnicity = read_code(reading, table, line, "ETHNIC", codes.ETHNICITY)
        if sex is False or not isinstance(dob, dt.date) or ethnicity is False:
            reading.rejected_children[child] = line.number
            continue
        if dob > dt.date.today():
            reading.reject(table, line, "DOB", "the date of birth is in the future")
            reading.rejected_children[child] = line.number
            continue
        person: dict[str, Any] = {
            "person_id": child,
            "person_sex": codes.SEX[str(sex)],
            "person_ethnicity": ethnicity,
            "person_dob": dob,
        }
        upn = line.values.get("UPN", "").upper()
        if upn and upn not in codes.UNKNOWN_UPN:
            person["person_upn"] = upn
        reading.people[child] = person
        reading.batch.add(
            "child_years",
            {
                "child_year_id": key(child, "903", reading.year),
                "person_id": child,
                "return_kind": "903",
                "collection_year": reading.year,
                "upn_unknown": upn if upn in codes.UNKNOWN_UPN else None,
                "mother": optional_code(reading, table, line, "MOTHER", codes.YES_NO),
                "mother_child_dob": optional_date(reading, table, line, "MC_DOB"),
            },
        )


def _uasc(reading: Reading) -> None:
    """A child in the UASC table is an unaccompanied asylum seeker; one not in it is not said to be
    otherwise (a child who has turned 18 leaves the table but was one). The day the child stopped
    being one (DUC) is kept as given."""
    table = reading.tables["uasc"]
    seen: dict[str, int] = {}
    for line in table.lines:
        child = known_child(reading, table, line)
        if child is None or not once(reading, table, line, child, seen):
            continue
        ended = optional_date(reading, table, line, "DUC")
        said: dict[str, Any] = {"person_uasc": True}
        if ended is not None:
            said["person_uasc_end_date"] = ended
        if child in reading.people:
            reading.people[child].update(said)
        else:  # a child the database holds: the table says only this of them
            reading.batch.add("person", {"person_id": child, **said})
