"""Care leavers: entitlement, personal advisers, pathway plans, contact, accommodation and activity."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from lineofsight.model.base import Base, OptionalDate, OptionalText, Text, key


class CareLeaver(Base):
    """A young person's entitlement to leaving-care services."""

    __tablename__ = "care_leavers"

    care_leaver_id: Mapped[str] = key()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    care_leaver_eligibility: Text  # eligible, relevant, former_relevant, qualifying
    care_leaver_eligibility_date: Mapped[dt.date]
    care_leaver_end_date: OptionalDate
    personal_adviser_id: OptionalText


class CareLeaverContact(Base):
    """Contact with a care leaver, with their accommodation and activity as then recorded."""

    __tablename__ = "care_leaver_contacts"

    care_leaver_contact_id: Mapped[str] = key()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    contact_date: Mapped[dt.date]
    in_touch: Text  # 903 IN_TOUCH: YES, NO, DIED, REFU, NREQ, RHOM
    accommodation: OptionalText  # 903 ACCOM codes
    accommodation_suitable: Mapped[bool | None]
    activity: OptionalText  # 903 ACTIV codes: F1/P1 education, F2/P2 training or employment, ...


class CareLeaverOutcome(Base):
    """What an SSDA903 return's OC3 table said of a care leaver around their birthday in its
    collection year, each answer as given (IN_TOUCH, and ACTIV and ACCOM with 0 for "no
    information"), so that a return loaded and written again says the same. The contact on the
    birthday that measures read (`care_leaver_contacts`) is made from it as well."""

    __tablename__ = "care_leaver_outcomes"

    care_leaver_outcome_id: Mapped[str] = key()  # child/oc3/year
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    collection_year: Mapped[int]  # by the year it ends
    in_touch: OptionalText
    activity: OptionalText
    accommodation: OptionalText


class PathwayPlanReview(Base):
    """A review of a young person's pathway plan."""

    __tablename__ = "pathway_plan_reviews"

    pathway_plan_review_id: Mapped[str] = key()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    pathway_plan_review_date: Mapped[dt.date]
