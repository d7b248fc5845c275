"""API tokens: what a BI tool or a script sends as `Authorization: Bearer <token>`.

- A token is 256 random bits with a recognisable prefix (`los_`, so that a leaked one shows in a secret
  scanner's findings); only its SHA-256 digest is stored (a slow hash adds nothing to a token that
  cannot be guessed), so the database does not hold usable tokens. It is shown once.
- Every token has a **name** (what it is for, so that a director can tell them apart), an **expiry**
  (`DEFAULT_LIFETIME`, 90 days, unless asked otherwise, and never more than `MAX_LIFETIME`, a year:
  a forgotten token stops working by itself) and can be **revoked** at once. A token is known by its
  id, the first 12 hex digits of its digest, which says nothing of the token itself.
- It acts with its account's role as the account is now; it stops working when the account is
  disabled or removed, and a password reset revokes every token of the account (a reset is what is
  done when a password or a device may have been lost).
- `last_used` is written at most every `TOKEN_TOUCH` (5 minutes), so that reading stays reading.

Every issue and revocation is written to the log of changes to accounts (`account_log`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, Engine, insert, select, update

from lineofsight import account_log
from lineofsight.account_log import Actor
from lineofsight.model import Base
from lineofsight.web.auth import Viewer, viewer_from_row

TOKEN_PREFIX = "los_"
TOKEN_TOUCH = dt.timedelta(minutes=5)
DEFAULT_LIFETIME = dt.timedelta(days=90)
MAX_LIFETIME = dt.timedelta(days=366)
ID_LENGTH = 12
MAX_NAME_LENGTH = 100

USERS = Base.metadata.tables["users"]
TOKENS = Base.metadata.tables["api_tokens"]

Status = Literal["active", "expired", "revoked"]


class TokenError(Exception):
    """A token cannot be issued or revoked as asked; the message says why, in a user's words."""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Token:
    """A token as a director sees it: never the token itself."""

    token_id: str
    username: str
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used: dt.datetime | None
    revoked_at: dt.datetime | None

    def status(self, now: dt.datetime) -> Status:
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= now else "active"

    def as_json(self, now: dt.datetime) -> dict[str, Any]:
        def moment(value: dt.datetime | None) -> str | None:
            return None if value is None else value.isoformat(timespec="seconds") + "Z"

        return {
            "id": self.token_id,
            "username": self.username,
            "name": self.name,
            "status": self.status(now),
            "created_at": moment(self.created_at),
            "expires_at": moment(self.expires_at),
            "last_used": moment(self.last_used),
            "revoked_at": moment(self.revoked_at),
        }


def _token(row: Any) -> Token:
    return Token(
        row.token_hash[:ID_LENGTH],
        row.username,
        row.name or "",
        row.created_at,
        row.expires_at,
        row.last_used,
        row.revoked_at,
    )


def expiry(text: str, now: dt.datetime) -> dt.datetime:
    """When a token asked for with `--expires` runs out: a number of days (`30`, `30d`) or a date
    (`YYYY-MM-DD`, the token working to the end of that day, UTC). Refuses the past and more than
    `MAX_LIFETIME`."""
    value = text.strip().lower()
    if value.removesuffix("d").isdigit():
        days = int(value.removesuffix("d"))
        if days < 1:
            raise TokenError("a token must last at least 1 day")
        if dt.timedelta(days=days) > MAX_LIFETIME:
            raise TokenError(f"a token may last at most {MAX_LIFETIME.days} days")
        return now + dt.timedelta(days=days)
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise TokenError(f"{text!r} is neither a number of days nor a date (YYYY-MM-DD)") from None
    until = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
    if until <= now:
        raise TokenError(f"{day.isoformat()} has passed: a token must expire in the future")
    if until - now > MAX_LIFETIME + dt.timedelta(days=1):
        raise TokenError(f"a token may last at most {MAX_LIFETIME.days} days")
    return until


