"""The people who use lineofsight: their accounts, sessions and API tokens, the failed sign-ins that slow
guessing down, the log of changes to accounts, and the log of who saw which child.

These tables are not about children's journeys and no return loads them; they are kept beside the
canonical model so that one set of migrations makes the whole schema. Each is marked
`info={"accounts": True}` so that code which handles the council's data as a whole (emptying a store
before a new synthetic council, asking whether a store holds data) can leave them out.

Moments are naive UTC, like every moment in the store.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from lineofsight.model.base import Base, OptionalText, Text, key

ACCOUNTS = {"info": {"accounts": True}}


class User(Base):
    """A person who signs in, with the role that decides what they may see.

    No foreign key ties `team_id` or `worker_id` to the workforce tables: a council's data is reloaded
    and regenerated, and its people's accounts must outlive that. They are checked when the account is
    made instead.
    """

    __tablename__ = "users"
    __table_args__ = ACCOUNTS

    username: Mapped[str] = key()
    password_hash: Text  # argon2id, in the encoded form that names its own parameters
    role: Text  # one of lineofsight.web.auth.ROLES
    team_id: OptionalText  # a team manager's team (and a social worker's)
    worker_id: OptionalText  # a social worker's own worker id: their caseload
    # Unused since sign-ins are throttled by source and username (sign_in_failures), but kept: dropping
    # a column on SQLite rebuilds the table, which the foreign keys of its tokens forbid.
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]
    disabled_at: Mapped[dt.datetime | None]  # no sign-in, no session, no token while set


class ApiToken(Base):
    """A token a BI tool sends as `Authorization: Bearer ...`; only its SHA-256 digest is kept, so a
    copy of the database does not hand out working tokens. A token is known by the first 12 hex digits
    of its digest (its id, which says nothing of the token) and works until it expires or is revoked."""

    __tablename__ = "api_tokens"
    __table_args__ = ACCOUNTS

    token_hash: Mapped[str] = key()  # hex SHA-256 of the token
    username: Mapped[str] = mapped_column(ForeignKey("users.username"), index=True)
    created_at: Mapped[dt.datetime]
    last_used: Mapped[dt.datetime | None]
    name: Mapped[str | None]  # what it is for ("Power BI overview"), so that a director knows which
    expires_at: Mapped[dt.datetime]  # every token expires (90 days unless asked otherwise)
    revoked_at: Mapped[dt.datetime | None]


class Session(Base):
    """A signed-in session. The browser's cookie holds a random session id; only its SHA-256 digest is
    kept here, and a session works only while its row is here and unexpired: signing out deletes the
    row, and a password reset, a change of role, disabling or removing the account deletes them all."""

    __tablename__ = "sessions"
    __table_args__ = ACCOUNTS

    session_hash: Mapped[str] = key()  # hex SHA-256 of the session id
    username: Mapped[str] = mapped_column(ForeignKey("users.username"), index=True)
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    last_seen: Mapped[dt.datetime]


class SignInFailure(Base):
    """One failed sign-in (or one being checked): from where, for which username as typed (known or
    not), when. Counting these rows, not a counter on the account, is what keeps the count exact when
    guesses arrive at once, and lets a stranger slow only their own guesses, never lock a person out."""

    __tablename__ = "sign_in_failures"
    __table_args__ = ACCOUNTS

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    source: Mapped[str] = mapped_column(index=True)  # the client's address
    username: Text  # as typed, normalised: unknown usernames count the same


class AccountChange(Base):
    """One change to an account or its tokens: who did it (a username, or the person at the command
    line), how (web, API token, command line), what, to which account, when. Kept when the account is
    removed, like the access log."""

    __tablename__ = "account_changes"
    __table_args__ = ACCOUNTS

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime]
    actor: Text
    via: Text  # web, api token, command line
    action: Text  # added, reset, disabled, enabled, removed, token issued, token revoked, signed out
    username: Mapped[str] = mapped_column(index=True)  # the account changed
    detail: OptionalText


class AccessLog(Base):
    """One entry of the access log: who, when, on which page, and which children.

    Two kinds, because an information governance team asks two questions: who *opened* this child's
    record (a child's page, its JSON twin or its downloads), and in whose lists or downloads did this
    child *appear* (a team's page, a measure's children, a caseload). Counting every child of a list
    as a view of that child buried the first under the second (one CSV download wrote 2,000 rows).

    - `opened`: one child's own record, named in `child_id`, `viewed` or `refused` (`outcome`).
    - `listed`: one list or download, shown to one person: the children it named, each once, in
      `children` (a JSON array of their identifiers, in the order shown) and how many
      (`child_count`); `child_id` is empty.

    The role is kept as it was at the time, since roles change. Entries written before lists had
    entries of their own (migration 0010) were gathered into one entry per list as it was shown.
    """

    __tablename__ = "access_log"
    __table_args__ = ACCOUNTS

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    username: Mapped[str] = mapped_column(index=True)
    role: Text
    child_id: Mapped[str | None] = mapped_column(index=True)  # the child whose record was opened
    page: Text
    outcome: Text  # viewed, refused
    kind: Mapped[str] = mapped_column(server_default="opened")  # opened, listed
    children: Mapped[str | None]  # a list's children: a JSON array of their identifiers
    child_count: Mapped[int] = mapped_column(server_default="1")
