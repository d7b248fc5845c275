"""Who is looking: the signed-in person (or API token holder), their role, and what the role may see.

The roles are the people who use lineofsight every day. What each may see is decided here and nowhere
else, so a page cannot forget to check:

- social worker: their own caseload (the children allocated to their worker id);
- team manager: their own team's children and workers;
- head of service and director: everything (a director also reads the access log and manages
  accounts);
- analyst: aggregates (measures) and data loads, but no child-level page;
- auditor: everything, read-only (no uploads);
- quality-assurance lead: every child, to audit their files; records and moderates case audits, and
  reads the plans and the self-evaluation (which a director owns).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

import polars as pl
from fastapi import HTTPException, Request

Role = Literal[
    "social_worker", "team_manager", "head_of_service", "director", "analyst", "auditor", "quality_assurance"
]
ROLES: tuple[Role, ...] = (
    "social_worker",
    "team_manager",
    "head_of_service",
    "director",
    "analyst",
    "auditor",
    "quality_assurance",
)
ROLE_NAMES: dict[Role, str] = {
    "social_worker": "Social worker",
    "team_manager": "Team manager",
    "head_of_service": "Head of service",
    "director": "Director",
    "analyst": "Analyst",
    "auditor": "Auditor",
    "quality_assurance": "Quality assurance lead",
}


@dataclass(frozen=True)
class Viewer:
    """The person making a request, as the accounts table knows them."""

    username: str
    role: Role
    team_id: str | None = None  # a team manager's team (and a social worker's, for the team view)
    worker_id: str | None = None  # a social worker's own worker id: their caseload

    @property
    def sees_every_child(self) -> bool:
        return self.role in ("head_of_service", "director", "auditor", "quality_assurance")

    @property
    def sees_children(self) -> bool:
        """Whether any child-level page is open to this role (an analyst works with aggregates)."""
        return self.role != "analyst"

    @property
    def loads_data(self) -> bool:
        return self.role in ("analyst", "director", "head_of_service")

    @property
    def reads_access_log(self) -> bool:
        return self.role == "director"

    # Assurance (issue 18).
    @property
    def records_audits(self) -> bool:
        """Records and moderates case audits."""
        return self.role == "quality_assurance"

    @property
    def reads_assurance(self) -> bool:
        """Reads audits across the council, moderation, the plans and the self-evaluation."""
        return self.role in ("quality_assurance", "director", "head_of_service", "auditor")

    @property
    def owns_plans(self) -> bool:
        """Makes improvement plans and writes the reports from them."""
        return self.role == "director"

    @property
    def manages_accounts(self) -> bool:
        """A director disables, removes and signs out accounts, revokes tokens, and reads the log of
        changes to accounts."""
        return self.role == "director"


def home_of(viewer: Viewer) -> str:
    """Where a role's work is, and so where signing in lands (when no other page was asked for): a
    social worker on My work, a team manager on their team's page, an analyst on the Data page, a
    quality-assurance lead on the case audits;
    those who oversee the whole service (head of service, director, auditor) on the overview."""
    if viewer.role == "social_worker" and viewer.worker_id:
        return "/my-work"
    if viewer.role == "team_manager" and viewer.team_id:
        return f"/teams/{quote(viewer.team_id, safe='')}"
    if viewer.role == "analyst":
        return "/data"
    if viewer.role == "quality_assurance":
        return "/audits"
    return "/"


def viewer_from_row(row: Any) -> Viewer:
    """The viewer an account's row (of the `users` table) signs in as."""
    role: Role = next(each for each in ROLES if each == row.role)
    return Viewer(row.username, role, row.team_id, row.worker_id)


def viewer(request: Request) -> Viewer:
    """The signed-in viewer (a FastAPI dependency). Pages send a visitor with no session to the sign-in
    page; the API answers 401. Tests replace this dependency with `app.dependency_overrides`."""
    found = getattr(request.state, "viewer", None)
    if isinstance(found, Viewer):
        return found
    raise HTTPException(status_code=401, detail="sign in to see this page")


def visible(viewer: Viewer, rows: pl.DataFrame) -> pl.DataFrame:
    """The rows (about children, with `team_id`/`team` and `worker_id` columns) this viewer may see:
    a social worker their own caseload, a team manager their team, an analyst none, and the rest all.
    Lists, pages and API responses all filter through here."""
    if viewer.sees_every_child:
        return rows
    if not viewer.sees_children:
        return rows.clear()
    team = "team_id" if "team_id" in rows.columns else "team"
    if viewer.role == "team_manager":
        return rows.filter(pl.col(team) == viewer.team_id)
    return rows.filter(pl.col("worker_id") == viewer.worker_id)
