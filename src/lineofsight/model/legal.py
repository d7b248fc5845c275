"""The Public Law Outline: pre-proceedings and care proceedings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from lineofsight.model.base import Base, OptionalDate, OptionalText, key


class PreProceedings(Base):
    """The pre-proceedings stage, from the letter before proceedings to step-down or issue."""

    __tablename__ = "pre_proceedings"

    pre_proceedings_id: Mapped[str] = key()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    pre_proceedings_start_date: Mapped[dt.date]
    initial_meeting_date: OptionalDate
    pre_proceedings_end_date: OptionalDate
    pre_proceedings_outcome: OptionalText  # step_down, issue


class CareProceedings(Base):
    """Care (or supervision) proceedings, from issue to the final order (26-week limit)."""

    __tablename__ = "care_proceedings"

    care_proceedings_id: Mapped[str] = key()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    issue_date: Mapped[dt.date]
    final_order_date: OptionalDate
    final_order: OptionalText  # care_order, supervision_order, sgo, placement_order, no_order
