"""The workforce: teams, posts, workers, allocations of children to workers, and supervision.

Everything is dated so that caseloads, vacancies, turnover and changes of social worker can be
computed as at any day. A worker row is one spell of employment; `staff_id` joins the spells of
someone who leaves and comes back.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from lineofsight.model.base import Base, OptionalDate, OptionalText, Text, key


class Team(Base):
    """A team, and the part of the child's journey it serves."""

    __tablename__ = "teams"

    team_id: Mapped[str] = key()
    team_name: Text
    team_function: Text  # front_door, assessment, safeguarding, children_in_care, care_leavers
    team_parent_name: OptionalText  # the service the team sits in


class Post(Base):
    """An established post; vacant on any day no worker holds it."""

    __tablename__ = "posts"

    post_id: Mapped[str] = key()
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.team_id"), index=True)
    post_role: Text  # social_worker, manager, personal_adviser
    post_fte: Mapped[float]
    post_start_date: Mapped[dt.date]
    post_end_date: OptionalDate


class Worker(Base):
    """One spell of a worker in a post (names fictional in synthetic data)."""

    __tablename__ = "workers"

    worker_id: Mapped[str] = key()
    staff_id: Text
    post_id: Mapped[str | None] = mapped_column(ForeignKey("posts.post_id"), index=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.team_id"), index=True)
    worker_forename: OptionalText  # none for a worker known only from a return (the 903 names no one)
    worker_surname: OptionalText
    # Social Work England's registration number (the SSD's prof_social_worker_registration_no, the
    # workforce census's SWENo): how the census's record of a worker is matched to the case-management
    # system's.
    social_worker_registration_no: OptionalText
    worker_role: Text  # qualified_social_worker, asye, manager, personal_adviser
    worker_agency: Mapped[bool] = mapped_column(default=False)
    worker_fte: Mapped[float | None]  # not known for a worker known only from a return
    worker_case_holding: Mapped[bool] = mapped_column(default=True)
    worker_start_date: Mapped[dt.date]
    worker_leave_date: OptionalDate  # last day in post
    asye_end_date: OptionalDate  # a first-year (ASYE) worker's year ends here
    # True when the spell's dates are not known: a case-management extract names its workers but not
    # when they joined or left, so the start is only the first day it shows them working, and the
    # spell is not counted as in post until the workforce census (or an HR extract) gives its dates.
    worker_start_provisional: Mapped[bool] = mapped_column(default=False)


class Allocation(Base):
    """A child allocated to a worker for a time; each new allocation is a change of worker."""

    __tablename__ = "allocations"

    allocation_id: Mapped[str] = key()
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    worker_id: Mapped[str] = mapped_column(ForeignKey("workers.worker_id"), index=True)
    team_id: Text
    allocation_start_date: Mapped[dt.date]
    allocation_end_date: OptionalDate
    allocation_end_reason: OptionalText  # case_closed, transfer, worker_left
    # Why the 903's social worker episode began (SW_REASON as given: FCONTA, LEFTRL, MANAGE, ...): a
    # return cannot say how the allocation before it ended when that allocation is not in it.
    allocation_start_reason: OptionalText


class UnallocatedSpell(Base):
    """A time a looked-after child had no allocated social worker: the 903's social worker episodes
    with the unknown worker XXXX, kept as given so that the return written again says them."""

    __tablename__ = "unallocated_spells"

    unallocated_spell_id: Mapped[str] = key()  # child/unallocated/start
    person_id: Mapped[str] = mapped_column(ForeignKey("person.person_id"), index=True)
    spell_start_date: Mapped[dt.date]
    spell_end_date: OptionalDate
    spell_start_reason: OptionalText  # SW_REASON as given


class Supervision(Base):
    """A recorded supervision session."""

    __tablename__ = "supervisions"

    supervision_id: Mapped[str] = key()
    worker_id: Mapped[str] = mapped_column(ForeignKey("workers.worker_id"), index=True)
    supervisor_id: OptionalText
    supervision_date: Mapped[dt.date]
