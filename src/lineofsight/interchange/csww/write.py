"""Writing a workforce census from the database.

A census loaded for the day is written as it was loaded, record by record and element by element,
so a census loaded and written again says the same. Where none was loaded (the synthetic council,
or a council whose workforce comes from an HR extract), the census is worked out from the
workforce as the DfE counts it:

- a record for each employed child and family social worker (qualified, ASYE or manager) in post on
  the census day or who started or left in the year to it, and for each agency one in post on the
  day; a worker with no Social Work England number cannot be returned and is left out;
- OrgRole 3 (first line manager) for a manager, 5 (case holder) or 6 (not holding cases) for a social
  worker; Cases30 the children allocated to the worker on the day;
- at council level the vacant social worker posts (FTE) on the day, as WF05 counts them, and the
  agency workers in post (FTE and headcount).

What the model does not hold (age, sex, ethnicity, qualification, where a worker came from or went,
absence) is not made up: those elements are left out.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from lxml import etree
from sqlalchemy import Connection, Engine, select

import lineofsight
from lineofsight.interchange.csww.fields import (
    CENSUS_ROLES,
    COLLECTION,
    REPEATING,
    VACANCY_ELEMENTS,
    WORKER_ELEMENTS,
    census_day,
    census_id,
    decimal,
)
from lineofsight.model import Base

Row = dict[str, Any]


def write(engine: Engine, year: int, out: Path) -> Path:
    """Write the census taken on 30 September `year` to `out`."""
    day = census_day(year)
    with engine.connect() as connection:
        held = _held(connection, day)
        council, records = held if held is not None else _worked_out(connection, day)
    root = etree.Element("Message")
    header = etree.SubElement(root, "Header")
    details = etree.SubElement(header, "CollectionDetails")
    _sub(details, "Collection", COLLECTION)
    _sub(details, "Year", str(year))
    _sub(details, "ReferenceDate", day.isoformat())
    source = etree.SubElement(header, "Source")
    _sub(source, "SourceLevel", "L")
    _sub(source, "SoftwareCode", "lineofsight")
    _sub(source, "Release", lineofsight.__version__)
    vacancies = etree.SubElement(root, "LALevelVacancies")
    for element, column in VACANCY_ELEMENTS:
        _sub(vacancies, element, council.get(column))
    for record in records:
        worker = etree.SubElement(root, "CSWWWorker")
        for element, column in WORKER_ELEMENTS:
            value = record.get(column)
            if element in REPEATING and value is not None:
                for item in json.loads(value):
                    _sub(worker, element, item)
            else:
                _sub(worker, element, value)
    out.parent.mkdir(parents=True, exist_ok=True)
    etree.ElementTree(root).write(str(out), xml_declaration=True, encoding="utf-8", pretty_print=True)
    return out


def _sub(parent: etree._Element, tag: str, value: object) -> None:
    if value is None:
        return
    etree.SubElement(parent, tag).text = str(value)


def _held(connection: Connection, day: dt.date) -> tuple[Row, list[Row]] | None:
    """The census loaded for the day, records in the order they were read."""
    censuses = Base.metadata.tables["workforce_census"]
    workers = Base.metadata.tables["workforce_census_workers"]
    found = (
        connection.execute(select(censuses).where(censuses.c.census_id == census_id(day))).mappings().first()
    )
    if found is None:
        return None
    records = [
        dict(row)
        for row in connection.execute(select(workers).where(workers.c.census_id == census_id(day))).mappings()
    ]
    records.sort(key=_file_order)
    return dict(found), records


def _file_order(record: Row) -> tuple[str, int]:
    """Records by SWENo, then by which of that SWENo's records each was (`census_worker_id`)."""
    _, _, swe, occurrence = str(record["census_worker_id"]).rsplit("/", 3)
    return swe, int(occurrence)


def _in_post(worker: Row, day: dt.date) -> bool:
    leave = worker["worker_leave_date"]
    return bool(worker["worker_start_date"] <= day and (leave is None or leave >= day))


def _worked_out(connection: Connection, day: dt.date) -> tuple[Row, list[Row]]:
    """The census as the workforce held says it, for a day no census was loaded for."""
    year_start = dt.date(day.year - 1, day.month, day.day) + dt.timedelta(days=1)
    workers_table = Base.metadata.tables["workers"]
    workers = [
        dict(row)
        for row in connection.execute(
            select(workers_table).where(workers_table.c.worker_role.in_(CENSUS_ROLES))
        ).mappings()
        if row["social_worker_registration_no"] and not row["worker_start_provisional"]
    ]
    allocations = Base.metadata.tables["allocations"]
    cases: dict[str, set[str]] = defaultdict(set)
    query = select(allocations.c.worker_id, allocations.c.person_id).where(
        allocations.c.allocation_start_date <= day
    )
    query = query.where(
        (allocations.c.allocation_end_date.is_(None)) | (allocations.c.allocation_end_date >= day)
    )
    for worker_id, person_id in connection.execute(query):
        cases[worker_id].add(person_id)
    records: list[Row] = []
    for worker in workers:
        start, leave = worker["worker_start_date"], worker["worker_leave_date"]
        in_post = _in_post(worker, day)
        if worker["worker_agency"]:
            if not in_post:
                continue
        elif not (
            in_post or year_start <= start <= day or (leave is not None and year_start <= leave <= day)
        ):
            continue
        role = worker["worker_role"]
        org_role = "3" if role == "manager" else ("5" if worker["worker_case_holding"] else "6")
        fte = worker["worker_fte"]
        records.append(
            {
                "agency_worker": "1" if worker["worker_agency"] else "0",
                "swe_no": worker["social_worker_registration_no"],
                "fte": None if fte is None else decimal(fte),
                "org_role": org_role,
                "role_start_date": start.isoformat(),
                "role_end_date": None if leave is None or leave > day else leave.isoformat(),
                "fte30": None if fte is None or not in_post else decimal(fte),
                "cases30": str(len(cases.get(worker["worker_id"], ())))
                if in_post and org_role != "3"
                else None,
            }
        )
    records.sort(key=lambda r: (r["swe_no"], r["role_start_date"]))
    agency = [w for w in workers if w["worker_agency"] and _in_post(w, day)]
    council: Row = {
        "number_of_vacancies": _vacancies(connection, day),
        "agency_fte": decimal(sum(w["worker_fte"] or 0.0 for w in agency)),
        "agency_headcount": str(len(agency)),
    }
    return council, records


def _vacancies(connection: Connection, day: dt.date) -> str | None:
    """Vacant social worker posts (FTE) on the day: open posts no employed worker holds (an agency
    worker covering a post leaves it vacant, as the DfE counts it). None where no posts are held."""
    posts = Base.metadata.tables["posts"]
    open_posts = [
        dict(row)
        for row in connection.execute(select(posts).where(posts.c.post_role == "social_worker")).mappings()
        if row["post_start_date"] <= day and (row["post_end_date"] is None or row["post_end_date"] >= day)
    ]
    if not open_posts:
        return None
    workers = Base.metadata.tables["workers"]
    held = {
        row["post_id"]
        for row in connection.execute(
            select(workers).where(workers.c.post_id.is_not(None), workers.c.worker_agency.is_(False))
        ).mappings()
        if _in_post(dict(row), day)
    }
    return decimal(sum(p["post_fte"] for p in open_posts if p["post_id"] not in held))
