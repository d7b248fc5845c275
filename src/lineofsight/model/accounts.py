"""The people who use lineofsight: their accounts, their API tokens, and the log of who saw which child.

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
    failed_logins: Mapped[int] = mapped_column(default=0)  # consecutive failed sign-ins
    locked_until: Mapped[dt.datetime | None]  # no sign-in, even with the right password, before this
    created_at: Mapped[dt.datetime]


class ApiToken(Base):
    """A token a BI tool sends as `Authorization: Bearer ...`; only its SHA-256 digest is kept, so a
    copy of the database does not hand out working tokens."""

    __tablename__ = "api_tokens"
    __table_args__ = ACCOUNTS

    token_hash: Mapped[str] = key()  # hex SHA-256 of the token
    username: Mapped[str] = mapped_column(ForeignKey("users.username"), index=True)
    created_at: Mapped[dt.datetime]
    last_used: Mapped[dt.datetime | None]


class AccessLog(Base):
    """One view of (or refusal of) one child's record by one person: who, when, which child, which page.

    `child_id` is empty for a refusal that names no child. The role is kept as it was at the time, since
    roles change.
    """

    __tablename__ = "access_log"
    __table_args__ = ACCOUNTS

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime]
    username: Mapped[str] = mapped_column(index=True)
    role: Text
    child_id: Mapped[str | None] = mapped_column(index=True)
    page: Text
    outcome: Text  # viewed, refused
