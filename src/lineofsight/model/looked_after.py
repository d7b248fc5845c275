"""Children looked after: periods of care, legal statuses, placements, reviews, health and education.

A row of `cla_episodes` is a *period of care*, from becoming looked after to ceasing. The SSDA903
return's "episodes" (a new one at every change of placement or legal status) are derived from the
periods, placements and legal statuses here, so that a change of legal status alone is never mistaken
for a move.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from lineofsight.model.base import Base, OptionalDate, OptionalText, Text, key


class ClaEpisode(Base):
    """A period of being looked after."""

    __tablename__ = "cla_episodes"

    cla_episode_id: Mapped[str] = key()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    referral_id: OptionalText
    cla_episode_start_date: Mapped[dt.date]
    cla_episode_start_reason: Text  # 903 RNE: S new period of care
    cla_primary_need_code: Text  # N1-N8
    cla_episode_ceased_date: OptionalDate
    cla_episode_ceased_reason: OptionalText  # 903 REC codes: E11 adopted, E4A returned home, E8 ...
    home_postcode: OptionalText
    # True when the start is only the first day a return showed (its first episode continued a period
    # begun before the return, and nothing loaded says when): the period began then or earlier.
    cla_episode_start_provisional: Mapped[bool] = mapped_column(default=False)


class LegalStatus(Base):
    """A legal status while looked after (903 LS codes: C2 full care order, V2 section 20, ...)."""

    __tablename__ = "legal_statuses"

    legal_status_id: Mapped[str] = key()
    cla_episode_id: Mapped[str] = mapped_column(ForeignKey("cla_episodes.cla_episode_id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    legal_status: Text
    legal_status_start_date: Mapped[dt.date]
    legal_status_end_date: OptionalDate
    legal_status_start_provisional: Mapped[bool] = mapped_column(default=False)  # as cla_episodes'


class Placement(Base):
    """A placement while looked after, with the details stability and sufficiency measures need."""

    __tablename__ = "placements"

    placement_id: Mapped[str] = key()
    cla_episode_id: Mapped[str] = mapped_column(ForeignKey("cla_episodes.cla_episode_id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    placement_start_date: Mapped[dt.date]
    placement_end_date: OptionalDate
    placement_type: Text  # 903 PLACE codes: U1-U6 foster, K2 children's home, A3-A6 adoption, ...
    placement_provider: OptionalText  # 903 PLACE_PROVIDER: PR1 own provision ... PR5 private
    placement_urn: OptionalText
    placement_postcode: OptionalText
    placement_distance_miles: Mapped[float | None]
    placement_long_term: Mapped[bool] = mapped_column(default=False)
    placement_change_reason: OptionalText  # 903 REASON_PLACE_CHANGE: CARPL, CLOSE, ALLEG, ...
    connected_person_temporary_approval_date: OptionalDate  # regulation 24
    connected_person_extension_date: OptionalDate  # regulation 25
    connected_person_full_approval_date: OptionalDate
    placement_start_provisional: Mapped[bool] = mapped_column(default=False)  # as cla_episodes'


class ClaReview(Base):
    """A looked-after child's review (regulation 33)."""

    __tablename__ = "cla_reviews"

    cla_review_id: Mapped[str] = key()
    cla_episode_id: Mapped[str] = mapped_column(ForeignKey("cla_episodes.cla_episode_id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    cla_review_due_date: OptionalDate
    cla_review_date: Mapped[dt.date]
    cla_review_participation: OptionalText  # 903 REVIEW_CODE PN0-PN7


class HealthAssessment(Base):
    """An initial or review health assessment, or a dental check."""

    __tablename__ = "health_assessments"

    health_assessment_id: Mapped[str] = key()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    health_assessment_type: Text  # initial, review, dental
    health_assessment_date: Mapped[dt.date]


class HealthOutcome(Base):
    """What an SSDA903 return's OC2 table said of a child looked after continuously for 12 months at
    31 March: each answer as the return gave it (1, 0 or blank; an SDQ score and reason), so that a
    return loaded and written again says the same. OC2 says whether a health assessment or dental
    check was held in the year, not when: nothing here is a dated assessment."""

    __tablename__ = "health_outcomes"

    health_outcome_id: Mapped[str] = key()  # child/oc2/year
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    collection_year: Mapped[int]  # by the year it ends
    sdq_score: OptionalText
    sdq_reason: OptionalText
    convicted: OptionalText
    health_check: OptionalText
    immunisations: OptionalText
    teeth_check: OptionalText
    health_assessment: OptionalText
    substance_misuse: OptionalText
    intervention_received: OptionalText
    intervention_offered: OptionalText


class DeprivationOfLiberty(Base):
    """An order depriving a looked-after child of their liberty outside a secure children's home
    (the SSDA903's DoLo table, collected from 2026-27), from its start to its end."""

    __tablename__ = "deprivations_of_liberty"

    deprivation_of_liberty_id: Mapped[str] = key()  # child/deprivation-of-liberty/start
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    deprivation_start_date: Mapped[dt.date]  # DOLO_START
    deprivation_end_date: OptionalDate  # DOLO_END


class PersonalEducationPlan(Base):
    """A personal education plan (PEP) meeting or review."""

    __tablename__ = "personal_education_plans"

    pep_id: Mapped[str] = key()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    pep_review_date: Mapped[dt.date]


class MissingEpisode(Base):
    """A missing (or away from placement) episode and the return-home interview after it.

    Times are kept, not just dates, because the interview is due within 72 hours of return.
    """

    __tablename__ = "missing_episodes"

    missing_episode_id: Mapped[str] = key()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    missing_episode_type: Text  # missing or away
    missing_episode_start: Mapped[dt.datetime]
    missing_episode_end: Mapped[dt.datetime | None]
    rhi_offered_at: Mapped[dt.datetime | None]
    rhi_accepted: Mapped[bool | None]
