"""Signed-in sessions, kept on the server so that they can be ended.

The browser's (signed) session cookie holds a random session id; the store keeps only its SHA-256
digest, with the account, when it began and when it ends (`SESSION_TIME`, 8 hours, a working day).
A session works only while its row is here: signing out deletes the row, so a copy of the cookie
taken before is refused; a password reset, a change of role, disabling or removing the account
deletes all of that account's rows, so every browser it is signed in on is signed out at its next
request. Every web worker reads the same rows, so this holds with `serve --workers N` too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from lineofsight.model import Base
from lineofsight.web.auth import Viewer, viewer_from_row

SESSION_TIME = dt.timedelta(hours=8)
TOUCH = dt.timedelta(minutes=5)  # last_seen is written at most this often: reads stay reads

USERS = Base.metadata.tables["users"]
SESSIONS = Base.metadata.tables["sessions"]


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def begin(engine: Engine, username: str, *, now: dt.datetime) -> str:
    """A new session for an account; its id, for the cookie (the store keeps only its digest).
    Sessions that have run out are cleared away at the same time."""
    session_id = secrets.token_urlsafe(32)
    with engine.begin() as connection:
        connection.execute(delete(SESSIONS).where(SESSIONS.c.expires_at <= now))
        connection.execute(
            insert(SESSIONS).values(
                session_hash=_digest(session_id),
                username=username,
                created_at=now,
                expires_at=now + SESSION_TIME,
                last_seen=now,
            )
        )
    return session_id


def viewer_for_session(engine: Engine, session_id: str, *, now: dt.datetime) -> Viewer | None:
    """Who a session belongs to, or None when it has ended, run out, or its account is disabled or
    gone. The account is read afresh, so a changed team shows at once."""
    digest = _digest(session_id)
    with engine.connect() as connection:
        row = connection.execute(
            select(USERS, SESSIONS.c.last_seen)
            .join(SESSIONS, SESSIONS.c.username == USERS.c.username)
            .where(
                SESSIONS.c.session_hash == digest,
                SESSIONS.c.expires_at > now,
                USERS.c.disabled_at.is_(None),
            )
        ).first()
    if row is None:
        return None
    if now - row.last_seen >= TOUCH:
        with engine.begin() as connection:
            connection.execute(
                update(SESSIONS).where(SESSIONS.c.session_hash == digest).values(last_seen=now)
            )
    return viewer_from_row(row)


def end(engine: Engine, session_id: str) -> None:
    """End one session (signing out)."""
    with engine.begin() as connection:
        connection.execute(delete(SESSIONS).where(SESSIONS.c.session_hash == _digest(session_id)))


def end_all(connection: Connection, username: str) -> int:
    """End every session of an account, inside the caller's transaction; how many there were."""
    result = connection.execute(delete(SESSIONS).where(SESSIONS.c.username == username))
    return int(result.rowcount or 0)


def open_sessions(engine: Engine, *, now: dt.datetime) -> dict[str, tuple[int, dt.datetime]]:
    """For each account signed in anywhere: how many sessions it has open, and when it was last seen."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(SESSIONS.c.username, func.count(), func.max(SESSIONS.c.last_seen))
            .where(SESSIONS.c.expires_at > now)
            .group_by(SESSIONS.c.username)
        ).all()
    return {row[0]: (int(row[1]), row[2]) for row in rows}
