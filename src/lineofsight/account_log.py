"""The log of changes to accounts: who did what to which account, when, and how (web page, API token or
command line). A director reads it on the web (`/account-changes`); every change to an account or one of
its tokens writes one row, in the same transaction as the change, so that no change goes unlogged.

Rows are kept when the account is removed, as the access log's are: information governance must still
be able to say who had access to what, and who took it away. Nothing here records a password or a
token, only a token's id (the first 12 hex digits of its digest, which says nothing of the token).
"""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select

from lineofsight.model import Base

CHANGES = Base.metadata.tables["account_changes"]

ADDED = "added"
RESET = "reset"
DISABLED = "disabled"
ENABLED = "enabled"
REMOVED = "removed"
TOKEN_ISSUED = "token issued"
TOKEN_REVOKED = "token revoked"
SESSIONS_ENDED = "signed out everywhere"
ACTIONS = (ADDED, RESET, DISABLED, ENABLED, REMOVED, TOKEN_ISSUED, TOKEN_REVOKED, SESSIONS_ENDED)


@dataclass(frozen=True)
class Actor:
    """Who made a change: a signed-in person (by their username) or whoever ran a command."""

    name: str
    via: str  # "web", "api token" or "command line"

    @classmethod
    def command_line(cls) -> Actor:
        """The person running `lineofsight users ...`, by their login name on this computer."""
        try:
            name = getpass.getuser()
        except (KeyError, OSError):  # no login name (a container with no user database)
            name = "unknown"
        return cls(name, "command line")


@dataclass(frozen=True)
class AccountChange:
    """One row of the log."""

    at: dt.datetime
    actor: str
    via: str
    action: str
    username: str
    detail: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(timespec="seconds") + "Z",
            "actor": self.actor,
            "via": self.via,
            "action": self.action,
            "username": self.username,
            "detail": self.detail,
        }


def record(
    connection: Connection,
    actor: Actor,
    action: str,
    username: str,
    at: dt.datetime,
    detail: str | None = None,
) -> None:
    """Write one change, inside the caller's transaction."""
    connection.execute(
        insert(CHANGES).values(
            at=at, actor=actor.name, via=actor.via, action=action, username=username, detail=detail
        )
    )


@dataclass(frozen=True)
class ChangesPage:
    entries: list[AccountChange]
    total: int


def read_changes(
    engine: Engine, *, username: str | None = None, limit: int = 100, offset: int = 0
) -> ChangesPage:
    """The log newest first (in the order written), for one account if named."""
    conditions = [CHANGES.c.username == username.strip().lower()] if username else []
    with engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(CHANGES).where(*conditions)).scalar_one()
        rows = connection.execute(
            select(CHANGES).where(*conditions).order_by(CHANGES.c.id.desc()).limit(limit).offset(offset)
        ).all()
    entries = [AccountChange(r.at, r.actor, r.via, r.action, r.username, r.detail) for r in rows]
    return ChangesPage(entries, int(total))


def was_removed(connection: Connection, username: str) -> dt.datetime | None:
    """When an account of this name was last removed, if ever (its name stays in the logs)."""
    found = connection.execute(
        select(func.max(CHANGES.c.at)).where(CHANGES.c.username == username, CHANGES.c.action == REMOVED)
    ).scalar_one()
    return found if isinstance(found, dt.datetime) else None
