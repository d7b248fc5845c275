"""Care leavers: a personal adviser, contact every eight weeks or so, and pathway plan reviews.

A young person who leaves care at 18 after at least 13 weeks in care since 14 is a former relevant
child until 21 (25 for some who ask); one who leaves at 16 or 17 is a relevant child. Their personal
adviser keeps in touch, less often when advisers carry too many young people, and records where they
live and what they do: about 88% in suitable accommodation and about 55% in education, employment or
training, as in England. Most young people answer nearly every contact; some drift away for long
stretches, more of them when their advisers are stretched, so the council loses touch with a few.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lineofsight.synth import pressure
from lineofsight.synth.clock import add_months, add_years, date_of
from lineofsight.synth.records import Row

if TYPE_CHECKING:
    from lineofsight.synth.children import Child
    from lineofsight.synth.world import World

# 903 accommodation codes (suffix 1 suitable, 2 not) and activity codes.
ACCOMMODATION = (("U", 0.3), ("D", 0.15), ("B", 0.15), ("Z", 0.12), ("E", 0.1), ("T", 0.05), ("K", 0.05),
                 ("S", 0.03), ("X", 0.03), ("Y", 0.02))  # fmt: skip
NEVER_SUITABLE = ("S", "X")  # no fixed abode, and custody: the 903 has no "suitable" code for them
ACTIVITY_EET = (
    ("F1", 0.15),
    ("P1", 0.03),
    ("F2", 0.35),
    ("P2", 0.07),
    ("F4", 0.2),
    ("P4", 0.15),
    ("F5", 0.05),
)
ACTIVITY_NEET = (("G4", 0.3), ("G5", 0.55), ("G6", 0.15))
IN_TOUCH_OTHERWISE = (("NO", 0.6), ("REFU", 0.3), ("NREQ", 0.1))
DRIFTING = 0.1  # share of young people who often cannot be reached, at the reference pressure
LOSING_TOUCH = 2.0  # its elasticity: an adviser with too many young people lets more of them drift
ANSWERS = {False: 0.97, True: 0.35}  # chance a contact finds the young person in touch, by drifting


class CareLeavers:
    def __init__(self, world: World) -> None:
        self.world = world
        self.young_people: dict[str, Child] = {}
        self.reachable: dict[str, float] = {}

    def start(self, child: Child, day: int, eligibility: str, *, until_25: bool | None = None) -> None:
        world = self.world
        if until_25 is None:
            until_25 = world.chance(0.2)
        end = add_years(child.dob, 25 if until_25 else 21)
        row = world.records.add(
            "care_leavers",
            care_leaver_id=world.records.next_id("CL", 6),
            person_id=child.person_id,
            care_leaver_eligibility=eligibility,
            care_leaver_eligibility_date=date_of(day),
            care_leaver_end_date=date_of(end) if end <= world.last else None,
        )
        child.care_leaver = row
        self.young_people[child.person_id] = child
        child.stage = "leaver"
        world.allocations.allocate(child, "care_leavers", max(day, world.today))
        row["personal_adviser_id"] = child.worker.worker_id if child.worker else None
        drifting = world.chance(pressure.scaled_chance(DRIFTING, world.pressure_for(child), LOSING_TOUCH))
        self.reachable[child.person_id] = ANSWERS[drifting]
        world.at(end, self._end, child, row)
        world.at(max(day, world.today) + world.rng.randint(3, 30), self._contact, child, row)
        world.at(max(day, world.today) + world.rng.randint(20, 170), self._pathway_chain, child, row)

    def _end(self, child: Child, row: Row) -> None:
        if child.care_leaver is row:
            self.world.allocations.release(child, self.world.today)
            child.care_leaver = None
            child.stage = "closed"

    def _contact(self, child: Child, row: Row) -> None:
        world = self.world
        if child.care_leaver is not row:
            return
        rng = world.rng
        today = world.today
        reachable = self.reachable.get(child.person_id, 0.9)
        in_touch = "YES" if rng.random() < reachable else world.pick(IN_TOUCH_OTHERWISE)
        accommodation = suitable = activity = None
        if in_touch == "YES":
            suitable = rng.random() < 0.88
            kind = world.pick(ACCOMMODATION)
            suitable = suitable and kind not in NEVER_SUITABLE
            accommodation = kind + ("1" if suitable else "2")
            activity = world.pick(ACTIVITY_EET if rng.random() < 0.56 else ACTIVITY_NEET)
        world.records.add(
            "care_leaver_contacts",
            care_leaver_contact_id=world.records.next_id("CC", 7),
            person_id=child.person_id,
            contact_date=date_of(today),
            in_touch=in_touch,
            accommodation=accommodation,
            accommodation_suitable=suitable,
            activity=activity,
        )
        if in_touch == "YES" and rng.random() < 0.6:
            world.visits.record(child, "care_leaver", seen=True)
        low, high = world.practice.leaver_contact_days
        team = child.team
        factor = pressure.delay_factor(team.pressure if team else 1.0, pressure.VISIT_INTERVAL)
        world.at(today + int(rng.uniform(low, high) * factor), self._contact, child, row)

    def _pathway_chain(self, child: Child, row: Row) -> None:
        world = self.world
        if child.care_leaver is not row:
            return
        self.pathway_review(child)
        team = child.team
        late = pressure.lateness_days(
            world.rng, team.pressure if team else 1.0, world.practice.review_late, 20.0, pressure.REVIEW_LATE
        )
        world.at(
            add_months(world.today, 6) - world.rng.randint(0, 14) + late, self._pathway_chain, child, row
        )

    def pathway_review(self, child: Child) -> None:
        world = self.world
        world.records.add(
            "pathway_plan_reviews",
            pathway_plan_review_id=world.records.next_id("PW", 6),
            person_id=child.person_id,
            pathway_plan_review_date=date_of(world.today),
        )
