"""Case file audits: recording one (from the web, a CSV file or the synthetic council) and reading them
back, with their findings area by area, their moderations and their actions.

An audit is checked whole before anything is written: every problem is collected (`problems`), each
naming the field and the reason, so a form or a file row can say all that is wrong at once. A saved
audit writes its findings and actions in the same transaction, and records what the audit programme
covers (`data.coverage`), so that QA01-QA03 have a figure only over the days the audits were held.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

import polars as pl
from sqlalchemy import Connection, insert, select

from lineofsight import store
from lineofsight.assurance.areas import AREA_BY_KEY, AREA_KEYS, GRADE_WORDS, is_good
from lineofsight.data import CouncilData
from lineofsight.data.coverage import Coverage
from lineofsight.data.facts import CASE_AUDITS
from lineofsight.data.periods import with_allocation_at
from lineofsight.measures.quality_assurance import graded_audits
from lineofsight.model import Base
from lineofsight.model.audits import GRADES

AUDITS_SOURCE = "audits"  # the coverage source of audits recorded or loaded into lineofsight
FINDING_LIMIT = 2000  # characters: a finding is short; a file's worth of text is a mistake


@dataclass(frozen=True)
class Finding:
    """The grade and short finding for one area of the file."""

    area: str
    grade: str
    text: str | None = None


@dataclass(frozen=True)
class NewAction:
    """An action the audit sets: what, whose (a worker id), by when."""

    text: str
    owner_id: str | None
    due: dt.date
    completed: dt.date | None = None


@dataclass(frozen=True)
class AuditRecord:
    """One audit as a person or a file gives it, before it is saved."""

    person_id: str
    auditor_id: str
    audit_date: dt.date
    grade: str
    findings: tuple[Finding, ...]
    summary: str | None = None
    actions: tuple[NewAction, ...] = ()
    theme: str | None = None


@dataclass(frozen=True)
class Problem:
    """What is wrong with a record, and where: the field as the form or the file names it."""

    field: str
    reason: str


@dataclass
class Known:
    """What a record is checked against: the children and workers the data holds."""

    children: set[str] = field(default_factory=set)
    workers: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, data: CouncilData) -> Known:
        return cls(set(data["person"]["person_id"]), set(data["workers"]["worker_id"]))


def problems(record: AuditRecord, known: Known, today: dt.date) -> list[Problem]:
    """Everything wrong with the record, field by field (empty when it can be saved)."""
    found: list[Problem] = []
    if not record.person_id:
        found.append(Problem("child", "say which child's file was audited"))
    elif record.person_id not in known.children:
        found.append(Problem("child", f"there is no child {record.person_id} in the data"))
    if not record.auditor_id:
        found.append(Problem("auditor", "say who audited the file (their worker id)"))
    elif record.auditor_id not in known.workers:
        found.append(Problem("auditor", f"there is no worker {record.auditor_id} in the data"))
    if record.audit_date > today:
        found.append(Problem("audit_date", "the audit date is in the future"))
    if record.grade not in GRADES:
        found.append(
            Problem("grade", "choose a grade: outstanding, good, requires improvement or inadequate")
        )
    given = {f.area for f in record.findings}
    for area in AREA_KEYS:
        if area not in given:
            found.append(Problem(f"{area}_grade", f"grade {AREA_BY_KEY[area].title.lower()}"))
    for finding in record.findings:
        if finding.area not in AREA_BY_KEY:
            found.append(Problem(f"{finding.area}_grade", f"{finding.area!r} is not an area audits grade"))
        elif finding.grade not in GRADES:
            found.append(Problem(f"{finding.area}_grade", f"{finding.grade!r} is not a grade"))
        if finding.text and len(finding.text) > FINDING_LIMIT:
            found.append(
                Problem(f"{finding.area}_finding", f"keep the finding under {FINDING_LIMIT} characters")
            )
    for number, action in enumerate(record.actions, start=1):
        if not action.text.strip():
            found.append(Problem(f"action_{number}", "say what the action is"))
        if action.owner_id and action.owner_id not in known.workers:
            found.append(
                Problem(f"action_{number}_owner", f"there is no worker {action.owner_id} in the data")
            )
        if action.due < record.audit_date:
            found.append(Problem(f"action_{number}_due", "the action falls due before the audit"))
    return found


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def save_audit(
    connection: Connection, record: AuditRecord, recorded_by: str, audit_id: str | None = None
) -> str:
    """Write a checked audit, its findings and its actions in the caller's transaction; return its id.

    The team and worker whose practice was audited are the child's allocation on the audit day, as
    QA01-QA03 count them."""
    audit_id = audit_id or new_id("AU")
    allocations = store.read_table(connection, "allocations").filter(pl.col("person_id") == record.person_id)
    owner = with_allocation_at(
        pl.DataFrame({"person_id": [record.person_id], "audit_date": [record.audit_date]}),
        allocations,
        "audit_date",
    ).row(0, named=True)
    tables = Base.metadata.tables
    connection.execute(
        insert(tables["case_audits"]).values(
            audit_id=audit_id,
            person_id=record.person_id,
            auditor_id=record.auditor_id,
            audit_date=record.audit_date,
            audit_grade=record.grade,
            audit_theme=record.theme,
            moderated_grade=None,
            team_id=owner["team_id"],
            worker_id=owner["worker_id"],
            audit_summary=record.summary,
            recorded_by=recorded_by,
        )
    )
    connection.execute(
        insert(tables["audit_findings"]),
        [
            {
                "finding_id": f"{audit_id}-{f.area}",
                "audit_id": audit_id,
                "audit_area": f.area,
                "finding_grade": f.grade,
                "finding_text": f.text,
            }
            for f in record.findings
        ],
    )
    if record.actions:
        connection.execute(
            insert(tables["audit_actions"]),
            [
                {
                    "action_id": f"{audit_id}-A{number}",
                    "audit_id": audit_id,
                    "action_text": action.text,
                    "action_due_date": action.due,
                    "action_completed_date": action.completed,
                    "action_owner_id": action.owner_id,
                }
                for number, action in enumerate(record.actions, start=1)
            ],
        )
    return audit_id


def cover_audits(connection: Connection) -> None:
    """Say what the audits held cover, after audits were recorded or loaded.

    Why: lineofsight holds every audit the council records in it, from its first, so QA01-QA03 may be
    computed over those days and no earlier. The span runs from the first audit held to the last, no
    later than the last day the rest of the data covers (so that an audit dated today does not move
    every page's default date past the data). Where the data already covers audits over that time (a
    synthetic council, a complete extract) nothing is added.
    """
    audits = store.read_table(connection, "case_audits")
    if audits.height == 0:
        return
    first, last = audits["audit_date"].min(), audits["audit_date"].max()
    assert isinstance(first, dt.date) and isinstance(last, dt.date)
    coverage_table = Base.metadata.tables["coverage"]
    rows = store.read_table(connection, "coverage")
    others = Coverage.from_frame(rows.filter(pl.col("coverage_source") != AUDITS_SOURCE))
    data_end = others.last_day()
    end = min(last, data_end) if data_end is not None else last
    if end < first or others.covers(CASE_AUDITS, first, end):
        return
    connection.execute(coverage_table.delete().where(coverage_table.c.coverage_source == AUDITS_SOURCE))
    connection.execute(
        insert(coverage_table).values(
            coverage_id="audits-held",
            load_id=None,
            coverage_source=AUDITS_SOURCE,
            fact=CASE_AUDITS,
            coverage_mode="events",
            window_start=first,
            window_end=end,
            scope="every case audit recorded in lineofsight",
        )
    )


def record_audit(engine_or_connection: Connection, record: AuditRecord, recorded_by: str) -> str:
    """Save and cover in one go, in the caller's transaction."""
    audit_id = save_audit(engine_or_connection, record, recorded_by)
    cover_audits(engine_or_connection)
    return audit_id


