"""Placements: where a looked-after child lives, and moves between placements as a process.

A first placement made in an emergency is often a bridge, ending within weeks; beyond that a
placement breaks down at a yearly rate that is higher for teenagers and in children's homes, and
higher when the service is under pressure (less time for carers, fewer matches, more emergency
moves). Pressure also leaves fewer of the council's own carers free, so more placements are with
private providers and further from home.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from lineofsight.synth import names, postcodes, pressure
from lineofsight.synth.clock import date_of

if TYPE_CHECKING:
    from lineofsight.synth.children import Child
    from lineofsight.synth.world import World

# 903 placement types by age: U3/U1 with relatives or friends (short or long term), U6/U4 with other
# foster carers (short or long term), K2 children's homes, H5 semi-independent living.
TYPES_BY_AGE = (
    (5.0, (("U6", 0.7), ("U3", 0.25), ("P1", 0.05))),
    (11.0, (("U6", 0.65), ("U3", 0.25), ("K2", 0.05), ("P1", 0.05))),
    (16.0, (("U6", 0.55), ("U3", 0.12), ("K2", 0.28), ("P1", 0.05))),
    (18.0, (("U6", 0.35), ("U3", 0.08), ("K2", 0.25), ("H5", 0.32))),
)
LONG_TERM = {"U6": "U4", "U3": "U1"}
MOVE_REASONS = (
    ("CARPL", 0.3), ("CHILD", 0.15), ("LAREQ", 0.25), ("CLOSE", 0.05), ("ALLEG", 0.05), ("STAND", 0.05),
    ("OTHER", 0.15),
)  # fmt: skip
TYPE_RISK = {
    "K2": 2.0,
    "H5": 1.5,
    "U6": 1.0,
    "U3": 0.7,
    "U4": 0.5,
    "U5": 0.2,
    "U1": 0.4,
    "P1": 1.0,
    "A5": 0.1,
    "A6": 0.1,
}
# Placements that a breakdown does not end in this model: with foster carers who are approved
# adopters (fostering for adoption) and placements for adoption, which end with the adoption order.
SETTLED = ("U5", "A3", "A4", "A5", "A6")
# Placed with parents (P1) needs a care order: the 903 does not allow it under section 20, police
# protection or an emergency protection order. Under those the child goes to foster carers instead.
NEEDS_CARE_ORDER = {"P1": "U6"}
CARE_ORDERS = ("C1", "C2")
# A placement's first six months, when a profile may make a breakdown likelier than later.
NEW_PLACEMENT_DAYS = 182
IN_HOUSE_FOSTERING = 0.7  # foster placements with the council's own carers at the reference pressure


class Placements:
    def __init__(self, world: World) -> None:
        self.world = world
        self.looked_after: dict[str, Child] = {}

    def first(self, child: Child, *, emergency: bool) -> None:
        self.looked_after[child.person_id] = child
        self._place(child, self._type_for(child), bridging=emergency or self.world.chance(0.3))

    def settle(self, child: Child, since: int, *, long_term: bool) -> None:
        """The placement a child already in care when the data starts has lived in since `since`."""
        self.looked_after[child.person_id] = child
        self._place(child, self._type_for(child, long_term))
        assert child.placement is not None
        child.placement["placement_start_date"] = date_of(since)
        if child.placement["connected_person_temporary_approval_date"] is not None:
            child.placement["connected_person_temporary_approval_date"] = date_of(since)
            child.placement["connected_person_extension_date"] = None
            child.placement["connected_person_full_approval_date"] = date_of(
                min(since + 100, self.world.today)
            )

    def _type_for(self, child: Child, long_term: bool = False) -> str:
        age = child.age_years(self.world.today)
        for limit, types in TYPES_BY_AGE:
            if age < limit:
                kind = self.world.pick(types)
                return LONG_TERM.get(kind, kind) if long_term else kind
        return "H5"

    def _place(
        self, child: Child, kind: str, *, bridging: bool = False, reason_from: str | None = None
    ) -> None:
        world = self.world
        rng = world.rng
        today = world.today
        p = world.pressure_for(child)
        status = child.legal_status["legal_status"] if child.legal_status else None
        if status not in CARE_ORDERS:
            kind = NEEDS_CARE_ORDER.get(kind, kind)
        if kind in ("P1", "A5", "A6"):
            provider = "PR0" if kind == "P1" else "PR1"
        elif kind in ("U3", "U1"):
            provider = "PR1"
        elif kind.startswith("U"):
            provider = "PR1" if rng.random() < IN_HOUSE_FOSTERING / pressure.delay_factor(p, 1.5) else "PR4"
        else:
            provider = "PR4" if rng.random() < 0.8 else "PR1"
        out_of_area = provider == "PR4" and rng.random() < pressure.scaled_chance(0.35, p, 1.0)
        distance = rng.uniform(21.0, 90.0) if out_of_area else rng.uniform(0.5, 12.0)
        if kind == "H5":  # supported accommodation is commissioned in the council's own area
            out_of_area = False
        district = rng.randint(10, 99) if out_of_area else rng.randint(1, 9)
        where = names.postcode(rng, district)
        # The distance from the child's home postcode, as the DfE works it out; the drawn one only
        # where the home is not a postcode the synthetic council knows.
        if kind == "P1":  # at home
            where = child.home_postcode
        else:
            # Never with strangers at the family's own address, and a move is to another address:
            # the DfE's rule 435 reads a placement change with the same type, provider and postcode
            # as no change at all.
            previous = child.placement["placement_postcode"] if child.placement else None
            for _ in range(2):
                if where not in (child.home_postcode, previous):
                    break
                where = postcodes.next_to(where)
        miles = postcodes.miles(child.home_postcode, where)
        placement = world.records.add(
            "placements",
            placement_id=world.records.next_id("PL", 6),
            cla_episode_id=child.cla["cla_episode_id"] if child.cla else None,
            person_id=child.person_id,
            placement_start_date=date_of(today),
            placement_type=kind,
            placement_provider=provider,
            placement_urn=f"SC9{rng.randint(0, 99999):05d}" if kind == "K2" else None,
            placement_postcode=where,
            placement_distance_miles=round(distance, 1) if miles is None else miles,
            placement_long_term=kind in ("U1", "U4"),
        )
        if kind == "H5":  # supported accommodation is registered with Ofsted from 2023
            placement["placement_urn"] = f"SA{placement['placement_id'][2:]}"
        if kind in ("U3", "U1"):
            self._connected_person(placement, p)
        child.placement = placement
        short = bridging and rng.random() < pressure.scaled_chance(
            world.practice.short_placement_share * 2, p, 1.0
        )
        if short:
            world.at(today + rng.randint(5, 90), self._bridge_ends, child, placement)
        world.visits.start(child, "cla", placement)

    def _connected_person(self, placement: dict[str, object], p: float) -> None:
        """Regulation 24: temporary approval for 16 weeks, extended by up to 8 where assessment runs over."""
        world = self.world
        today = world.today
        placement["connected_person_temporary_approval_date"] = date_of(today)
        approval = today + round(world.rng.lognormvariate(math.log(90 * pressure.delay_factor(p, 1.0)), 0.35))
        if approval - today > 112 and today + 112 <= world.last:
            placement["connected_person_extension_date"] = date_of(today + 112)
        if approval <= world.last:
            placement["connected_person_full_approval_date"] = date_of(approval)

    def _bridge_ends(self, child: Child, placement: object) -> None:
        if child.placement is placement and child.cla is not None:
            self.move(child, "LAREQ")

    def move(self, child: Child, reason: str, kind: str | None = None) -> None:
        """End today's placement and start the next on the same day, as the SSDA903 records it."""
        world = self.world
        current = child.placement
        if current is not None:
            current["placement_end_date"] = date_of(world.today)
            current["placement_change_reason"] = reason
        long_term = child.exit_plan == "long_term" and world.chance(0.6)
        self._place(child, kind or self._type_for(child, long_term))

    def end(self, child: Child, day: int) -> None:
        current = child.placement
        if current is not None:
            current["placement_end_date"] = date_of(day)
            child.placement = None
        self.looked_after.pop(child.person_id, None)

    def weekly_moves(self) -> None:
        """Each looked-after child's chance of a placement breaking down this week."""
        world = self.world
        rng = world.rng
        base = world.practice.placement_move_rate
        movers: list[Child] = []
        for child in self.looked_after.values():
            placement = child.placement
            if placement is None:
                continue
            age = child.age_years(world.today)
            age_risk = 1.6 if 12 <= age < 17 else 0.6 if age < 5 else 1.0
            rate = base * age_risk * TYPE_RISK.get(placement["placement_type"], 1.0) * child.risk
            if world.today - placement["placement_start_date"].toordinal() < NEW_PLACEMENT_DAYS:
                rate *= world.practice.new_placement_move_factor
            rate *= pressure.delay_factor(world.pressure_for(child), pressure.PLACEMENT_MOVE)
            if (
                rng.random() < 1.0 - math.exp(-rate * 7 / 365.25)
                and placement["placement_type"] not in SETTLED
            ):
                movers.append(child)
        for child in movers:
            self.move(child, world.pick(MOVE_REASONS))
