"""How workload turns into delay: the one place where caseloads change the timing of practice.

Pressure is a team's caseload per case-holding FTE divided by a reference caseload of 15, about
England's average (16.0 in 2023). At the reference every process runs at the council's own practice
pace; above it, durations stretch, intervals between visits and reviews lengthen, managers sign off
fewer closures, children come back more often and placements break down more. Every profile goes
through these same functions with the same elasticities, so a difference between profiles' results
comes from their workload, not from a rule that says one council is worse.

The elasticities are judgement, not published figures: chosen so that a council at 25 cases per
worker (the context council) lands where such councils were found by Ofsted, with assessments often
beyond 45 working days and conferences late, while one at 15 keeps to timescales.
"""

from __future__ import annotations

import math
import random

REFERENCE_CASELOAD = 15.0

# Below this pressure a team is no quicker: slack does not make a conference come sooner.
FLOOR = 0.85
# Above this a team is in crisis; the model stops there rather than invent a worse world.
CEILING = 3.0

# How strongly each process answers to pressure: factor = pressure ** elasticity.
ASSESSMENT_DURATION = 1.4
ASSESSMENT_DEADLINE_PUSH = 2.0  # share of would-be-late assessments still finished in time, divided
START_DELAY = 1.5
ICPC_LATE = 2.5
REVIEW_LATE = 2.5
VISIT_INTERVAL = 1.0
SEEN_ALONE = 0.7  # divides the chance a child is seen alone
PLAN_ENDING = 1.0  # divides the chance a CP plan ends at a review (drift)
CIN_PLAN_DURATION = 0.4
UNSIGNED_CLOSURE = 2.5
RECURRENCE = 2.0
PREMATURE_ENDING = 3.5
PLACEMENT_MOVE = 1.2
SUPERVISION_INTERVAL = 1.0
LEAVING = 0.5
ALLOCATION_GAP = 2.0
FRONT_DOOR_DELAY = 1.5
HEALTH_LATE = 2.0
RHI_LATE = 1.5


def pressure(caseload_per_fte: float) -> float:
    """Caseload per FTE as a multiple of the reference caseload."""
    return caseload_per_fte / REFERENCE_CASELOAD


def clamp(value: float) -> float:
    return min(max(value, FLOOR), CEILING)


def delay_factor(pressure_now: float, elasticity: float) -> float:
    """The multiplier on a duration or interval under this pressure (1.0 at the reference)."""
    return float(clamp(pressure_now) ** elasticity)


def scaled_chance(base: float, pressure_now: float, elasticity: float, cap: float = 0.95) -> float:
    """A probability that grows with pressure from `base` at the reference, capped below 1."""
    return min(cap, base * delay_factor(pressure_now, elasticity))


def reduced_chance(base: float, pressure_now: float, elasticity: float) -> float:
    """A probability that shrinks with pressure from `base` at the reference."""
    return min(1.0, base / delay_factor(pressure_now, elasticity))


def lateness_days(
    rng: random.Random, pressure_now: float, late_chance: float, mean_late_days: float, elasticity: float
) -> int:
    """Days after a due date that something happens: usually on time (0), late more often and by more
    when pressure is high."""
    if rng.random() >= scaled_chance(late_chance, pressure_now, elasticity, cap=0.9):
        return 0
    return 1 + int(rng.expovariate(1.0 / (mean_late_days * delay_factor(pressure_now, 1.0))))


def smoothed(previous: float, current: float, days: float = 30.0) -> float:
    """An exponentially weighted average with a time constant of `days`: workload is felt over
    weeks, not from one day's allocations."""
    weight = 1.0 - math.exp(-1.0 / days)
    return previous + weight * (current - previous)
