"""Read an SSDA903 return (a folder of CSV tables) into the canonical model.

The return's episodes are turned back into periods of care, legal statuses and placements
(`ssda903.episodes` explains the RNE codes): a new period at every S, a new legal status at every
L, U or B, a new placement at every P, T, U or B. A year's first episode for a child that is not a
new period (a child already in care on 1 April) continues the period of care the database already
holds, when a connection is given; with none, the period is taken to start at that episode, and the
notes say so. Every record is keyed by `keys.key`, so the same period read from this year's and next
year's return is one row, and next year's says how it ended.

The reader never writes to the database. It raises `InputError` when the folder cannot be read as a
903 return at all, and rejects (with file, table, CSV line, field and reason) each row it cannot
load; a rejected episode rejects the rest of that child's episodes in the file, since they could not
be placed in a period of care.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from lineofsight.data import facts
from lineofsight.interchange.keys import key
from lineofsight.interchange.loading import Batch, InputError, check_size
from lineofsight.interchange.open_ends import keep_later_ends
from lineofsight.interchange.ssda903 import codes
from lineofsight.interchange.ssda903.episodes import LEGAL_CHANGES, ONGOING, PLACEMENT_CHANGES
from lineofsight.interchange.ssda903.read_records import (
    read_ad1,
    read_missing,
    read_oc2,
    read_oc3,
    read_placed_adoption,
    read_prev_perm,
    read_reviews,
)
from lineofsight.interchange.ssda903.read_social_workers import read_sw_episodes
from lineofsight.interchange.ssda903.reading import (
    Line,
    Reading,
    Table,
    known_child,
    read_code,
    read_date,
    stored,
)
from lineofsight.interchange.ssda903.tables import COLUMNS, REQUIRED, table_of

NO_URN = "XXXXXXX"  # the DfE's code for "no URN"


def read_ssda903(path: Path, connection: Connection | None = None, year: int | None = None) -> Batch:
    """Read the 903 tables in the folder `path` for the collection year `year` (by the year it ends,
    on 31 March). The return carries no year of its own, and a stray date must not re-date it, so the
    year is the caller's, or else the one the folder's or the files' names state (`SSDA903_2025_...`,
    `ssda903-2024-25/`); with neither, the return is refused. `connection` (read only) lets a year's
    return link to periods of care, legal statuses and placements loaded from earlier years."""
    tables = _open_folder(path)
    year = year if year is not None else year_named(path, [table.path for table in tables.values()])
    if year is None:
        raise InputError(
            path,
            "the collection year is not known: the return carries none, and neither the folder's "
            "name nor its files' names state one: say which year it is (2026 for 2025-26)",
        )
    reading = Reading(Batch(str(path), "903"), tables, connection)
    _header(reading)
    if "uasc" in tables:
        _uasc(reading)
    _episodes(reading)
    if "reviews" in tables:
        read_reviews(reading)
    if "missing" in tables:
        read_missing(reading)
    if "oc2" in tables:
        read_oc2(reading, year)
    if "oc3" in tables:
        read_oc3(reading, year)
    if "ad1" in tables:
        read_ad1(reading)
    if "placed_adoption" in tables:
        read_placed_adoption(reading)
    if "sw_episodes" in tables:
        read_sw_episodes(reading)
    if "prev_perm" in tables:
        read_prev_perm(reading, year)
    if reading.unlinked:
        lines = ", ".join(str(n) for n in sorted(reading.unlinked)[:10])
        more = " and more" if len(reading.unlinked) > 10 else ""
        reading.batch.notes.append(
            f"episodes.csv: the first episodes on lines {lines}{more} ({len(reading.unlinked)} in all) "
            "continue a period of care that is not in the database; each period is taken to start there"
        )
    for person in reading.people.values():
        reading.batch.add("person", person)
    for adoption in reading.adoptions.values():
        reading.batch.add("adoptions", adoption)
    _coverage(reading.batch, set(tables), year)
    kept = keep_later_ends(connection, reading.batch, dt.date(year, 3, 31))
    if kept:
        reading.batch.notes.append(
            f"{kept} periods of care, legal statuses or placements open at the end of the year here were "
            "held as ending later (a later return said so): the later end is kept"
        )
    return reading.batch


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


# ---------------------------------------------------------------------------------------- the folder
def _open_folder(path: Path) -> dict[str, Table]:
    if not path.exists():
        raise InputError(path, "there is no such folder")
    if not path.is_dir():
        raise InputError(
            path, "is a file, not a folder of SSDA903 CSV tables (header.csv, episodes.csv, ...)"
        )
    found: dict[str, Path] = {}
    for file in sorted(path.iterdir()):
        if not file.is_file():
            continue
        table = table_of(file.name)
        if table is None:
            continue
        if file.suffix.lower() != ".csv":
            raise InputError(
                file, f"is not a CSV file: the {table} table must be a .csv", place=f"table {table}"
            )
        if table in found:
            raise InputError(
                file, f"a second {table} table (the first is {found[table].name})", place=f"table {table}"
            )
        found[table] = file
    for table in REQUIRED:
        if table not in found:
            raise InputError(path, f"there is no {table} table ({table}.csv)", place=f"table {table}")
    return {name: _read_table(name, file) for name, file in found.items()}


def _read_table(name: str, path: Path) -> Table:
    place = f"table {name}"
    try:
        check_size(path)
    except InputError as error:
        raise InputError(path, error.reason, place=place) from None
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise InputError(path, "is not a CSV file (it holds binary data)", place=place)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            path, f"is not a UTF-8 CSV file ({error.reason} at byte {error.start})", place=place
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        heading = next(reader, None)
        if heading is None or not any(cell.strip() for cell in heading):
            raise InputError(path, "the file has no heading row", place=place, row=1)
        columns = [cell.strip().upper() for cell in heading]
        for wanted in COLUMNS[name]:
            if wanted not in columns:
                near = difflib.get_close_matches(wanted, columns, n=1)
                hint = f" (is {near[0]!r} a misspelling of it?)" if near else ""
                raise InputError(
                    path, f"the column {wanted} is missing{hint}", place=place, row=1, field=wanted
                )
        lines: list[Line] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            values = {
                column: (cells[i].strip() if i < len(cells) else "") for i, column in enumerate(columns)
            }
            lines.append(Line(reader.line_num, values))
    except csv.Error as error:
        raise InputError(
            path, f"is not a well-formed CSV file ({error})", place=place, row=reader.line_num
        ) from None
    return Table(name, path, lines)


# ------------------------------------------------------------------------------------------- header
def _header(reading: Reading) -> None:
    table = reading.tables["header"]
    first_line: dict[str, Line] = {}
    for line in table.lines:
        child = line.values.get("CHILD", "")
        if not child:
            reading.reject(table, line, "CHILD", "the child's id is missing")
            continue
        if child in first_line:
            if child not in reading.rejected_children:
                earlier = first_line[child]
                reading.reject(
                    table,
                    earlier,
                    "CHILD",
                    f"the child is in the header table twice (also line {line.number})",
                )
            reading.reject(
                table,
                line,
                "CHILD",
                f"the child is in the header table twice (also line {first_line[child].number})",
            )
            reading.rejected_children.add(child)
            reading.people.pop(child, None)
            continue
        first_line[child] = line
        sex = read_code(reading, table, line, "SEX", codes.SEX)
        dob = read_date(reading, table, line, "DOB", required=True)
        ethnicity = read_code(reading, table, line, "ETHNIC", codes.ETHNICITY)
        if sex is False or dob is False or ethnicity is False or dob is None:
            reading.rejected_children.add(child)
            continue
        if isinstance(dob, dt.date) and dob > dt.date.today():
            reading.reject(table, line, "DOB", "the date of birth is in the future")
            reading.rejected_children.add(child)
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


def _uasc(reading: Reading) -> None:
    """A child in the UASC table is an unaccompanied asylum seeker; one not in it is not said to be
    otherwise (a child who has turned 18 leaves the table but was one)."""
    table = reading.tables["uasc"]
    for line in table.lines:
        child = known_child(reading, table, line)
        if child is None or read_date(reading, table, line, "DUC", required=False) is False:
            continue
        reading.people[child]["person_uasc"] = True


# ----------------------------------------------------------------------------------------- episodes
@dataclass
class Episode:
    line: Line
    start: dt.date
    rne: str
    legal_status: str
    need: str
    place: str | None
    provider: str | None
    end: dt.date | None
    rec: str | None


def _episode(reading: Reading, table: Table, line: Line) -> Episode | None:
    values = line.values
    start = read_date(reading, table, line, "DECOM", required=True)
    end = read_date(reading, table, line, "DEC", required=False)
    rne = read_code(reading, table, line, "RNE", codes.RNE)
    legal = read_code(reading, table, line, "LS", codes.LEGAL_STATUS)
    need = read_code(reading, table, line, "CIN", codes.NEED)
    place = read_code(reading, table, line, "PLACE", codes.PLACE)
    provider: str | bool | None = None
    if values.get("PLACE_PROVIDER"):
        provider = read_code(reading, table, line, "PLACE_PROVIDER", codes.PROVIDER)
    rec: str | bool | None = None
    if values.get("REC") or end:
        rec = read_code(reading, table, line, "REC", codes.REC)
    if (
        values.get("REASON_PLACE_CHANGE")
        and values["REASON_PLACE_CHANGE"].upper() not in codes.REASON_PLACE_CHANGE
    ):
        reading.reject(
            table, line, "REASON_PLACE_CHANGE", f"{values['REASON_PLACE_CHANGE']!r} is not a 903 code"
        )
        return None
    parts = (start, end, rne, legal, need, place, provider, rec)
    if any(part is False for part in parts):
        return None
    assert isinstance(start, dt.date)
    if rec and end is None:
        reading.reject(table, line, "DEC", "the episode has a reason for ending (REC) but no end date")
        return None
    if isinstance(end, dt.date) and end < start:
        reading.reject(
            table, line, "DEC", f"the episode ends ({end:%d/%m/%Y}) before it starts ({start:%d/%m/%Y})"
        )
        return None
    return Episode(
        line,
        start,
        str(rne),
        str(legal),
        str(need),
        str(place),
        provider if isinstance(provider, str) else None,
        end if isinstance(end, dt.date) else None,
        rec if isinstance(rec, str) else None,
    )


def _episodes(reading: Reading) -> None:
    table = reading.tables["episodes"]
    by_child: dict[str, list[Line]] = defaultdict(list)
    for line in table.lines:
        child = known_child(reading, table, line)
        if child is not None:
            by_child[child].append(line)
    for child, lines in by_child.items():
        parsed: list[Episode] = []
        seen: dict[str, int] = {}
        for number, line in enumerate(lines):
            decom = line.values.get("DECOM", "")
            episode = None
            if decom in seen:
                reading.reject(
                    table,
                    line,
                    "DECOM",
                    f"the child has two episodes starting {decom} (the other on line {seen[decom]})",
                )
            else:
                seen[decom] = line.number
                episode = _episode(reading, table, line)
            if episode is None:
                _reject_rest(reading, table, lines[number + 1 :], line.number)
                break
            parsed.append(episode)
        parsed.sort(key=lambda e: e.start)
        for number, episode in enumerate(parsed[1:], start=1):
            previous = parsed[number - 1]
            problem = None
            if previous.end is None:
                problem = f"the episode on line {previous.line.number} has not ended, yet this one starts"
            elif previous.rec != ONGOING and episode.rne != "S":
                problem = (
                    f"the period of care ended on line {previous.line.number} (REC {previous.rec}), so this "
                    "episode must start a new one (RNE S)"
                )
            if problem:
                reading.reject(table, episode.line, "RNE", problem)
                _reject_rest(reading, table, [e.line for e in parsed[number + 1 :]], episode.line.number)
                parsed = parsed[:number]
                break
        if len(parsed) < len(lines):
            reading.rejected_children.add(child)
        if parsed:
            _build_periods(reading, child, parsed)


def _reject_rest(reading: Reading, table: Table, lines: list[Line], failed_at: int) -> None:
    for line in lines:
        reading.reject(table, line, None, f"an earlier episode of this child (line {failed_at}) was rejected")


def _build_periods(reading: Reading, child: str, episodes: list[Episode]) -> None:
    """Periods, legal statuses and placements from one child's chain of episodes (in date order)."""
    batch = reading.batch
    period: dict[str, Any] = {}
    legal: dict[str, Any] | None = None
    placement: dict[str, Any] | None = None
    previous: Episode | None = None
    provisional = False
    for episode in episodes:
        continuing = previous is not None and previous.rec == ONGOING and episode.rne != "S"
        if continuing:
            new_legal = episode.rne in LEGAL_CHANGES
            new_placement = episode.rne in PLACEMENT_CHANGES
        else:
            period, legal, placement = _start_period(reading, child, episode)
            batch.add("cla_episodes", period)
            reading.periods[child].append(period)
            new_legal, new_placement = legal is None, placement is None
            # A first episode here that is not a new period ('S') and did not change the legal status
            # (or the placement), with none held: that one began before the episode, when is unknown.
            provisional = episode.rne != "S"
        if new_legal:
            if legal is not None:
                legal["legal_status_end_date"] = episode.start
            legal = {
                "legal_status_id": key(child, "legal-status", episode.start),
                "cla_episode_id": period["cla_episode_id"],
                "person_id": child,
                "legal_status": episode.legal_status,
                "legal_status_start_date": episode.start,
                "legal_status_end_date": None,
                "legal_status_start_provisional": not continuing
                and provisional
                and episode.rne not in LEGAL_CHANGES,
            }
            batch.add("legal_statuses", legal)
        if new_placement:
            if placement is not None and previous is not None:
                placement["placement_end_date"] = episode.start
                reason = previous.line.values.get("REASON_PLACE_CHANGE", "").upper()
                if reason:
                    placement["placement_change_reason"] = reason
            placement = {
                "placement_id": key(child, "placement", episode.start),
                "cla_episode_id": period["cla_episode_id"],
                "person_id": child,
                "placement_start_date": episode.start,
                "placement_end_date": None,
                "placement_start_provisional": not continuing
                and provisional
                and episode.rne not in PLACEMENT_CHANGES,
            }
            batch.add("placements", placement)
        assert placement is not None and legal is not None
        _describe_placement(placement, episode)
        if episode.end is not None and episode.rec != ONGOING:
            period["cla_episode_ceased_date"] = episode.end
            period["cla_episode_ceased_reason"] = episode.rec
            legal["legal_status_end_date"] = episode.end
            placement["placement_end_date"] = episode.end
        previous = episode