# Reading them back.


def audit_table(data: CouncilData) -> pl.DataFrame:
    """Every audit with `grade`, its final grade (the moderator's where moderated), `moderated`, and the
    team and worker whose practice it looked at (else the child's allocation on the day)."""
    return (
        graded_audits(data)
        .with_columns(pl.col("moderated_grade").is_not_null().alias("moderated"))
        .sort("audit_date", "audit_id", descending=[True, False])
    )


@dataclass(frozen=True)
class AuditView:
    """One audit as a page shows it."""

    audit: dict[str, object]
    findings: list[dict[str, object]]  # area, title, grade, text, moderated_grade
    actions: list[dict[str, object]]
    moderations: list[dict[str, object]]

    def as_json(self) -> dict[str, object]:
        return {
            "audit": _iso(self.audit),
            "findings": self.findings,
            "actions": [_iso(a) for a in self.actions],
            "moderations": [_iso(m) for m in self.moderations],
        }


def _iso(row: dict[str, object]) -> dict[str, object]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}


def audit_view(data: CouncilData, audit_id: str) -> AuditView | None:
    """The audit with its findings (and the latest moderator's grade for each area), its actions and its
    moderations; None when there is no such audit."""
    found = audit_table(data).filter(pl.col("audit_id") == audit_id)
    if found.height == 0:
        return None
    moderations = data["audit_moderations"].filter(pl.col("audit_id") == audit_id).sort("moderation_date")
    latest = moderations.tail(1)
    by_area: dict[str, str] = {}
    if latest.height:
        area_grades = data["moderation_findings"].filter(
            pl.col("moderation_id") == latest["moderation_id"][0]
        )
        by_area = dict(zip(area_grades["audit_area"], area_grades["moderated_area_grade"], strict=True))
    own = data["audit_findings"].filter(pl.col("audit_id") == audit_id)
    given = {row["audit_area"]: row for row in own.iter_rows(named=True)}
    findings = [
        {
            "area": area,
            "title": AREA_BY_KEY[area].title,
            "grade": given[area]["finding_grade"] if area in given else None,
            "text": given[area]["finding_text"] if area in given else None,
            "moderated_grade": by_area.get(area),
        }
        for area in AREA_KEYS
    ]
    actions = data["audit_actions"].filter(pl.col("audit_id") == audit_id).sort("action_due_date")
    return AuditView(
        audit=found.row(0, named=True),
        findings=findings,
        actions=list(actions.iter_rows(named=True)),
        moderations=list(moderations.iter_rows(named=True)),
    )


def grade_words(grade: object) -> str:
    return GRADE_WORDS.get(str(grade), "—") if grade else "—"


def good_share(grades: pl.Series) -> float | None:
    """The percentage of grades good or better, None with no grades."""
    kept = [g for g in grades.to_list() if g]
    return 100.0 * sum(is_good(g) for g in kept) / len(kept) if kept else None


def existing_audit_ids(connection: Connection) -> set[str]:
    table = Base.metadata.tables["case_audits"]
    return {str(row[0]) for row in connection.execute(select(table.c.audit_id))}
