"""The children of the synthetic council: who they are and where each is in their journey."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lineofsight.synth import names
from lineofsight.synth.clock import add_years, date_of
from lineofsight.synth.records import Records, Row

if TYPE_CHECKING:
    from lineofsight.synth.staff import Team, Worker

# Age at a contact, in years, with weights near the children-in-need population of England
# (about 6% under 1, 17% aged 1-4, 24% aged 5-9, 37% aged 10-15 and 16% aged 16-17).
AGE_BANDS = ((0, 1, 0.06), (1, 5, 0.17), (5, 10, 0.24), (10, 16, 0.37), (16, 17.95, 0.16))


@dataclass(eq=False, slots=True)
class Child:
    """A child known to the council, with references to whatever is open for them now."""

    person_id: str
    row: Row
    dob: int
    birthday_18: int
    locality: float  # which of each function's teams serves the child's home
    risk: float  # how likely harm is to recur; mean 1 across children
    home_postcode: str
    stage: str = "none"  # none, assessment, cin, cp, cla, leaver, closed
    known: bool = False  # referred at least once
    episode: Row | None = None  # the open CIN episode
    team: Team | None = None
    worker: Worker | None = None
    allocation: Row | None = None
    available_from: int = 0  # a reallocation waits until this day
    assessment: Row | None = None
    assessment_due: int = 0
    s47: Row | None = None
    s47_outcome: str = ""
    cin_plan: Row | None = None
    cp_plan: Row | None = None
    cp_review_number: int = 0
    pre_proceedings: Row | None = None
    proceedings: Row | None = None
    cla: Row | None = None
    placement: Row | None = None
    legal_status: Row | None = None
    exit_plan: str = ""
    adoption: Row | None = None
    care_leaver: Row | None = None
    care_days_since_14: int = 0
    cp_plans: int = 0
    referrals: int = 0
    ended_before_change: bool = False  # a plan ended before the change it needed was made
    unresolved: bool = False  # ... so the harm behind it is still there when the child comes back
    last_referral: int | None = None
    missing_rate: float = 0.0
    early_help: Row | None = None

    def age_years(self, day: int) -> float:
        return (day - self.dob) / 365.25


def draw_age_days(rng: random.Random) -> int:
    low, high, _ = rng.choices(AGE_BANDS, [band[2] for band in AGE_BANDS])[0]
    return int(rng.uniform(low, high) * 365.25)


def new_child(records: Records, rng: random.Random, dob: int, *, uasc: bool = False) -> Child:
    """A fictional child with a person row: sex, name, ethnicity and date of birth."""
    sex = "1" if rng.random() < 0.52 else "2"
    person_id = records.next_id("C")
    row = records.add(
        "person",
        person_id=person_id,
        person_forename=names.forename(rng, sex),
        person_surname=names.surname(rng),
        person_sex=sex,
        person_ethnicity="OOTH" if uasc and rng.random() < 0.5 else names.ethnicity(rng),
        person_dob=date_of(dob),
        person_disability=rng.random() < 0.08,
        person_uasc=uasc,
    )
    return Child(
        person_id=person_id,
        row=row,
        dob=dob,
        birthday_18=add_years(dob, 18),
        locality=rng.random(),
        risk=rng.gammavariate(2.0, 0.5),
        home_postcode=names.postcode(rng, rng.randint(1, 9)),
    )
