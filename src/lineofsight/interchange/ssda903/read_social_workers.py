"""Reading the 903's social worker episodes (collected from 2024-25) back into allocations.

Each episode with a named worker is an allocation of the child to that worker, keyed by
`keys.key(child, "allocation", SW_DECOM)`, so that the same episode in this year's and next year's
return is one row (and next year's says how it ended). The writer (`ssda903.social_workers`) puts
the DfE's prefix SW before the worker's id and fills waits with no worker with the unknown-worker
id XXXX: the reader takes the prefix off, and an XXXX episode is a time with no allocated worker,
kept as one (`unallocated_spells`), not an allocation. Why each episode began (SW_REASON) is kept
as given with it, since the first episode of a return says how an allocation the return does not
carry ended. How an allocation ended is read from the SW_REASON of the episode after it, where the
writer's mapping can be undone: LEFTRL the worker left, MANAGE a manager moved the case, FCONTA or
CHCHAN the case closed; anything else is left unsaid. An episode with no SW_DEC leaves an
allocation's ending as the database has it: the DfE asks for every child's last episode to be
open, so a blank says nothing.

A worker the database does not know (the 903 names no one, and no team) is added with the return's
id as both worker and staff id, no names, no FTE, the role `not_known` (so the workforce measures,
which count social workers by role, leave them out) and a start on the first day the return has
them working, in a team for workers whose team the return does not say. A worker the database
already knows is not touched.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import select

from lineofsight.interchange.keys import key
from lineofsight.interchange.loading import existing_keys
from lineofsight.interchange.ssda903 import codes
from lineofsight.interchange.ssda903.reading import Line, Reading, known_child, optional_code, read_date
from lineofsight.interchange.ssda903.social_workers import UNKNOWN_WORKER
from lineofsight.model import Base

SW_PREFIX = "SW"
UNKNOWN_TEAM = {
    "team_id": "903-unknown",
    "team_name": "Team not known (from the SSDA903)",
    "team_function": "children_in_care",
}
NOT_KNOWN_ROLE = "not_known"
# How the episode before ended, from the SW_REASON of the one after it (the writer's SW_REASONS,
# undone where one code comes from one reason only, or the reasons it merges mean the same).
ENDED_BECAUSE = {
    "LEFTRL": "worker_left",
    "MANAGE": "transfer",
    "FCONTA": "case_closed",
    "CHCHAN": "case_closed",
}


def read_sw_episodes(reading: Reading) -> None:
    table = reading.tables["sw_episodes"]
    by_child: dict[str, list[tuple[Line, dt.date, dt.date | None, str, str | None]]] = defaultdict(list)
    seen: dict[tuple[str, dt.date], int] = {}
    for line in table.lines:
        child = known_child(reading, table, line)
        if child is None:
            continue
        worker = line.values.get("SW_ID", "").upper()
        start = read_date(reading, table, line, "SW_DECOM", required=True)
        end = read_date(reading, table, line, "SW_DEC", required=False)
        if not isinstance(start, dt.date) or end is False:
            continue
        if not worker:
            reading.reject(table, line, "SW_ID", "the social worker's id is missing")
            continue
        if isinstance(end, dt.date) and end < start:
            reading.reject(
                table,
                line,
                "SW_DEC",
                f"the episode ends ({end:%d/%m/%Y}) before it starts ({start:%d/%m/%Y})",
            )
            continue
        if (child, start) in seen:
            reading.reject(
                table,
                line,
                "SW_DECOM",
                f"a second social worker episode starting {start:%d/%m/%Y} (duplicate of line "
                f"{seen[child, start]})",
            )
            continue
        seen[child, start] = line.number
        began = optional_code(reading, table, line, "SW_REASON", codes.SW_REASON)
        by_child[child].append((line, start, end if isinstance(end, dt.date) else None, worker, began))
    allocations: list[dict[str, Any]] = []
    first_day: dict[str, dt.date] = {}
    for child, episodes in by_child.items():
        episodes.sort(key=lambda e: e[1])
        for number, (_, start, end, worker, began) in enumerate(episodes):
            if worker == UNKNOWN_WORKER:  # a wait with no allocated worker
                spell: dict[str, Any] = {
                    "unallocated_spell_id": key(child, "unallocated", start),
                    "person_id": child,
                    "spell_start_date": start,
                    "spell_start_reason": began,
                }
                if end is not None:
                    spell["spell_end_date"] = end
                reading.batch.add("unallocated_spells", spell)
                continue
            worker_id = worker.removeprefix(SW_PREFIX) or worker
            reason = None
            if end is not None and number + 1 < len(episodes):
                reason = ENDED_BECAUSE.get(episodes[number + 1][4] or "")
            allocation: dict[str, Any] = {
                "allocation_id": key(child, "allocation", start),
                "person_id": child,
                "worker_id": worker_id,
                "allocation_start_date": start,
                "allocation_start_reason": began,
            }
            if end is not None:
                # A blank SW_DEC says nothing: the DfE asks for each child's last episode to be left
                # open, even when the allocation or the care ended, so it must not blank an ending
                # the database holds (a new allocation is open by default).
                allocation.update(allocation_end_date=end, allocation_end_reason=reason)
            allocations.append(allocation)
            first_day[worker_id] = min(start, first_day.get(worker_id, start))
    teams = _known_teams(reading, set(first_day))
    added = 0
    for worker_id in sorted(first_day):
        if worker_id in teams:
            continue
        teams[worker_id] = UNKNOWN_TEAM["team_id"]
        reading.batch.add(
            "workers",
            {
                "worker_id": worker_id,
                "staff_id": worker_id,
                "team_id": UNKNOWN_TEAM["team_id"],
                "worker_forename": None,
                "worker_surname": None,
                "worker_role": NOT_KNOWN_ROLE,
                "worker_fte": None,
                "worker_start_date": first_day[worker_id],
            },
        )
        added += 1
    for allocation in allocations:
        reading.batch.add("allocations", {**allocation, "team_id": teams[allocation["worker_id"]]})
    if added:
        new_team = reading.connection is None or not existing_keys(
            reading.connection, "teams", "team_id", [UNKNOWN_TEAM["team_id"]]
        )
        if new_team:
            reading.batch.add("teams", dict(UNKNOWN_TEAM))
        reading.batch.notes.append(
            f"{table.path.name}: {added} workers the database did not know were added because the return "
            f"names them" + (f", in 1 team ({UNKNOWN_TEAM['team_name']})" if new_team else "")
        )


def _known_teams(reading: Reading, workers: set[str]) -> dict[str, str]:
    """The team of each of these workers the database already holds (an allocation is in the team
    of its worker)."""
    if reading.connection is None or not workers:
        return {}
    target = Base.metadata.tables["workers"]
    found: dict[str, str] = {}
    wanted = sorted(workers)
    for start in range(0, len(wanted), 500):
        query = select(target.c.worker_id, target.c.team_id).where(
            target.c.worker_id.in_(wanted[start : start + 500])
        )
        found.update({row.worker_id: row.team_id for row in reading.connection.execute(query)})
    return found
