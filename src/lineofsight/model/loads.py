"""The history of loads: which return was loaded when, and what it changed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Mapped

from lineofsight.model.base import Base, Text, key


class Load(Base):
    """One file loaded (or refused), so that an analyst can see where the data came from."""

    __tablename__ = "loads"

    load_id: Mapped[str] = key()
    loaded_at: Mapped[dt.datetime]
    load_kind: Text  # annex-a, cin, 903
    load_source: Text  # the file's name, without its folder
    load_status: Text  # loaded, refused
    inserted: Mapped[int]
    updated: Mapped[int]
    unchanged: Mapped[int]
    rejected: Mapped[int]
    message: Mapped[str | None]
