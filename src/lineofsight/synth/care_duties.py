"""The duties that come with a child in care: reviews, health assessments, education plans, and the
response when a child goes missing.

Each runs as a chain of due dates set by regulation (first review within 20 working days, the second
within three months, then six-monthly; health assessments within 20 working days, then every six
months under 5 and yearly after; a PEP within 10 working days of coming into care or of starting
school, then each term until the end of Year 11), held on time or late by `pressure.lateness_days`.
Children who go missing do so at their own rate; a return-home interview is offered within 72 hours
less often under pressure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from lineofsight.synth import draws, pressure
from lineofsight.synth.clock import add_months, add_years, date_of
from lineofsight.synth.records import Row

if TYPE_CHECKING:
    from lineofsight.synth.children import Child
    from lineofsight.synth.world import World

PARTICIPATION = (("PN1", 0.55), ("PN2", 0.1), ("PN3", 0.1), ("PN4", 0.08), ("PN5", 0.05), ("PN6", 0.12))
# Health assessments wait on health services as well as on the social worker, and older children
# sometimes decline one: it is offered again some months later.
HEALTH_MEAN_LATE_DAYS = 30.0
HEALTH_DECLINED = 0.12  # chance a child aged 10 or more declines a review health assessment


def school_years(dob: int) -> tuple[int, int]:
    """A child's schooling, Reception to Year 11: from the 1 September on which they are 4 to the
    31 August by which they are 16 (school years group children by their age on 31 August)."""

    def first_august_31_aged(years: int) -> int:
        birthday = date_of(add_years(dob, years))
        august_31 = dt.date(birthday.year, 8, 31)
        return (august_31 if birthday <= august_31 else august_31.replace(year=birthday.year + 1)).toordinal()

    return first_august_31_aged(4) + 1, first_august_31_aged(16)


class CareDuties:
    def __init__(self, world: World) -> None:
        self.world = world

    def start(self, child: Child, *, settled: bool = False) -> None:
        """Start the chains for a period of care beginning today (or already running when `settled`)."""
        world = self.world
        today = world.today
        episode = child.cla
        assert episode is not None
        rng = world.rng
        school_starts, school_ends = school_years(child.dob)
        if settled:
            self._schedule(self._review, child, episode, today + rng.randint(1, 180), 1)
            self._schedule(self._health, child, episode, today + rng.randint(1, 180), 1)
            if today <= school_ends:
                self._schedule(self._pep, child, episode, max(today, school_starts) + rng.randint(1, 120), 1)
        else:
            self._schedule(self._review, child, episode, world.wd(today, 20), 0)
            self._schedule(self._health, child, episode, world.wd(today, 20), 0)
            if today <= school_ends:
                self._schedule(self._pep, child, episode, world.wd(max(today, school_starts), 10), 0)
        age = child.age_years(today)
        share = world.practice.missing_share * (2.5 if 12 <= age < 18 else 0.1 if age < 10 else 1.0)
        if world.chance(min(0.9, share)):
            child.missing_rate = rng.gammavariate(1.5, 4.0)  # episodes a year
            self._next_missing(child, episode)

    def _schedule(
        self,
        action: Callable[..., None],
        child: Child,
        episode: Row,
        due: int,
        number: int,
        *,
        mean_late_days: float = 15.0,
        elasticity: float = pressure.REVIEW_LATE,
    ) -> None:
        world = self.world
        p = world.pressure_for(child)
        late = pressure.lateness_days(world.rng, p, world.practice.review_late, mean_late_days, elasticity)
        held = due + late if late else due - world.rng.randint(0, 7)
        world.at(max(held, world.today + 1), action, child, episode, due, number)

    def _review(self, child: Child, episode: Row, due: int, number: int) -> None:
        world = self.world
        if child.cla is not episode:
            return
        today = world.today
        world.records.add(
            "cla_reviews",
            cla_review_id=world.records.next_id("RV", 6),
            cla_episode_id=episode["cla_episode_id"],
            person_id=child.person_id,
            cla_review_due_date=date_of(due),
            cla_review_date=date_of(today),
            cla_review_participation=world.pick(PARTICIPATION) if child.age_years(today) >= 4 else "PN0",
        )
        if child.age_years(today) >= 16:
            world.leavers.pathway_review(child)
        self._schedule(self._review, child, episode, add_months(today, 3 if number == 0 else 6), number + 1)

    def _health(self, child: Child, episode: Row, due: int, number: int) -> None:
        world = self.world
        if child.cla is not episode:
            return
        today = world.today
        if number and child.age_years(today) >= 10 and world.chance(HEALTH_DECLINED):
            world.at(today + world.rng.randint(60, 180), self._health, child, episode, due, number)
            return
        kind = "initial" if number == 0 else "review"
        for assessment in (kind, "dental") if number and world.chance(0.8) else (kind,):
            world.records.add(
                "health_assessments",
                health_assessment_id=world.records.next_id("HA", 6),
                person_id=child.person_id,
                health_assessment_type=assessment,
                health_assessment_date=date_of(today),
            )
        months = 6 if child.age_years(today) < 5 else 12
        self._schedule(
            self._health,
            child,
            episode,
            add_months(today, months),
            number + 1,
            mean_late_days=HEALTH_MEAN_LATE_DAYS,
            elasticity=pressure.HEALTH_LATE,
        )

    def _pep(self, child: Child, episode: Row, due: int, number: int) -> None:
        world = self.world
        if child.cla is not episode or world.today > school_years(child.dob)[1]:
            return
        world.records.add(
            "personal_education_plans",
            pep_id=world.records.next_id("PE", 6),
            person_id=child.person_id,
            pep_review_date=date_of(world.today),
        )
        self._schedule(self._pep, child, episode, world.today + world.rng.randint(85, 115), number + 1)

    # ------------------------------------------------------------------------------ missing
    def _next_missing(self, child: Child, episode: Row, away_days: int = 0) -> None:
        """The next episode starts after the child is back from this one (`away_days` after today)."""
        world = self.world
        gap = world.rng.expovariate(child.missing_rate / 365.25)
        world.at(world.today + away_days + 1 + int(gap), self._go_missing, child, episode)

    def _go_missing(self, child: Child, episode: Row) -> None:
        world = self.world
        if child.cla is not episode:
            return
        if (date_of(world.today).month, date_of(world.today).day) == (3, 31):
            # The DfE's 903 rules 575 and 577 misread an episode that starts on 31 March and is still
            # open at the year's end; a child in this synthetic council goes missing a day later.
            world.at(world.today + 1, self._go_missing, child, episode)
            return
        rng = world.rng
        start = dt.datetime.combine(date_of(world.today), dt.time(rng.randint(12, 23), rng.randint(0, 59)))
        hours = draws.lognormal(rng, 16.0, 1.0)
        end = start + dt.timedelta(hours=hours)
        # The DfE's 903 rule 580 reads a missing episode ending on the 18th birthday that ends care
        # as care ended by going missing (reason E8): a child in this synthetic council does not go
        # missing on that day and comes back before it.
        birthday = dt.datetime.combine(date_of(child.birthday_18), dt.time(0, 0))
        if start >= birthday:
            return
        if end >= birthday:
            end = start + (birthday - start) / 2
        # Nor is a child missing over the end of a collection year: rules 575 and 577 read a missing
        # episode still open at 31 March as open after care ended, whenever care goes on.
        year_end = dt.datetime(start.year + (start.month > 3), 4, 1)
        if end >= year_end:
            end = start + (year_end - start) / 2
        last = dt.datetime.combine(date_of(world.last), dt.time(23, 59))
        returned = end if end <= last else None
        offered: dt.datetime | None = None
        accepted: bool | None = None
        if returned is not None and rng.random() < 0.92:
            p = world.pressure_for(child)
            if rng.random() < pressure.reduced_chance(world.practice.rhi_on_time, p, pressure.RHI_LATE):
                delay = rng.uniform(4.0, 71.0)
            else:
                delay = rng.uniform(73.0, 240.0)
            offered = returned + dt.timedelta(hours=delay)
            if offered > last:
                offered = None
            else:
                accepted = rng.random() < 0.6
        world.records.add(
            "missing_episodes",
            missing_episode_id=world.records.next_id("MI", 6),
            person_id=child.person_id,
            missing_episode_type="missing" if rng.random() < 0.8 else "away",
            missing_episode_start=start,
            missing_episode_end=returned,
            rhi_offered_at=offered,
            rhi_accepted=accepted,
        )
        self._next_missing(child, episode, (end.date() - start.date()).days)
