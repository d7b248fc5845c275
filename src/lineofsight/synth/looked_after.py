"""Children looked after: becoming looked after, legal statuses, the way out of care, and leaving.

Children come into care from an assessment (in an emergency, under police protection or an emergency
protection order, or by agreement under section 20), from a CP plan, or when care proceedings are
issued; unaccompanied asylum-seeking children arrive directly. Each period of care has an exit in
view: home, a special guardianship order, adoption, or staying until 18 (or moving to independence
at 17). Turning 18 in care makes a young person a care leaver.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lineofsight.synth import draws
from lineofsight.synth.clock import add_years, date_of

if TYPE_CHECKING:
    from lineofsight.synth.children import Child
    from lineofsight.synth.world import World

CEASED = {
    "return_home": (("E4A", 1.0),),
    "sgo": (("E45", 0.5), ("E46", 0.5)),
    "adoption": (("E11", 0.6), ("E12", 0.4)),
    "age_18": (("E17", 0.25), ("E7", 0.45), ("E8", 0.3)),
    "independence": (("E7", 0.8), ("E8", 0.2)),
    "transfer": (("E3", 1.0),),
}
# Police protection lasts at most 72 hours and an emergency protection order at most 8 days (15 with
# an extension); unless proceedings have moved the child on by then, the child stays by agreement.
EMERGENCY_DAYS = {"L1": 2, "L2": 14}
FOSTER = ("U1", "U2", "U3", "U4", "U5", "U6")
EPISODE_CLOSURE = {"sgo": "RC4", "adoption": "RC1", "transfer": "RC5"}
# The exit in view for children coming into care by agreement (section 20), by age band.
S20_EXITS = {
    "under_5": (("return_home", 0.35), ("proceedings", 0.5), ("long_term", 0.15)),
    "5_to_15": (("return_home", 0.45), ("long_term", 0.4), ("proceedings", 0.15)),
    "16_plus": (("return_home", 0.3), ("long_term", 0.7)),
}


class LookedAfter:
    def __init__(self, world: World) -> None:
        self.world = world

    def enter_from_assessment(self, child: Child) -> None:
        world = self.world
        if world.chance(world.practice.care_from_assessment_emergency):
            self.enter(child, "L1" if world.chance(0.6) else "L2", "emergency")
        else:
            self.enter(child, "V2", "s20")

    def enter(self, child: Child, legal_status: str, route: str) -> None:
        """The child becomes looked after today."""
        world = self.world
        today = world.today
        if child.cla is not None or child.age_years(today) >= 17.75:
            if child.episode is not None and child.cla is None and child.stage == "assessment":
                world.referrals.start_cin_plan(child)
            return
        if child.episode is None:
            world.referrals.refer(child, None)
        assert child.episode is not None
        world.referrals.end_cin_plan(child)
        world.protection.end_open_work(child)
        need = child.episode["cin_primary_need_code"]
        child.cla = world.records.add(
            "cla_episodes",
            cla_episode_id=world.records.next_id("LA", 6),
            person_id=child.person_id,
            referral_id=child.episode["referral_id"],
            cla_episode_start_date=date_of(today),
            cla_episode_start_reason="S",
            cla_primary_need_code=need if need not in ("N0", "N9") else "N1",
            home_postcode=child.home_postcode,
        )
        child.stage = "cla"
        world.allocations.allocate(child, "children_in_care", today)
        self._legal_status(child, legal_status)
        world.placements.first(child, emergency=route in ("emergency", "proceedings"))
        if legal_status in EMERGENCY_DAYS:
            world.at(today + EMERGENCY_DAYS[legal_status], self._emergency_ends, child, child.cla)
        world.duties.start(child)
        self._plan_exit(child, route)

    def _plan_exit(self, child: Child, route: str) -> None:
        world = self.world
        rng = world.rng
        today = world.today
        age = child.age_years(today)
        if route == "uasc":
            plan = "long_term"
        elif route == "emergency":
            plan = "return_home" if world.chance(0.3) else "proceedings"
        elif route == "proceedings":
            plan = "proceedings"
        else:
            band = "under_5" if age < 5 else "16_plus" if age >= 16 else "5_to_15"
            plan = world.pick(S20_EXITS[band])
        child.exit_plan = plan
        if plan == "return_home":
            median = 8 if route == "emergency" else 120
            world.at(today + draws.days(rng, median, 0.8), self.exit_event, child, child.cla, "return_home")
        elif plan == "proceedings" and route != "proceedings":
            world.at(
                today + draws.days(rng, 10 if route == "emergency" else 60, 0.6),
                self._issue,
                child,
                child.cla,
            )
        elif plan == "long_term":
            self.plan_long_term(child)

    def plan_long_term(self, child: Child) -> None:
        world = self.world
        today = world.today
        if world.chance(0.12):
            world.at(today + draws.days(world.rng, 700, 0.5), self.exit_event, child, child.cla, "sgo")
        elif child.age_years(today) < 17 and world.chance(0.25):
            at_17 = add_years(child.dob, 17) + world.rng.randint(0, 300)
            world.at(max(today + 30, at_17), self.exit_event, child, child.cla, "independence")

    def _issue(self, child: Child, episode: object) -> None:
        if self.world.today < child.birthday_18 and child.cla is episode:
            self.world.legal.issue(child)

    def exit_event(self, child: Child, episode: object, reason: str) -> None:
        if child.cla is episode and child.exit_plan != "adoption":
            self.cease(child, self.world.today, reason)

    # ------------------------------------------------------------------------ legal statuses
    def _legal_status(self, child: Child, status: str) -> None:
        world = self.world
        assert child.cla is not None
        child.legal_status = world.records.add(
            "legal_statuses",
            legal_status_id=world.records.next_id("LS", 6),
            cla_episode_id=child.cla["cla_episode_id"],
            person_id=child.person_id,
            legal_status=status,
            legal_status_start_date=date_of(world.today),
        )

    def _emergency_ends(self, child: Child, episode: object) -> None:
        status = child.legal_status
        if child.cla is episode and status is not None and status["legal_status"] in EMERGENCY_DAYS:
            self.change_legal_status(child, "V2")

    def change_legal_status(self, child: Child, status: str) -> None:
        current = child.legal_status
        if current is not None:
            if current["legal_status"] == status:
                return
            current["legal_status_end_date"] = date_of(self.world.today)
        self._legal_status(child, status)

    def final_order(self, child: Child, order: str) -> None:
        world = self.world
        if order == "care_order":
            self.change_legal_status(child, "C2")
            child.exit_plan = "long_term"
            if world.chance(0.12):
                world.at(
                    world.today + draws.days(world.rng, 300, 0.6),
                    self.exit_event,
                    child,
                    child.cla,
                    "return_home",
                )
            else:
                self.plan_long_term(child)
        elif order == "placement_order":
            self.change_legal_status(child, "E1")
            world.permanence.plan_adoption(child)
        elif order == "sgo":
            self.cease(child, world.today, "sgo")
        else:
            self.cease(child, world.today, "return_home")

    # --------------------------------------------------------------------------------- leaving
    def cease(self, child: Child, day: int, reason: str) -> None:
        """The period of care ends; what follows depends on why."""
        world = self.world
        episode = child.cla
        if episode is None:
            return
        start = episode["cla_episode_start_date"].toordinal()
        fourteenth = add_years(child.dob, 14)
        child.care_days_since_14 += max(0, day - max(start, fourteenth))
        # A placement that began today is invisible in the 903 (its episodes change only before the
        # day care ends), so the carers who matter are those of a placement begun before today.
        placed_with_foster_carers = (
            child.placement is not None
            and child.placement["placement_type"] in FOSTER
            and child.placement["placement_start_date"] < date_of(day)
        )
        world.placements.end(child, day)
        if child.legal_status is not None:
            child.legal_status["legal_status_end_date"] = date_of(day)
            child.legal_status = None
        if reason == "sgo" and not placed_with_foster_carers:
            # A special guardianship order goes to the child's foster carers (relatives or not); a
            # child in a children's home who leaves to live with family has gone home.
            reason = "return_home"
        episode["cla_episode_ceased_date"] = date_of(day)
        episode["cla_episode_ceased_reason"] = world.pick(CEASED[reason])
        child.cla = None
        child.exit_plan = ""
        world.legal.abandon(child)
        world.permanence.end(child)
        eligible = child.care_days_since_14 >= 91
        if reason == "age_18":
            world.referrals.close_at_18(child, day)
            if eligible:
                world.leavers.start(child, day, "former_relevant")
        elif reason == "independence":
            world.referrals.close(child, day, "RC7", "close", recur=False)
            if eligible:
                world.leavers.start(child, day, "relevant")
        elif reason == "return_home" and child.age_years(day) < 17.5 and world.chance(0.7):
            child.stage = "cin"
            world.referrals.start_cin_plan(child)
        else:
            world.referrals.close(child, day, EPISODE_CLOSURE.get(reason, "RC7"), "close")
