"""Visits to children: on a CP plan, a CIN plan, in care, and care leavers.

Each plan or placement runs a chain of visits by the allocated worker, at intervals drawn from the
council's practice and lengthened by pressure. A child with no allocated worker is not visited until
someone is allocated, which is how unallocated spells show up as late visits. A child aged 5 or more
is seen alone on some visits, less often when the worker is rushed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lineofsight.synth import pressure
from lineofsight.synth.clock import date_of
from lineofsight.synth.records import Row

if TYPE_CHECKING:
    from lineofsight.synth.children import Child
    from lineofsight.synth.world import World

RETRY_DAYS = 3  # how soon an unallocated child's visit is tried again


class Visits:
    def __init__(self, world: World) -> None:
        self.world = world

    def start(self, child: Child, kind: str, anchor: Row) -> None:
        """Start the chain for a new plan or placement; the first visit comes within days."""
        world = self.world
        first = world.rng.randint(1, 7) if kind == "cla" else world.rng.randint(2, 8)
        p = world.pressure_for(child)
        world.at(
            world.today + round(first * pressure.delay_factor(p, pressure.VISIT_INTERVAL)),
            self._visit,
            child,
            kind,
            anchor,
        )

    def _current(self, child: Child, kind: str) -> Row | None:
        if kind == "cp":
            return child.cp_plan
        if kind == "cin":
            return child.cin_plan
        return child.placement

    def _visit(self, child: Child, kind: str, anchor: Row) -> None:
        world = self.world
        if self._current(child, kind) is not anchor:
            return
        if child.worker is None:
            world.at(world.today + RETRY_DAYS, self._visit, child, kind, anchor)
            return
        self.record(child, kind, seen=world.rng.random() < 0.96)
        practice = world.practice
        if kind == "cp":
            low, high = practice.cp_visit_days
        elif kind == "cin":
            low, high = practice.cin_visit_days
        else:
            settled = (
                anchor["placement_long_term"]
                and world.today - anchor["placement_start_date"].toordinal() > 365
            )
            low, high = practice.cla_long_term_visit_days if settled else practice.cla_visit_days
        factor = pressure.delay_factor(world.pressure_for(child), pressure.VISIT_INTERVAL)
        world.at(world.today + round(world.rng.uniform(low, high) * factor), self._visit, child, kind, anchor)

    def record(self, child: Child, kind: str, *, seen: bool, worker_id: str | None = None) -> None:
        world = self.world
        today = world.today
        alone = False
        if seen and child.age_years(today) >= 5:
            alone = world.rng.random() < pressure.reduced_chance(
                world.practice.seen_alone, world.pressure_for(child), pressure.SEEN_ALONE
            )
        world.records.add(
            "visits",
            visit_id=world.records.next_id("V", 7),
            person_id=child.person_id,
            visit_kind=kind,
            visit_date=date_of(today),
            visit_seen=seen,
            visit_seen_alone=alone,
            worker_id=worker_id or (child.worker.worker_id if child.worker else None),
        )
