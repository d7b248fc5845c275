"""Write the SSDA903 return for a collection year from the canonical model.

One CSV file per table (`header.csv`, `episodes.csv`, ...), with the DfE's columns and dd/mm/yyyy
dates, rows sorted by child and date so that the same database always gives byte-identical files.
The cohorts follow the DfE's guidance: every child looked after at any time in the year (header,
episodes, reviews, missing), those looked after continuously for 12 months at 31 March (OC2), care
leavers whose 17th to 21st birthday fell in the year (OC3), children adopted in the year (AD1), and
so on. Where the return asks for something lineofsight does not record (whether a child is a mother,
the adopters' details, a previous permanence order, an SDQ score), the writer gives the DfE's code for
"not known" or a fixed answer, listed in the docstring of each table's function.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select

from lineofsight.interchange.ssda903.episodes import Episode, episodes_of
from lineofsight.interchange.ssda903.social_workers import social_worker_episodes
from lineofsight.interchange.ssda903.tables import (
    COLUMNS,
    OC2_ANSWERS,
    collection_year,
    show_date,
    tables_for,
)
from lineofsight.model import Base

Row = Mapping[str, Any]
TABLES = (
    "person",
    "cla_episodes",
    "legal_statuses",
    "placements",
    "cla_reviews",
    "health_assessments",
    "health_outcomes",
    "missing_episodes",
    "care_leavers",
    "care_leaver_contacts",
    "adoptions",
    "allocations",
    "previous_permanence",
)
NOT_CARE_LEAVERS = ("qualifying",)  # owed advice and assistance, not in the DfE's OC3 cohort
OC3_BIRTHDAYS = (17, 18, 19, 20, 21)
ADOPTED = ("E11", "E12")
MISSING_CODES = {"missing": "M", "away": "A"}
SUPPORTED_ACCOMMODATION = ("H5", "K3")
FIRST_YEAR_OF_K3 = 2026
FIRST_YEAR_OF_SUPPORTED_URN = 2024
NO_URN_NEEDED = ("A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6")


def birthday(dob: dt.date, age: int) -> dt.date:
    """The `age`th birthday; 28 February for a child born on 29 February in a common year."""
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:
        return dt.date(dob.year + age, 2, 28)


def age_on(dob: dt.date, day: dt.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


@dataclass
class Council:
    """The tables the return is made from, grouped by child."""

    people: dict[str, Row]
    periods: dict[str, list[Row]]
    legal: dict[str, list[Row]]  # by period of care
    placements: dict[str, list[Row]]  # by period of care
    reviews: dict[str, list[Row]]
    health: dict[str, list[Row]]
    missing: dict[str, list[Row]]
    leavers: dict[str, list[Row]]
    contacts: dict[str, list[Row]]
    adoptions: dict[str, list[Row]]
    allocations: dict[str, list[Row]]
    previous_permanence: dict[str, Row]  # by period of care
    outcomes: dict[tuple[str, int], Row]  # OC2 as a return gave it, by child and collection year

    @classmethod
    def read(cls, connection: Connection) -> Council:
        rows: dict[str, list[Row]] = {}
        for name in TABLES:
            table = Base.metadata.tables[name]
            (key,) = table.primary_key.columns
            rows[name] = [dict(r) for r in connection.execute(select(table).order_by(key)).mappings()]

        def by(name: str, column: str) -> dict[str, list[Row]]:
            grouped: dict[str, list[Row]] = defaultdict(list)
            for row in rows[name]:
                grouped[row[column]].append(row)
            return grouped

        return cls(
            people={row["person_id"]: row for row in rows["person"]},
            periods=by("cla_episodes", "person_id"),
            legal=by("legal_statuses", "cla_episode_id"),
            placements=by("placements", "cla_episode_id"),
            reviews=by("cla_reviews", "person_id"),
            health=by("health_assessments", "person_id"),
            missing=by("missing_episodes", "person_id"),
            leavers=by("care_leavers", "person_id"),
            contacts=by("care_leaver_contacts", "person_id"),
            adoptions=by("adoptions", "person_id"),
            allocations=by("allocations", "person_id"),
            previous_permanence={row["cla_episode_id"]: row for row in rows["previous_permanence"]},
            outcomes={(row["person_id"], row["collection_year"]): row for row in rows["health_outcomes"]},
        )


def write_ssda903(engine: Engine, year: int, out: Path) -> list[Path]:
    """Write the 903 tables for the collection year ending 31 March `year` into the folder `out`
    (created if need be) and return the files written, in the DfE's order of tables."""
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
    leavers = oc3_rows(council, looked_after, first, last)
    tables: dict[str, list[dict[str, str]]] = {
        "episodes": [episode_row(e, council.people[e.child], year) for e in episodes],
        "reviews": review_rows(council, looked_after, first, last),
        "uasc": uasc_rows(council, looked_after, year, last),
        "oc2": oc2_rows(council, looked_after, last),
        "oc3": leavers,
        "ad1": ad1_rows(council, episodes, first, last),
        "placed_adoption": placed_adoption_rows(council, looked_after, first, last),
        "prev_perm": prev_perm_rows(council, episodes, first),
        "missing": missing_rows(council, looked_after, first, last),
        "sw_episodes": [
            row
            for child in looked_after
            for row in social_worker_episodes(
                child,
                _dob(council, child),
                council.allocations.get(child, []),
                council.periods.get(child, []),
                first,
                last,
            )
        ],
    }
    in_return = sorted(set(looked_after) | {row["CHILD"] for row in leavers})
    tables["header"] = [header_row(council.people[child], child in looked_after, year) for child in in_return]
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


