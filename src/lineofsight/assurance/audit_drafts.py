"""An audit recorded one question a page, kept as a draft between pages so that an auditor can leave
and come back.

The pages (`web/pages/audit_steps.py`) ask, in order: the child, the auditor and the date; then each
area inspectors look at (`areas.AREAS`), its grade and finding; then the file as a whole; then any
actions; then the answers to check, and only then is the audit saved (`audits.record_audit`, with
the same checks as the one-page form and the CSV: `audits.problems`). Each page's answers are kept
in `audit_drafts` under the account that started it, as the one-page form names them (`child_id`,
`auditor_id`, `audit_date`, `<area>_grade`, `<area>_finding`, `grade`, `summary`, `action_<n>`,
`action_<n>_owner`, `action_<n>_due`), so that one reading (`record_from`) serves both forms. A
draft is a person's unfinished work, not the council's data: only its author sees it, and it goes
when the audit is saved or the draft discarded.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update

from lineofsight.assurance.areas import AREA_KEYS, AREAS, grade_named
from lineofsight.assurance.audits import AuditRecord, Finding, NewAction, Problem, new_id
from lineofsight.model import Base

MAX_ACTIONS = 5  # as the CSV: action_1 to action_5
STEPS = ("child", *(f"area/{key}" for key in AREA_KEYS), "overall", "actions", "check")


def _table() -> Any:
    return Base.metadata.tables["audit_drafts"]


@dataclass(frozen=True)
class Draft:
    draft_id: str
    username: str
    started_at: dt.datetime
    answers: dict[str, str]

    def audit_day(self) -> dt.date | None:
        given = self.answers.get("audit_date")
        return dt.date.fromisoformat(given) if given else None

    def action_count(self) -> int:
        return sum(1 for n in range(1, MAX_ACTIONS + 1) if self.answers.get(f"action_{n}"))

    def next_step(self) -> str:
        """The first page not yet answered (the check page once every one is)."""
        if not self.answers.get("audit_date"):
            return "child"
        for key in AREA_KEYS:
            if not self.answers.get(f"{key}_grade"):
                return f"area/{key}"
        if not self.answers.get("grade"):
            return "overall"
        if not self.answers.get("actions_done"):
            return "actions"
        return "check"

    def answered(self) -> int:
        """How many of the pages before the check have been answered, for the list of drafts."""
        return STEPS.index(self.next_step())


def start(connection: Connection, username: str, now: dt.datetime, answers: dict[str, str]) -> str:
    """A new draft with its first page's answers; its id."""
    draft_id = new_id("DRAFT")
    connection.execute(
        insert(_table()).values(
            draft_id=draft_id, username=username, started_at=now, answers=json.dumps(answers)
        )
    )
    return draft_id


def read(engine: Engine | Connection, draft_id: str, username: str) -> Draft | None:
    """The draft, if it is this person's (another's is none of their business: None, as if absent)."""
    table = _table()
    query = select(table).where(table.c.draft_id == draft_id, table.c.username == username)
    if isinstance(engine, Engine):
        with engine.connect() as connection:
            row = connection.execute(query).first()
    else:
        row = engine.execute(query).first()
    if row is None:
        return None
    return Draft(row.draft_id, row.username, row.started_at, json.loads(row.answers))


def answer(connection: Connection, draft: Draft, given: dict[str, str]) -> Draft:
    """Keep a page's answers with the rest (a page's own fields replace what they said before)."""
    answers = draft.answers | given
    table = _table()
    connection.execute(
        update(table).where(table.c.draft_id == draft.draft_id).values(answers=json.dumps(answers))
    )
    return Draft(draft.draft_id, draft.username, draft.started_at, answers)


def discard(connection: Connection, draft_id: str) -> None:
    connection.execute(delete(_table()).where(_table().c.draft_id == draft_id))


def drafts_of(engine: Engine, username: str) -> list[Draft]:
    """This person's drafts, newest first."""
    table = _table()
    with engine.connect() as connection:
        rows = connection.execute(
            select(table).where(table.c.username == username).order_by(table.c.started_at.desc())
        ).all()
    return [Draft(r.draft_id, r.username, r.started_at, json.loads(r.answers)) for r in rows]


def _grade(form: dict[str, str], name: str) -> str:
    return grade_named(form.get(name, "")) or form.get(name, "")


def record_from(form: dict[str, str]) -> tuple[AuditRecord | None, list[Problem]]:
    """The audit the answers give (one-page form or draft), or why they give none: dates that are not
    dates. What else is wrong is for `audits.problems` to say, with everything else."""
    found: list[Problem] = []
    try:
        day: dt.date | None = dt.date.fromisoformat(form.get("audit_date", "").strip())
    except ValueError:
        found.append(Problem("audit_date", "enter the date of the audit as YYYY-MM-DD"))
        day = None
    actions = []
    for number in range(1, MAX_ACTIONS + 1):
        text = form.get(f"action_{number}", "").strip()
        if not text:
            continue
        try:
            due = dt.date.fromisoformat(form.get(f"action_{number}_due", "").strip())
        except ValueError:
            found.append(Problem(f"action_{number}_due", "enter the date the action is due as YYYY-MM-DD"))
            continue
        actions.append(NewAction(text, form.get(f"action_{number}_owner", "").strip() or None, due))
    if day is None:
        return None, found
    record = AuditRecord(
        person_id=form.get("child_id", "").strip(),
        auditor_id=form.get("auditor_id", "").strip(),
        audit_date=day,
        grade=_grade(form, "grade"),
        findings=tuple(
            Finding(
                area.key,
                _grade(form, f"{area.key}_grade"),
                form.get(f"{area.key}_finding", "").strip() or None,
            )
            for area in AREAS
            if form.get(f"{area.key}_grade")
        ),
        summary=form.get("summary", "").strip() or None,
        actions=tuple(actions),
    )
    return record, found
