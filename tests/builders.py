"""Small builders of canonical-model rows, with defaults, and a loader that stores them.

Each builder returns one row as a dict holding every column of its table, so a test names only what
matters to it: `assessment("C1", start="2024-04-02", authorised="2024-06-05")`. Dates may be given as
ISO strings. Identifiers default to something readable made from the child and the date.

`council_data(engine, *rows)` works out each row's table from its columns, adds any parent row the
test did not bother with (the child, the referral an assessment belongs to, a worker's team), inserts
everything in foreign-key order in one transaction and returns a `CouncilData` over the store.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from lineofsight import store
from lineofsight.measures import REGISTRY, CouncilData, Result
from lineofsight.model import Base
from lineofsight.settings import Settings

Row = dict[str, Any]
Day = dt.date | str


def day(value: Day) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _maybe_day(value: Day | None) -> dt.date | None:
    return None if value is None else day(value)


def person(id: str = "C1", *, dob: Day = "2015-06-01") -> Row:
    return {
        "person_id": id,
        "person_forename": "Alex",
        "person_surname": "Example",
        "person_sex": "0",
        "person_ethnicity": "NOBT",
        "person_dob": day(dob),
        "person_upn": None,
        "person_death_date": None,
        "person_disability": False,
        "person_uasc": False,
    }


def referral(
    child: str = "C1", date: Day = "2024-06-03", *, id: str | None = None, closed: Day | None = None
) -> Row:
    """A referral and the CIN episode it opens (a row of `cin_episodes`)."""
    return {
        "referral_id": id or f"R-{child}-{day(date)}",
        "person_id": child,
        "contact_id": None,
        "referral_date": day(date),
        "referral_source_code": "1B",
        "cin_primary_need_code": "N1",
        "referral_nfa": False,
        "close_date": _maybe_day(closed),
        "close_reason": None if closed is None else "RC8",
        "closure_decision": None,
        "closure_decision_date": None,
        "closure_manager_id": None,
        "team_id": None,
        "worker_id": None,
    }


def assessment(
    child: str = "C1",
    *,
    start: Day = "2024-06-03",
    authorised: Day | None = None,
    id: str | None = None,
    referral_id: str | None = None,
) -> Row:
    return {
        "assessment_id": id or f"A-{child}-{day(start)}",
        "referral_id": referral_id or f"R-{child}",
        "person_id": child,
        "assessment_start_date": day(start),
        "assessment_child_seen_date": None,
        "assessment_auth_date": _maybe_day(authorised),
        "assessment_outcome": None,
        "assessment_factors": None,
        "team_id": None,
        "worker_id": None,
    }


def s47(child: str = "C1", *, start: Day = "2024-06-03", id: str | None = None) -> Row:
    """A section 47 enquiry."""
    return {
        "s47_enquiry_id": id or f"S47-{child}-{day(start)}",
        "referral_id": f"R-{child}",
        "person_id": child,
        "strategy_discussion_id": None,
        "s47_start_date": day(start),
        "s47_end_date": None,
        "s47_outcome": "icpc",
        "team_id": None,
        "worker_id": None,
    }


def icpc(
    child: str = "C1",
    *,
    date: Day = "2024-06-24",
    s47_id: str | None = None,
    transfer_in: bool = False,
    id: str | None = None,
) -> Row:
    """An initial child protection conference, linked to the S47 enquiry `s47_id` (None: no link)."""
    return {
        "icpc_id": id or f"ICPC-{child}-{day(date)}",
        "s47_enquiry_id": s47_id,
        "referral_id": f"R-{child}",
        "person_id": child,
        "icpc_date": day(date),
        "icpc_outcome_cp_plan": True,
        "icpc_transfer_in": transfer_in,
    }


def cp_plan(
    child: str = "C1", *, start: Day = "2024-06-24", end: Day | None = None, id: str | None = None
) -> Row:
    return {
        "cp_plan_id": id or f"CPP-{child}-{day(start)}",
        "referral_id": f"R-{child}",
        "icpc_id": None,
        "person_id": child,
        "cp_plan_start_date": day(start),
        "cp_plan_end_date": _maybe_day(end),
        "cp_plan_initial_category": "NEG",
        "cp_plan_latest_category": "NEG",
    }


def cla_episode(
    child: str = "C1", *, start: Day = "2023-01-09", ceased: Day | None = None, id: str | None = None
) -> Row:
    """A period of being looked after."""
    return {
        "cla_episode_id": id or f"CLA-{child}-{day(start)}",
        "person_id": child,
        "referral_id": None,
        "cla_episode_start_date": day(start),
        "cla_episode_start_reason": "S",
        "cla_primary_need_code": "N1",
        "cla_episode_ceased_date": _maybe_day(ceased),
        "cla_episode_ceased_reason": None if ceased is None else "E4A",
        "home_postcode": None,
    }


def placement(
    child: str = "C1",
    *,
    start: Day = "2023-01-09",
    end: Day | None = None,
    episode: str | None = None,
    id: str | None = None,
) -> Row:
    """A placement in the period of care `episode` (by default one made up for the child)."""
    return {
        "placement_id": id or f"PL-{child}-{day(start)}",
        "cla_episode_id": episode or f"CLA-{child}",
        "person_id": child,
        "placement_start_date": day(start),
        "placement_end_date": _maybe_day(end),
        "placement_type": "U4",
        "placement_provider": "PR1",
        "placement_urn": None,
        "placement_postcode": None,
        "placement_distance_miles": None,
        "placement_long_term": False,
        "placement_change_reason": None,
        "connected_person_temporary_approval_date": None,
        "connected_person_extension_date": None,
        "connected_person_full_approval_date": None,
    }


def team(id: str = "T1") -> Row:
    return {
        "team_id": id,
        "team_name": f"Team {id}",
        "team_function": "safeguarding",
        "team_parent_name": None,
    }


def worker(
    id: str = "W1",
    *,
    start: Day = "2020-01-06",
    left: Day | None = None,
    fte: float = 1.0,
    role: str = "qualified_social_worker",
    case_holding: bool = True,
    agency: bool = False,
    staff_id: str | None = None,
) -> Row:
    """One spell of a worker in post; `left` is the last day in post."""
    return {
        "worker_id": id,
        "staff_id": staff_id or id,
        "post_id": None,
        "team_id": "T1",
        "worker_forename": "Sam",
        "worker_surname": "Worker",
        "worker_role": role,
        "worker_agency": agency,
        "worker_fte": fte,
        "worker_case_holding": case_holding,
        "worker_start_date": day(start),
        "worker_leave_date": _maybe_day(left),
        "asye_end_date": None,
    }


def allocation(
    child: str = "C1",
    worker: str = "W1",
    *,
    start: Day = "2024-06-03",
    end: Day | None = None,
    id: str | None = None,
) -> Row:
    return {
        "allocation_id": id or f"AL-{child}-{worker}-{day(start)}",
        "person_id": child,
        "worker_id": worker,
        "team_id": "T1",
        "allocation_start_date": day(start),
        "allocation_end_date": _maybe_day(end),
        "allocation_end_reason": None,
    }


# A parent row made up when a test refers to one it did not build: (id, the child row's person_id).
_PARENTS: dict[str, Callable[[str, str | None], Row]] = {
    "person": lambda id, _child: person(id),
    "cin_episodes": lambda id, child: referral(child or "C1", "2020-01-06", id=id),
    "cla_episodes": lambda id, child: cla_episode(child or "C1", start="2020-01-06", id=id),
    "teams": lambda id, _child: team(id),
    "workers": lambda id, _child: worker(id),
}


def _table_of(row: Row) -> str:
    for table in Base.metadata.sorted_tables:
        if set(row) == set(table.columns.keys()):
            return table.name
    raise ValueError(f"no table has exactly the columns {sorted(row)}")


def council_data(engine: Engine, *rows: Row) -> CouncilData:
    """Store the rows (with any parents they need) in one transaction; the store's data, for measures."""
    tables: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        tables[_table_of(row)].append(row)
    # Children before parents, so that a made-up parent (a referral) gets its own parent (the child).
    for table in reversed(Base.metadata.sorted_tables):
        for row in list(tables[table.name]):
            for key in table.foreign_keys:
                parent = key.column.table.name
                wanted = row[key.parent.name]
                have = {existing[key.column.name] for existing in tables[parent]}
                if wanted is not None and wanted not in have:
                    tables[parent].append(_PARENTS[parent](wanted, row.get("person_id")))
    with store.transaction(engine) as connection:
        for table in Base.metadata.sorted_tables:
            if tables[table.name]:
                store.insert_rows(connection, table.name, tables[table.name])
    return CouncilData(engine)


def compute(code: str, data: CouncilData, as_at: Day) -> Result:
    """The measure `code` as at a date, with the default settings."""
    return REGISTRY[code].evaluate(data, day(as_at), Settings())
