"""Reading an SSD (a folder of extracts or the council's database) into a `Batch` of the canonical
model, by the field map of `tables.py`.

Headings and column names are matched in any case, with or without their table's four-letter
prefix. A row whose id is blank, or a value that cannot be read as its column's type, is rejected with
the file or table, row, field and reason, and the row as read; the rest load. With `since`, only
rows with a date on or after it are taken (a refresh of what changed): the SSD keeps no time of
change, but a record begun, ended, reviewed or visited since then carries that date. The tables that
others refer to (the teams and the workers) are always taken whole, and of the children those the
rows taken name (or born since).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Connection, select

from lineofsight.interchange.csww.read import a_year_on
from lineofsight.interchange.loading import Batch, existing_keys
from lineofsight.interchange.ssd.care_leavers import care_leavers
from lineofsight.interchange.ssd.legal import pre_proceedings
from lineofsight.interchange.ssd.looked_after import WHERE, CarePeriods, adoptions, legal_statuses
from lineofsight.interchange.ssd.sources import Found
from lineofsight.interchange.ssd.tables import BY_NAME, JOB_TITLES, SsdTable
from lineofsight.interchange.ssd.values import CONVERTERS, as_day, as_moment, as_text, blank
from lineofsight.interchange.ssda903.codes import LONG_TERM_PLACES
from lineofsight.model import Base

# Taken whole by a refresh too: the tables others name, and the care leavers, which say how things
# stand on the day (a change of entitlement carries no date).
ALWAYS_WHOLE = ("ssd_department", "ssd_person", "ssd_professionals", "ssd_care_leavers")
# Tables whose rows the reader places after reading them all (`care_leavers.py`, `looked_after.py`,
# `legal.py`): each keeps where it was read, for a rejection to name.
PLACED_LATER = ("ssd_legal_status", "ssd_care_leavers", "ssd_permanence", "ssd_pre_proceedings")
SOCIAL_WORKER_ROLES = ("qualified_social_worker", "asye")
SCOPE = "every child in the case-management system"


def read_ssd(
    found: Iterable[Found],
    connection: Connection,
    *,
    source: str,
    extracted: dt.date,
    since: dt.date | None = None,
) -> Batch:
    """The SSD tables found, as one batch; what they cover runs from `since` (None: the whole
    history) to the day the extract was taken."""
    batch = Batch(source=source, kind="ssd")
    present: list[SsdTable] = []
    order = [t.name for t in BY_NAME.values()]
    if since is not None:
        # A refresh reads the children last, to take only those the rows taken name.
        order.append(order.pop(order.index("ssd_person")))
    for table in sorted(found, key=lambda f: order.index(f.name)):
        spec = BY_NAME[table.name]
        present.append(spec)
        plan: Plan | None = None
        whole = since is None or spec.name in ALWAYS_WHOLE
        rows = batch.tables.setdefault(spec.target, [])
        dated: list[str] = []
        named = _named(batch) if since is not None and spec.name == "ssd_person" else None
        for number, raw in table.rows:
            if plan is None:
                plan = _plan(spec, raw)
                dated = [heading for heading, _, _, convert in plan if convert in (as_day, as_moment)]
            if not whole and since is not None and not _may_be_since(raw, dated, since):
                continue  # every date it has is before `since`: not read at all
            if named is not None and since is not None and not _may_be_since(raw, dated, since):
                child = raw.get(plan[0][0])
                if blank(child) or as_text(child) not in named:
                    continue  # a child no row taken names, and born before `since`
            row = _row(batch, spec, plan, table.place, number, raw)
            if row is not None and spec.name in PLACED_LATER:
                row[WHERE] = (table.place, number)
            if row is not None and (whole or (since is not None and _dated_since(row, since))):
                rows.append(row)
    _workers(batch, connection, extracted)
    _long_term(batch)
    _people_via(batch, connection, present)
    periods = CarePeriods(batch, connection)
    legal_statuses(batch, periods)
    care_leavers(batch, connection, extracted)
    adoptions(batch, periods)
    pre_proceedings(batch)
    _when_new(batch, connection, present)
    covered = [fact for spec in present for fact in spec.covers]
    batch.covers(dict.fromkeys(covered), since, extracted, SCOPE)
    for spec in present:
        for fact, mode in spec.on_the_day:
            batch.covers((fact,), extracted, extracted, f"{SCOPE}, as on the day it was extracted", mode)
    return batch


# Each field the extract carries: its heading as read, the SSD field, the model's column, and the
# function that reads its values. Worked out once a table, from its first row's headings.
Plan = list[tuple[str, str, str, Callable[[Any], Any]]]


def _plan(spec: SsdTable, raw: dict[str, Any]) -> Plan:
    target = Base.metadata.tables[spec.target]
    headings = {_with_prefix(name, spec.prefix): name for name in raw}
    plan: Plan = []
    for field, column in spec.fields.items():
        if field in headings:  # a field the extract does not carry: the model's value, if any, stands
            kind = target.c[column].type.python_type if column in target.c else spec.own.get(column, str)
            plan.append((headings[field], field, column, CONVERTERS[kind]))
    return plan


def _row(
    batch: Batch, spec: SsdTable, plan: Plan, place: str, number: int, raw: dict[str, Any]
) -> dict[str, Any] | None:
    """One row of the canonical model from one SSD row, or None (rejected) when it cannot be read."""
    row: dict[str, Any] = dict(spec.fixed)
    for heading, field, column, convert in plan:
        value = raw.get(heading)
        if blank(value):
            if field == spec.key:
                batch.reject(place, number, field, "the row has no id", raw)
                return None
            row[column] = None
            continue
        try:
            row[column] = convert(value)
        except ValueError as error:
            batch.reject(place, number, field, str(error), raw)
            return None
    if not plan or plan[0][1] != spec.key:
        batch.reject(place, number, spec.key, "the table has no id column", raw)
        return None
    return row


def _with_prefix(name: str, prefix: str) -> str:
    name = name.strip().lower()
    return name if name.startswith(f"{prefix}_") else f"{prefix}_{name}"


def _may_be_since(raw: dict[str, Any], dated: list[str], since: dt.date) -> bool:
    """Whether a row as read may carry a date on or after `since`: False only when each of its dates
    is blank or plainly before it (ISO text compares as text; a database gives dates typed), so that
    a refresh of one day does not convert every row of a five-year extract."""
    since_text = _iso(since)
    for heading in dated:
        value = raw.get(heading)
        if value is None or value == "":
            continue
        if isinstance(value, str):
            if len(value) >= 10 and value[4] == "-" and value[7] == "-":
                if value[:10] >= since_text:
                    return True
                continue
            return True  # another form (31/03/2026, NULL): read it to know
        day = value.date() if isinstance(value, dt.datetime) else value
        if not isinstance(day, dt.date) or day >= since:
            return True
    return False


@functools.cache
def _iso(day: dt.date) -> str:
    return day.isoformat()


def _dated_since(row: dict[str, Any], since: dt.date) -> bool:
    for value in row.values():
        day = value.date() if isinstance(value, dt.datetime) else value
        if isinstance(day, dt.date) and day >= since:
            return True
    return False


def _workers(batch: Batch, connection: Connection, extracted: dt.date) -> None:
    """The SSD's professionals as spells of the model's workers. Their job title gives the role, their
    department the team (by its id or its name), and their name the forename and surname. The SSD does
    not say when a worker joined or left: a worker not already held starts, provisionally, on their
    first allocation (`worker_start_provisional`), and is not counted in post until the workforce
    census or an HR extract gives their dates."""
    workers = batch.tables.get("workers", [])
    if not workers:
        return
    teams = {row["team_id"]: row["team_id"] for row in batch.tables.get("teams", [])}
    teams.update({row["team_name"]: row["team_id"] for row in batch.tables.get("teams", [])})
    held_teams = Base.metadata.tables["teams"]
    for team_id, team_name in connection.execute(select(held_teams.c.team_id, held_teams.c.team_name)):
        teams.setdefault(team_id, team_id)
        teams.setdefault(team_name, team_id)
    first: dict[str, dt.date] = {}
    for allocation in batch.tables.get("allocations", []):
        start = allocation.get("allocation_start_date")
        worker = allocation.get("worker_id")
        if start is not None and worker is not None and (worker not in first or start < first[worker]):
            first[worker] = start
    _take_census_spells(connection, workers)
    held = existing_keys(connection, "workers", "worker_id", (w["worker_id"] for w in workers))
    kept: list[dict[str, Any]] = []
    for worker in workers:
        name = worker.pop("worker_name", None) or ""
        forename, _, surname = name.rpartition(" ")
        worker["worker_forename"], worker["worker_surname"] = (forename or None), (surname or None)
        title = worker.get("worker_role")
        worker["worker_role"] = JOB_TITLES.get(title or "", "other")
        if worker.get("team_id") is not None:
            team = teams.get(worker["team_id"])
            if team is None:
                batch.reject(
                    "ssd_professionals",
                    None,
                    "prof_professional_department",
                    f"{worker['team_id']!r} is no team of ssd_department, by id or by name",
                    worker,
                )
                continue
            worker["team_id"] = team
        if worker.get("worker_agency") is None:
            worker.pop("worker_agency", None)
        if not worker.get("staff_id"):
            worker["staff_id"] = worker["worker_id"]
        if worker["worker_id"] not in held:
            worker["worker_agency"] = worker.get("worker_agency") or False
            worker["worker_case_holding"] = worker["worker_role"] in SOCIAL_WORKER_ROLES
            worker["worker_start_date"] = first.get(worker["worker_id"], extracted)
            worker["worker_start_provisional"] = True
        kept.append(worker)
    batch.tables["workers"] = kept


def _take_census_spells(connection: Connection, workers: list[dict[str, Any]]) -> None:
    """A worker the workforce census added before the SSD named them (a spell `csww/<SWENo>/<start>`
    in a team not known) is the SSD's worker with the same Social Work England number: the spell is
    given the SSD's id, with the census's records of it, so the SSD's row updates it (team, role,
    name) and the census's dates stand. Such a spell has no allocations or supervisions to follow."""
    wanted = {
        str(w["social_worker_registration_no"]): str(w["worker_id"])
        for w in workers
        if w.get("social_worker_registration_no")
    }
    asye = {str(w["worker_id"]) for w in workers if JOB_TITLES.get(w.get("worker_role") or "") == "asye"}
    if not wanted:
        return
    held = existing_keys(connection, "workers", "worker_id", wanted.values())
    table = Base.metadata.tables["workers"]
    records = Base.metadata.tables["workforce_census_workers"]
    census_spells = connection.execute(
        select(
            table.c.worker_id,
            table.c.social_worker_registration_no,
            table.c.worker_start_date,
            table.c.asye_end_date,
        )
        .where(table.c.worker_id.like("csww/%"))
        .order_by(table.c.worker_start_date.desc())
    ).all()
    for old, number, start, asye_end in census_spells:
        new = wanted.get(number)
        if new is None or new in held:
            continue
        changes: dict[str, Any] = {"worker_id": new}
        # The census knows no ASYE year; an SSD worker called ASYE is in it for a year from the start
        # the census gave (as `interchange.csww.read` does for a worker the SSD named first).
        if new in asye and asye_end is None:
            changes["asye_end_date"] = a_year_on(start)
        connection.execute(table.update().where(table.c.worker_id == old).values(**changes))
        connection.execute(records.update().where(records.c.worker_id == old).values(worker_id=new))
        held.add(new)


