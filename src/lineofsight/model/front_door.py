"""The front door: contacts and early help, before a referral to children's social care."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from lineofsight.model.base import Base, OptionalDate, OptionalText, Text, key


class Contact(Base):
    """A contact about a child, and the front door's decision on it."""

    __tablename__ = "contacts"

    contact_id: Mapped[str] = key()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    contact_date_time: Mapped[dt.datetime]
    contact_source_code: Text  # CIN census referral source codes (1A police ... 10 anonymous)
    contact_decision_date: OptionalDate
    contact_outcome: OptionalText  # referral, early_help, advice, no_further_action


class EarlyHelpEpisode(Base):
    """A period of early help coordinated by the council or a partner."""

    __tablename__ = "early_help_episodes"

    episode_id: Mapped[str] = key()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    episode_start_date: Mapped[dt.date]
    episode_end_date: OptionalDate
    episode_reason: OptionalText
    episode_end_reason: OptionalText
    episode_organisation: OptionalText
