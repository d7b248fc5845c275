"""Accounts: the people who sign in, their roles, their API tokens, and the log of who saw which child.

The choices, each for a reason:

- **Passwords** are hashed with argon2id (argon2-cffi's defaults, the RFC 9106 low-memory profile), so
  a stolen database does not give passwords away. A password must be at least
  `MIN_PASSWORD_LENGTH` (12) characters and has no other rule: the NCSC advises length over
  composition rules, which only push people to `Password1!`. `MAX_PASSWORD_LENGTH` stops a megabyte
  "password" being used to tie up the server.
- **Lockout**: after `LOCKOUT_FAILURES` (5) failed sign-ins in a row an account is locked for
  `LOCKOUT_TIME` (15 minutes), and while locked even the right password is refused, so that guessing
  passwords online is slow. A successful sign-in resets the count; so does the lock running out. The
  lock is not extended by attempts made while it stands, so an attacker cannot keep a person out for
  longer than 15 minutes at a time.
- **Timing**: a sign-in with an unknown username still verifies a password against a hash, and a
  locked account still verifies the password, so the time taken does not say which usernames exist.
- **API tokens** are 256 random bits; only their SHA-256 digest is stored (a slow hash adds nothing to
  a token that cannot be guessed), so the database does not hold usable tokens. A token is shown once.
- **Usernames** are lower case letters, digits, dots, hyphens and underscores; sign-in ignores case
  and surrounding spaces.
- Nothing here logs or prints a password, a token, a person's name or a child's identifier.

Moments are naive UTC, like every moment in the store; pass `now` to decide the time (tests do).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, func, insert, select, update

from lineofsight import store
from lineofsight.model import Base
from lineofsight.web.auth import ROLES, Role, Viewer

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
LOCKOUT_FAILURES = 5
LOCKOUT_TIME = dt.timedelta(minutes=15)
TOKEN_PREFIX = "los_"  # so that a leaked token is recognisable in a secret scanner's findings
TOKEN_TOUCH = dt.timedelta(minutes=5)  # last_used is written at most this often: reads stay reads
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")

Clock = Callable[[], dt.datetime]
Outcome = Literal["viewed", "refused"]

USERS = Base.metadata.tables["users"]
TOKENS = Base.metadata.tables["api_tokens"]
ACCESS_LOG = Base.metadata.tables["access_log"]

HASHER = PasswordHasher()


class AccountError(Exception):
    """An account cannot be made or used as asked; the message says why, in a user's words."""


def utc_now() -> dt.datetime:
    """The time now, as naive UTC (the store's moments)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def hash_password(password: str) -> str:
    """The argon2id hash of a password, in the encoded form that carries its own salt and parameters."""
    return HASHER.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    """Whether the password is the one hashed (argon2 compares in constant time)."""
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _stand_in_hash() -> str:
    """A hash to verify against when the username is unknown, so that the answer takes as long."""
    return hash_password(secrets.token_urlsafe(16))


def check_password(password: str) -> None:
    """Refuse a password that is too short or absurdly long."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters long")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"the password must be at most {MAX_PASSWORD_LENGTH} characters long")


def normal_username(username: str) -> str:
    return username.strip().lower()


# Accounts -----------------------------------------------------------------------------------------


