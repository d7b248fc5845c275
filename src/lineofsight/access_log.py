"""The access log: who opened which child's record, in whose lists and downloads each child appeared,
and who was refused.

An information governance team asks two questions of it, and each needs an answer it can read:

- **Who opened this child's record?** A child's page, its JSON twin and its downloads write one
  `opened` entry naming the child; a request for a child the person may not see writes one, refused.
- **Who has been shown this child?** A list or a download (a team's page, a measure's children, a
  caseload, their CSV) writes one `listed` entry naming every child it showed, each once, in the
  order shown. It used to write a row per child, so that half an hour of ordinary use wrote 19,462
  rows and one CSV download 2,000, and the records people opened were lost among them.

The log is read newest first, filtered by day (UK days: the page shows UK time), person, child (an
entry that opened the child's record, or a list that named the child), kind and refusals.

Moments are naive UTC, like every moment in the store. Nothing here logs or prints a child's
details: the entries name children by identifier, for the director who reads them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Engine, func, insert, or_, select

from lineofsight import store
from lineofsight.formatting import LONDON
from lineofsight.model import Base
from lineofsight.web.auth import Viewer

Kind = Literal["opened", "listed"]
Outcome = Literal["viewed", "refused"]
KINDS: tuple[Kind, ...] = ("opened", "listed")

ACCESS_LOG = Base.metadata.tables["access_log"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def log_opened(
    engine: Engine,
    who: Viewer,
    page: str,
    child_id: str,
    *,
    refused: bool = False,
    at: dt.datetime | None = None,
) -> None:
    """`who` opened (or was refused) this child's own record on `page`: one entry."""
    row = _row(who, page, at, "opened", "refused" if refused else "viewed")
    with engine.begin() as connection:
        connection.execute(insert(ACCESS_LOG), {**row, "child_id": child_id, "child_count": 1})


def log_listed(
    engine: Engine, who: Viewer, page: str, child_ids: Iterable[str | None], *, at: dt.datetime | None = None
) -> int:
    """`who` was shown these children in a list or download on `page`: one entry naming each child
    once, in the order shown (none when the list named no child). How many children it named."""
    children = [child for child in dict.fromkeys(child_ids) if child is not None]
    if not children:
        return 0
    row = _row(who, page, at, "listed", "viewed")
    named = json.dumps(children, ensure_ascii=False)
    with engine.begin() as connection:
        connection.execute(
            insert(ACCESS_LOG), {**row, "child_id": None, "children": named, "child_count": len(children)}
        )
    return len(children)


def _row(who: Viewer, page: str, at: dt.datetime | None, kind: Kind, outcome: Outcome) -> dict[str, Any]:
    return {
        "at": at or _now(),
        "username": who.username,
        "role": who.role,
        "page": page,
        "outcome": outcome,
        "kind": kind,
    }


@dataclass(frozen=True)
class AccessEntry:
    """One entry of the access log."""

    at: dt.datetime
    username: str
    role: str
    kind: str  # opened, listed
    child_id: str | None  # the child whose record was opened (or refused)
    children: tuple[str, ...]  # the children the entry names: the one opened, or a list's
    page: str
    outcome: str  # viewed, refused

    def as_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(timespec="seconds") + "Z",
            "username": self.username,
            "role": self.role,
            "kind": self.kind,
            "child_id": self.child_id,
            "children": list(self.children),
            "child_count": len(self.children),
            "page": self.page,
            "outcome": self.outcome,
        }

    def as_row(self) -> dict[str, Any]:
        """A line of the CSV download: the children in one cell, as a JSON array."""
        return {**self.as_json(), "children": json.dumps(list(self.children), ensure_ascii=False)}


@dataclass(frozen=True)
class AccessPage:
    """Some entries of the access log, newest first, and how many entries match in all."""

    entries: list[AccessEntry]
    total: int


@dataclass(frozen=True)
class AccessFilter:
    """Which entries to read: each field narrows them, none reads all.

    `since` and `until` are UK days, both included (a day runs from midnight to midnight, UK time,
    GMT or British Summer Time); `child` matches an entry that opened the child's record or a list
    that named the child; `refused` keeps only refusals."""

    child: str | None = None
    user: str | None = None
    kind: Kind | None = None
    refused: bool = False
    since: dt.date | None = None
    until: dt.date | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.child:
            named = json.dumps(self.child, ensure_ascii=False)  # as it is written in `children`
            found.append(
                or_(ACCESS_LOG.c.child_id == self.child, store.holds_text(ACCESS_LOG.c.children, named))
            )
        if self.user:
            found.append(ACCESS_LOG.c.username == self.user.strip().lower())
        if self.kind:
            found.append(ACCESS_LOG.c.kind == self.kind)
        if self.refused:
            found.append(ACCESS_LOG.c.outcome == "refused")
        if self.since:
            found.append(ACCESS_LOG.c.at >= uk_midnight(self.since))
        if self.until:
            found.append(ACCESS_LOG.c.at < uk_midnight(self.until + dt.timedelta(days=1)))
        return found

    def as_query(self) -> dict[str, str]:
        """The filter as a web address's query (for links to the next page and the CSV)."""
        query = {
            "child": self.child or "",
            "user": self.user or "",
            "kind": self.kind or "",
            "refused": "yes" if self.refused else "",
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
        }
        return {name: value for name, value in query.items() if value}

    @property
    def any(self) -> bool:
        return bool(self.as_query())


def uk_midnight(day: dt.date) -> dt.datetime:
    """The moment a UK day begins, as the store keeps moments (naive UTC)."""
    local = dt.datetime.combine(day, dt.time(), tzinfo=LONDON)
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def read_access_log(
    engine: Engine, filter: AccessFilter | None = None, *, limit: int = 100, offset: int = 0
) -> AccessPage:
    """The entries that match, newest first (by moment, then in the order written)."""
    conditions = (filter or AccessFilter()).conditions()
    with engine.connect() as connection:
        total = connection.execute(
            select(func.count()).select_from(ACCESS_LOG).where(*conditions)
        ).scalar_one()
        rows = connection.execute(
            select(ACCESS_LOG)
            .where(*conditions)
            .order_by(ACCESS_LOG.c.at.desc(), ACCESS_LOG.c.id.desc())
            .limit(limit)
            .offset(offset)
        ).all()
    return AccessPage([_entry(row) for row in rows], int(total))


def _entry(row: Any) -> AccessEntry:
    if row.children is not None:
        children = tuple(str(child) for child in json.loads(row.children))
    else:
        children = (row.child_id,) if row.child_id else ()
    return AccessEntry(
        row.at, row.username, row.role, row.kind, row.child_id, children, row.page, row.outcome
    )


def as_rows(entries: Sequence[AccessEntry]) -> list[dict[str, Any]]:
    return [entry.as_json() for entry in entries]