def _text(value: object) -> str:
    return "" if value is None else str(value)


def place_code(place: str | None, year: int) -> str:
    """Supported accommodation is H5 up to 2024-25 and K3 from 2025-26."""
    if place in SUPPORTED_ACCOMMODATION:
        return "K3" if year >= FIRST_YEAR_OF_K3 else "H5"
    return _text(place)


def urn_of(episode: Episode, year: int) -> str:
    """The provider's Ofsted URN; XXXXXXX for foster and adoption placements with none recorded
    (the DfE's code), blank for placements that have none (with parents, for instance). Supported
    accommodation has been registered with Ofsted since 2023-24; before, its URN is left out."""
    if episode.place in SUPPORTED_ACCOMMODATION and year < FIRST_YEAR_OF_SUPPORTED_URN:
        return ""
    if episode.urn:
        return episode.urn
    return "XXXXXXX" if episode.place in NO_URN_NEEDED else ""


def episode_row(episode: Episode, person: Row, year: int) -> dict[str, str]:
    """An unaccompanied asylum-seeking child has no home postcode in the return (the DfE asks for no
    distance from a home abroad)."""
    return {
        "CHILD": episode.child,
        "DECOM": show_date(episode.start),
        "RNE": episode.rne,
        "LS": _text(episode.legal_status),
        "CIN": episode.need,
        "PLACE": place_code(episode.place, year),
        "PLACE_PROVIDER": _text(episode.provider),
        "DEC": show_date(episode.end),
        "REC": _text(episode.rec),
        "REASON_PLACE_CHANGE": _text(episode.reason_place_change),
        "HOME_POST": "" if person["person_uasc"] else _text(episode.home_postcode),
        "PL_POST": _text(episode.placement_postcode),
        "URN": urn_of(episode, year),
    }


def sex_code(sex: str, year: int) -> str:
    """From 2024-25 the 903 codes sex M, F or U; before, 1 or 2 (as lineofsight stores it)."""
    if year >= 2025:
        return {"1": "M", "2": "F"}.get(sex, "U")
    return sex


def upn(person: Row, last: dt.date) -> str:
    """The child's UPN, else the DfE's code for an unknown one: UN1 for a child not yet of school
    age (under 5 on 31 August before the year's end), UN5 (the UPN could not be obtained) otherwise."""
    if person["person_upn"]:
        return str(person["person_upn"])
    school_age_from = dt.date(last.year - 1, 8, 31)
    return "UN1" if age_on(person["person_dob"], school_age_from) < 5 else "UN5"


def header_row(person: Row, looked_after: bool, year: int) -> dict[str, str]:
    """MOTHER is 0 for every girl looked after in the year: lineofsight does not record motherhood."""
    _, last = collection_year(year)
    female = person["person_sex"] == "2"
    return {
        "CHILD": person["person_id"],
        "SEX": sex_code(person["person_sex"], year),
        "DOB": show_date(person["person_dob"]),
        "ETHNIC": person["person_ethnicity"],
        "UPN": upn(person, last),
        "MOTHER": "0" if female and looked_after else "",
        "MC_DOB": "",
    }


def _dob(council: Council, child: str) -> str:
    return show_date(council.people[child]["person_dob"])


def review_rows(
    council: Council, children: Sequence[str], first: dt.date, last: dt.date
) -> list[dict[str, str]]:
    rows = []
    for child in children:
        held = sorted(
            {r["cla_review_date"]: r for r in council.reviews.get(child, [])}.values(),
            key=lambda r: r["cla_review_date"],
        )
        for review in held:
            if first <= review["cla_review_date"] <= last:
                rows.append(
                    {
                        "CHILD": child,
                        "DOB": _dob(council, child),
                        "REVIEW": show_date(review["cla_review_date"]),
                        "REVIEW_CODE": _text(review["cla_review_participation"]),
                    }
                )
    return rows


