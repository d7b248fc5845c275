"""Accounts: the people who sign in, their roles, disabling and removing them, signing in (with its
throttle), and the log of who saw which child.

The choices, each for a reason:

- **Passwords** follow the NCSC's advice (length, and a deny list of common passwords) and are kept
  only as argon2id hashes: see `lineofsight.passwords`.
- **Throttling, not lockout.** Failed sign-ins are counted per source (the client's address) and
  username as typed: after `LOCKOUT_FAILURES` (5) within `LOCKOUT_TIME` (15 minutes) that source may
  not try that username again until the oldest of them is 15 minutes old, and after
  `SOURCE_FAILURES` (100) within 15 minutes, whatever the usernames, that source may not sign in at
  all for a while. The account itself is never locked, so a stranger guessing cannot keep its owner
  out: the owner signs in from their own computer as usual. Unknown usernames are counted and
  answered exactly as real ones, so the answers do not say which usernames exist.
- **The count is exact when guesses arrive at once**: each attempt first writes its row, then counts
  the rows (its own included) and goes on to check the password only while the count allows, so that
  of any number of simultaneous guesses only 5 are checked. A successful sign-in clears its source's
  rows for that username.
- **Timing**: an unknown username still verifies a password against a hash, so the time taken does
  not say which usernames exist.
- **Disabling** an account (a leaver, someone on long leave) stops it signing in, ends its sessions
  and revokes its tokens at once; enabling it lets it sign in again (with new tokens). **Removing** an
  account deletes it, its sessions and its tokens, but never its rows in the access log or in the log
  of changes to accounts; a removed username cannot be given to someone else, so that those logs stay
  unambiguous.
- A **password reset** or a **change of role, team or worker** ends every session of the account (the
  next request from each browser is signed out), and a password reset revokes its tokens.
- Every change to an account is written to the log of changes (`account_log`) in the same
  transaction: who did it, what, to which account, when.
- **Usernames** are lower case letters, digits, dots, hyphens and underscores; sign-in ignores case
  and surrounding spaces.
- Nothing here logs or prints a password, a token, a person's name or a child's identifier.

Moments are naive UTC, like every moment in the store; pass `now` to decide the time (tests do).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl
from sqlalchemy import Engine, delete, func, insert, select, update

from lineofsight import account_log, sessions, store
from lineofsight.account_log import Actor
from lineofsight.api_tokens import issue_token, revoke_all, viewer_for_token
from lineofsight.model import Base
from lineofsight.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    PasswordError,
    check_password,
    hash_password,
    needs_rehash,
    password_matches,
    stand_in_hash,
)
from lineofsight.web.auth import ROLES, Role, Viewer, viewer_from_row

__all__ = [
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "Actor",
    "issue_token",
    "viewer_for_token",
]

LOCKOUT_FAILURES = 5  # failed sign-ins from one source for one username within LOCKOUT_TIME
LOCKOUT_TIME = dt.timedelta(minutes=15)
SOURCE_FAILURES = 100  # failed sign-ins from one source, any usernames, within LOCKOUT_TIME
MAX_TYPED_USERNAME = 100  # what is kept of a username as typed, known or not
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")

Clock = Callable[[], dt.datetime]

USERS = Base.metadata.tables["users"]
TOKENS = Base.metadata.tables["api_tokens"]
SESSIONS = Base.metadata.tables["sessions"]
FAILURES = Base.metadata.tables["sign_in_failures"]


class AccountError(Exception):
    """An account cannot be made or used as asked; the message says why, in a user's words."""


