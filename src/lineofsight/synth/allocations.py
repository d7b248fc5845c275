"""Allocating children to social workers, and every change of worker a child lives through.

A child is held by a team (chosen by where they live) and allocated to the least loaded of three of
its workers, as a manager shares cases by judgement rather than by strict rota: each worker's load
counts a first-year worker's protected caseload, the capacity the manager sees in them, and, for a
new starter, how far their caseload has been built up. Caseloads in one team therefore differ, as in
a real council, and nobody holds a full caseload in their first week.

A child changes worker when they move between teams (assessment, then safeguarding, then children in
care) and whenever their worker leaves. A case coming into a team, and a child whose worker has
left, may wait unallocated for a while, more often and for longer when the team is under pressure;
children waiting are allocated as soon as a worker is free to take them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lineofsight.synth import pressure
from lineofsight.synth.clock import date_of

if TYPE_CHECKING:
    from lineofsight.synth.children import Child
    from lineofsight.synth.staff import Team, Worker
    from lineofsight.synth.world import World

GAP_CHANCE = 0.15  # chance, at the reference caseload, that a reallocation is not immediate
GAP_MEAN_DAYS = 5.0
WAIT_CHANCE = 0.05  # chance, at the reference caseload, that a case coming into a team waits
WAIT_MEAN_DAYS = 10.0
# A new worker joining a team above this pressure is given a share of its busiest workers' children.
REBALANCE_PRESSURE = 1.2
REBALANCE_SHARE = 0.6
# Workers' capacities: about a full caseload each, some given more and some fewer (standard deviation
# and bounds as multiples of the cap).
CAPACITY_SPREAD = 0.12
CAPACITY_BOUNDS = (0.75, 1.25)


class Allocations:
    def __init__(self, world: World) -> None:
        self.world = world
        self.rng = world.allocation_rng

    def capacity(self) -> float:
        """A new worker's capacity, as a multiple of a full caseload."""
        low, high = CAPACITY_BOUNDS
        return min(high, max(low, self.rng.gauss(1.0, CAPACITY_SPREAD)))

    def team_for(self, child: Child, function: str) -> Team:
        teams = self.world.workforce.teams[function]
        return teams[int(child.locality * len(teams))]

    def allocate(self, child: Child, function: str, day: int) -> None:
        """The child becomes a case of the function's team for their area (a transfer if held elsewhere)."""
        team = self.team_for(child, function)
        if child.team is team:
            return
        if child.team is not None:
            self._leave_team(child, day - 1, "transfer")
        child.team = team
        team.cases += 1
        child.available_from = day + self._wait(team)
        if child.available_from > day:
            self.world.at(child.available_from, self._retry, child)
        self._assign(child, day)

    def _wait(self, team: Team) -> int:
        """Days a case coming into the team waits for a worker: none, usually, unless under pressure."""
        rng = self.world.rng
        if rng.random() >= pressure.scaled_chance(WAIT_CHANCE, team.pressure, pressure.ALLOCATION_GAP):
            return 0
        return 1 + int(rng.expovariate(1.0 / (WAIT_MEAN_DAYS * pressure.delay_factor(team.pressure, 1.0))))

    def release(self, child: Child, day: int) -> None:
        """The case closes (or the young person leaves the team's service) on `day`."""
        if child.team is not None:
            self._leave_team(child, day, "case_closed")
            child.team = None

    def _leave_team(self, child: Child, last_day: int, reason: str) -> None:
        team = child.team
        assert team is not None
        team.cases -= 1
        team.waiting.pop(child.person_id, None)
        self._end(child, last_day, reason)

    def _end(self, child: Child, last_day: int, reason: str) -> None:
        row = child.allocation
        worker = child.worker
        if row is None or worker is None:
            return
        start = row["allocation_start_date"].toordinal()
        if last_day < start:
            # Allocated and moved on the same day: no real change of worker, so no record of it.
            self.world.records.discard(row)
        else:
            row["allocation_end_date"] = date_of(last_day)
            row["allocation_end_reason"] = reason
        worker.children.pop(child.person_id, None)
        child.allocation = None
        child.worker = None

    def _candidates(self, team: Team) -> list[Worker]:
        workers = [w for w in team.workers if w.case_holding or w.role == "personal_adviser"]
        if workers:
            return workers
        # A team with nobody in post borrows from the function's other teams.
        return [
            w
            for other in self.world.workforce.teams[team.function]
            for w in other.workers
            if w.case_holding or w.role == "personal_adviser"
        ]

    def _assign(self, child: Child, day: int) -> None:
        team = child.team
        assert team is not None
        candidates = self._candidates(team) if day >= child.available_from else []
        if not candidates:
            team.waiting[child.person_id] = child
            return
        today = self.world.today
        drawn = self.rng.sample(candidates, 3) if len(candidates) > 3 else candidates
        self._assign_to(child, min(drawn, key=lambda w: w.load(today)), day)

    def _assign_to(self, child: Child, worker: Worker, day: int) -> None:
        team = child.team
        assert team is not None
        team.waiting.pop(child.person_id, None)
        if worker.team is not team:
            team.cases -= 1
            worker.team.cases += 1
            child.team = worker.team
        child.worker = worker
        worker.children[child.person_id] = child
        child.allocation = self.world.records.add(
            "allocations",
            allocation_id=self.world.records.next_id("AL", 7),
            person_id=child.person_id,
            worker_id=worker.worker_id,
            team_id=worker.team.team_id,
            allocation_start_date=date_of(max(day, worker.start)),
        )

    def worker_left(self, worker: Worker, last_day: int, *, handover: bool) -> None:
        """End the leaver's allocations; each child is reallocated, perhaps after a gap."""
        world = self.world
        rng = world.rng
        for child in list(worker.children.values()):
            self._end(child, last_day, "worker_left")
            gap = 0
            chance = pressure.scaled_chance(GAP_CHANCE, worker.team.pressure, pressure.ALLOCATION_GAP)
            if not handover and rng.random() < chance:
                gap = 1 + int(
                    rng.expovariate(1.0 / (GAP_MEAN_DAYS * pressure.delay_factor(worker.team.pressure, 1.0)))
                )
            child.available_from = last_day + 1 + gap
            world.at(child.available_from, self._retry, child)
            if child.team is not None:
                child.team.waiting[child.person_id] = child
            world.on_worker_change(child)

    def _retry(self, child: Child) -> None:
        if child.team is not None and child.worker is None:
            self._assign(child, self.world.today)

    def worker_joined(self, worker: Worker) -> None:
        """A new worker takes on children waiting for allocation and, in an overloaded team, some
        children from its busiest workers, week by week as their caseload is built up: each of those
        is a change of worker too."""
        today = self.world.today
        for other in self.world.workforce.teams[worker.team.function]:
            for child in list(other.waiting.values()):
                if child.available_from <= today:
                    self._assign(child, today)
        self._rebalance(worker)

    def _rebalance(self, worker: Worker) -> None:
        """While a new starter's caseload is being built up in an overloaded team, their manager moves
        them a share of their busiest colleagues' children, more each week as their capacity grows."""
        today = self.world.today
        team = worker.team
        if worker.left or not worker.case_holding:
            return
        if worker.ramp(today) < 1.0:
            self.world.at(today + 7, self._rebalance, worker)
        if team.pressure < REBALANCE_PRESSURE:
            return
        colleagues = [w for w in team.workers if w is not worker and w.case_holding]
        if not colleagues:
            return
        share = sum(len(w.children) for w in colleagues) / sum(w.fte for w in colleagues)
        while len(worker.children) < REBALANCE_SHARE * share * worker.fte * worker.ramp(today):
            busiest = max(colleagues, key=lambda w: w.load(today))
            if not busiest.children:
                return
            child = next(reversed(busiest.children.values()))
            self._end(child, today - 1, "transfer")
            child.available_from = today
            self._assign_to(child, worker, today)
            self.world.on_worker_change(child)
