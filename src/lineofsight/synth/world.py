"""The simulated council: a calendar of events worked through one day at a time.

Every process schedules its next event (an assessment's completion, a visit, a review) on a day;
the day loop runs the day's arrivals, then its events in the order they were scheduled. Events for a
record that has since moved on (a visit due on a plan that has ended) find it changed and lapse.
Nothing is scheduled after the last day, so a record still open then stays open in the data.

One `random.Random(seed)` drives everything, and every collection iterated is ordered, so a
profile and seed always give the same council.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from typing import Any

from lineofsight.synth import initial_stock, pressure
from lineofsight.synth.allocations import Allocations
from lineofsight.synth.audits import Audits
from lineofsight.synth.care_duties import CareDuties
from lineofsight.synth.care_leavers import CareLeavers
from lineofsight.synth.child_protection import ChildProtection
from lineofsight.synth.children import Child
from lineofsight.synth.clock import Clock, add_months
from lineofsight.synth.community import Community
from lineofsight.synth.front_door import FrontDoor
from lineofsight.synth.legal import Legal
from lineofsight.synth.looked_after import LookedAfter
from lineofsight.synth.permanence import Permanence
from lineofsight.synth.placements import Placements
from lineofsight.synth.profiles import Profile
from lineofsight.synth.records import Records
from lineofsight.synth.referrals import Referrals
from lineofsight.synth.visits import Visits
from lineofsight.synth.workforce import Workforce

Progress = Callable[[str, int, int], None]
Event = tuple[int, int, Callable[..., None], tuple[Any, ...]]

# A child's work is paced by their own team's pressure and the whole service's, equally: teams
# borrow from each other, and a single team's pressure feeding only on itself would run away.
TEAM_WEIGHT = 0.0


class World:
    def __init__(self, profile: Profile, seed: int, first: int, last: int, population: int) -> None:
        self.profile = profile
        self.practice = profile.practice
        self.population = population
        self.scale = population / 10_000
        self.rng = random.Random(seed)
        # Who takes a case draws from a stream of its own, so that how children are shared among a
        # team's workers does not shift every other draw of the simulation.
        self.allocation_rng = random.Random(f"{seed}/allocation")
        self.first = first
        self.last = last
        self.today = first
        self.clock = Clock(first - 400, last + 3 * 366)
        self.records = Records()
        self._queue: list[Event] = []
        self._sequence = 0
        self.service_pressure = 1.0
        self.workforce = Workforce(self)
        self.allocations = Allocations(self)
        self.front_door = FrontDoor(self)
        self.referrals = Referrals(self)
        self.protection = ChildProtection(self)
        self.legal = Legal(self)
        self.care = LookedAfter(self)
        self.placements = Placements(self)
        self.duties = CareDuties(self)
        self.permanence = Permanence(self)
        self.leavers = CareLeavers(self)
        self.visits = Visits(self)
        self.community = Community(self)
        self.audits = Audits(self)

    # ------------------------------------------------------------------------------ scheduling
    def at(self, day: int, action: Callable[..., None], *args: Any) -> None:
        """Run `action(*args)` on `day` (today at the earliest); dropped when after the last day."""
        if day > self.last:
            return
        self._sequence += 1
        heapq.heappush(self._queue, (max(day, self.today), self._sequence, action, args))

    def wd(self, day: int, working_days: float) -> int:
        return self.clock.add(day, round(working_days))

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def pick(self, weighted: tuple[tuple[str, float], ...]) -> str:
        total = sum(weight for _, weight in weighted)
        target = self.rng.random() * total
        for value, weight in weighted:
            target -= weight
            if target < 0:
                return value
        return weighted[-1][0]

    def pressure_for(self, child: Child) -> float:
        """The pressure on the work for this child: their team's and the service's."""
        team = child.team
        if team is None:
            return self.service_pressure
        return float(team.pressure**TEAM_WEIGHT * self.service_pressure ** (1.0 - TEAM_WEIGHT))

    # ------------------------------------------------------------------------------- the run
    def run(self, progress: Progress | None = None) -> None:
        months = (self.last - self.first) // 30 + 1
        month = 0
        next_review = add_months(self.first, 3)
        self.workforce.build(initial_stock.establishment(self))
        initial_stock.seed(self)
        for day in range(self.first, self.last + 1):
            self.today = day
            self.workforce.update_pressure()
            self.service_pressure = pressure.smoothed(
                self.service_pressure, self.workforce.service_pressure()
            )
            self.audits.observe(day)
            if (day - self.first) % 7 == 0:
                self.workforce.weekly_leaving()
                self.placements.weekly_moves()
            if day == next_review:
                self.workforce.review_establishment(
                    self.front_door.contacts_a_year, cuts=day >= add_months(self.first, 24)
                )
                next_review = add_months(next_review, 3)
            self.front_door.arrivals(day)
            self.community.arrivals(day)
            queue = self._queue
            while queue and queue[0][0] <= day:
                _, _, action, args = heapq.heappop(queue)
                action(*args)
            if progress is not None and (day - self.first) // 30 != month:
                month = (day - self.first) // 30
                progress("Simulating the council", month, months)
        if progress is not None:
            progress("Simulating the council", months, months)

    # ------------------------------------------------------------------- cross-cutting events
    def on_worker_change(self, child: Child) -> None:
        """A new worker has to pick the work up: an open assessment takes longer."""
        self.referrals.handover(child)

    def known(self, child: Child) -> None:
        """The child's first referral: from now on their 18th birthday matters to the council."""
        if not child.known:
            child.known = True
            self.at(child.birthday_18, self.turns_18, child)

    def turns_18(self, child: Child) -> None:
        day = self.today
        if child.cla is not None:
            self.care.cease(child, day, "age_18")
        elif child.episode is not None:
            self.referrals.close_at_18(child, day)

    def finish(self) -> None:
        """Record what is only known at the end: each care leaver's current personal adviser, and the
        case audits, drawn from the whole run."""
        for child in self.leavers.young_people.values():
            if child.care_leaver is not None and child.worker is not None:
                child.care_leaver["personal_adviser_id"] = child.worker.worker_id
        self.audits.programme()