def issue_token(
    engine: Engine,
    username: str,
    *,
    name: str | None = None,
    expires_at: dt.datetime | None = None,
    by: Actor | None = None,
    now: dt.datetime | None = None,
) -> str:
    """A new API token for an account, returned once and kept only as its digest."""
    moment = now or utc_now()
    account = username.strip().lower()
    until = expires_at or moment + DEFAULT_LIFETIME
    if until <= moment:
        raise TokenError("a token must expire in the future")
    if until - moment > MAX_LIFETIME + dt.timedelta(days=1):
        raise TokenError(f"a token may last at most {MAX_LIFETIME.days} days")
    label = " ".join((name or "").split()) or "API token"
    if len(label) > MAX_NAME_LENGTH:
        raise TokenError(f"a token's name may be at most {MAX_NAME_LENGTH} characters")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    digest = _digest(token)
    with engine.begin() as connection:
        found = connection.execute(select(USERS.c.disabled_at).where(USERS.c.username == account)).first()
        if found is None:
            raise TokenError(f"there is no user {account}")
        if found.disabled_at is not None:
            raise TokenError(f"{account} is disabled: enable the account before issuing it a token")
        connection.execute(
            insert(TOKENS).values(
                token_hash=digest,
                username=account,
                created_at=moment,
                name=label,
                expires_at=until,
            )
        )
        detail = f"token {digest[:ID_LENGTH]} ({label}), expires {until:%Y-%m-%d %H:%M} UTC"
        account_log.record(
            connection, by or Actor.command_line(), account_log.TOKEN_ISSUED, account, moment, detail
        )
    return token


def list_tokens(engine: Engine, username: str | None = None) -> list[Token]:
    """The tokens of one account (or all), newest first."""
    query = select(TOKENS).order_by(TOKENS.c.created_at.desc(), TOKENS.c.token_hash)
    if username:
        query = query.where(TOKENS.c.username == username.strip().lower())
    with engine.connect() as connection:
        return [_token(row) for row in connection.execute(query).all()]


def revoke_token(
    engine: Engine,
    username: str,
    token_id: str,
    *,
    by: Actor | None = None,
    now: dt.datetime | None = None,
) -> Token:
    """Revoke one token of an account, by its id; the token as it now is."""
    moment = now or utc_now()
    account = username.strip().lower()
    wanted = token_id.strip().lower()
    if len(wanted) != ID_LENGTH or any(c not in "0123456789abcdef" for c in wanted):
        raise TokenError(f"{token_id!r} is not a token id (the 12 characters `users tokens` shows)")
    with engine.begin() as connection:
        row = connection.execute(
            select(TOKENS).where(TOKENS.c.username == account, TOKENS.c.token_hash.startswith(wanted))
        ).first()
        if row is None:
            raise TokenError(f"{account} has no token {wanted}")
        if row.revoked_at is not None:
            return _token(row)
        connection.execute(
            update(TOKENS).where(TOKENS.c.token_hash == row.token_hash).values(revoked_at=moment)
        )
        detail = f"token {wanted} ({row.name or 'API token'})"
        account_log.record(
            connection, by or Actor.command_line(), account_log.TOKEN_REVOKED, account, moment, detail
        )
        revoked = connection.execute(select(TOKENS).where(TOKENS.c.token_hash == row.token_hash)).one()
    return _token(revoked)


def revoke_all(connection: Connection, username: str, at: dt.datetime) -> int:
    """Revoke every token of an account that is still working, inside the caller's transaction."""
    result = connection.execute(
        update(TOKENS)
        .where(TOKENS.c.username == username, TOKENS.c.revoked_at.is_(None), TOKENS.c.expires_at > at)
        .values(revoked_at=at)
    )
    return int(result.rowcount or 0)


@dataclass(frozen=True)
class TokenCheck:
    """What came of presenting a token: its account's viewer, or why not (`problem`)."""

    viewer: Viewer | None
    problem: str = ""


def check_token(engine: Engine, token: str, *, now: dt.datetime | None = None) -> TokenCheck:
    """The account a token acts for, or why it does not: never issued, revoked, expired, or its
    account disabled."""
    moment = now or utc_now()
    digest = _digest(token)
    with engine.connect() as connection:
        row = connection.execute(
            select(USERS, TOKENS.c.last_used, TOKENS.c.expires_at, TOKENS.c.revoked_at)
            .join(TOKENS, TOKENS.c.username == USERS.c.username)
            .where(TOKENS.c.token_hash == digest)
        ).first()
    if row is None:
        return TokenCheck(None, "the API token is not valid")
    if row.revoked_at is not None:
        return TokenCheck(None, "the API token has been revoked")
    if row.expires_at <= moment:
        return TokenCheck(None, "the API token has expired: ask for a new one")
    if row.disabled_at is not None:
        return TokenCheck(None, "the API token's account is disabled")
    if row.last_used is None or moment - row.last_used >= TOKEN_TOUCH:
        with engine.begin() as connection:
            connection.execute(update(TOKENS).where(TOKENS.c.token_hash == digest).values(last_used=moment))
    return TokenCheck(viewer_from_row(row))


def viewer_for_token(engine: Engine, token: str, *, now: dt.datetime | None = None) -> Viewer | None:
    """The account a working token acts for, or None."""
    return check_token(engine, token, now=now).viewer
