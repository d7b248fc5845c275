"""The council's starting point: its workforce, and the children already in care and leaving care.

The data starts two years before the first reported year, from a council with no open referrals,
assessments or plans: two years is long enough for those to reach a steady flow (most CP plans end
within 15 months), so the first reported year has a full year of look-back. Children in care and
care leavers cannot be built up that way (a child may be in care for ten years), so the council
starts with a stock of them, sized by the profile, whose care began before the data starts: their
period of care, current placement and legal status are backdated, with no earlier history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lineofsight.synth.children import new_child
from lineofsight.synth.clock import add_years, date_of
from lineofsight.synth.staff import (
    ASSESSMENT,
    CARE_LEAVERS,
    CHILDREN_IN_CARE,
    FRONT_DOOR,
    SAFEGUARDING,
)

if TYPE_CHECKING:
    from lineofsight.synth.world import World

# Ages of children in care at 31 March in England: about 5% under 1, 14% 1-4, 18% 5-9, 38% 10-15,
# 25% 16-17.
STOCK_AGES = ((0.1, 1.0, 0.05), (1.0, 5.0, 0.14), (5.0, 10.0, 0.18), (10.0, 16.0, 0.38), (16.0, 17.9, 0.25))
MEAN_YEARS_IN_CARE = 2.5


def establishment(world: World) -> dict[str, float]:
    """FTE to start with, from the profile's demand: a first guess that the yearly review corrects."""
    demand = world.profile.demand
    labour = world.profile.labour
    in_need = (demand.open_cases_per_10k - demand.cla_stock_per_10k) * world.scale
    return {
        FRONT_DOOR: demand.new_contacts_per_10k * 1.3 * world.scale / labour.funded_contacts,
        ASSESSMENT: in_need * 0.4 / labour.funded_caseload,
        SAFEGUARDING: in_need * 0.6 / labour.funded_caseload,
        CHILDREN_IN_CARE: demand.cla_stock_per_10k * world.scale / labour.funded_caseload,
        CARE_LEAVERS: demand.care_leavers_per_10k * 1.2 * world.scale / labour.funded_care_leavers,
    }


def seed(world: World) -> None:
    seed_children_in_care(world)
    seed_care_leavers(world)


def seed_children_in_care(world: World) -> None:
    rng = world.rng
    first = world.first
    for _ in range(round(world.profile.demand.cla_stock_per_10k * world.scale)):
        low, high, _ = rng.choices(STOCK_AGES, [band[2] for band in STOCK_AGES])[0]
        age_days = int(rng.uniform(low, high) * 365.25)
        dob = first - age_days
        in_care = int(min(age_days - 1, rng.expovariate(1.0 / (MEAN_YEARS_IN_CARE * 365.25))))
        entered = first - max(in_care, 1)
        child = new_child(world.records, rng, dob, uasc=age_days > 14 * 365 and rng.random() < 0.08)
        referred = max(dob, entered - rng.randint(0, 200))
        child.episode = world.records.add(
            "cin_episodes",
            referral_id=world.records.next_id("R", 6),
            person_id=child.person_id,
            referral_date=date_of(referred),
            referral_source_code=world.pick((("6", 0.3), ("2A", 0.2), ("3F", 0.2), ("5A", 0.3))),
            cin_primary_need_code="N8" if child.row["person_uasc"] else "N1" if rng.random() < 0.65 else "N4",
            referral_nfa=False,
        )
        child.last_referral = referred
        child.known = True
        world.at(child.birthday_18, world.turns_18, child)
        child.cla = world.records.add(
            "cla_episodes",
            cla_episode_id=world.records.next_id("LA", 6),
            person_id=child.person_id,
            referral_id=child.episode["referral_id"],
            cla_episode_start_date=date_of(entered),
            cla_episode_start_reason="S",
            cla_primary_need_code=child.episode["cin_primary_need_code"],
            home_postcode=child.home_postcode,
        )
        child.stage = "cla"
        world.allocations.allocate(child, CHILDREN_IN_CARE, first)
        status = "V2" if child.row["person_uasc"] or rng.random() < 0.2 else "C2"
        child.legal_status = world.records.add(
            "legal_statuses",
            legal_status_id=world.records.next_id("LS", 6),
            cla_episode_id=child.cla["cla_episode_id"],
            person_id=child.person_id,
            legal_status=status,
            legal_status_start_date=date_of(entered),
        )
        settled_since = first - int(rng.uniform(0.0, 1.0) * in_care)
        world.placements.settle(
            child, max(entered, settled_since), long_term=in_care > 365 and rng.random() < 0.7
        )
        world.duties.start(child, settled=True)
        exit_plan = world.pick((("long_term", 0.8), ("return_home", 0.2)))
        child.exit_plan = exit_plan
        if exit_plan == "return_home":
            world.at(first + rng.randint(30, 400), world.care.exit_event, child, child.cla, "return_home")
        else:
            world.care.plan_long_term(child)


def seed_care_leavers(world: World) -> None:
    rng = world.rng
    first = world.first
    for _ in range(round(world.profile.demand.care_leavers_per_10k * world.scale)):
        dob = first - int(rng.uniform(18.0, 20.99) * 365.25)
        child = new_child(world.records, rng, dob)
        child.known = True
        child.care_days_since_14 = 3 * 365
        world.leavers.start(child, add_years(dob, 18), "former_relevant")
