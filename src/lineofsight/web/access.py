"""Who saw which child: a child's own record opened, a child in a list or download, and a refusal, each
written to the access log (`lineofsight.access_log`); and who may open a child's record.

Pages call `opened(request, who, page, child_id)` when they show one child's own record (its page,
its JSON twin, its downloads), `listed(request, who, page, child_ids)` with every child a list or
download shows (one entry naming them all), `may_see_child` to decide whether a child's own record
may be shown, and `refuse(...)` when it may not (or `see_child`, which does both). `page` is what the
director reads in the log: pass the request's path (`request.url.path`), so that the page and its
JSON twin are told apart.

The entry is written before the response is sent: if the log cannot be written the page fails
rather than showing a child unlogged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NoReturn

import polars as pl
from fastapi import HTTPException, Request

from lineofsight import access_log, accounts, caseloads
from lineofsight.data import CouncilData
from lineofsight.web.auth import Viewer
from lineofsight.web.rendering import engine_of

REFUSED = "You do not have permission to see this child's record."


def now(request: Request) -> dt.datetime:
    """The time by the app's clock (`app.state.clock`, which tests set), naive UTC."""
    clock: accounts.Clock = getattr(request.app.state, "clock", accounts.utc_now)
    return clock()


def opened(request: Request, who: Viewer, page: str, child_id: str) -> None:
    """Log that `who` opened this child's own record on `page`."""
    access_log.log_opened(engine_of(request), who, page, child_id, at=now(request))


def listed(request: Request, who: Viewer, page: str, child_ids: Iterable[str]) -> None:
    """Log that `who` was shown these children in a list or download on `page`: one entry naming
    each once (none when the list names no child)."""
    access_log.log_listed(engine_of(request), who, page, child_ids, at=now(request))


def refuse(request: Request, who: Viewer, page: str, child_id: str) -> NoReturn:
    """Log that `who` asked for a child's record they may not see, then answer 403."""
    access_log.log_opened(engine_of(request), who, page, child_id, refused=True, at=now(request))
    raise HTTPException(status_code=403, detail=REFUSED)


def may_see_child(who: Viewer, data: CouncilData, child_id: str, as_at: dt.date) -> bool:
    """Whether `who` may open this child's own record as at a date.

    A social worker may when the child is allocated to their worker id, by an allocation open on
    `as_at` (one ending that day still holds the child, as everywhere in the catalogue). A team
    manager may when the child is their team's: allocated within it, or open to children's social
    care with no one allocated and the team answerable for them, the children the "no allocated
    worker" alert (AL11) asks them to act on. Any open allocation counts, not only the latest:
    on a handover day, or in a co-worked case, both workers need the record. A head of service,
    director or auditor sees every child; an analyst works with aggregates and sees none.
    """
    if who.sees_every_child:
        return True
    if not who.sees_children:
        return False
    allocations = data["allocations"]
    open_then = allocations.filter(
        (pl.col("person_id") == child_id)
        & (pl.col("allocation_start_date") <= as_at)
        & (pl.col("allocation_end_date").is_null() | (pl.col("allocation_end_date") >= as_at))
    )
    if who.role == "team_manager":  # the child's team, allocated or not (`caseloads.teams_of_child`)
        return who.team_id is not None and who.team_id in caseloads.teams_of_child(data, child_id, as_at)
    return who.worker_id is not None and open_then.filter(pl.col("worker_id") == who.worker_id).height > 0


def see_child(
    request: Request, who: Viewer, data: CouncilData, child_id: str, as_at: dt.date, page: str
) -> None:
    """A child's own page in one call: log it opened when `who` may see the child, else refuse."""
    if not may_see_child(who, data, child_id, as_at):
        refuse(request, who, page, child_id)
    opened(request, who, page, child_id)
