"""The child (or young person) at the centre of every record, and what a return says of a child for
its collection year."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from lineofsight.model.base import Base, Date, OptionalDate, OptionalText, Text, key


class Person(Base):
    """One child or young person known to children's social care. Names are fictional in synthetic data."""

    __tablename__ = "person"

    person_id: Mapped[str] = key()
    # The returns carry no names: a child loaded from them has none.
    person_forename: OptionalText
    person_surname: OptionalText
    person_sex: Text  # CIN census / 903 codes: 1 male, 2 female, 0 not known, 9 not stated
    person_ethnicity: Text  # DfE ethnicity codes (WBRI, MWBC, ...)
    person_dob: Date
    person_upn: OptionalText
    person_former_upn: OptionalText  # CIN census FormerUPN: a UPN the child had before this one
    person_death_date: OptionalDate
    person_disability: Mapped[bool] = mapped_column(default=False)
    # The CIN census's disability codes as given, comma separated (AUT,DDA,MOB; NONE for none), so
    # that a census written again says each one; None when no census has said them.
    person_disability_codes: OptionalText
    person_uasc: Mapped[bool] = mapped_column(default=False)
    person_uasc_end_date: OptionalDate  # 903 UASC DUC: when the child stopped being one (as given)


class ChildYear(Base):
    """What one statutory return said of a child for its collection year that is not an event of the
    child's journey, kept as given so that the return written again says it: the reason the child
    has no UPN (UN1 to UN10, which changes with the child's age and year), and in the SSDA903
    whether a looked-after girl is a mother, with her child's date of birth. One row per child,
    return and year."""

    __tablename__ = "child_years"

    child_year_id: Mapped[str] = key()  # child/903/2026, child/cin/2026
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    return_kind: Text  # cin or 903
    collection_year: Mapped[int]  # by the year it ends
    upn_unknown: OptionalText  # CIN UPNunknown, or the 903's UPN when it is a UN code
    mother: OptionalText  # 903 MOTHER: 1, 0 or None (blank)
    mother_child_dob: Mapped[dt.date | None]  # 903 MC_DOB
