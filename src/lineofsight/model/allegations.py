"""Allegations against people who work with children, referred to the designated officer (LADO)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Mapped

from lineofsight.model.base import Base, OptionalDate, OptionalText, key


class Allegation(Base):
    """An allegation referred to the designated officer, and when and how it was resolved."""

    __tablename__ = "allegations"

    allegation_id: Mapped[str] = key()
    referral_date: Mapped[dt.date]
    sector: OptionalText  # education, health, social_care, police, faith, sport, other
    resolution_date: OptionalDate
    outcome: OptionalText  # substantiated, unsubstantiated, unfounded, false, malicious