def _named(batch: Batch) -> set[Any]:
    """The children the rows read so far name."""
    return {
        row["person_id"]
        for table, rows in batch.tables.items()
        if table != "person"
        for row in rows
        if row.get("person_id") is not None
    }


def _long_term(batch: Batch) -> None:
    """A placement is long-term by its type, as the SSDA903 and Annex A say (the SSD has no flag)."""
    for placement in batch.tables.get("placements", []):
        if placement.get("placement_type") is not None:
            placement["placement_long_term"] = placement["placement_type"] in LONG_TERM_PLACES


def _people_via(batch: Batch, connection: Connection, present: list[SsdTable]) -> None:
    """The child of each row that names none, through the record it names (a looked-after review
    through its period of care), as the batch or the database holds it."""
    for spec in present:
        if spec.person_via is None:
            continue
        table, key = spec.person_via
        rows = batch.tables.get(spec.target, [])
        people = {row[key]: row["person_id"] for row in batch.tables.get(table, [])}
        wanted = {row[key] for row in rows if row.get(key) not in people}
        held = Base.metadata.tables[table]
        for start in range(0, len(wanted), 500):
            chunk = list(wanted)[start : start + 500]
            query = select(held.c[key], held.c.person_id).where(held.c[key].in_(chunk))
            people.update((held_key, person) for held_key, person in connection.execute(query))
        kept = []
        for row in rows:
            person = people.get(row.get(key))
            if person is None:
                batch.reject(
                    spec.name, None, key, f"names {row.get(key)!r}, which is no period of care held", row
                )
                continue
            kept.append(row | {"person_id": person})
        batch.tables[spec.target] = kept


def _when_new(batch: Batch, connection: Connection, present: list[SsdTable]) -> None:
    """Columns the model needs and the SSD does not carry, for records not already held."""
    by_target: dict[str, dict[str, Any]] = defaultdict(dict)
    for spec in present:
        by_target[spec.target].update(spec.when_new)
    for target, defaults in by_target.items():
        if not defaults:
            continue
        rows = batch.tables.get(target, [])
        key = Base.metadata.tables[target].primary_key.columns.values()[0].name
        held = existing_keys(connection, target, key, (row[key] for row in rows))
        for row in rows:
            if row[key] not in held:
                for column, value in defaults.items():
                    if row.get(column) is None:
                        row[column] = value