def add_user(
    engine: Engine,
    username: str,
    password: str,
    role: str,
    *,
    team_id: str | None = None,
    worker_id: str | None = None,
    replace: bool = False,
    now: dt.datetime | None = None,
) -> Viewer:
    """Make an account (or, with `replace`, reset one: new password, role, team and worker, unlocked).

    A social worker must name their worker id (their caseload is the children allocated to it) and
    takes that worker's team unless one is given; a team manager must name their team. Other roles see
    the whole council (or none of its children) and may name neither. The team and worker must be in
    the store, so that a typing mistake is not an empty caseload.
    """
    name = normal_username(username)
    if not USERNAME.fullmatch(name):
        raise AccountError(
            f"{username!r} is not a username: use up to 64 lower case letters, digits, dots, hyphens "
            "and underscores, starting with a letter or digit"
        )
    if role not in ROLES:
        raise AccountError(f"there is no role {role!r} (choose from {', '.join(ROLES)})")
    checked: Role = next(each for each in ROLES if each == role)
    if checked == "social_worker" and not worker_id:
        raise AccountError("a social worker needs their worker id (--worker)")
    if checked == "team_manager" and not team_id:
        raise AccountError("a team manager needs their team id (--team)")
    if worker_id and checked != "social_worker":
        raise AccountError("only a social worker has a worker id")
    if team_id and checked not in ("social_worker", "team_manager"):
        raise AccountError("only a team manager or social worker has a team")
    check_password(password)
    with engine.connect() as connection:
        if team_id is not None:
            teams = Base.metadata.tables["teams"]
            if connection.execute(select(teams.c.team_id).where(teams.c.team_id == team_id)).first() is None:
                raise AccountError(f"there is no team {team_id} in {store.describe(engine)}")
        if worker_id is not None:
            workers = Base.metadata.tables["workers"]
            found = connection.execute(
                select(workers.c.team_id).where(workers.c.worker_id == worker_id)
            ).first()
            if found is None:
                raise AccountError(f"there is no worker {worker_id} in {store.describe(engine)}")
            team_id = team_id or found.team_id
        exists = connection.execute(select(USERS.c.username).where(USERS.c.username == name)).first()
    if exists is not None and not replace:
        raise AccountError(f"there is already a user {name}")
    values = {
        "password_hash": hash_password(password),
        "role": checked,
        "team_id": team_id,
        "worker_id": worker_id,
        "failed_logins": 0,
        "locked_until": None,
    }
    with engine.begin() as connection:
        if exists is None:
            connection.execute(insert(USERS).values(username=name, created_at=now or utc_now(), **values))
        else:
            connection.execute(update(USERS).where(USERS.c.username == name).values(**values))
    return Viewer(name, checked, team_id, worker_id)


def count_users(engine: Engine) -> int:
    """How many accounts there are (none: nobody can sign in yet)."""
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(USERS)).scalar_one())


def _viewer(row: Any) -> Viewer:
    role: Role = next(each for each in ROLES if each == row.role)
    return Viewer(row.username, role, row.team_id, row.worker_id)


def viewer_for(engine: Engine, username: str) -> Viewer | None:
    """The viewer an account signs in as, or None when there is no such account (any more)."""
    with engine.connect() as connection:
        row = connection.execute(select(USERS).where(USERS.c.username == username)).first()
    return None if row is None else _viewer(row)


@dataclass(frozen=True)
class SignIn:
    """What came of a sign-in: `signed_in` (with the viewer), `refused` (wrong username or password,
    not saying which) or `locked` (too many failures; try again after `locked_until`)."""

    outcome: Literal["signed_in", "refused", "locked"]
    viewer: Viewer | None = None
    locked_until: dt.datetime | None = None


def authenticate(engine: Engine, username: str, password: str, *, now: dt.datetime | None = None) -> SignIn:
    """Check a username and password, counting failures and locking the account after too many.

    The password is checked outside any transaction (argon2 takes a while on purpose) and the
    failure is counted with one atomic update, so two guesses at once each count.
    """
    moment = now or utc_now()
    name = normal_username(username)
    with engine.connect() as connection:
        row = connection.execute(select(USERS).where(USERS.c.username == name)).first()
    if row is None:
        password_matches(_stand_in_hash(), password)
        return SignIn("refused")
    right = password_matches(row.password_hash, password)
    if row.locked_until is not None and moment < row.locked_until:
        return SignIn("locked", locked_until=row.locked_until)
    this_user = USERS.c.username == name
    with engine.begin() as connection:
        if right:
            values: dict[str, Any] = {"failed_logins": 0, "locked_until": None}
            if HASHER.check_needs_rehash(row.password_hash):
                values["password_hash"] = hash_password(password)
            connection.execute(update(USERS).where(this_user).values(**values))
            return SignIn("signed_in", viewer=_viewer(row))
        # A lock that has run out starts the count again.
        count = 1 if row.locked_until is not None else USERS.c.failed_logins + 1
        failures = connection.execute(
            update(USERS)
            .where(this_user)
            .values(failed_logins=count, locked_until=None)
            .returning(USERS.c.failed_logins)
        ).scalar_one()
        if failures >= LOCKOUT_FAILURES:
            until = moment + LOCKOUT_TIME
            connection.execute(update(USERS).where(this_user).values(locked_until=until))
            return SignIn("locked", locked_until=until)
    return SignIn("refused")


# API tokens ---------------------------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(engine: Engine, username: str, *, now: dt.datetime | None = None) -> str:
    """A new API token for an account, returned once and kept only as its digest."""
    name = normal_username(username)
    if viewer_for(engine, name) is None:
        raise AccountError(f"there is no user {name}")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with engine.begin() as connection:
        connection.execute(
            insert(TOKENS).values(token_hash=_digest(token), username=name, created_at=now or utc_now())
        )
    return token


