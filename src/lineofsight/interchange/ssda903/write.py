"""Write the SSDA903 return for a collection year from the canonical model.

One CSV file per table (`header.csv`, `episodes.csv`, ...), with the DfE's columns and dd/mm/yyyy
dates, rows sorted by child and date so that the same database always gives byte-identical files.
The cohorts follow the DfE's guidance: every child looked after at any time in the year (header,
episodes, reviews, missing, social workers, deprivation of liberty orders), those looked after
continuously for 12 months at 31 March (OC2), care leavers whose 17th to 21st birthday fell in the
year (OC3), children adopted in the year (AD1), and so on.

What a loaded return said is written as it said it: a year's OC2 and OC3 as given, motherhood and the
reason for an unknown UPN as given for the year, each code and blank as loaded. Where nothing loaded
says it, a field is derived from the record only where the specification makes it so (the UPN
codes for an unknown UPN by age, XXXXXXX for a foster or adoption placement's URN, an OC2 answer
from dated health assessments the data covers, an OC3 row from the contact nearest the birthday);
otherwise it is left blank, never given an answer nobody recorded. Each table's function says which.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from sqlalchemy import Engine

from lineofsight.interchange.ssda903.council import Council, Row, age_on
from lineofsight.interchange.ssda903.episodes import Episode, episodes_of
from lineofsight.interchange.ssda903.social_workers import social_worker_episodes
from lineofsight.interchange.ssda903.tables import COLUMNS, collection_year, show_date, tables_for
from lineofsight.interchange.ssda903.write_outcomes import oc2_rows, oc3_rows
from lineofsight.interchange.ssda903.write_records import (
    ad1_rows,
    deprivation_rows,
    missing_rows,
    placed_adoption_rows,
    prev_perm_rows,
    review_rows,
    text,
)
from lineofsight.interchange.years import check_year

SUPPORTED_ACCOMMODATION = ("H5", "K3")
FIRST_YEAR_OF_K3 = 2026
FIRST_YEAR_OF_SUPPORTED_URN = 2024
NO_URN_NEEDED = ("A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6")


def write_ssda903(engine: Engine, year: int, out: Path) -> list[Path]:
    """Write the 903 tables for the collection year ending 31 March `year` into the folder `out`
    (created if need be) and return the files written, in the DfE's order of tables. A year with no
    specification is refused (`interchange.years`)."""
    check_year("903", year)
    with engine.connect() as connection:
        council = Council.read(connection)
    tables = build_tables(council, year)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in tables_for(year):
        path = out / f"{name}.csv"
        path.write_bytes(render(COLUMNS[name], tables[name]))
        written.append(path)
    return written


def render(columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return buffer.getvalue().encode("utf-8")


def build_tables(council: Council, year: int) -> dict[str, list[dict[str, str]]]:
    """Every table of the return, as rows of text keyed by the DfE's column names."""
    first, last = collection_year(year)
    episodes = year_episodes(council, first, last)
    looked_after = sorted({episode.child for episode in episodes})
    leavers = oc3_rows(council, looked_after, year)
    tables: dict[str, list[dict[str, str]]] = {
        "episodes": [episode_row(e, council.people[e.child], year) for e in episodes],
        "reviews": review_rows(council, looked_after, first, last),
        "uasc": uasc_rows(council, looked_after, year, last),
        "oc2": oc2_rows(council, looked_after, year),
        "oc3": leavers,
        "ad1": ad1_rows(council, episodes),
        "placed_adoption": placed_adoption_rows(council, looked_after, first, last),
        "prev_perm": prev_perm_rows(council, episodes, first),
        "missing": missing_rows(council, looked_after, first, last),
        "sw_episodes": [
            row
            for child in looked_after
            for row in social_worker_episodes(
                child,
                show_date(council.people[child]["person_dob"]),
                council.allocations.get(child, []),
                council.unallocated.get(child, []),
                council.periods.get(child, []),
                first,
                last,
            )
        ],
        "dolo": deprivation_rows(council, looked_after, first, last),
    }
    # The children the year's loaded header named, as well as those the cohorts give.
    named = {child for child, held in council.years if held == year and child in council.people}
    in_return = sorted(set(looked_after) | {row["CHILD"] for row in leavers} | named)
    tables["header"] = [header_row(council, child, year) for child in in_return]
    return tables


