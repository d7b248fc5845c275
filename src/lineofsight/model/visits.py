"""Visits of every kind to a child: child protection, child in need, looked after, care leaver,
private fostering."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from lineofsight.model.base import Base, OptionalText, Text, key


class Visit(Base):
    """A visit by a worker to a child, and whether the child was seen, and seen alone."""

    __tablename__ = "visits"

    visit_id: Mapped[str] = key()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    visit_kind: Text  # cp, cin, cla, care_leaver, private_fostering
    visit_date: Mapped[dt.date]
    visit_seen: Mapped[bool] = mapped_column(default=True)
    visit_seen_alone: Mapped[bool] = mapped_column(default=False)
    worker_id: OptionalText
