"""Case audits: a manager or quality-assurance officer reads a child's file, grades the practice and sets
actions, each with an owner and a due date, to put right what the audit found.

The grades are Ofsted's four. An audit grades the file as a whole and each area inspectors look at
(`assurance.areas`), with a short finding for each. A second reader moderates a sample of audits and
grades them again, area by area; both readings are kept, because the gap between them is how a council
learns whether its auditors are too generous. `case_audits.moderated_grade` holds the moderator's
overall grade (the latest moderation's), which the measures QA01-QA03 read.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from lineofsight.model.base import Base, OptionalDate, OptionalText, Text, key

GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
DRAFTS = {"info": {"accounts": True}}  # a person's unfinished form: not the council's data


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
    audit_summary: OptionalText  # the auditor's overall finding, in a few sentences
    recorded_by: OptionalText  # the account that recorded it on the web, or the file it was loaded from


class AuditFinding(Base):
    """The auditor's grade and short finding for one area of the file (`assurance.areas.AREAS`)."""

    __tablename__ = "audit_findings"

    finding_id: Mapped[str] = key()
    audit_id: Mapped[str] = mapped_column(ForeignKey("case_audits.audit_id"), index=True)
    audit_area: Text  # experiences, seen, voice, assessment, plan, oversight, supervision
    finding_grade: Text
    finding_text: OptionalText


class AuditModeration(Base):
    """A second reader's grading of an audit: the file as a whole, and each area again
    (`ModerationFinding`)."""

    __tablename__ = "audit_moderations"

    moderation_id: Mapped[str] = key()
    audit_id: Mapped[str] = mapped_column(ForeignKey("case_audits.audit_id"), index=True)
    moderator_id: Text  # the worker who moderated (never the auditor)
    moderation_date: Mapped[dt.date]
    moderation_grade: Text
    moderation_note: OptionalText  # what the moderator saw that the audit did not
    recorded_by: OptionalText


class ModerationFinding(Base):
    """The moderator's grade for one area of the audited file."""

    __tablename__ = "moderation_findings"

    moderation_finding_id: Mapped[str] = key()
    moderation_id: Mapped[str] = mapped_column(ForeignKey("audit_moderations.moderation_id"), index=True)
    audit_area: Text
    moderated_area_grade: Text


class AuditAction(Base):
    """An action an audit set: what, whose, and when it was due and done."""

    __tablename__ = "audit_actions"

    action_id: Mapped[str] = key()
    audit_id: Mapped[str] = mapped_column(ForeignKey("case_audits.audit_id"), index=True)
    action_text: Text
    action_due_date: Mapped[dt.date]
    action_completed_date: OptionalDate
    action_owner_id: OptionalText  # the worker who must do it: it joins their worklist


class AuditDraft(Base):
    """An audit being recorded on the web, one question a page: the answers so far, as JSON, kept
    until it is submitted. A person's unfinished work, not the council's data, so saving a page does
    not make the web app compute its figures again."""

    __tablename__ = "audit_drafts"
    __table_args__ = DRAFTS

    draft_id: Mapped[str] = key()
    username: Text
    started_at: Mapped[dt.datetime]
    answers: Text  # JSON
