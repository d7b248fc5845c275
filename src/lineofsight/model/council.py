"""Facts about the council itself that computations need, such as its child population."""

from __future__ import annotations

from sqlalchemy.orm import Mapped

from lineofsight.model.base import Base, key


class CouncilFact(Base):
    """A named fact (council name, population aged 0-17, synthetic profile and seed)."""

    __tablename__ = "council"

    fact: Mapped[str] = key()
    value: Mapped[str]