def uasc_rows(council: Council, children: Sequence[str], year: int, last: dt.date) -> list[dict[str, str]]:
    """Children recorded as unaccompanied asylum seekers; their status ends at 18 (DUC) when that
    falls by the year's end."""
    rows = []
    for child in children:
        person = council.people[child]
        if not person["person_uasc"]:
            continue
        eighteen = birthday(person["person_dob"], 18)
        rows.append(
            {
                "CHILD": child,
                "SEX": sex_code(person["person_sex"], year),
                "DOB": show_date(person["person_dob"]),
                "DUC": show_date(eighteen) if eighteen <= last else "",
            }
        )
    return rows


def _looked_after_on(periods: Sequence[Row], day: dt.date) -> bool:
    return any(
        p["cla_episode_start_date"] <= day
        and (p["cla_episode_ceased_date"] is None or p["cla_episode_ceased_date"] >= day)
        for p in periods
    )


def _continuously_for_a_year(periods: Sequence[Row], last: dt.date) -> bool:
    year_ago = birthday(last, -1) + dt.timedelta(days=1)
    return any(
        p["cla_episode_start_date"] <= year_ago
        and (p["cla_episode_ceased_date"] is None or p["cla_episode_ceased_date"] >= last)
        for p in periods
    )


def _had(health: Sequence[Row], kinds: tuple[str, ...], first: dt.date, last: dt.date) -> str:
    return "1" if any(h["health_assessment_type"] in kinds and first <= h["health_assessment_date"] <= last
                      for h in health) else "0"  # fmt: skip


def oc2_rows(council: Council, children: Sequence[str], last: dt.date) -> list[dict[str, str]]:
    """Children looked after continuously for 12 months at 31 March, each with what a loaded return
    said of them for the year (`health_outcomes`), as it said it. Where no return said it, derived
    from the record: health assessment and teeth check, one recorded in the 12 months; immunisations
    taken as up to date when a health assessment was held, and the development check of an under-5
    likewise; lineofsight records no convictions, substance misuse or SDQ scores, so convictions and
    substance misuse are 0 and the SDQ reason is SDQ5 (not obtained) for 4 to 16 year olds."""
    first = birthday(last, -1) + dt.timedelta(days=1)
    rows = []
    for child in children:
        if not _continuously_for_a_year(council.periods.get(child, []), last):
            continue
        dob = council.people[child]["person_dob"]
        given = council.outcomes.get((child, last.year))
        if given is not None:
            rows.append({"CHILD": child, "DOB": show_date(dob), **_as_given(given)})
            continue
        age = age_on(dob, last)
        health = council.health.get(child, [])
        assessed = _had(health, ("initial", "review"), first, last)
        sdq = age >= 4 and age_on(dob, first) < 17
        rows.append(
            {
                "CHILD": child,
                "DOB": show_date(dob),
                "SDQ_SCORE": "",
                "SDQ_REASON": "SDQ5" if sdq else "",
                "CONVICTED": "0" if age >= 10 else "",
                "HEALTH_CHECK": assessed if age < 5 else "",
                "IMMUNISATIONS": assessed,
                "TEETH_CHECK": _had(health, ("dental",), first, last),
                "HEALTH_ASSESSMENT": assessed,
                "SUBSTANCE_MISUSE": "0",
                "INTERVENTION_RECEIVED": "",
                "INTERVENTION_OFFERED": "",
            }
        )
    return rows


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


def oc3_rows(
    council: Council, looked_after: Sequence[str], first: dt.date, last: dt.date
) -> list[dict[str, str]]:
    """Care leavers (not qualifying ones) entitled on their 17th to 21st birthday in the year, with
    what the contact that speaks for the birthday found; NO when there was none, and activity and
    accommodation 0 (no information) when not in touch. A 17 or 18 year old still looked after on
    the birthday is not a care leaver yet, so has no OC3 row for it."""
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
            if not entitled or (age < 19 and _looked_after_on(council.periods.get(child, []), day)):
                continue
            contact = speaking_contact(council.contacts.get(child, []), day)
            in_touch = contact["in_touch"] if contact else "NO"
            yes = in_touch == "YES"
            rows.append(
                {
                    "CHILD": child,
                    "DOB": show_date(person["person_dob"]),
                    "IN_TOUCH": in_touch,
                    "ACTIV": _text(contact["activity"]) if contact and yes else "0",
                    "ACCOM": _text(contact["accommodation"]) if contact and yes else "0",
                }
            )
    return rows


