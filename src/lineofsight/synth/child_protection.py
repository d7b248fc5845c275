"""Child protection: strategy discussions, section 47 enquiries, conferences, plans and reviews.

The initial conference is due within 15 working days of the S47 start. Councils mostly hold it near
the deadline; the chance it slips, and by how much, grows with pressure. A CP plan is reviewed three
months after the conference and then at most six-monthly, and it ends at a review: the chance it ends
at each falls under pressure (drift), and late reviews make plans longer still, which is what the
measure of plans lasting two years catches. A child with an earlier plan is likelier to need another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lineofsight.synth import draws, pressure
from lineofsight.synth.clock import add_months, date_of
from lineofsight.synth.records import Row

if TYPE_CHECKING:
    from lineofsight.synth.children import Child
    from lineofsight.synth.world import World

CATEGORIES = (("NEG", 0.5), ("EMO", 0.36), ("PHY", 0.07), ("SAB", 0.04), ("MUL", 0.03))
ICPC_DEADLINE = 15  # working days from the S47 start
PROTECTION_HISTORY = 2.5  # a S47 enquiry about a child who had a plan before is likelier to need a conference


def icpc_working_days(on_time_draw: int, late_days: int) -> int:
    """Working days from S47 start to the conference: the planned day, or past the deadline when late."""
    if late_days <= 0:
        return on_time_draw
    return ICPC_DEADLINE + late_days


class ChildProtection:
    def __init__(self, world: World) -> None:
        self.world = world

    def strategy(self, child: Child, episode: Row) -> None:
        """A strategy discussion, and usually a S47 enquiry starting the same day."""
        world = self.world
        practice = world.practice
        if (
            child.episode is not episode
            or child.s47 is not None
            or child.cla is not None
            or child.cp_plan is not None
        ):
            return
        today = world.today
        rng = world.rng
        discussion = world.records.add(
            "strategy_discussions",
            strategy_discussion_id=world.records.next_id("SD", 6),
            referral_id=episode["referral_id"],
            person_id=child.person_id,
            strategy_discussion_date=date_of(today),
            strategy_discussion_outcome="s47",
        )
        if world.chance(practice.strategy_no_s47):
            discussion["strategy_discussion_outcome"] = "no_s47"
            return
        history = (PROTECTION_HISTORY if child.cp_plans else 1.0) * (1.5 if child.unresolved else 1.0)
        u = rng.random()
        to_icpc = min(0.9, practice.s47_to_icpc * child.risk * history)
        outcome = "icpc" if u < to_icpc else "cin_plan" if u < to_icpc + practice.s47_to_cin_plan else "nfa"
        s47 = world.records.add(
            "s47_enquiries",
            s47_enquiry_id=world.records.next_id("S", 6),
            referral_id=episode["referral_id"],
            person_id=child.person_id,
            strategy_discussion_id=discussion["strategy_discussion_id"],
            s47_start_date=date_of(today),
            team_id=child.team.team_id if child.team else None,
            worker_id=child.worker.worker_id if child.worker else None,
        )
        child.s47 = s47
        p = world.pressure_for(child)
        if outcome == "icpc":
            low, high = practice.icpc_wd
            late = pressure.lateness_days(rng, p, practice.icpc_late, 4.0, pressure.ICPC_LATE)
            icpc_day = world.wd(today, icpc_working_days(rng.randint(low, high), late))
            end = max(today, world.wd(today, max(0, world.clock.count(today, icpc_day) - rng.randint(0, 3))))
            world.at(icpc_day, self._conference, child, s47)
        else:
            end = world.wd(today, draws.days(rng, 10 * pressure.delay_factor(p, 1.0), 0.5))
        world.at(end, self._end_s47, child, s47, outcome)

    def _end_s47(self, child: Child, s47: Row, outcome: str) -> None:
        world = self.world
        if child.s47 is not s47:
            return
        s47["s47_end_date"] = date_of(world.today)
        s47["s47_outcome"] = outcome
        child.s47_outcome = outcome
        if outcome == "icpc":
            return  # open until the conference
        child.s47 = None
        if outcome == "cin_plan":
            world.referrals.start_cin_plan(child)
        elif child.stage == "assessment":
            assessment = child.assessment
            if assessment is not None and assessment["assessment_auth_date"] is not None:
                world.referrals.close(child, world.today, "RC8", "close")

    def _conference(self, child: Child, s47: Row) -> None:
        world = self.world
        if child.s47 is not s47 or child.episode is None or child.cla is not None:
            return
        child.s47 = None
        plan = world.chance(world.practice.icpc_plan)
        conference = world.records.add(
            "initial_cp_conferences",
            icpc_id=world.records.next_id("IC", 6),
            s47_enquiry_id=s47["s47_enquiry_id"],
            referral_id=s47["referral_id"],
            person_id=child.person_id,
            icpc_date=date_of(world.today),
            icpc_outcome_cp_plan=plan,
        )
        if plan:
            self._start_plan(child, conference)
        elif child.cin_plan is None:
            world.referrals.start_cin_plan(child)

    def _start_plan(self, child: Child, conference: Row) -> None:
        world = self.world
        today = world.today
        world.referrals.end_cin_plan(child)
        world.allocations.allocate(child, "safeguarding", today)
        category = world.pick(CATEGORIES)
        plan = world.records.add(
            "cp_plans",
            cp_plan_id=world.records.next_id("CP", 6),
            referral_id=conference["referral_id"],
            icpc_id=conference["icpc_id"],
            person_id=child.person_id,
            cp_plan_start_date=date_of(today),
            cp_plan_initial_category=category,
            cp_plan_latest_category=category if world.chance(0.9) else world.pick(CATEGORIES),
        )
        child.cp_plan = plan
        child.cp_plans += 1
        child.unresolved = False
        child.cp_review_number = 0
        child.stage = "cp"
        self._schedule_review(child, plan, add_months(today, 3))
        world.visits.start(child, "cp", plan)

    def _schedule_review(self, child: Child, plan: Row, due: int) -> None:
        world = self.world
        p = world.pressure_for(child)
        late = pressure.lateness_days(world.rng, p, world.practice.cp_review_late, 20.0, pressure.REVIEW_LATE)
        held = due + late if late else due - world.rng.randint(0, 10)
        world.at(max(held, world.today + 1), self._review, child, plan, due)

    def _review(self, child: Child, plan: Row, due: int) -> None:
        world = self.world
        if child.cp_plan is not plan:
            return
        practice = world.practice
        endings = practice.cp_end_at_review
        chance = endings[min(child.cp_review_number, len(endings) - 1)]
        ends = world.chance(pressure.reduced_chance(chance, world.pressure_for(child), pressure.PLAN_ENDING))
        child.cp_review_number += 1
        world.records.add(
            "cp_reviews",
            cp_review_id=world.records.next_id("CR", 6),
            cp_plan_id=plan["cp_plan_id"],
            person_id=child.person_id,
            cp_review_due_date=date_of(due),
            cp_review_date=date_of(world.today),
            cp_review_outcome_continue_cp=not ends,
        )
        if not ends:
            if child.pre_proceedings is None and world.chance(practice.cp_plo * child.risk):
                world.legal.start_pre_proceedings(child)
            self._schedule_review(child, plan, add_months(world.today, 6))
            return
        ending = world.pick(practice.cp_endings)
        if ending != "care":
            # Under pressure more plans end on paper before the family has changed: the child
            # is likelier to be back (see referrals.close).
            p = world.pressure_for(child)
            child.ended_before_change = world.chance(
                pressure.scaled_chance(practice.premature_ending, p, pressure.PREMATURE_ENDING)
            )
        self.end_plan(child)
        if ending == "step_down":
            # The CIN plan takes over from the next day. Starting it on the review's own day is
            # allowed by the CIN census (rule 4003 spares a review on the plan's end date), but the
            # DfE's validator numbers plans within each episode and matches reviews by that number
            # alone, so a child with plans in two episodes of one census would fail 4003 wrongly.
            world.at(world.today + 1, self._step_down, child)
        elif ending == "close":
            world.referrals.close(child, world.today, "RC7", "close")
        else:
            world.care.enter(child, "V2", "s20")

    def _step_down(self, child: Child) -> None:
        if child.cp_plan is None and child.cla is None:
            self.world.referrals.start_cin_plan(child)

    def end_plan(self, child: Child) -> None:
        plan = child.cp_plan
        if plan is not None:
            plan["cp_plan_end_date"] = date_of(self.world.today)
            child.cp_plan = None
            self.world.legal.end_pre_proceedings(child, "step_down")

    def end_open_work(self, child: Child) -> None:
        """On closure: an open enquiry ends and a plan ends."""
        s47 = child.s47
        if s47 is not None:
            if s47["s47_end_date"] is None:
                s47["s47_end_date"] = date_of(self.world.today)
                s47["s47_outcome"] = "nfa"
            child.s47 = None
        self.end_plan(child)