def viewer_for_token(engine: Engine, token: str, *, now: dt.datetime | None = None) -> Viewer | None:
    """The account a token belongs to, or None for a token never issued."""
    moment = now or utc_now()
    digest = _digest(token)
    with engine.connect() as connection:
        row = connection.execute(
            select(USERS, TOKENS.c.last_used)
            .join(TOKENS, TOKENS.c.username == USERS.c.username)
            .where(TOKENS.c.token_hash == digest)
        ).first()
    if row is None:
        return None
    if row.last_used is None or moment - row.last_used >= TOKEN_TOUCH:
        with engine.begin() as connection:
            connection.execute(update(TOKENS).where(TOKENS.c.token_hash == digest).values(last_used=moment))
    return _viewer(row)


# Demonstration accounts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    team_id: str | None
    worker_id: str | None
    password: str


def demo_users(engine: Engine, as_at: dt.date, *, now: dt.datetime | None = None) -> list[DemoUser]:
    """One account per role, made or reset with a new random password, for a demonstration.

    The social worker is the worker with the most children allocated on `as_at` (a full caseload shows
    the most), the team manager manages that worker's team, so that both see real children.
    """
    allocations = store.read_table(engine, "allocations").filter(
        (pl.col("allocation_start_date") <= as_at)
        & (pl.col("allocation_end_date").is_null() | (pl.col("allocation_end_date") >= as_at))
    )
    if allocations.height == 0:
        raise AccountError(
            f"no child is allocated to a worker on {as_at.isoformat()} in {store.describe(engine)}: "
            "make a council first with `lineofsight synth`"
        )
    busiest = (
        allocations.group_by("worker_id", "team_id")
        .agg(pl.col("person_id").n_unique().alias("children"))
        .sort(["children", "worker_id", "team_id"], descending=[True, False, False])
        .row(0, named=True)
    )
    made = []
    for role in ROLES:
        worker = busiest["worker_id"] if role == "social_worker" else None
        team = busiest["team_id"] if role in ("social_worker", "team_manager") else None
        password = secrets.token_urlsafe(12)
        viewer = add_user(
            engine,
            role.replace("_", "-"),
            password,
            role,
            team_id=team,
            worker_id=worker,
            replace=True,
            now=now,
        )
        made.append(DemoUser(viewer.username, role, viewer.team_id, viewer.worker_id, password))
    return made


# The access log -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccessEntry:
    """One row of the access log."""

    at: dt.datetime
    username: str
    role: str
    child_id: str | None
    page: str
    outcome: str

    def as_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(timespec="seconds") + "Z",
            "username": self.username,
            "role": self.role,
            "child_id": self.child_id,
            "page": self.page,
            "outcome": self.outcome,
        }


def log_access(
    engine: Engine,
    who: Viewer,
    page: str,
    child_ids: Iterable[str | None],
    outcome: Outcome,
    *,
    at: dt.datetime | None = None,
) -> int:
    """Write one row per child (each child once, however often the page lists it) in one statement;
    the number of rows written."""
    moment = at or utc_now()
    rows = [
        {
            "at": moment,
            "username": who.username,
            "role": who.role,
            "child_id": child,
            "page": page,
            "outcome": outcome,
        }
        for child in dict.fromkeys(child_ids)
    ]
    if rows:
        with engine.begin() as connection:
            connection.execute(insert(ACCESS_LOG), rows)
    return len(rows)


@dataclass(frozen=True)
class AccessPage:
    """Some rows of the access log, newest first, and how many rows match in all."""

    entries: list[AccessEntry]
    total: int


def read_access_log(
    engine: Engine,
    *,
    child: str | None = None,
    user: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> AccessPage:
    """The access log newest first (in the order written), for one child or one user if named."""
    conditions = []
    if child:
        conditions.append(ACCESS_LOG.c.child_id == child)
    if user:
        conditions.append(ACCESS_LOG.c.username == normal_username(user))
    with engine.connect() as connection:
        total = connection.execute(
            select(func.count()).select_from(ACCESS_LOG).where(*conditions)
        ).scalar_one()
        rows = connection.execute(
            select(ACCESS_LOG)
            .where(*conditions)
            .order_by(ACCESS_LOG.c.id.desc())  # the order written: the primary key's index serves it
            .limit(limit)
            .offset(offset)
        ).all()
    entries = [AccessEntry(r.at, r.username, r.role, r.child_id, r.page, r.outcome) for r in rows]
    return AccessPage(entries, total)


def as_rows(entries: Sequence[AccessEntry]) -> list[dict[str, Any]]:
    return [entry.as_json() for entry in entries]
