"""The workforce's moving parts as the simulation holds them: teams, posts and workers.

These are the live objects; each keeps a reference to the row it writes, so that a leaving date or a
post's end can be filled in when it happens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lineofsight.synth.records import Row

if TYPE_CHECKING:
    from lineofsight.synth.children import Child

ASSESSMENT = "assessment"
SAFEGUARDING = "safeguarding"
CHILDREN_IN_CARE = "children_in_care"
CARE_LEAVERS = "care_leavers"
FRONT_DOOR = "front_door"
CASE_HOLDING_FUNCTIONS = (ASSESSMENT, SAFEGUARDING, CHILDREN_IN_CARE)
FUNCTIONS = (FRONT_DOOR, ASSESSMENT, SAFEGUARDING, CHILDREN_IN_CARE, CARE_LEAVERS)

# A first-year (ASYE) worker carries a protected caseload: 18 against a qualified worker's 25.
ASYE_WEIGHT = 18 / 25
# A new starter's caseload is built up over their first weeks, not handed over on day one: their
# capacity rises from a fifth to the whole over eight weeks (four for an agency worker, engaged to
# take cases at once).
RAMP_FLOOR = 0.2
RAMP_DAYS = 56
AGENCY_RAMP_DAYS = 28


@dataclass(eq=False, slots=True)
class Post:
    post_id: str
    team: Team
    role: str  # social_worker, personal_adviser, manager
    fte: float
    row: Row
    holder: Worker | None = None  # the employed worker in post
    cover: Worker | None = None  # an agency worker covering the vacancy
    closed: bool = False
    token: int = 0  # changes when the post is filled or closed, so pending recruitment lapses


@dataclass(eq=False, slots=True)
class Worker:
    worker_id: str
    team: Team
    post: Post
    role: str
    agency: bool
    fte: float
    case_holding: bool
    row: Row
    start: int
    asye_end: int | None = None
    # How much of a full caseload this worker is given, about 1: managers share cases by judgement
    # (complexity, experience, a sibling group kept together), so caseloads in one team differ.
    capacity: float = 1.0
    children: dict[str, Child] = field(default_factory=dict)
    left: bool = False

    def load(self, today: int) -> float:
        """Children held per unit of capacity today, for choosing who takes a case."""
        weight = ASYE_WEIGHT if self.asye_end is not None and today < self.asye_end else 1.0
        return len(self.children) / (self.fte * weight * self.capacity * self.ramp(today))

    def ramp(self, today: int) -> float:
        """The share of their capacity a new starter has reached `today`: RAMP_FLOOR on their first
        day, the whole after RAMP_DAYS (AGENCY_RAMP_DAYS for an agency worker)."""
        days = AGENCY_RAMP_DAYS if self.agency else RAMP_DAYS
        reached = RAMP_FLOOR + (1.0 - RAMP_FLOOR) * max(0, today - self.start) / days
        return min(1.0, reached)


@dataclass(eq=False, slots=True)
class Team:
    team_id: str
    function: str
    index: int
    name: str
    posts: list[Post] = field(default_factory=list)
    workers: list[Worker] = field(default_factory=list)  # in post now (not the manager)
    manager: Worker | None = None
    manager_post: Post | None = None
    cases: int = 0  # children the team holds, allocated or waiting
    fte: float = 0.0  # FTE of its workers in post
    waiting: dict[str, Child] = field(default_factory=dict)
    pressure: float = 1.0  # smoothed caseload per FTE / reference
    average_cases: float = 0.0  # smoothed over about three months, for the establishment review

    @property
    def case_holding(self) -> bool:
        return self.function in CASE_HOLDING_FUNCTIONS

    def established_fte(self) -> float:
        return sum(post.fte for post in self.posts if not post.closed)
