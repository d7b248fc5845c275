"""The child (or young person) at the centre of every record."""

from __future__ import annotations

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
    person_uasc: Mapped[bool] = mapped_column(default=False)
