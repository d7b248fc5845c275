"""The Public Law Outline: pre-proceedings and care proceedings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from lineofsight.model.base import Base, OptionalDate, OptionalText, key


class PreProceedings(Base):
    """The pre-proceedings stage, from the decision to begin it to step-down or issue, with the
    family group decision-making meeting that must be offered before a care order is applied for
    (Children's Wellbeing and Schools Act 2026). The CIN census carries it from 2026-27
    (PreProceedingsandFGDM); a case-management extract carries it whole."""

    __tablename__ = "pre_proceedings"

    pre_proceedings_id: Mapped[str] = key()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    referral_id: OptionalText  # the CIN episode the census gave it in (no foreign key: see keys)
    pre_proceedings_start_date: Mapped[dt.date]  # the decision to begin (census PPStartDate)
    letter_before_proceedings_date: OptionalDate  # LBPSentDate
    fgdm_offered: Mapped[bool | None]  # FGDMMeetingOffer: a meeting offered in the letter
    fgdm_held: Mapped[bool | None]  # FGDMMeetingFac: a meeting facilitated after the offer
    initial_meeting_date: OptionalDate  # InitialPPMeetingDate
    review_meetings: Mapped[int | None]  # ReviewMeetingsCount
    pre_proceedings_end_date: OptionalDate  # the decision to step up or down (StepDecisionDate)
    pre_proceedings_outcome: OptionalText  # step_down, issue
    pre_proceedings_outcome_code: OptionalText  # the census's PPOutcome (A, B or C) as given
    court_application_date: OptionalDate  # CourtAppDate
    proceedings_letter_date: OptionalDate  # LetterInitCPDate: the letter initiating proceedings


class CareProceedings(Base):
    """Care (or supervision) proceedings, from issue to the final order (26-week limit)."""

    __tablename__ = "care_proceedings"

    care_proceedings_id: Mapped[str] = key()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    issue_date: Mapped[dt.date]
    final_order_date: OptionalDate
    final_order: OptionalText  # care_order, supervision_order, sgo, placement_order, no_order
