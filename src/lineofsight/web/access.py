"""Who saw which child: every child-level page, list or API response writes the access log, and a
request for a child the viewer may not see is refused (403) and logged too.

Pages call `record(request, who, page, child_ids)` with every child they show, `may_see_child` to decide
whether a child's own page may be shown, and `refuse(...)` when it may not (or `see_child`, which does
both). `page` is what the director reads in the log: pass the request's path (`request.url.path`), so
that the page and its JSON twin are told apart.

The write is one multi-row insert per request, made before the response is sent: if the log cannot be
written the page fails rather than showing a child unlogged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NoReturn

import polars as pl
from fastapi import HTTPException, Request

from lineofsight import accounts, caseloads
from lineofsight.data import CouncilData
from lineofsight.web.auth import Viewer
from lineofsight.web.rendering import engine_of

REFUSED = "You do not have permission to see this child's record."


def now(request: Request) -> dt.datetime:
    """The time by the app's clock (`app.state.clock`, which tests set), naive UTC."""
    clock: accounts.Clock = getattr(request.app.state, "clock", accounts.utc_now)
    return clock()


def record(request: Request, who: Viewer, page: str, child_ids: Iterable[str]) -> None:
    """Log that `who` was shown these children on `page` (one row per child, each child once)."""
    accounts.log_access(engine_of(request), who, page, child_ids, "viewed", at=now(request))


def refuse(request: Request, who: Viewer, page: str, child_id: str) -> NoReturn:
    """Log that `who` asked for a child they may not see, then answer 403."""
    accounts.log_access(engine_of(request), who, page, [child_id], "refused", at=now(request))
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
    """A child's own page in one call: record the view when `who` may see the child, else refuse."""
    if not may_see_child(who, data, child_id, as_at):
        refuse(request, who, page, child_id)
    record(request, who, page, [child_id])
