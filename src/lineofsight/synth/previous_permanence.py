"""What held each child's permanence before a period of care began (SSDA903 PrevPerm).

Most children who come into care were never adopted or under a special guardianship or child
arrangements order (Z1). A few come back after one broke down; those carry the order's council and
date, sometimes with the day (or the day and month) not known, as the 903 allows. Drawn after the
simulation from a random stream of its own, so that adding this table changed nothing else in any
synthetic council.
"""

from __future__ import annotations

import datetime as dt
import random

from lineofsight.synth.records import Records

# P1 adoption, P2 special guardianship, P3 a child arrangements (or residence) order; the rest Z1.
BROKE_DOWN = (("P1", 0.01), ("P2", 0.025), ("P3", 0.015))
# Where the order was made: this council (Hull, 810) mostly, else a neighbour.
COUNCILS = ("810", "810", "810", "811", "812", "813")
DAY_NOT_KNOWN = 0.1
MONTH_NOT_KNOWN = 0.05


def add_previous_permanence(records: Records, seed: int) -> None:
    """One row for every period of care."""
    rng = random.Random(f"previous-permanence-{seed}")
    births = {p["person_id"]: p["person_dob"] for p in records.rows("person")}
    periods = records.rows("cla_episodes")
    first_care: dict[str, dt.date] = {}
    for period in periods:
        child, started = period["person_id"], period["cla_episode_start_date"]
        first_care[child] = min(started, first_care.get(child, started))
    for period in periods:
        child = period["person_id"]
        # Before the child's first care with this council: the DfE's rules want the order before
        # the first episode of the return, which may belong to an earlier period.
        code, council, date = _before(rng, births[child], first_care[child])
        records.add(
            "previous_permanence",
            previous_permanence_id=records.next_id("PV", 6),
            person_id=child,
            cla_episode_id=period["cla_episode_id"],
            previous_permanence_code=code,
            permanence_local_authority=council,
            permanence_order_date=date,
        )


def _before(rng: random.Random, born: dt.date, started: dt.date) -> tuple[str, str | None, str | None]:
    draw = rng.random()
    code = "Z1"
    for candidate, share in BROKE_DOWN:
        if draw < share:
            code = candidate
            break
        draw -= share
    if code == "Z1":
        return "Z1", None, None
    # The order was made at least 3 months after birth and 2 months before care first began.
    earliest, latest = born.toordinal() + 90, started.toordinal() - 60
    if latest < earliest:
        return "Z1", None, None
    made = dt.date.fromordinal(rng.randint(earliest, latest))
    council = rng.choice(COUNCILS)
    if rng.random() < MONTH_NOT_KNOWN:
        return code, council, f"ZZ/ZZ/{made.year}"
    if rng.random() < DAY_NOT_KNOWN:
        return code, council, f"ZZ/{made:%m/%Y}"
    return code, council, f"{made:%d/%m/%Y}"
