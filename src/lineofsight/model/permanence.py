"""Adoption milestones, from the decision that a child should be placed to the adoption order."""

from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from lineofsight.model.base import Base, OptionalDate, OptionalText, key


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
    decision_reversed_reason: OptionalText  # 903 REASON_PLACED_CEASED: RD1-RD4
    # 903 FOSTER_CARE: placed with carers approved for fostering for adoption; None where a return
    # left it blank.
    fostering_for_adoption: Mapped[bool | None] = mapped_column(default=False)
    adopters_count: OptionalText  # 903 NB_ADOPTR, as given
    adopters_sex: OptionalText  # 903 SEX_ADOPTR: M1, F1, MM, FF, MF
    adopters_legal_status: OptionalText  # 903 LS_ADOPTR: L0, L11, L12, L2, L3, L4


class PreviousPermanence(Base):
    """How a child's permanence was held before a period of care began (SSDA903 PrevPerm): a child
    who comes back into care after an adoption, a special guardianship order or a child arrangements
    order broke down is a child whose earlier plan did not hold, which leaders need to see.

    One row per period of care that the return says it about. The date is kept as the return gives
    it, because the 903 lets a council write `ZZ` for the day or month it does not know."""

    __tablename__ = "previous_permanence"

    previous_permanence_id: Mapped[str] = key()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    cla_episode_id: Mapped[str] = mapped_column(ForeignKey("cla_episodes.cla_episode_id"), index=True)
    previous_permanence_code: Mapped[str | None]  # 903 PREV_PERM: P1-P4, or Z1 (none, or not known)
    permanence_local_authority: Mapped[str | None]  # 903 LA_PERM: where the order was made
    permanence_order_date: Mapped[str | None]  # 903 DATE_PERM as given: dd/mm/yyyy, parts may be ZZ
