"""Case file audits from a CSV file (`lineofsight load audits FILE.csv`): one row an audit.

Columns (a header row names them; order does not matter, names are matched without regard to case):
`child_id`, `auditor_id`, `audit_date` (YYYY-MM-DD) and `grade` for the file as a whole; for each area
(`areas.AREA_KEYS`) `<area>_grade` and, optionally, `<area>_finding`; optionally `summary`, `theme`,
and up to `MAX_ACTIONS` actions as `action_<n>`, `action_<n>_owner` (a worker id) and `action_<n>_due`.
Grades are Ofsted's four, written as words ("requires improvement") or as the stored value.

Why a whole file or nothing: an audit programme's file is one piece of evidence; loading part of it
would leave the self-evaluation and the plan reading a programme that never happened. Every problem
in the file is reported, one line each, naming the file, the row, the field and the reason, and the
file can be fixed and loaded again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from lineofsight.assurance.areas import AREA_KEYS, grade_named
from lineofsight.assurance.audits import AuditRecord, Finding, Known, NewAction, problems
from lineofsight.interchange.loading import InputError, describe

MAX_ACTIONS = 5
MAX_BYTES = 20 * 1024 * 1024
REQUIRED = ("child_id", "auditor_id", "audit_date", "grade", *(f"{area}_grade" for area in AREA_KEYS))


@dataclass(frozen=True)
class RowProblem:
    row: int  # the file's line number (the header is line 1)
    field: str
    reason: str

    def line(self, path: Path) -> str:
        return describe(str(path), None, self.row, self.field, self.reason)


def read_audits(path: Path, known: Known, today: dt.date) -> tuple[list[AuditRecord], list[RowProblem]]:
    """Every audit in the file, and every problem with it (row by row). An unreadable file (not there,
    too big, not UTF-8 text, no header, missing columns) is an InputError naming it."""
    if not path.is_file():
        raise InputError(path, "there is no such file")
    if path.stat().st_size > MAX_BYTES:
        raise InputError(
            path, f"is larger than {MAX_BYTES // (1024 * 1024)} MB; an audit file is far smaller"
        )
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(path, f"is not UTF-8 text (byte {error.start})") from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise InputError(path, "is empty: it needs a header row naming the columns")
    columns = {name.strip().lower(): name for name in reader.fieldnames}
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise InputError(path, f"has no column {missing[0]}", row=1, field=missing[0])
    records: list[AuditRecord] = []
    found: list[RowProblem] = []
    for number, raw in enumerate(reader, start=2):
        row = {key: (raw.get(original) or "").strip() for key, original in columns.items()}
        record, row_problems = _record(row, number)
        found.extend(row_problems)
        if record is not None:
            found.extend(RowProblem(number, p.field, p.reason) for p in problems(record, known, today))
            records.append(record)
    if not records and not found:
        raise InputError(path, "has a header but no audits")
    return records, found


def _date(text: str, row: int, field: str, found: list[RowProblem]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        found.append(RowProblem(row, field, f"{text!r} is not a date (expected YYYY-MM-DD)"))
        return None


def _grade(text: str, row: int, field: str, found: list[RowProblem]) -> str:
    grade = grade_named(text)
    if grade is None:
        found.append(
            RowProblem(row, field, f"{text!r} is not outstanding, good, requires improvement or inadequate")
        )
        return ""
    return grade


def _record(row: dict[str, str], number: int) -> tuple[AuditRecord | None, list[RowProblem]]:
    found: list[RowProblem] = []
    day = _date(row["audit_date"], number, "audit_date", found)
    grade = _grade(row["grade"], number, "grade", found)
    findings = tuple(
        Finding(
            area,
            _grade(row[f"{area}_grade"], number, f"{area}_grade", found),
            row.get(f"{area}_finding") or None,
        )
        for area in AREA_KEYS
    )
    actions = []
    for n in range(1, MAX_ACTIONS + 1):
        text = row.get(f"action_{n}", "")
        if not text:
            continue
        due = _date(row.get(f"action_{n}_due", ""), number, f"action_{n}_due", found)
        if due is not None:
            actions.append(NewAction(text, row.get(f"action_{n}_owner") or None, due))
    if day is None or found:
        return None, found
    record = AuditRecord(
        person_id=row["child_id"],
        auditor_id=row["auditor_id"],
        audit_date=day,
        grade=grade,
        findings=findings,
        summary=row.get("summary") or None,
        actions=tuple(actions),
        theme=row.get("theme") or None,
    )
    return record, found
