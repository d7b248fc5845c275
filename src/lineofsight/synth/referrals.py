"""Referrals and the episodes of need they open: assessments, CIN plans, closure and coming back.

A referral opens a CIN episode and is allocated to an assessment team. The assessment starts a few
working days later and takes a skewed number of working days whose median grows with pressure; most
that would overrun 45 working days are pushed to finish just inside it, fewer under pressure, and a
change of worker part-way adds a handover. When the episode closes, a manager should sign the
decision off; under pressure fewer do. A closed child's harm may recur and bring them back to the
front door, more often when pressure is high and when nobody signed the closure off, which is what
re-referral rates and second child protection plans measure.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from lineofsight.synth import draws, pressure
from lineofsight.synth.clock import date_of
from lineofsight.synth.records import Row
from lineofsight.synth.staff import FRONT_DOOR

if TYPE_CHECKING:
    from lineofsight.synth.children import Child
    from lineofsight.synth.world import World

PRIMARY_NEEDS = (
    ("N1", 0.56), ("N2", 0.09), ("N3", 0.05), ("N4", 0.12), ("N5", 0.11), ("N6", 0.02), ("N7", 0.01),
    ("N8", 0.02), ("N9", 0.01), ("N0", 0.01),
)  # fmt: skip
FACTORS = ("3A", "3B", "3C", "2A", "2B", "4A", "4B", "1A", "1B", "18B", "21", "22A", "6A", "8B", "16A")
DEADLINE = 45  # working days
RECURRENCE_DECAY = 0.75
PROTECTION_HISTORY = 1.5  # a child who has needed a CP plan is likelier to be harmed again
PROTECTION_HISTORY_S47 = 2.0  # ... and, when referred again, to need a S47 enquiry
UNRESOLVED = 1.5  # more so when the last plan ended before the family changed
OVERRUN_MEAN_WD = 10.0  # mean working days by which an overdue assessment overruns, at the reference
# With its own manager gone, a team's closures wait on a manager from another team, and more go
# unsigned.
ACTING_MANAGER_FACTOR = 3.0
AFTER_ASSESSMENT = ("RC8", "RC9")


def assessment_working_days(
    normal: float, push_draw: float, late_draw: float, p: float, median: float, spread: float, push: float
) -> int:
    """Working days to complete an assessment under pressure `p`, from a standard normal draw and two
    uniform draws (passed in so that tests can pin them).

    The natural duration is log-normal with a median stretched by pressure. One that would overrun
    the 45-day ceiling is, with the deadline-push probability (smaller under pressure), finished in
    its last nine working days instead; otherwise it overruns, by an exponential number of working
    days that also grows with pressure (managers chase overdue assessments, so the tail is short).
    """
    natural = median * pressure.delay_factor(p, pressure.ASSESSMENT_DURATION) * math.exp(spread * normal)
    if natural > DEADLINE:
        if push_draw < pressure.reduced_chance(push, p, pressure.ASSESSMENT_DEADLINE_PUSH):
            natural = DEADLINE - 9 + 9 * late_draw
        else:
            overrun = OVERRUN_MEAN_WD * pressure.delay_factor(p, 1.0)
            natural = DEADLINE + 1 - overrun * math.log(max(1e-12, 1.0 - late_draw))
    return max(1, round(natural))


class Referrals:
    def __init__(self, world: World) -> None:
        self.world = world

    # ---------------------------------------------------------------------------- referral
    def refer(self, child: Child, contact: Row | None, day: int | None = None) -> None:
        world = self.world
        practice = world.practice
        day = world.today if day is None else day
        world.known(child)
        child.last_referral = day
        child.referrals += 1
        episode = world.records.add(
            "cin_episodes",
            referral_id=world.records.next_id("R", 6),
            person_id=child.person_id,
            contact_id=None if contact is None else contact["contact_id"],
            referral_date=date_of(day),
            referral_source_code="5A" if contact is None else contact["contact_source_code"],
            cin_primary_need_code="N1"
            if child.row["person_uasc"] is False and child.risk > 1.6
            else world.pick(PRIMARY_NEEDS),
            referral_nfa=False,
        )
        if child.row["person_uasc"]:
            episode["cin_primary_need_code"] = "N8"
        child.episode = episode
        child.stage = "assessment"
        child.assessment = None
        child.s47 = None
        child.s47_outcome = ""
        if contact is not None and world.chance(practice.referral_nfa):
            episode["referral_nfa"] = True
            episode["team_id"] = world.workforce.teams[FRONT_DOOR][0].team_id
            self.close(child, day, "RC8", "close")
            return
        world.allocations.allocate(child, "assessment", day)
        episode["team_id"] = child.team.team_id if child.team else None
        episode["worker_id"] = child.worker.worker_id if child.worker else None
        p = world.pressure_for(child)
        mean_start = practice.start_delay_wd * pressure.delay_factor(p, pressure.START_DELAY)
        world.at(
            world.wd(day, world.rng.expovariate(1.0 / mean_start)), self._start_assessment, child, episode
        )
        history = (PROTECTION_HISTORY_S47 if child.cp_plans else 1.0) * (
            UNRESOLVED if child.unresolved else 1.0
        )
        if world.chance(min(0.9, practice.s47_at_referral * child.risk * history)):
            world.at(world.wd(day, world.rng.randint(0, 1)), world.protection.strategy, child, episode)

    # -------------------------------------------------------------------------- assessment
    def _start_assessment(self, child: Child, episode: Row) -> None:
        world = self.world
        if child.episode is not episode or child.assessment is not None or child.cla is not None:
            return
        rng = world.rng
        practice = world.practice
        today = world.today
        p = world.pressure_for(child)
        seen = world.wd(today, rng.expovariate(1.0 / (2.0 * pressure.delay_factor(p, 1.0))))
        row = world.records.add(
            "assessments",
            assessment_id=world.records.next_id("A", 6),
            referral_id=episode["referral_id"],
            person_id=child.person_id,
            assessment_start_date=date_of(today),
            assessment_child_seen_date=date_of(seen) if seen <= world.last else None,
            team_id=child.team.team_id if child.team else None,
            worker_id=child.worker.worker_id if child.worker else None,
        )
        child.assessment = row
        duration = assessment_working_days(
            rng.gauss(0.0, 1.0), rng.random(), rng.random(), p,
            practice.assessment_median_wd, practice.assessment_spread, practice.deadline_push,
        )  # fmt: skip
        child.assessment_due = world.wd(today, duration)
        world.at(child.assessment_due, self._complete, child, row, child.assessment_due)
        history = (PROTECTION_HISTORY_S47 if child.cp_plans else 1.0) * (
            UNRESOLVED if child.unresolved else 1.0
        )
        if child.s47 is None and world.chance(min(0.9, practice.s47_in_assessment * child.risk * history)):
            world.at(world.wd(today, rng.randint(2, 15)), world.protection.strategy, child, episode)

    def handover(self, child: Child) -> None:
        """A new worker picks up an open assessment: it finishes later."""
        row = child.assessment
        if row is None or row["assessment_auth_date"] is not None:
            return
        world = self.world
        due = world.wd(
            max(child.assessment_due, world.today), world.practice.handover_wd * world.rng.random() * 2
        )
        child.assessment_due = due
        world.at(due, self._complete, child, row, due)

    def _complete(self, child: Child, row: Row, due: int) -> None:
        world = self.world
        if (
            child.assessment is not row
            or row["assessment_auth_date"] is not None
            or due != child.assessment_due
        ):
            return
        row["assessment_auth_date"] = date_of(world.today)
        if child.stage != "assessment":
            # The child's journey has moved on while the assessment was written up.
            row["assessment_outcome"] = "s47" if child.s47_outcome else "care" if child.cla else "cin_plan"
            row["assessment_factors"] = self._factors()
            return
        if child.s47_outcome or child.s47 is not None:
            row["assessment_outcome"] = "s47"
            row["assessment_factors"] = self._factors()
            if child.s47_outcome == "nfa" and child.stage == "assessment":
                self.close(child, world.today, "RC8", "close")
            return
        outcome = world.pick(world.practice.assessment_outcomes)
        row["assessment_outcome"] = outcome
        if outcome != "nfa":
            row["assessment_factors"] = self._factors()
        if outcome == "nfa":
            self.close(child, world.today, "RC8", "close")
        elif outcome == "early_help":
            self.close(child, world.today, "RC9", "step_down")
        elif outcome == "cin_plan":
            self.start_cin_plan(child)
        else:
            world.care.enter_from_assessment(child)

    def _factors(self) -> str:
        rng = self.world.rng
        return ",".join(sorted(rng.sample(FACTORS, rng.randint(1, 3))))

    def finish_open_assessment(self, child: Child, outcome: str) -> None:
        row = child.assessment
        if row is not None and row["assessment_auth_date"] is None:
            row["assessment_auth_date"] = date_of(self.world.today)
            row["assessment_outcome"] = outcome

    # ----------------------------------------------------------------------------- CIN plans
    def start_cin_plan(self, child: Child) -> None:
        world = self.world
        if child.episode is None or child.cin_plan is not None:
            return
        today = world.today
        world.allocations.allocate(child, "safeguarding", today)
        row = world.records.add(
            "cin_plans",
            cin_plan_id=world.records.next_id("CN", 6),
            referral_id=child.episode["referral_id"],
            person_id=child.person_id,
            cin_plan_start_date=date_of(today),
        )
        child.cin_plan = row
        child.stage = "cin"
        p = world.pressure_for(child)
        median = world.practice.cin_plan_median_days * pressure.delay_factor(p, pressure.CIN_PLAN_DURATION)
        world.at(today + draws.days(world.rng, median, 0.6), self._end_cin_plan, child, row)
        world.visits.start(child, "cin", row)

    def end_cin_plan(self, child: Child) -> None:
        row = child.cin_plan
        if row is not None:
            row["cin_plan_end_date"] = date_of(self.world.today)
            child.cin_plan = None

    def _end_cin_plan(self, child: Child, row: Row) -> None:
        world = self.world
        if child.cin_plan is not row:
            return
        ending = world.pick(world.practice.cin_endings)
        if ending == "s47" and child.s47 is None and child.episode is not None:
            world.protection.strategy(child, child.episode)
            return  # the plan goes on while the enquiry runs
        self.end_cin_plan(child)
        if ending == "care":
            world.care.enter(child, "V2", "s20")
        else:
            self.close(child, world.today, "RC7", "step_down" if ending == "step_down" else "close")

    # ------------------------------------------------------------------------------- closing
    def close(self, child: Child, day: int, reason: str, decision: str, *, recur: bool = True) -> None:
        """Close the child's episode, with or without a manager's recorded decision."""
        world = self.world
        episode = child.episode
        if episode is None:
            return
        team = child.team or world.workforce.teams[FRONT_DOOR][0]
        p = world.pressure_for(child)
        manager = team.manager or world.workforce.acting_manager(team)
        chance = pressure.scaled_chance(world.practice.unsigned_closure, p, pressure.UNSIGNED_CLOSURE)
        if team.manager is None:
            chance = min(0.95, chance * ACTING_MANAGER_FACTOR)
        unsigned = manager is None or world.chance(chance)
        if reason in AFTER_ASSESSMENT and (child.s47 is not None or child.s47_outcome):
            # "Closed after assessment" (RC8, RC9) says the assessment was all there was; once a
            # section 47 enquiry has run, the CIN census calls the closure RC7 (services ceased).
            reason = "RC7"
        episode["close_date"] = date_of(day)
        episode["close_reason"] = reason
        episode["closure_decision"] = decision
        if not unsigned and manager is not None:
            episode["closure_manager_id"] = manager.worker_id
            episode["closure_decision_date"] = date_of(day)
        self.finish_open_assessment(child, "nfa")
        self.end_cin_plan(child)
        world.protection.end_open_work(child)
        world.allocations.release(child, day)
        child.episode = None
        child.stage = "closed"
        child.assessment = None
        if decision == "step_down":
            world.front_door.start_early_help(child, day, "step_down")
        if recur and reason in ("RC7", "RC8", "RC9"):
            # Each return is a little less likely than the last (families move, or change), which
            # also keeps the chain of returns from growing without end.
            chance = (
                world.practice.recurrence
                * min(child.risk, 2.0) ** 0.5
                * RECURRENCE_DECAY ** (child.referrals - 1)
            )
            chance *= pressure.delay_factor(p, pressure.RECURRENCE)
            if child.cp_plans:
                chance *= PROTECTION_HISTORY
            if unsigned:
                chance *= world.practice.unsigned_recurrence_factor
            if child.ended_before_change:
                chance *= world.practice.premature_recurrence_factor
                child.ended_before_change = False
                child.unresolved = True
            if world.chance(min(0.8, chance)):
                delay = draws.days(world.rng, world.practice.recurrence_median_days, 0.8)
                world.at(day + delay, world.front_door.recontact, child, None)

    def close_at_18(self, child: Child, day: int) -> None:
        reason = "RC6" if child.row["person_disability"] else "RC7"
        self.close(child, day, reason, "close", recur=False)
