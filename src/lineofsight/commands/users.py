"""`lineofsight users add|list|token|tokens|revoke|disable|enable|sign-out|remove|changes|demo` and
`lineofsight access-log`: accounts for the web application, their API tokens, the log of changes to
accounts and the log of who saw which child. Presentation only: the work is in `lineofsight.accounts`,
`lineofsight.api_tokens` and `lineofsight.account_log`, which the accounts web page calls too.

Every change is written to the log of changes to accounts, as made by the person running the
command (their login name on this computer), "via command line".

Passwords and tokens are printed only where asked for (a token once, the demo passwords once) and
never logged. `lineofsight.accounts` (and with it FastAPI) is imported only when one of these commands
runs, so that every other command starts as fast as before.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
import sys
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text
from sqlalchemy import Engine

from lineofsight import formatting, store
from lineofsight.commands import DbOption, err, out, parse_date

PASSWORD_ENV = "LINEOFSIGHT_PASSWORD"

users_app = typer.Typer(
    help="Accounts for the web application: add, list, disable, enable, sign out or remove a person; "
    "issue, list and revoke API tokens; read the log of changes to accounts; make demo accounts.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add `users` and `access-log` to the `lineofsight` app."""
    app.add_typer(users_app, name="users")
    app.command("access-log")(access_log)


def _failed(message: str) -> typer.Exit:
    """A one-line error and exit status 1: the input was understood but cannot be done."""
    err.print(f"lineofsight: error: {message}", markup=False)
    return typer.Exit(1)


def role_named(text: str) -> str:
    """A role as typed (`team-manager`, `Team_Manager`), as the accounts know it."""
    from lineofsight.web.auth import ROLES

    role = text.strip().lower().replace("-", "_").replace(" ", "_")
    if role not in ROLES:
        choices = ", ".join(each.replace("_", "-") for each in ROLES)
        raise typer.BadParameter(f"there is no role {text!r} (choose from {choices})", param_hint="--role")
    return role