def _describe_placement(placement: dict[str, Any], episode: Episode) -> None:
    values = episode.line.values
    placement["placement_type"] = episode.place
    placement["placement_provider"] = episode.provider
    placement["placement_long_term"] = episode.place in codes.LONG_TERM_PLACES
    postcode = values.get("PL_POST", "").upper()
    if postcode:
        placement["placement_postcode"] = postcode
    urn = values.get("URN", "").upper()
    if urn:
        placement["placement_urn"] = None if urn == NO_URN else urn


def _start_period(
    reading: Reading, child: str, episode: Episode
) -> tuple[dict[str, Any], dict[str, Any] | None, dict[str, Any] | None]:
    """The period an episode begins or, for a first episode that is not a new period, continues:
    the database's, else one taken to start here. With it, the legal status and placement the
    episode continues from the database (None where the episode starts its own)."""
    values = episode.line.values
    home = values.get("HOME_POST", "").upper()
    if episode.rne != "S":
        found = stored(
            reading, "cla_episodes", child, "cla_episode_start_date", "cla_episode_ceased_date", episode.start
        )
        if found is not None:
            period = {
                "cla_episode_id": found["cla_episode_id"],
                "person_id": child,
                "cla_episode_start_date": found["cla_episode_start_date"],
                "cla_episode_start_reason": found["cla_episode_start_reason"],
                "cla_primary_need_code": episode.need,
                "cla_episode_ceased_date": None,
                "cla_episode_ceased_reason": None,
            }
            legal = None
            if episode.rne not in LEGAL_CHANGES:
                legal = _continued(reading, "legal_statuses", child, "legal_status", period, episode)
            placement = None
            if episode.rne not in PLACEMENT_CHANGES:
                placement = _continued(reading, "placements", child, "placement", period, episode)
            return period, legal, placement
        reading.unlinked.append(episode.line.number)
    period = {
        "cla_episode_id": key(child, "care", episode.start),
        "person_id": child,
        "cla_episode_start_date": episode.start,
        "cla_episode_start_reason": episode.rne,
        "cla_primary_need_code": episode.need,
        "cla_episode_ceased_date": None,
        "cla_episode_ceased_reason": None,
        "cla_episode_start_provisional": episode.rne != "S",
    }
    if home:
        period["home_postcode"] = home
    return period, None, None


def _continued(
    reading: Reading, table: str, child: str, prefix: str, period: Mapping[str, Any], episode: Episode
) -> dict[str, Any] | None:
    """The database's legal status or placement in force at the episode's start, as a row to
    update; None when the database has none (the episode then starts one)."""
    found = stored(
        reading,
        table,
        child,
        f"{prefix}_start_date",
        f"{prefix}_end_date",
        episode.start,
        cla_episode_id=period["cla_episode_id"],
    )
    if found is None:
        return None
    row = {
        name: found[name] for name in (f"{prefix}_id", "cla_episode_id", "person_id", f"{prefix}_start_date")
    }
    row[f"{prefix}_end_date"] = None
    if prefix == "legal_status":
        row["legal_status"] = episode.legal_status
    reading.batch.add(table, row)
    return row