def utc_now() -> dt.datetime:
    """The time now, as naive UTC (the store's moments)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


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
    by: Actor | None = None,
    now: dt.datetime | None = None,
) -> Viewer:
    """Make an account (or, with `replace`, reset one: new password, role, team and worker).

    A social worker must name their worker id (their caseload is the children allocated to it) and
    takes that worker's team unless one is given; a team manager must name their team. Other roles see
    the whole council (or none of its children) and may name neither. The team and worker must be in
    the store, so that a typing mistake is not an empty caseload. A reset ends the account's sessions
    and revokes its tokens.
    """
    moment = now or utc_now()
    actor = by or Actor.command_line()
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
    try:
        check_password(password, name)
    except PasswordError as error:
        raise AccountError(str(error)) from None
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
        before = connection.execute(select(USERS).where(USERS.c.username == name)).first()
        removed = account_log.was_removed(connection, name) if before is None else None
    if before is not None and not replace:
        raise AccountError(f"there is already a user {name}")
    if before is None and removed is not None:
        raise AccountError(
            f"there was a user {name}, removed on {removed:%Y-%m-%d}: the access log keeps that name "
            "for them, so choose another username"
        )
    values = {
        "password_hash": hash_password(password),
        "role": checked,
        "team_id": team_id,
        "worker_id": worker_id,
    }
    with engine.begin() as connection:
        if before is None:
            connection.execute(insert(USERS).values(username=name, created_at=moment, **values))
            account_log.record(
                connection, actor, account_log.ADDED, name, moment, _describe(checked, team_id, worker_id)
            )
        else:
            connection.execute(update(USERS).where(USERS.c.username == name).values(**values))
            ended = sessions.end_all(connection, name)
            revoked = revoke_all(connection, name, moment)
            changes = ["new password"]
            was = _describe(before.role, before.team_id, before.worker_id)
            now_is = _describe(checked, team_id, worker_id)
            if was != now_is:
                changes.append(f"{was} → {now_is}")
            changes.append(f"{ended} session(s) ended, {revoked} token(s) revoked")
            account_log.record(connection, actor, account_log.RESET, name, moment, "; ".join(changes))
    return Viewer(name, checked, team_id, worker_id)


def _describe(role: str, team_id: str | None, worker_id: str | None) -> str:
    where = ", ".join(
        f"{kind} {value}" for kind, value in (("team", team_id), ("worker", worker_id)) if value
    )
    return role.replace("_", " ") + (f" ({where})" if where else "")


def count_users(engine: Engine) -> int:
    """How many accounts there are (none: nobody can sign in yet)."""
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(USERS)).scalar_one())


def viewer_for(engine: Engine, username: str) -> Viewer | None:
    """The viewer an account signs in as, or None when there is no such account (any more) or it is
    disabled."""
    with engine.connect() as connection:
        row = connection.execute(
            select(USERS).where(USERS.c.username == normal_username(username), USERS.c.disabled_at.is_(None))
        ).first()
    return None if row is None else viewer_from_row(row)


@dataclass(frozen=True)
class Account:
    """An account as a director sees it."""

    username: str
    role: Role
    team_id: str | None
    worker_id: str | None
    created_at: dt.datetime
    disabled_at: dt.datetime | None
    sessions: int  # open now
    last_seen: dt.datetime | None  # in a session
    tokens: int  # working now

    @property
    def status(self) -> str:
        return "disabled" if self.disabled_at is not None else "active"

    def as_json(self) -> dict[str, Any]:
        def moment(value: dt.datetime | None) -> str | None:
            return None if value is None else value.isoformat(timespec="seconds") + "Z"

        return {
            "username": self.username,
            "role": self.role,
            "team_id": self.team_id,
            "worker_id": self.worker_id,
            "status": self.status,
            "created_at": moment(self.created_at),
            "disabled_at": moment(self.disabled_at),
            "open_sessions": self.sessions,
            "last_seen": moment(self.last_seen),
            "working_tokens": self.tokens,
        }


def list_accounts(engine: Engine, *, now: dt.datetime | None = None) -> list[Account]:
    """Every account, by username, with its open sessions and working tokens."""
    moment = now or utc_now()
    signed_in = sessions.open_sessions(engine, now=moment)
    with engine.connect() as connection:
        rows = connection.execute(select(USERS).order_by(USERS.c.username)).all()
        working: dict[str, int] = dict(
            connection.execute(
                select(TOKENS.c.username, func.count())
                .where(TOKENS.c.revoked_at.is_(None), TOKENS.c.expires_at > moment)
                .group_by(TOKENS.c.username)
            ).all()
        )
    found = []
    for row in rows:
        viewer = viewer_from_row(row)
        open_count, last_seen = signed_in.get(row.username, (0, None))
        found.append(
            Account(
                viewer.username,
                viewer.role,
                viewer.team_id,
                viewer.worker_id,
                row.created_at,
                row.disabled_at,
                open_count,
                last_seen,
                int(working.get(row.username, 0)),
            )
        )
    return found


def find_account(engine: Engine, username: str, *, now: dt.datetime | None = None) -> Account:
    """One account, or `AccountError` when there is none of that name."""
    name = normal_username(username)
    for account in list_accounts(engine, now=now):
        if account.username == name:
            return account
    raise AccountError(f"there is no user {name}")


def _existing(connection: Any, name: str) -> Any:
    row = connection.execute(select(USERS).where(USERS.c.username == name)).first()
    if row is None:
        raise AccountError(f"there is no user {name}")
    return row


def disable_user(
    engine: Engine, username: str, *, by: Actor | None = None, now: dt.datetime | None = None
) -> bool:
    """Stop an account signing in, end its sessions and revoke its tokens, at once. False when it was
    disabled already (nothing changes)."""
    moment = now or utc_now()
    name = normal_username(username)
    with engine.begin() as connection:
        row = _existing(connection, name)
        if row.disabled_at is not None:
            return False
        connection.execute(update(USERS).where(USERS.c.username == name).values(disabled_at=moment))
        ended = sessions.end_all(connection, name)
        revoked = revoke_all(connection, name, moment)
        detail = f"{ended} session(s) ended, {revoked} token(s) revoked"
        account_log.record(connection, by or Actor.command_line(), account_log.DISABLED, name, moment, detail)
    return True


def enable_user(
    engine: Engine, username: str, *, by: Actor | None = None, now: dt.datetime | None = None
) -> bool:
    """Let a disabled account sign in again (its old tokens stay revoked). False when it was not
    disabled."""
    moment = now or utc_now()
    name = normal_username(username)
    with engine.begin() as connection:
        row = _existing(connection, name)
        if row.disabled_at is None:
            return False
        connection.execute(update(USERS).where(USERS.c.username == name).values(disabled_at=None))
        account_log.record(connection, by or Actor.command_line(), account_log.ENABLED, name, moment)
    return True


def remove_user(
    engine: Engine, username: str, *, by: Actor | None = None, now: dt.datetime | None = None
) -> None:
    """Delete an account with its sessions and tokens. The access log and the log of changes keep
    their rows about it (they name the account, and nothing ties them to its row)."""
    moment = now or utc_now()
    name = normal_username(username)
    with engine.begin() as connection:
        row = _existing(connection, name)
        ended = sessions.end_all(connection, name)
        tokens = connection.execute(delete(TOKENS).where(TOKENS.c.username == name)).rowcount or 0
        connection.execute(delete(USERS).where(USERS.c.username == name))
        detail = (
            f"was {_describe(row.role, row.team_id, row.worker_id)}; {ended} session(s) ended, "
            f"{tokens} token(s) deleted"
        )
        account_log.record(connection, by or Actor.command_line(), account_log.REMOVED, name, moment, detail)


def end_sessions(
    engine: Engine, username: str, *, by: Actor | None = None, now: dt.datetime | None = None
) -> int:
    """Sign an account out everywhere (every browser it is signed in on); how many sessions ended."""
    moment = now or utc_now()
    name = normal_username(username)
    with engine.begin() as connection:
        _existing(connection, name)
        ended = sessions.end_all(connection, name)
        account_log.record(
            connection,
            by or Actor.command_line(),
            account_log.SESSIONS_ENDED,
            name,
            moment,
            f"{ended} session(s) ended",
        )
    return ended


# Signing in ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignIn:
    """What came of a sign-in: `signed_in` (with the viewer), `refused` (wrong username or password,
    or a disabled account, not saying which) or `throttled` (too many failures from this source for
    this username, or from this source at all; try again after `retry_at`). Unknown and real
    usernames get the same answers."""

    outcome: Literal["signed_in", "refused", "throttled"]
    viewer: Viewer | None = None
    retry_at: dt.datetime | None = None


def authenticate(
    engine: Engine,
    username: str,
    password: str,
    *,
    source: str = "unknown",
    now: dt.datetime | None = None,
) -> SignIn:
    """Check a username and password from a source (the client's address), throttling guesses.

    The attempt is written and counted with the failures before it in one transaction that takes
    turns with other sign-ins (`store.transaction`), so that of simultaneous guesses exactly the first
    `LOCKOUT_FAILURES` are checked and the rest wait, however they interleave; the password is checked
    outside any transaction (argon2 takes a while on purpose).
    """
    moment = now or utc_now()
    name = normal_username(username)[:MAX_TYPED_USERNAME]
    since = moment - LOCKOUT_TIME
    mine = (FAILURES.c.source == source) & (FAILURES.c.username == name)
    with store.transaction(engine, lock=store.SIGN_IN_LOCK) as connection:
        connection.execute(delete(FAILURES).where(FAILURES.c.at <= since))  # keeps the table small
        attempt = connection.execute(
            insert(FAILURES).values(at=moment, source=source, username=name).returning(FAILURES.c.id)
        ).scalar_one()
        for_name = (
            connection.execute(
                select(FAILURES.c.at).where(mine, FAILURES.c.at > since).order_by(FAILURES.c.at)
            )
            .scalars()
            .all()
        )
        for_source = connection.execute(
            select(func.count(), func.min(FAILURES.c.at)).where(
                FAILURES.c.source == source, FAILURES.c.at > since
            )
        ).one()
    if len(for_name) > LOCKOUT_FAILURES or int(for_source[0]) > SOURCE_FAILURES:
        # Not checked, so not a guess: it does not count, and the throttle is not extended by it.
        with engine.begin() as connection:
            connection.execute(delete(FAILURES).where(FAILURES.c.id == attempt))
        oldest = for_name[0] if len(for_name) > LOCKOUT_FAILURES else for_source[1]
        return SignIn("throttled", retry_at=oldest + LOCKOUT_TIME)
    with engine.connect() as connection:
        row = connection.execute(select(USERS).where(USERS.c.username == name)).first()
    right = password_matches(row.password_hash if row is not None else stand_in_hash(), password)
    if row is not None and right and row.disabled_at is None:
        with engine.begin() as connection:
            connection.execute(delete(FAILURES).where(mine))
            if needs_rehash(row.password_hash):
                connection.execute(
                    update(USERS)
                    .where(USERS.c.username == name)
                    .values(password_hash=hash_password(password))
                )
        return SignIn("signed_in", viewer=viewer_from_row(row))
    if len(for_name) >= LOCKOUT_FAILURES:
        return SignIn("throttled", retry_at=for_name[0] + LOCKOUT_TIME)
    return SignIn("refused")


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

    The social worker is the worker with the most children on `as_at` whom someone must visit (on a
    child in need, child protection or care plan: the work My work is for), else, in a council with
    no plans, the one with the most children allocated; an assessment-team worker with no plans shows
    an empty page. The team manager manages that worker's team, so that both see real children.
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
    visited = _children_on_plans(engine, as_at)
    busiest = (
        allocations.group_by("worker_id", "team_id")
        .agg(
            pl.col("person_id").filter(pl.col("person_id").is_in(visited)).n_unique().alias("on_plans"),
            pl.col("person_id").n_unique().alias("children"),
        )
        .sort(["on_plans", "children", "worker_id", "team_id"], descending=[True, True, False, False])
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


def _children_on_plans(engine: Engine, as_at: dt.date) -> list[str]:
    """The children on a plan with visits to make on `as_at`: child in need, child protection, care."""
    found: set[str] = set()
    for table, start, end in (
        ("cin_plans", "cin_plan_start_date", "cin_plan_end_date"),
        ("cp_plans", "cp_plan_start_date", "cp_plan_end_date"),
        ("cla_episodes", "cla_episode_start_date", "cla_episode_ceased_date"),
    ):
        rows = store.read_table(engine, table)
        if rows.height == 0:
            continue
        open_ = rows.filter((pl.col(start) <= as_at) & (pl.col(end).is_null() | (pl.col(end) > as_at)))
        found.update(open_["person_id"].to_list())
    return sorted(found)
