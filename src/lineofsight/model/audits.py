"""Case audits: a manager or quality-assurance officer reads a child's file, grades the practice and sets
actions, each with a due date, to put right what the audit found.

The grades are Ofsted's four. A moderator may regrade an audit; both grades are kept, because the gap
between them is how a council learns whether its auditors are too generous.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from lineofsight.model.base import Base, OptionalDate, OptionalText, Text, key

GRADES = ("outstanding", "good", "requires_improvement", "inadequate")


class CaseAudit(Base):
    """One audit of a child's case file, with the grade the auditor gave and any moderated grade."""

    __tablename__ = "case_audits"

    audit_id: Mapped[str] = key()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    auditor_id: Text  # the worker (usually a manager) who audited the file
    audit_date: Mapped[dt.date]  # the day the audit was completed
    audit_grade: Text  # outstanding, good, requires_improvement, inadequate
    audit_theme: OptionalText  # the programme's theme for the month, if it had one
    moderated_grade: OptionalText  # the grade after moderation, when the audit was moderated
    team_id: OptionalText  # the team and worker whose practice was audited
    worker_id: OptionalText


class AuditAction(Base):
    """An action an audit set, and when it was due and done."""

    __tablename__ = "audit_actions"

    action_id: Mapped[str] = key()
    audit_id: Mapped[str] = mapped_column(ForeignKey("case_audits.audit_id"), index=True)
    action_text: Text
    action_due_date: Mapped[dt.date]
    action_completed_date: OptionalDate