def ad1_rows(
    council: Council, episodes: Sequence[Episode], first: dt.date, last: dt.date
) -> list[dict[str, str]]:
    """Children adopted in the year. lineofsight does not record the adopters, so they are given as
    a married couple of a man and a woman (2, MF, L11)."""
    adopted = sorted({e.child for e in episodes if e.rec in ADOPTED and e.end is not None})
    rows = []
    for child in adopted:
        orders = [a for a in council.adoptions.get(child, []) if a["adoption_order_date"] is not None]
        if not orders:
            continue
        adoption = max(orders, key=lambda a: a["adoption_order_date"])
        rows.append(
            {
                "CHILD": child,
                "DOB": _dob(council, child),
                "DATE_INT": show_date(adoption["should_be_placed_decision_date"]),
                "DATE_MATCH": show_date(adoption["matched_date"]),
                "FOSTER_CARE": "1" if adoption["fostering_for_adoption"] else "0",
                "NB_ADOPTR": "2",
                "SEX_ADOPTR": "MF",
                "LS_ADOPTR": "L11",
            }
        )
    return rows


def placed_adoption_rows(
    council: Council, children: Sequence[str], first: dt.date, last: dt.date
) -> list[dict[str, str]]:
    """Decisions that a looked-after child should be placed for adoption, made by the year's end and
    not reversed before it began; a reversal in the year is given with reason RD4 (other)."""
    rows = []
    for child in children:
        for adoption in sorted(
            council.adoptions.get(child, []), key=lambda a: a["should_be_placed_decision_date"] or dt.date.min
        ):
            decided = adoption["should_be_placed_decision_date"]
            reversed_ = adoption["decision_reversed_date"]
            if decided is None or decided > last or (reversed_ is not None and reversed_ < first):
                continue
            ended = reversed_ is not None and reversed_ <= last
            rows.append(
                {
                    "CHILD": child,
                    "DOB": _dob(council, child),
                    "DATE_PLACED": show_date(decided),
                    "DATE_PLACED_CEASED": show_date(reversed_) if ended else "",
                    "REASON_PLACED_CEASED": "RD4" if ended else "",
                }
            )
    return rows


def prev_perm_rows(council: Council, episodes: Sequence[Episode], first: dt.date) -> list[dict[str, str]]:
    """Children who started a period of care in the year, with what the database holds about their
    permanence before the first such period; Z1 (none known) where it holds nothing."""
    starts: dict[str, dt.date] = {}
    for e in episodes:
        if e.rne == "S" and e.start >= first:
            starts[e.child] = min(e.start, starts.get(e.child, e.start))
    rows = []
    for child in sorted(starts):
        period = next(
            (p for p in council.periods.get(child, []) if p["cla_episode_start_date"] == starts[child]), None
        )
        held = council.previous_permanence.get(period["cla_episode_id"], {}) if period else {}
        rows.append(
            {
                "CHILD": child,
                "DOB": _dob(council, child),
                "PREV_PERM": held.get("previous_permanence_code") or ("" if held else "Z1"),
                "LA_PERM": held.get("permanence_local_authority") or "",
                "DATE_PERM": held.get("permanence_order_date") or "",
            }
        )
    return rows


def missing_rows(
    council: Council, children: Sequence[str], first: dt.date, last: dt.date
) -> list[dict[str, str]]:
    """Missing and away episodes that began while the child was looked after and overlap the year;
    the 903 carries dates only. One still running when the child's care ended is closed that day:
    the return is about looked-after children, and the DfE's rules expect it closed."""
    rows = []
    for child in children:
        periods = council.periods.get(child, [])
        for episode in sorted(council.missing.get(child, []), key=lambda m: m["missing_episode_start"]):
            start = episode["missing_episode_start"].date()
            end = episode["missing_episode_end"].date() if episode["missing_episode_end"] else None
            if start > last or (end is not None and end < first):
                continue
            period = next(
                (
                    p
                    for p in periods
                    if p["cla_episode_start_date"] <= start
                    and (p["cla_episode_ceased_date"] is None or start <= p["cla_episode_ceased_date"])
                ),
                None,
            )
            if period is None:
                continue
            ceased = period["cla_episode_ceased_date"]
            if ceased is not None and (end is None or end > ceased):
                end = ceased
            rows.append(
                {
                    "CHILD": child,
                    "DOB": _dob(council, child),
                    "MISSING": MISSING_CODES.get(episode["missing_episode_type"], "M"),
                    "MIS_START": show_date(start),
                    "MIS_END": show_date(end) if end is not None and end <= last else "",
                }
            )
    return rows
