"""Referrals and the children-in-need episodes they open, with assessments and CIN plans.

As in the CIN census, a referral to children's social care opens an episode of need; the episode
closes with a reason (RC1-RC9) and, good practice requires, a manager's recorded decision to close it
or step it down. The SSD calls this table `ssd_cin_episodes`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from lineofsight.model.base import Base, OptionalDate, OptionalText, Text, key


class CinEpisode(Base):
    """A referral and the episode of need it opens."""

    __tablename__ = "cin_episodes"

    referral_id: Mapped[str] = key()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    contact_id: OptionalText
    referral_date: Mapped[dt.date]
    referral_source_code: Text
    cin_primary_need_code: Text  # N1 abuse or neglect ... N9 absent parenting, N0 not stated
    referral_nfa: Mapped[bool] = mapped_column(default=False)
    close_date: OptionalDate
    close_reason: OptionalText  # RC1 adopted ... RC9 case closed after assessment, no further action
    closure_decision: OptionalText  # close or step_down, the manager's decision
    closure_decision_date: OptionalDate
    closure_manager_id: OptionalText  # None: closed with no recorded manager's decision
    team_id: OptionalText
    worker_id: OptionalText


class Assessment(Base):
    """A child and family (single) assessment."""

    __tablename__ = "assessments"

    assessment_id: Mapped[str] = key()
    referral_id: Mapped[str] = mapped_column(ForeignKey("cin_episodes.referral_id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    assessment_start_date: Mapped[dt.date]
    assessment_child_seen_date: OptionalDate
    assessment_internal_review_date: OptionalDate  # CIN census AssessmentInternalReviewDate
    assessment_auth_date: OptionalDate  # completion: the manager's authorisation
    assessment_outcome: OptionalText  # nfa, cin_plan, s47, care, early_help
    assessment_factors: OptionalText  # CIN census factor codes, comma separated
    team_id: OptionalText
    worker_id: OptionalText


class CinPlan(Base):
    """A child in need plan (section 17)."""

    __tablename__ = "cin_plans"

    cin_plan_id: Mapped[str] = key()
    referral_id: Mapped[str] = mapped_column(ForeignKey("cin_episodes.referral_id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    cin_plan_start_date: Mapped[dt.date]
    cin_plan_end_date: OptionalDate
