"""Adoption: from the decision that a child should be placed to the adoption order.

After a placement order the child is matched with adopters (months later, and later under
pressure), moves in with them (a placement for adoption), and is adopted some eight months on. A few
decisions are reversed, and the child stays in long-term care instead. A child fostered for adoption
moves in with the adopters, as foster carers (903 U5), when matched, and is placed for adoption with
them later without moving (A5).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lineofsight.synth import draws, pressure
from lineofsight.synth.clock import date_of
from lineofsight.synth.records import Row

if TYPE_CHECKING:
    from lineofsight.synth.children import Child
    from lineofsight.synth.world import World

REVERSED = 0.08


class Permanence:
    def __init__(self, world: World) -> None:
        self.world = world

    def plan_adoption(self, child: Child) -> None:
        """Called on the placement order: record the milestones to come and schedule the next."""
        world = self.world
        rng = world.rng
        today = world.today
        assert child.cla is not None
        entered = child.cla["cla_episode_start_date"].toordinal()
        decision = min(today - rng.randint(14, 60), entered + draws.days(rng, 120, 0.4))
        child.adoption = world.records.add(
            "adoptions",
            adoption_id=world.records.next_id("AD", 6),
            person_id=child.person_id,
            cla_episode_id=child.cla["cla_episode_id"],
            should_be_placed_decision_date=date_of(max(entered, decision)),
            placement_order_date=date_of(today),
            fostering_for_adoption=world.chance(0.06),
        )
        child.exit_plan = "adoption"
        if world.chance(REVERSED):
            world.at(today + rng.randint(60, 300), self._reverse, child, child.adoption)
            return
        months = pressure.delay_factor(world.pressure_for(child), 0.7)
        world.at(today + draws.days(rng, 150 * months, 0.45), self._match, child, child.adoption)

    def _reverse(self, child: Child, adoption: Row) -> None:
        if child.adoption is adoption:
            adoption["decision_reversed_date"] = date_of(self.world.today)
            child.adoption = None
            if child.cla is not None:  # the placement order is revoked; the care order remains
                self.world.care.change_legal_status(child, "C2")
            child.exit_plan = "long_term"

    def _match(self, child: Child, adoption: Row) -> None:
        world = self.world
        if child.adoption is not adoption:
            return
        adoption["matched_date"] = date_of(world.today)
        if adoption["fostering_for_adoption"] and child.cla is not None:
            world.placements.move(child, "LAREQ", "U5")
        world.at(world.today + world.rng.randint(10, 45), self._move_in, child, adoption)

    def _move_in(self, child: Child, adoption: Row) -> None:
        world = self.world
        if child.adoption is not adoption or child.cla is None:
            return
        adoption["placed_date"] = date_of(world.today)
        world.placements.move(child, "LAREQ", "A5" if adoption["fostering_for_adoption"] else "A6")
        world.at(world.today + draws.days(world.rng, 240, 0.4), self._order, child, adoption)

    def _order(self, child: Child, adoption: Row) -> None:
        world = self.world
        if child.adoption is not adoption:
            return
        adoption["adoption_order_date"] = date_of(world.today)
        child.exit_plan = "adopted"
        world.care.cease(child, world.today, "adoption")

    def end(self, child: Child) -> None:
        child.adoption = None
