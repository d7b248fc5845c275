"""Reading a workforce census into rows of the canonical model.

The census is kept as given (`workforce_census`, `workforce_census_workers`), and each worker's
record dates a spell of the workforce (`workers`): the census is where a council's starts, leavers,
FTE and agency workers are written down, which a case-management extract does not say. A record is
matched to a spell held by its SWENo (`social_worker_registration_no`): the spell that started on
the record's start date, else one whose start is only provisional (a worker the Standard
Safeguarding Dataset named before the census dated them), else a spell is added. A spell held is
given the census's dates, FTE, agency and (for a social worker below management) whether they hold
cases, never its team or role (the census says no team, and the case-management system's job title
says more than the census's OrgRole); a spell added
sits in a team for workers whose team the census does not say.

A record with a value that cannot be right (a date that is not one, an FTE over 1, an end before
its start, an OrgRole that is no code) is rejected with its XML line and the field, and nothing of
it is kept; the rest of the census loads.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from lxml import etree
from sqlalchemy import Connection, select

from lineofsight.data import facts
from lineofsight.interchange.csww.fields import (
    AGENCY,
    AMOUNTS,
    COLLECTION,
    COUNTS,
    DATES,
    FRACTIONS,
    KIND,
    ORG_ROLES,
    REPEATING,
    VACANCY_ELEMENTS,
    WORKER_ELEMENTS,
    census_day,
    census_id,
    census_worker_id,
    number,
)
from lineofsight.interchange.loading import Batch, InputError, check_size, xml_parser
from lineofsight.model import Base

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
UNKNOWN_TEAM = {
    "team_id": "csww-unknown",
    "team_name": "Team not known (from the workforce census)",
    "team_function": "safeguarding",
}
WORKER = "element CSWWWorker"
VACANCIES = "element LALevelVacancies"
CASE_ROLES = ("4", "5", "6")  # the OrgRoles of social workers below management

# What a census holds whole: every child and family social worker in post on the census day
# (employed or agency: the workforce that day), and every employed one who started or left in the
# year to it (the employed workforce's comings and goings).
ON_THE_DAY = (facts.WORKFORCE,)
OVER_THE_YEAR = (facts.EMPLOYED_WORKFORCE,)
SCOPE = "child and family social workers"


class RecordError(Exception):
    """A value of a record that cannot be loaded: which field, and why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


def read(path: Path, connection: Connection | None = None) -> Batch:
    check_size(path)
    root = _parse(path)
    day = _census_day(path, root)
    batch = Batch(str(path), KIND)
    census: dict[str, Any] = {"census_id": census_id(day), "census_date": day}
    census.update(dict.fromkeys((column for _, column in VACANCY_ELEMENTS), None))
    vacancies = root.find("LALevelVacancies")
    if vacancies is not None:
        values = _values(vacancies, VACANCY_ELEMENTS)
        try:
            _check_vacancies(values)
        except RecordError as error:
            batch.reject(VACANCIES, _line(vacancies), error.field, error.reason, values)
        else:
            census.update({column: values[element] for element, column in VACANCY_ELEMENTS})
    batch.add("workforce_census", census)
    records = []
    for element in root.iterfind("CSWWWorker"):
        values = _values(element, WORKER_ELEMENTS)
        try:
            _check_worker(values, day)
        except RecordError as error:
            batch.reject(WORKER, _line(element), error.field, error.reason, values)
            continue
        records.append(values)
    _spells(batch, connection, day, records)
    year_start = dt.date(day.year - 1, day.month, day.day) + dt.timedelta(days=1)
    batch.covers(ON_THE_DAY, day, day, SCOPE)
    batch.covers(OVER_THE_YEAR, year_start, day, SCOPE)
    return batch


def _parse(path: Path) -> etree._Element:
    parser = xml_parser()
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as error:
        raise InputError(path, f"the XML is not well-formed: {error.msg}", row=error.lineno or None) from None
    except (etree.ParserError, ValueError, OSError) as error:
        raise InputError(path, f"the file cannot be read as XML: {error}") from None
    root = tree.getroot()
    for element in root.iter():
        if isinstance(element.tag, str):
            element.tag = etree.QName(element).localname
    collection = (root.findtext("Header/CollectionDetails/Collection") or "").strip().upper()
    if root.tag != "Message" or collection != COLLECTION:
        raise InputError(
            path,
            f"this is not a workforce census: its root element is <{root.tag}>, where a census has "
            f"<Message> with a Header whose Collection is {COLLECTION}",
            place=f"element {root.tag}",
            row=_line(root),
        )
    return root