@users_app.command("add")
def add(
    username: Annotated[
        str,
        typer.Argument(metavar="USERNAME", help="Lower case letters, digits, dots, hyphens, underscores."),
    ],
    role: Annotated[
        str,
        typer.Option(
            "--role",
            help="social-worker (own caseload), team-manager (own team), head-of-service or director "
            "(everything; a director also reads the access log), analyst (aggregates and data loads, "
            "no child), auditor (everything, read-only).",
        ),
    ],
    team: Annotated[
        str | None, typer.Option("--team", help="The team id: required for a team manager.")
    ] = None,
    worker: Annotated[
        str | None,
        typer.Option("--worker", help="The worker id: required for a social worker (their caseload)."),
    ] = None,
    reset: Annotated[
        bool,
        typer.Option(
            "--reset",
            help="Reset an existing account: new password, role, team and worker; its sessions end "
            "and its API tokens are revoked.",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Add a person who may sign in to the web application.

    The password is read from $LINEOFSIGHT_PASSWORD if set, else asked for twice without showing it.
    It must have at least 12 characters (not counting spaces at either end or repeated spaces) and not
    be one of the NCSC's 100,000 most common passwords or the username.
    """
    from lineofsight import accounts
    from lineofsight.web.auth import ROLE_NAMES

    chosen = role_named(role)
    if chosen == "social_worker" and not worker:
        raise typer.BadParameter("a social worker needs their worker id", param_hint="--worker")
    if chosen == "team_manager" and not team:
        raise typer.BadParameter("a team manager needs their team id", param_hint="--team")
    with store.opened(db) as engine:
        store.require_schema(engine)
        password = os.environ.get(PASSWORD_ENV) or typer.prompt(
            "Password", hide_input=True, confirmation_prompt=True
        )
        try:
            made = accounts.add_user(
                engine, username, password, chosen, team_id=team, worker_id=worker, replace=reset
            )
        except accounts.AccountError as error:
            raise _failed(str(error)) from None
    parts = [("team", made.team_id), ("worker", made.worker_id)]
    where = ", ".join(f"{kind} {value}" for kind, value in parts if value)
    out.print(
        f"{'Reset' if reset else 'Added'} {made.username}, {ROLE_NAMES[made.role].lower()}"
        + (f" ({where})" if where else "")
        + ".",
        markup=False,
    )


@users_app.command("token")
def token(
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="The account the token acts as.")],
    name: Annotated[
        str | None,
        typer.Option("--name", help='What the token is for ("Power BI overview"), shown in lists.'),
    ] = None,
    expires: Annotated[
        str | None,
        typer.Option(
            "--expires",
            metavar="DAYS|YYYY-MM-DD",
            help="When it stops working: a number of days, or a date (to the end of that day, UTC). "
            "Default 90 days, at most 366.",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Print a new API token for an account, once: send it as `Authorization: Bearer <token>`.

    Only a digest of the token is stored, so it cannot be shown again; issue another if it is lost.
    It works until it expires or is revoked (`lineofsight users revoke`), or its account is disabled.
    """
    from lineofsight import api_tokens

    with store.opened(db) as engine:
        store.require_schema(engine)
        try:
            moment = api_tokens.utc_now()
            until = api_tokens.expiry(expires, moment) if expires is not None else None
            issued = api_tokens.issue_token(engine, username, name=name, expires_at=until, now=moment)
        except api_tokens.TokenError as error:
            raise _failed(str(error)) from None
        made = api_tokens.list_tokens(engine, username)[0]
    sys.stdout.write(issued + "\n")
    err.print(
        f"Token {made.token_id} ({made.name}) for {made.username}, expires {made.expires_at:%Y-%m-%d %H:%M} "
        "UTC. Keep it secret: it is shown only once and acts with the account's role.",
        markup=False,
    )


@users_app.command("tokens")
def tokens(
    username: Annotated[
        str | None, typer.Argument(metavar="[USERNAME]", help="Only this account's tokens.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON: a list of tokens.")] = False,
    db: DbOption = None,
) -> None:
    """List API tokens (never the tokens themselves): id, name, status, made, expires, last used."""
    from lineofsight import api_tokens

    with store.opened(db) as engine:
        store.require_schema(engine)
        if username is not None:
            _must_exist(engine, username)
        found = api_tokens.list_tokens(engine, username)
    now = api_tokens.utc_now()
    if as_json:
        document = {"tokens": [each.as_json(now) for each in found]}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    if not found:
        out.print("No API tokens" + (f" for {username}." if username else "."), markup=False)
        return
    table = Table(title="API tokens (times UTC)", title_justify="left")
    for heading in ("id", "account", "name", "status", "made", "expires", "last used"):
        table.add_column(heading)
    for each in found:
        table.add_row(
            each.token_id,
            Text(each.username),
            Text(each.name),
            each.status(now),
            _moment(each.created_at),
            _moment(each.expires_at),
            _moment(each.last_used),
        )
    out.print(table)


@users_app.command("revoke")
def revoke(
    username: Annotated[str, typer.Argument(metavar="USERNAME", help="The account whose token it is.")],
    token_id: Annotated[
        str | None,
        typer.Argument(metavar="[TOKEN_ID]", help="The token's id, as `lineofsight users tokens` shows it."),
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Revoke every working token of the account.")] = False,
    db: DbOption = None,
) -> None:
    """Revoke an API token at once (or all of an account's tokens with --all)."""
    from lineofsight import accounts, api_tokens

    if (token_id is None) == (not every):
        raise typer.BadParameter("name one TOKEN_ID, or give --all", param_hint="TOKEN_ID")
    with store.opened(db) as engine:
        store.require_schema(engine)
        _must_exist(engine, username)
        now = api_tokens.utc_now()
        try:
            if token_id is not None:
                chosen = [token_id]
            else:
                chosen = [
                    t.token_id for t in api_tokens.list_tokens(engine, username) if t.status(now) == "active"
                ]
            revoked = [api_tokens.revoke_token(engine, username, each) for each in chosen]
        except api_tokens.TokenError as error:
            raise _failed(str(error)) from None
    name = accounts.normal_username(username)
    if not revoked:
        out.print(f"{name} has no working tokens.", markup=False)
    for each in revoked:
        out.print(f"Revoked token {each.token_id} ({each.name}) of {name}.", markup=False)


def _moment(value: dt.datetime | None) -> str:
    return "—" if value is None else f"{value:%Y-%m-%d %H:%M}"


def _must_exist(engine: Engine, username: str) -> None:
    """A one-line error (status 1) when there is no such account."""
    from lineofsight import accounts

    try:
        accounts.find_account(engine, username)
    except accounts.AccountError as error:
        raise _failed(str(error)) from None


@users_app.command("list")
def list_users(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON: a list of accounts.")] = False,
    db: DbOption = None,
) -> None:
    """List the accounts: role, team, worker, status, sessions open now and working tokens."""
    from lineofsight import accounts
    from lineofsight.web.auth import ROLE_NAMES

    with store.opened(db) as engine:
        store.require_schema(engine)
        found = accounts.list_accounts(engine)
    if as_json:
        document = {"accounts": [each.as_json() for each in found]}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    if not found:
        out.print("No accounts yet: add one with `lineofsight users add`.", markup=False)
        return
    table = Table(title=f"{formatting.count(len(found), 'account')} (times UTC)", title_justify="left")
    for heading in ("username", "role", "team", "worker", "status", "sessions", "tokens", "made"):
        table.add_column(heading)
    for each in found:
        table.add_row(
            Text(each.username),
            ROLE_NAMES[each.role],
            each.team_id or "",
            each.worker_id or "",
            each.status,
            str(each.sessions),
            str(each.tokens),
            _moment(each.created_at),
        )
    out.print(table)


Username = Annotated[str, typer.Argument(metavar="USERNAME", help="The account.")]


@users_app.command("disable")
def disable(username: Username, db: DbOption = None) -> None:
    """Disable an account (a leaver): it cannot sign in, its sessions end and its tokens are revoked,
    at once. Its history stays; `lineofsight users enable` lets it sign in again."""
    from lineofsight import accounts

    with store.opened(db) as engine:
        store.require_schema(engine)
        try:
            changed = accounts.disable_user(engine, username)
        except accounts.AccountError as error:
            raise _failed(str(error)) from None
    name = accounts.normal_username(username)
    out.print(f"Disabled {name}." if changed else f"{name} was disabled already.", markup=False)


@users_app.command("enable")
def enable(username: Username, db: DbOption = None) -> None:
    """Let a disabled account sign in again (its old tokens stay revoked: issue new ones)."""
    from lineofsight import accounts

    with store.opened(db) as engine:
        store.require_schema(engine)
        try:
            changed = accounts.enable_user(engine, username)
        except accounts.AccountError as error:
            raise _failed(str(error)) from None
    name = accounts.normal_username(username)
    out.print(f"Enabled {name}." if changed else f"{name} was not disabled.", markup=False)


@users_app.command("sign-out")
def sign_out(username: Username, db: DbOption = None) -> None:
    """Sign an account out everywhere: every browser it is signed in on must sign in again."""
    from lineofsight import accounts

    with store.opened(db) as engine:
        store.require_schema(engine)
        try:
            ended = accounts.end_sessions(engine, username)
        except accounts.AccountError as error:
            raise _failed(str(error)) from None
    out.print(
        f"Signed {accounts.normal_username(username)} out of {formatting.count(ended, 'session')}.",
        markup=False,
    )


@users_app.command("remove")
def remove(
    username: Username,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    db: DbOption = None,
) -> None:
    """Remove an account with its sessions and tokens. Its views in the access log and the changes to
    it stay, under its username, which cannot be given to anyone else. To stop someone signing in for
    a while, disable the account instead."""
    from lineofsight import accounts

    with store.opened(db) as engine:
        store.require_schema(engine)
        _must_exist(engine, username)
        name = accounts.normal_username(username)
        if not yes and not typer.confirm(f"Remove the account {name}? This cannot be undone"):
            raise typer.Abort()
        try:
            accounts.remove_user(engine, name)
        except accounts.AccountError as error:
            raise _failed(str(error)) from None
    out.print(f"Removed {name}. Its access-log history is kept.", markup=False)


@users_app.command("changes")
def changes(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON: total and entries.")] = False,
    user: Annotated[str | None, typer.Option("--user", help="Only changes to this account.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many rows, newest first.")] = 100,
    db: DbOption = None,
) -> None:
    """The log of changes to accounts: who added, reset, disabled, enabled, signed out or removed which
    account, and issued or revoked which token, how and when, newest first."""
    from lineofsight import account_log

    with store.opened(db) as engine:
        store.require_schema(engine)
        found = account_log.read_changes(engine, username=user, limit=limit)
    if as_json:
        document = {"total": found.total, "entries": [each.as_json() for each in found.entries]}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    if not found.entries:
        out.print("No changes to accounts" + (" match." if user else " yet."), markup=False)
        return
    table = Table(
        title=f"{formatting.count(found.total, 'change')} to accounts (times UTC)", title_justify="left"
    )
    for heading in ("when", "who", "how", "what", "account", "detail"):
        table.add_column(heading)
    for each in found.entries:
        table.add_row(
            f"{each.at:%Y-%m-%d %H:%M:%S}",
            Text(each.actor),
            each.via,
            each.action,
            Text(each.username),
            Text(each.detail or ""),
        )
    out.print(table)


# Where each role's day starts: the page with its own work on it.
START_PAGES = {
    "social_worker": "/my-work",
    "team_manager": "/teams/{team}",
    "head_of_service": "/teams",
    "director": "/",
    "analyst": "/data",
    "auditor": "/data",
    "quality_assurance": "/audits",
}


@users_app.command("demo")
def demo(
    as_at: Annotated[
        dt.date | None,
        typer.Option(
            "--as-at",
            parser=parse_date,
            metavar="YYYY-MM-DD",
            help="The day whose caseloads pick the social worker (default: the last day of the data).",
        ),
    ] = None,
    address: Annotated[
        str, typer.Option("--address", help="Where the web app will be served, to print each role's page.")
    ] = "http://127.0.0.1:8000",
    db: DbOption = None,
) -> None:
    """Make (or reset) one account per role, with new random passwords, and print them with the page
    each role starts from.

    For demonstrations on synthetic data: the social worker is the worker with the most children on
    plans to visit, and the team manager manages that worker's team, so both see real children.
    """
    from lineofsight import accounts
    from lineofsight.data import CouncilData
    from lineofsight.measures import default_as_at
    from lineofsight.web.auth import ROLE_NAMES

    with store.opened(db) as engine:
        store.require_schema(engine)
        day = as_at or default_as_at(CouncilData(engine))
        try:
            made = accounts.demo_users(engine, day)
        except accounts.AccountError as error:
            raise _failed(str(error)) from None
    table = Table(title="Demo accounts (passwords are shown only now)", title_justify="left")
    for heading in ("username", "role", "team", "worker", "password", "start at"):
        table.add_column(heading, overflow="fold")
    base = address.rstrip("/")
    for user in made:
        team, worker = user.team_id or "", user.worker_id or ""
        start = START_PAGES[user.role].format(team=team)
        table.add_row(user.username, ROLE_NAMES[user.role], team, worker, Text(user.password), base + start)
    out.print(table)
    out.print(f"Sign in at {base}/sign-in as any of them.", markup=False)


class AccessKind(enum.StrEnum):
    """The kinds of entry in the access log (`lineofsight.access_log.KINDS`)."""

    opened = "opened"
    listed = "listed"


def access_log(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON: total and entries.")] = False,
    child: Annotated[
        str | None,
        typer.Option("--child", help="Only entries about this child: its record opened, or lists naming it."),
    ] = None,
    user: Annotated[str | None, typer.Option("--user", help="Only entries of this username.")] = None,
    kind: Annotated[
        AccessKind | None,
        typer.Option(
            "--kind", help="opened (a child's own record) or listed (children shown in a list or download)."
        ),
    ] = None,
    refused: Annotated[bool, typer.Option("--refused", help="Only refusals.")] = False,
    since: Annotated[
        dt.date | None,
        typer.Option("--since", metavar="YYYY-MM-DD", parser=parse_date, help="From this UK day, included."),
    ] = None,
    until: Annotated[
        dt.date | None,
        typer.Option("--until", metavar="YYYY-MM-DD", parser=parse_date, help="To this UK day, included."),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="At most this many entries, newest first.")
    ] = 100,
    db: DbOption = None,
) -> None:
    """Who opened which child's record, who was shown which children in a list or download, and who was
    refused: newest first."""
    from lineofsight import access_log as log

    chosen = log.AccessFilter(
        child, user, next((k for k in log.KINDS if k == kind), None), refused, since, until
    )
    with store.opened(db) as engine:
        store.require_schema(engine)
        found = log.read_access_log(engine, chosen, limit=limit)
    if as_json:
        document = {"total": found.total, "entries": log.as_rows(found.entries)}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    if not found.entries:
        out.print("No entries" + (" match." if chosen.any else " yet."))
        return
    shown = len(found.entries)
    title = formatting.count(found.total, "entry", "entries") + (
        f", the newest {formatting.number(shown)} shown" if shown < found.total else ""
    )
    table = Table(title=title + " (times UTC)", title_justify="left")
    for heading in ("when", "who", "role", "what", "children", "page"):
        table.add_column(heading)
    for entry in found.entries:
        what = "refused" if entry.outcome == "refused" else entry.kind
        table.add_row(
            f"{entry.at:%Y-%m-%d %H:%M:%S}",
            Text(entry.username),
            entry.role,
            what,
            Text(" ".join(entry.children) or "—"),
            Text(entry.page),
        )
    out.print(table)
