"""Arrivals that do not come through the front door's contacts: unaccompanied asylum-seeking
children, private fostering notifications, and allegations against people who work with children.

Private fostering: the council must visit within 7 working days of a notification, then at most
every 6 weeks in the first year and 12 weeks after; the arrangement ends when the child goes home or
turns 16. Allegations go to the designated officer (LADO) and are resolved in weeks, more slowly when
the service is stretched (the former national target was 80% within a month).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lineofsight.synth import draws, pressure
from lineofsight.synth.children import Child, new_child
from lineofsight.synth.clock import add_years, date_of
from lineofsight.synth.records import Row
from lineofsight.synth.staff import SAFEGUARDING

if TYPE_CHECKING:
    from lineofsight.synth.world import World

SECTORS = (("education", 0.4), ("social_care", 0.2), ("health", 0.1), ("police", 0.05), ("faith", 0.05),
           ("sport", 0.05), ("other", 0.15))  # fmt: skip
OUTCOMES = (("substantiated", 0.3), ("unsubstantiated", 0.3), ("unfounded", 0.3), ("false", 0.08),
            ("malicious", 0.02))  # fmt: skip


class Community:
    def __init__(self, world: World) -> None:
        self.world = world
        demand = world.profile.demand
        self.uasc_rate = demand.uasc_per_10k * world.scale / 365.25
        self.fostering_rate = demand.private_fostering_per_10k * world.scale / 365.25
        self.allegation_rate = demand.allegations_per_10k * world.scale / 365.25

    def arrivals(self, day: int) -> None:
        world = self.world
        rng = world.rng
        for _ in range(draws.poisson(rng, self.uasc_rate)):
            child = new_child(world.records, rng, day - int(rng.uniform(14.0, 17.5) * 365.25), uasc=True)
            world.care.enter(child, "V2", "uasc")
        for _ in range(draws.poisson(rng, self.fostering_rate)):
            self._private_fostering(day)
        for _ in range(draws.poisson(rng, self.allegation_rate)):
            self._allegation(day)

    # ------------------------------------------------------------------- private fostering
    def _private_fostering(self, day: int) -> None:
        world = self.world
        rng = world.rng
        child = new_child(world.records, rng, day - int(rng.uniform(6.0, 15.5) * 365.25))
        start = day - rng.randint(0, 60) if rng.random() < 0.7 else day + rng.randint(0, 30)
        ends = min(start + draws.days(rng, 270, 0.7), add_years(child.dob, 16))
        row = world.records.add(
            "private_fostering",
            arrangement_id=world.records.next_id("PF", 5),
            person_id=child.person_id,
            notification_date=date_of(day),
            arrangement_start_date=date_of(start),
            arrangement_end_date=date_of(ends) if ends <= world.last else None,
        )
        p = world.service_pressure
        late = pressure.lateness_days(rng, p, 0.08, 5.0, pressure.REVIEW_LATE)
        # The visit is due within 7 working days of the notification, even for an arrangement that has
        # not begun yet (regulation 4): the officer meets the child and the proposed carers.
        first = world.wd(day, rng.randint(1, 7)) + late
        world.at(first, self._visit, child, row, ends, start)

    def _visit(self, child: Child, row: Row, ends: int, start: int) -> None:
        world = self.world
        if world.today > ends:
            return
        teams = world.workforce.teams[SAFEGUARDING]
        workers = [w for team in teams for w in team.workers if w.case_holding]
        worker = workers[int(child.locality * len(workers))] if workers else None
        world.visits.record(
            child, "private_fostering", seen=True, worker_id=worker.worker_id if worker else None
        )
        interval = 42 if world.today - start < 365 else 84
        factor = pressure.delay_factor(world.service_pressure, pressure.VISIT_INTERVAL)
        world.at(
            world.today + int(interval * world.rng.uniform(0.7, 1.0) * factor),
            self._visit,
            child,
            row,
            ends,
            start,
        )

    # ---------------------------------------------------------------------------- allegations
    def _allegation(self, day: int) -> None:
        world = self.world
        rng = world.rng
        days = draws.days(rng, 18 * pressure.delay_factor(world.service_pressure, 0.8), 0.9)
        resolved = day + days
        world.records.add(
            "allegations",
            allegation_id=world.records.next_id("LD", 6),
            referral_date=date_of(day),
            sector=world.pick(SECTORS),
            resolution_date=date_of(resolved) if resolved <= world.last else None,
            outcome=world.pick(OUTCOMES) if resolved <= world.last else None,
        )