def _census_day(path: Path, root: etree._Element) -> dt.date:
    """The census day: the header's ReferenceDate, else 30 September of its Year."""
    given = (root.findtext("Header/CollectionDetails/ReferenceDate") or "").strip()
    if given:
        day = _date(given)
        if day is None:
            raise InputError(
                path,
                f"{given!r} is not a date (YYYY-MM-DD)",
                place="element CollectionDetails",
                field="ReferenceDate",
            )
        return day
    year = (root.findtext("Header/CollectionDetails/Year") or "").strip()
    if year.isdigit() and len(year) == 4:
        return census_day(int(year))
    raise InputError(
        path,
        "the census names no census day (ReferenceDate) or year (Year), so its records cannot be dated",
        place="element CollectionDetails",
    )


def _values(element: etree._Element, elements: tuple[tuple[str, str], ...]) -> dict[str, str | None]:
    """Each element's text as given (stripped), a repeating one as a JSON list; None when absent."""
    values: dict[str, str | None] = {}
    for name, _ in elements:
        found = [(child.text or "").strip() for child in element.iterfind(name)]
        if name in REPEATING:
            values[name] = json.dumps(found) if found else None
        else:
            values[name] = found[-1] if found and found[-1] else None
    return values


def _date(text: str) -> dt.date | None:
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _check_worker(values: dict[str, str | None], day: dt.date) -> None:
    agency = values["AgencyWorker"]
    if agency is None:
        raise RecordError("AgencyWorker", "is missing: say 1 for an agency worker, 0 for one employed")
    if agency not in AGENCY:
        raise RecordError("AgencyWorker", f"{agency!r} is not 0 (employed) or 1 (agency)")
    if not values["SWENo"]:
        raise RecordError("SWENo", "the worker's Social Work England number is missing")
    for name in DATES:
        text = values[name]
        if text is not None and _date(text) is None:
            raise RecordError(name, f"{text!r} is not a date (YYYY-MM-DD)")
    start = _date(values["RoleStartDate"] or "")
    end = _date(values["RoleEndDate"] or "")
    if start is None and agency == "0":
        raise RecordError("RoleStartDate", "an employed worker's start in the role is missing")
    if start is not None and start > day:
        raise RecordError("RoleStartDate", f"{start:%d/%m/%Y} is after the census day, {day:%d/%m/%Y}")
    if end is not None and end > day:
        raise RecordError("RoleEndDate", f"{end:%d/%m/%Y} is after the census day, {day:%d/%m/%Y}")
    if start is not None and end is not None and end < start:
        raise RecordError(
            "RoleEndDate", f"the role ends ({end:%d/%m/%Y}) before it starts ({start:%d/%m/%Y})"
        )
    for name in FRACTIONS:
        text = values[name]
        if text is None:
            continue
        value = number(text)
        if value is None or not 0 < value <= 1:
            raise RecordError(name, f"{text!r} is not a share of full time (more than 0, at most 1)")
    if values["FTE"] is None and agency == "0":
        raise RecordError("FTE", "an employed worker's FTE is missing")
    for name in COUNTS:
        text = values[name]
        if text is not None and not text.isdigit():
            raise RecordError(name, f"{text!r} is not a whole number of 0 or more")
    for name in AMOUNTS:
        text = values[name]
        if text is not None and ((value := number(text)) is None or value < 0):
            raise RecordError(name, f"{text!r} is not a number of 0 or more")
    role = values["OrgRole"]
    if role is not None and role not in ORG_ROLES:
        raise RecordError("OrgRole", f"{role!r} is not a role of the census (1 to 6)")


def _check_vacancies(values: dict[str, str | None]) -> None:
    for name in ("NumberOfVacancies", "NoAgencyFTE"):
        text = values[name]
        if text is not None and ((value := number(text)) is None or value < 0):
            raise RecordError(name, f"{text!r} is not a number (FTE) of 0 or more")
    text = values["NoAgencyHeadcount"]
    if text is not None and not text.isdigit():
        raise RecordError("NoAgencyHeadcount", f"{text!r} is not a whole number of 0 or more")


