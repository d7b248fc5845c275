"""Improvement plans: what a council has promised to put right, how it will know, and who will do it.

A plan has priorities (an inspection's "what needs to improve" points, or the DfE's escalation
measures); each priority names its evidence: measures with a baseline (worked out from the data on
the plan's start, never typed in), a target and a date; alerts whose count should fall; or "evidence
by audit", an area of the case audits where no measure exists. Progress and its RAG are computed
from the data month by month (`assurance.plans`), never typed in. Actions have owners and due dates,
and join the owner's worklist.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from lineofsight.model.base import Base, OptionalDate, OptionalText, Text, key


class ImprovementPlan(Base):
    __tablename__ = "improvement_plans"

    plan_id: Mapped[str] = key()
    plan_title: Text
    plan_source: OptionalText  # "DfE escalation measures (example)", "Ofsted report: FILE"
    plan_start_date: Mapped[dt.date]  # the baseline day
    plan_owner: OptionalText  # the director's account
    plan_created_at: Mapped[dt.datetime]


class PlanPriority(Base):
    __tablename__ = "plan_priorities"

    priority_id: Mapped[str] = key()
    plan_id: Mapped[str] = mapped_column(ForeignKey("improvement_plans.plan_id"), index=True)
    priority_number: Mapped[int]
    priority_title: Text
    priority_text: OptionalText  # the point as the inspection or the DfE put it


class PriorityEvidence(Base):
    """How a priority's progress is known: a measure, an alert or an area of the case audits."""

    __tablename__ = "priority_evidence"

    evidence_id: Mapped[str] = key()
    priority_id: Mapped[str] = mapped_column(ForeignKey("plan_priorities.priority_id"), index=True)
    evidence_kind: Text  # measure, alert, audit
    evidence_code: Text  # AS01; AL08; an audit area (seen, supervision, ...)
    baseline_value: Mapped[float | None]  # from the data on the plan's start: never typed in
    target_value: Mapped[float | None]
    target_date: OptionalDate


class PlanAction(Base):
    __tablename__ = "plan_actions"

    plan_action_id: Mapped[str] = key()
    priority_id: Mapped[str] = mapped_column(ForeignKey("plan_priorities.priority_id"), index=True)
    action_text: Text
    action_owner_id: OptionalText  # a worker id: the action joins their worklist
    action_due_date: Mapped[dt.date]
    action_completed_date: OptionalDate
