"""Private fostering arrangements notified to the council."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from lineofsight.model.base import Base, OptionalDate, key


class PrivateFosteringArrangement(Base):
    """A private fostering arrangement; visits are in `visits` with kind private_fostering."""

    __tablename__ = "private_fostering"

    arrangement_id: Mapped[str] = key()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    notification_date: Mapped[dt.date]
    arrangement_start_date: Mapped[dt.date]
    arrangement_end_date: OptionalDate
