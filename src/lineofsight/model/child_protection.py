"""Child protection: strategy discussions, section 47 enquiries, conferences, plans and reviews."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from lineofsight.model.base import Base, OptionalDate, OptionalText, key


class StrategyDiscussion(Base):
    """A strategy discussion or meeting, where a section 47 enquiry is decided on."""

    __tablename__ = "strategy_discussions"

    strategy_discussion_id: Mapped[str] = key()
    referral_id: Mapped[str] = mapped_column(ForeignKey("cin_episodes.referral_id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    strategy_discussion_date: Mapped[dt.date]
    strategy_discussion_outcome: OptionalText  # s47 or no_s47


class S47Enquiry(Base):
    """A section 47 enquiry. Its outcome says whether an initial conference is needed."""

    __tablename__ = "s47_enquiries"

    s47_enquiry_id: Mapped[str] = key()
    referral_id: Mapped[str] = mapped_column(ForeignKey("cin_episodes.referral_id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    strategy_discussion_id: OptionalText
    s47_start_date: Mapped[dt.date]
    # The CIN census's InitialCPCtarget as given (15 working days after the start, as the council
    # counted them); None where no census said it.
    icpc_target_date: OptionalDate
    s47_end_date: OptionalDate
    s47_outcome: OptionalText  # icpc, nfa, cin_plan
    team_id: OptionalText
    worker_id: OptionalText


class InitialCpConference(Base):
    """An initial child protection conference (ICPC)."""

    __tablename__ = "initial_cp_conferences"

    icpc_id: Mapped[str] = key()
    s47_enquiry_id: OptionalText
    referral_id: Mapped[str] = mapped_column(ForeignKey("cin_episodes.referral_id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    icpc_date: Mapped[dt.date]
    icpc_outcome_cp_plan: Mapped[bool]
    icpc_transfer_in: Mapped[bool] = mapped_column(default=False)


class CpPlan(Base):
    """A child protection plan, with its initial and latest category of abuse."""

    __tablename__ = "cp_plans"

    cp_plan_id: Mapped[str] = key()
    referral_id: Mapped[str] = mapped_column(ForeignKey("cin_episodes.referral_id"), index=True)
    icpc_id: OptionalText
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    cp_plan_start_date: Mapped[dt.date]
    cp_plan_end_date: OptionalDate
    cp_plan_initial_category: OptionalText  # NEG, PHY, EMO, SAB, MUL
    cp_plan_latest_category: OptionalText
    # Plans the child had before this one, in any council, as the CIN census says (NumberOfPreviousCPP);
    # None when no return has said it.
    cp_plan_previous_plans: Mapped[int | None]


class CpReview(Base):
    """A child protection review conference."""

    __tablename__ = "cp_reviews"

    cp_review_id: Mapped[str] = key()
    cp_plan_id: Mapped[str] = mapped_column(ForeignKey("cp_plans.cp_plan_id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    cp_review_due_date: OptionalDate
    cp_review_date: Mapped[dt.date]
    cp_review_outcome_continue_cp: Mapped[bool] = mapped_column(default=True)
