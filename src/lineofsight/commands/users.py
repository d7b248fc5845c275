"""`lineofsight users add|token|demo` and `lineofsight access-log`: accounts for the web application and
the log of who saw which child. Presentation only: the work is in `lineofsight.accounts`.

Passwords and tokens are printed only where asked for (a token once, the demo passwords once) and
never logged. `lineofsight.accounts` (and with it FastAPI) is imported only when one of these commands
runs, so that every other command starts as fast as before.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from lineofsight import formatting, store
from lineofsight.commands import DbOption, err, out, parse_date

PASSWORD_ENV = "LINEOFSIGHT_PASSWORD"

users_app = typer.Typer(
    help="Accounts for the web application: add a person, issue an API token, make demo accounts.",
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
        bool, typer.Option("--reset", help="Reset an existing account: new password, role, team, unlocked.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Add a person who may sign in to the web application.

    The password (at least 12 characters) is read from $LINEOFSIGHT_PASSWORD if set, else asked for
    twice without showing it.
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
    db: DbOption = None,
) -> None:
    """Print a new API token for an account, once: send it as `Authorization: Bearer <token>`.

    Only a digest of the token is stored, so it cannot be shown again; issue another if it is lost.
    """
    from lineofsight import accounts

    with store.opened(db) as engine:
        store.require_schema(engine)
        try:
            issued = accounts.issue_token(engine, username)
        except accounts.AccountError as error:
            raise _failed(str(error)) from None
    sys.stdout.write(issued + "\n")
    err.print("Keep this token secret: it is shown only once and acts with the account's role.")


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
    db: DbOption = None,
) -> None:
    """Make (or reset) one account per role, with new random passwords, and print them.

    For demonstrations on synthetic data: the social worker is the worker with the most children
    allocated, and the team manager manages that worker's team, so both see real children.
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
    for heading in ("username", "role", "team", "worker", "password"):
        table.add_column(heading)
    for user in made:
        team, worker = user.team_id or "", user.worker_id or ""
        table.add_row(user.username, ROLE_NAMES[user.role], team, worker, Text(user.password))
    out.print(table)


def access_log(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON: total and entries.")] = False,
    child: Annotated[
        str | None, typer.Option("--child", help="Only views of this child (person_id).")
    ] = None,
    user: Annotated[str | None, typer.Option("--user", help="Only views by this username.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many rows, newest first.")] = 100,
    db: DbOption = None,
) -> None:
    """Who saw which child's record, when and on which page, and who was refused: newest first."""
    from lineofsight import accounts

    with store.opened(db) as engine:
        store.require_schema(engine)
        found = accounts.read_access_log(engine, child=child, user=user, limit=limit)
    if as_json:
        document = {"total": found.total, "entries": accounts.as_rows(found.entries)}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    if not found.entries:
        out.print("No views of children's records" + (" match." if child or user else " yet."))
        return
    shown = len(found.entries)
    title = f"{formatting.count(found.total, 'view')} of children's records" + (
        f", the newest {formatting.number(shown)} shown" if shown < found.total else ""
    )
    table = Table(title=title + " (times UTC)", title_justify="left")
    for heading in ("when", "who", "role", "child", "page", "outcome"):
        table.add_column(heading)
    for entry in found.entries:
        table.add_row(
            f"{entry.at:%Y-%m-%d %H:%M:%S}",
            Text(entry.username),
            entry.role,
            Text(entry.child_id or "—"),
            Text(entry.page),
            entry.outcome,
        )
    out.print(table)