def _held(connection: Connection | None, numbers: set[str]) -> dict[str, list[dict[str, Any]]]:
    """The spells held for these SWENos."""
    held: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if connection is None or not numbers:
        return held
    workers = Base.metadata.tables["workers"]
    wanted = sorted(numbers)
    for start in range(0, len(wanted), 500):
        query = select(
            workers.c.worker_id,
            workers.c.social_worker_registration_no,
            workers.c.worker_start_date,
            workers.c.worker_start_provisional,
            workers.c.worker_role,
            workers.c.asye_end_date,
        ).where(workers.c.social_worker_registration_no.in_(wanted[start : start + 500]))
        for row in connection.execute(query).mappings():
            held[row["social_worker_registration_no"]].append(dict(row))
    for spells in held.values():
        spells.sort(key=lambda spell: (spell["worker_start_date"], spell["worker_id"]))
    return held


def _spells(
    batch: Batch, connection: Connection | None, day: dt.date, records: list[dict[str, str | None]]
) -> None:
    """Each accepted record as a row of `workforce_census_workers`, and the spell it dates."""
    held = _held(connection, {str(r["SWENo"]) for r in records})
    taken: set[str] = set()
    occurrences: dict[str, int] = defaultdict(int)
    unknown_team = False
    for values in records:
        swe = str(values["SWENo"])
        occurrences[swe] += 1
        agency = AGENCY[str(values["AgencyWorker"])]
        start = _date(values["RoleStartDate"] or "")
        end = _date(values["RoleEndDate"] or "")
        fte = number(values["FTE"]) if values["FTE"] is not None else None
        spell = _match(held.get(swe, []), start, taken)
        row: dict[str, Any]
        if spell is not None:
            worker_id = str(spell["worker_id"])
            row = {"worker_id": worker_id, "worker_agency": agency, "worker_start_provisional": False}
            if start is not None:
                row["worker_start_date"] = start
            # Whether a social worker holds cases is the census's to say (OrgRole 6: not holding
            # cases); a case-management extract can only guess it from the job title.
            if values["OrgRole"] in CASE_ROLES:
                row["worker_case_holding"] = ORG_ROLES[str(values["OrgRole"])][1]
            # A worker the case-management system calls ASYE is in their first year for a year from
            # the start the census gives, where nothing else has said when that year ends.
            if spell["worker_role"] == "asye" and spell["asye_end_date"] is None and start is not None:
                row["asye_end_date"] = a_year_on(start)
        else:
            role, case_holding = ORG_ROLES.get(values["OrgRole"] or "", ("qualified_social_worker", True))
            # An agency worker's record need not say when they started: in post on the day, then.
            first = start or day
            worker_id = f"{KIND}/{swe}/{first.isoformat()}"
            unknown_team = True
            row = {
                "worker_id": worker_id,
                "staff_id": swe,
                "team_id": UNKNOWN_TEAM["team_id"],
                "social_worker_registration_no": swe,
                "worker_role": role,
                "worker_agency": agency,
                "worker_case_holding": case_holding,
                "worker_start_date": first,
                "worker_leave_date": None,
                "worker_start_provisional": False,
            }
        taken.add(worker_id)
        if fte is not None:
            row["worker_fte"] = fte
        if end is not None:
            row["worker_leave_date"] = end
        batch.add("workers", row)
        kept: dict[str, Any] = {
            "census_worker_id": census_worker_id(day, swe, occurrences[swe]),
            "census_id": census_id(day),
            "worker_id": worker_id,
        }
        kept.update({column: values[element] for element, column in WORKER_ELEMENTS})
        batch.add("workforce_census_workers", kept)
    if unknown_team:
        batch.add("teams", dict(UNKNOWN_TEAM))


def _match(spells: list[dict[str, Any]], start: dt.date | None, taken: set[str]) -> dict[str, Any] | None:
    """The spell held that a record is about: the one that started on its start day, else one whose
    start is provisional, else (a record with no start: an agency worker) the latest."""
    free = [spell for spell in spells if spell["worker_id"] not in taken]
    if start is not None:
        for spell in free:
            if spell["worker_start_date"] == start:
                return spell
    provisional = [spell for spell in free if spell["worker_start_provisional"]]
    if provisional:
        return provisional[0]
    if start is None and free:
        return free[-1]
    return None


def a_year_on(day: dt.date) -> dt.date:
    """The same day a year on (29 February to 1 March)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return dt.date(day.year + 1, 3, 1)


def _line(element: etree._Element) -> int | None:
    line = element.sourceline
    return line if isinstance(line, int) else None
