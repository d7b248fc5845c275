"""The front door: contacts, the decision on each within a working day or so, and early help.

New children arrive as contacts at the profile's rate; children known before come back as contacts
when harm recurs (scheduled by `referrals.close`). The front door's pace depends on its own workload,
contacts a year per front-door FTE against a reference of 1,000: a busy front door decides later,
and more often gives advice where a child needed a referral, so the child comes back.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from lineofsight.synth import draws, pressure
from lineofsight.synth.children import Child, draw_age_days, new_child
from lineofsight.synth.clock import date_of
from lineofsight.synth.records import Row
from lineofsight.synth.staff import FRONT_DOOR

if TYPE_CHECKING:
    from lineofsight.synth.world import World

REFERENCE_CONTACTS = 1000.0  # contacts a year one front-door FTE can screen well
# CIN census referral sources (police, schools and health give most referrals).
SOURCES = (
    ("1A", 0.02), ("1B", 0.04), ("1C", 0.01), ("1D", 0.01), ("2A", 0.19), ("2B", 0.02), ("3A", 0.03),
    ("3B", 0.03), ("3C", 0.01), ("3D", 0.02), ("3E", 0.03), ("3F", 0.04), ("4", 0.03), ("5A", 0.04),
    ("5B", 0.03), ("5C", 0.02), ("5D", 0.03), ("6", 0.29), ("7", 0.02), ("8", 0.05), ("9", 0.02),
    ("10", 0.01),
)  # fmt: skip
MISJUDGED = 0.03  # contacts needing a referral given advice instead, at the reference workload
EARLY_HELP_ENDINGS = (("needs_met", 0.6), ("stepped_up", 0.1), ("disengaged", 0.2), ("moved_away", 0.1))
EARLY_HELP_ORGANISATIONS = (("council", 0.6), ("school", 0.25), ("health", 0.1), ("voluntary", 0.05))


class FrontDoor:
    def __init__(self, world: World) -> None:
        self.world = world
        demand = world.profile.demand
        self.daily_rate = demand.new_contacts_per_10k * world.scale / 365.25
        self.contacts_a_year = demand.new_contacts_per_10k * world.scale * 1.3
        self.pressure = 1.0
        self._today_count = 0

    def arrivals(self, day: int) -> None:
        """Today's contacts about children new to the council; fewer at weekends."""
        world = self.world
        weekday = (day - 1) % 7 < 5
        count = draws.poisson(world.rng, self.daily_rate * (1.2 if weekday else 0.5))
        fte = sum(team.fte for team in world.workforce.teams[FRONT_DOOR])
        self.contacts_a_year = pressure.smoothed(self.contacts_a_year, self._today_count * 365.25, 60.0)
        self._today_count = 0
        now = self.contacts_a_year / (fte * REFERENCE_CONTACTS) if fte else pressure.CEILING
        self.pressure = pressure.smoothed(self.pressure, now)
        for _ in range(count):
            child = new_child(world.records, world.rng, day - draw_age_days(world.rng))
            self.contact(child, day, known=False)

    def recontact(self, child: Child, source: str | None = None) -> None:
        """A known child comes back to the front door, unless they are open now or nearly adult."""
        world = self.world
        if child.episode is not None or child.cla is not None or child.age_years(world.today) >= 17.5:
            return
        self.contact(child, world.today, known=True, source=source)

    def contact(self, child: Child, day: int, *, known: bool, source: str | None = None) -> None:
        world = self.world
        rng = world.rng
        self._today_count += 1
        minute = draws.minute_of_day(rng, (day - 1) % 7 < 5)
        received = dt.datetime.combine(date_of(day), dt.time(minute // 60, minute % 60))
        row = world.records.add(
            "contacts",
            contact_id=world.records.next_id("CT", 7),
            person_id=child.person_id,
            contact_date_time=received,
            contact_source_code=source or world.pick(SOURCES),
        )
        practice = world.practice
        factor = pressure.delay_factor(self.pressure, pressure.FRONT_DOOR_DELAY)
        draw = rng.random() * factor
        if draw < practice.decision_same_day:
            delay = 0
        elif draw < practice.decision_same_day + practice.decision_next_day:
            delay = 1
        else:
            delay = 2 + int(rng.expovariate(1.0 / factor))
        world.at(world.wd(day, delay), self._decide, child, row, known)

    def _decide(self, child: Child, row: Row, known: bool) -> None:
        world = self.world
        practice = world.practice
        if (
            child.episode is not None
            or child.cla is not None
            or world.today >= child.birthday_18
            or child.last_referral == world.today
        ):
            # Open already, referred earlier today (a child has one referral a day: the CIN census
            # knows a referral by its child and date), or now an adult: signposted, not referred.
            row["contact_decision_date"] = date_of(world.today)
            row["contact_outcome"] = "no_further_action"
            return
        share = practice.referral_share_known if known else world.profile.demand.referral_share
        outcome = "referral" if world.chance(share * min(child.risk, 2.0) ** 0.3) else ""
        if outcome and world.chance(pressure.scaled_chance(MISJUDGED, self.pressure, 2.0)):
            outcome = "advice"  # decided without the child's history
            world.at(world.today + world.rng.randint(14, 90), self.recontact, child, None)
        if not outcome:
            if world.chance(practice.early_help_share):
                outcome = "early_help"
            else:
                outcome = "advice" if world.chance(0.5) else "no_further_action"
        row["contact_decision_date"] = date_of(world.today)
        row["contact_outcome"] = outcome
        if outcome == "referral":
            world.referrals.refer(child, row)
        elif outcome == "early_help":
            self.start_early_help(child, world.today, "contact")
        elif world.chance(practice.recontact_after_advice * child.risk):
            world.at(world.today + draws.days(world.rng, 100, 0.8), self.recontact, child, None)

    def start_early_help(self, child: Child, day: int, reason: str) -> None:
        world = self.world
        if child.early_help is not None:
            return
        row = world.records.add(
            "early_help_episodes",
            episode_id=world.records.next_id("EH", 6),
            person_id=child.person_id,
            episode_start_date=date_of(day),
            episode_reason=reason,
            episode_organisation=world.pick(EARLY_HELP_ORGANISATIONS),
        )
        child.early_help = row
        world.at(day + draws.days(world.rng, 170, 0.6), self._end_early_help, child, row)

    def _end_early_help(self, child: Child, row: Row) -> None:
        world = self.world
        ending = world.pick(EARLY_HELP_ENDINGS)
        row["episode_end_date"] = date_of(world.today)
        row["episode_end_reason"] = ending
        child.early_help = None
        if ending == "stepped_up":
            self.recontact(child, "5D")
