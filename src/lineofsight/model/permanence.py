"""Adoption milestones, from the decision that a child should be placed to the adoption order."""

from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from lineofsight.model.base import Base, OptionalDate, key


class Adoption(Base):
    """One child's route to adoption (SSDA903 PLACED_ADOPTION and AD1 dates)."""

    __tablename__ = "adoptions"

    adoption_id: Mapped[str] = key()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    cla_episode_id: Mapped[str | None]
    should_be_placed_decision_date: OptionalDate
    placement_order_date: OptionalDate
    matched_date: OptionalDate
    placed_date: OptionalDate  # moved in with the adoptive family
    adoption_order_date: OptionalDate
    decision_reversed_date: OptionalDate
    fostering_for_adoption: Mapped[bool] = mapped_column(default=False)
