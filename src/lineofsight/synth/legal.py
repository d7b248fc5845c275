"""The Public Law Outline: pre-proceedings, and care proceedings from issue to the final order.

Pre-proceedings start from a child protection plan that is not working. About 16 weeks later they
end in step-down or in issuing care proceedings, when the child becomes looked after under an interim
care order. The final order comes some 38-45 weeks after issue (statutory limit 26 weeks, rarely met
nationally), longer under pressure, and decides where the child's life goes next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lineofsight.synth import draws, pressure
from lineofsight.synth.clock import date_of

if TYPE_CHECKING:
    from lineofsight.synth.children import Child
    from lineofsight.synth.world import World

ISSUE_SHARE = 0.4
ORDERS_YOUNG = (
    ("placement_order", 0.45),
    ("care_order", 0.25),
    ("sgo", 0.18),
    ("supervision_order", 0.08),
    ("no_order", 0.04),
)
ORDERS_OLDER = (("care_order", 0.55), ("sgo", 0.2), ("supervision_order", 0.15), ("no_order", 0.1))


class Legal:
    def __init__(self, world: World) -> None:
        self.world = world

    def start_pre_proceedings(self, child: Child) -> None:
        world = self.world
        today = world.today
        rng = world.rng
        if child.age_years(today) > 16.5:
            return
        row = world.records.add(
            "pre_proceedings",
            pre_proceedings_id=world.records.next_id("PP", 6),
            person_id=child.person_id,
            pre_proceedings_start_date=date_of(today),
        )
        meeting = world.wd(today, rng.randint(5, 15))
        if meeting <= world.last:
            row["initial_meeting_date"] = date_of(meeting)
        child.pre_proceedings = row
        p = world.pressure_for(child)
        weeks = world.practice.pre_proceedings_weeks * pressure.delay_factor(p, 0.7)
        world.at(today + draws.days(rng, weeks * 7, 0.4), self._conclude_pre_proceedings, child, row)

    def _conclude_pre_proceedings(self, child: Child, row: object) -> None:
        world = self.world
        if child.pre_proceedings is not row or child.cp_plan is None:
            return
        if world.chance(ISSUE_SHARE):
            self.end_pre_proceedings(child, "issue")
            self.issue(child)
        else:
            self.end_pre_proceedings(child, "step_down")

    def end_pre_proceedings(self, child: Child, outcome: str) -> None:
        row = child.pre_proceedings
        if row is not None:
            row["pre_proceedings_end_date"] = date_of(self.world.today)
            row["pre_proceedings_outcome"] = outcome
            child.pre_proceedings = None

    def issue(self, child: Child) -> None:
        """Care proceedings are issued; the child is looked after under an interim care order."""
        world = self.world
        if child.proceedings is not None or child.age_years(world.today) > 17.0:
            return
        today = world.today
        row = world.records.add(
            "care_proceedings",
            care_proceedings_id=world.records.next_id("PR", 6),
            person_id=child.person_id,
            issue_date=date_of(today),
        )
        child.proceedings = row
        if child.cla is None:
            world.care.enter(child, "C1", "proceedings")
        else:
            world.care.change_legal_status(child, "C1")
            child.exit_plan = "proceedings"
        p = world.pressure_for(child)
        weeks = world.practice.proceedings_weeks * pressure.delay_factor(p, 0.5)
        world.at(today + draws.days(world.rng, weeks * 7, 0.35), self._final_order, child, row)

    def _final_order(self, child: Child, row: object) -> None:
        world = self.world
        if child.proceedings is not row:
            return
        order = world.pick(ORDERS_YOUNG if child.age_years(world.today) < 5 else ORDERS_OLDER)
        assert child.proceedings is not None
        child.proceedings["final_order_date"] = date_of(world.today)
        child.proceedings["final_order"] = order
        child.proceedings = None
        if child.cla is not None:
            world.care.final_order(child, order)

    def abandon(self, child: Child) -> None:
        """Proceedings still open when the child leaves care another way (say, at 18) end with no order."""
        row = child.proceedings
        if row is not None:
            row["final_order_date"] = date_of(self.world.today)
            row["final_order"] = "no_order"
            child.proceedings = None