def year_episodes(council: Council, first: dt.date, last: dt.date) -> list[Episode]:
    """Episodes open on some day of the year, sorted by child and start; an episode still open at 31
    March has no end date, reason or reason for placement change in this year's return."""
    chosen: list[Episode] = []
    for child in sorted(council.periods):
        for period in sorted(council.periods[child], key=lambda p: p["cla_episode_start_date"]):
            start, ceased = period["cla_episode_start_date"], period["cla_episode_ceased_date"]
            if start > last or (ceased is not None and ceased < first):
                continue
            pid = period["cla_episode_id"]
            for episode in episodes_of(period, council.legal.get(pid, []), council.placements.get(pid, [])):
                if episode.start > last or (episode.end is not None and episode.end < first):
                    continue
                if episode.end is not None and episode.end > last:
                    episode = Episode(
                        **{**episode.__dict__, "end": None, "rec": None, "reason_place_change": None}
                    )
                chosen.append(episode)
    return chosen


def place_code(place: str | None, year: int) -> str:
    """Supported accommodation is H5 up to 2024-25 and K3 from 2025-26."""
    if place in SUPPORTED_ACCOMMODATION:
        return "K3" if year >= FIRST_YEAR_OF_K3 else "H5"
    return text(place)


def urn_of(episode: Episode, year: int) -> str:
    """The provider's Ofsted URN as held (an empty text: a blank a return gave); where none is held,
    XXXXXXX for foster and adoption placements (the DfE's code for them: derived), blank for the
    rest. Supported accommodation has been registered with Ofsted since 2023-24; before, its URN is
    left out (derived from the year)."""
    if episode.place in SUPPORTED_ACCOMMODATION and year < FIRST_YEAR_OF_SUPPORTED_URN:
        return ""
    if episode.urn is not None:
        return episode.urn
    return "XXXXXXX" if episode.place in NO_URN_NEEDED else ""


def episode_row(episode: Episode, person: Row, year: int) -> dict[str, str]:
    """The episode as the record has it; the place code as the year writes it. An unaccompanied
    asylum-seeking child's home postcode is left out (derived: the DfE's rule 406 asks for no
    distance from a home abroad, which a home postcode would give)."""
    return {
        "CHILD": episode.child,
        "DECOM": show_date(episode.start),
        "RNE": episode.rne,
        "LS": text(episode.legal_status),
        "CIN": episode.need,
        "PLACE": place_code(episode.place, year),
        "PLACE_PROVIDER": text(episode.provider),
        "DEC": show_date(episode.end),
        "REC": text(episode.rec),
        "REASON_PLACE_CHANGE": text(episode.reason_place_change),
        "HOME_POST": "" if person["person_uasc"] else text(episode.home_postcode),
        "PL_POST": text(episode.placement_postcode),
        "URN": urn_of(episode, year),
    }


def sex_code(sex: str, year: int) -> str:
    """From 2024-25 the 903 codes sex M, F or U; before, 1 or 2 (as lineofsight stores it)."""
    if year >= 2025:
        return {"1": "M", "2": "F"}.get(sex, "U")
    return sex


def upn(person: Row, held: Row | None, last: dt.date) -> str:
    """The child's UPN; else the reason for an unknown one the year's return gave; else (derived)
    the DfE's code for it by age: UN1 for a child not yet of school age (under 5 on 31 August
    before the year's end), UN5 (the UPN could not be obtained) otherwise."""
    if person["person_upn"]:
        return str(person["person_upn"])
    if held is not None and held["upn_unknown"]:
        return str(held["upn_unknown"])
    school_age_from = dt.date(last.year - 1, 8, 31)
    return "UN1" if age_on(person["person_dob"], school_age_from) < 5 else "UN5"


def header_row(council: Council, child: str, year: int) -> dict[str, str]:
    """Whether a girl looked after in the year is a mother, and her child's date of birth, as the
    year's record says (`child_years`); blank where nothing says it (the 903 asks it only of girls
    looked after in the year: a return that said it of anyone else is written as it said it)."""
    _, last = collection_year(year)
    person = council.people[child]
    held = council.years.get((child, year))
    mother = held["mother"] if held is not None else None
    return {
        "CHILD": child,
        "SEX": sex_code(person["person_sex"], year),
        "DOB": show_date(person["person_dob"]),
        "ETHNIC": person["person_ethnicity"],
        "UPN": upn(person, held, last),
        "MOTHER": text(mother),
        "MC_DOB": show_date(held["mother_child_dob"]) if held is not None else "",
    }


def uasc_rows(council: Council, children: Sequence[str], year: int, last: dt.date) -> list[dict[str, str]]:
    """Looked-after children recorded as unaccompanied asylum seekers, with the day they stopped
    being one (DUC) as held, when it falls by the year's end."""
    rows = []
    for child in children:
        person = council.people[child]
        if not person["person_uasc"]:
            continue
        ended = person["person_uasc_end_date"]
        rows.append(
            {
                "CHILD": child,
                "SEX": sex_code(person["person_sex"], year),
                "DOB": show_date(person["person_dob"]),
                "DUC": show_date(ended) if ended is not None and ended <= last else "",
            }
        )
    return rows
