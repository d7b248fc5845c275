"""What the synthetic council records that only its statutory returns ask about: the kinds of a
child's disability, when an unaccompanied asylum-seeking child stopped being one, whether a
looked-after girl is a mother, each looked-after child's year of health and offending (the 903's
OC2), the adopters, why a decision to place for adoption was reversed, the family group
decision-making meeting offered before proceedings, and orders depriving a child of their liberty.

A council records these in its case-management system, and its returns say them; so the synthetic
council records them too, and its returns are written from what it recorded rather than from
answers the writers would have to make up. Drawn after the simulation from a random stream of its
own, so that adding them changed nothing else in any synthetic council.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from lineofsight.synth.records import Records

Row = dict[str, Any]

# CIN census disability codes, for a child recorded as disabled (one, sometimes two).
DISABILITY_KINDS = ("LD", "AUT", "COMM", "BEH", "MOB", "HEAR", "VIS", "CON", "HAND", "PC", "INC", "DDA")
# Adopters (903 AD1): how many, their sexes, their legal status, and how often each.
ADOPTERS = (
    (("2", "MF", "L11"), 0.55),  # a married couple
    (("2", "MF", "L2"), 0.12),  # an unmarried couple
    (("2", "MM", "L12"), 0.06),  # civil partners
    (("2", "FF", "L12"), 0.07),
    (("1", "F1", "L0"), 0.14),  # single adopters
    (("1", "M1", "L0"), 0.03),
    (("2", "MF", "L3"), 0.03),
)
REVERSED = ("RD1", "RD2", "RD3", "RD4")
# Why a 4 to 16 year old has no SDQ score (SDQ1 is for children outside those ages).
SDQ_REASONS = ("SDQ2", "SDQ3", "SDQ4", "SDQ5")
# The duty to offer a family group decision-making meeting before proceedings (Children's Wellbeing
# and Schools Act 2026) made the offer usual: before it, councils offered one to about half.
FGDM_DUTY = dt.date(2026, 4, 29)
DEPRIVATION_SHARE = 0.06  # of 12 to 17 year olds placed in children's homes


def add_return_facts(records: Records, seed: int, end: dt.date) -> None:
    rng = random.Random(f"return-facts-{seed}")
    people = {p["person_id"]: p for p in records.rows("person")}
    for person in people.values():
        if person["person_disability"]:
            kinds = rng.sample(DISABILITY_KINDS, 2 if rng.random() < 0.25 else 1)
            person["person_disability_codes"] = ",".join(kinds)
        else:
            person["person_disability_codes"] = "NONE"
        if person["person_uasc"] and _birthday(person["person_dob"], 18) <= end:
            # No longer an unaccompanied asylum-seeking child at 18: said once it has happened.
            person["person_uasc_end_date"] = _birthday(person["person_dob"], 18)
    periods: defaultdict[str, list[Row]] = defaultdict(list)
    for period in records.rows("cla_episodes"):
        periods[period["person_id"]].append(period)
    health: defaultdict[str, list[Row]] = defaultdict(list)
    for assessment in records.rows("health_assessments"):
        health[assessment["person_id"]].append(assessment)
    first_year = (
        min((p["cla_episode_start_date"] for ps in periods.values() for p in ps), default=end).year + 1
    )
    for year in range(first_year, end.year + 1):
        last = dt.date(year, 3, 31)
        if last > end:
            break
        for child in sorted(periods):
            person = people[child]
            _motherhood(records, person, periods[child], year)
            if _continuously_for_a_year(periods[child], last):
                _health_outcome(records, rng, person, health[child], year)
    for adoption in records.rows("adoptions"):
        if adoption["adoption_order_date"] is not None:
            count, sexes, status = _chosen(rng, ADOPTERS)
            adoption.update(adopters_count=count, adopters_sex=sexes, adopters_legal_status=status)
        if adoption["decision_reversed_date"] is not None:
            adoption["decision_reversed_reason"] = rng.choice(REVERSED)
    for stage in records.rows("pre_proceedings"):
        _family_group_decision_making(rng, stage, end)
    _deprivations_of_liberty(records, rng, people, end)


def _birthday(dob: dt.date, age: int) -> dt.date:
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:
        return dt.date(dob.year + age, 2, 28)


def _age_on(dob: dt.date, day: dt.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def _chosen(rng: random.Random, weighted: Sequence[tuple[Any, float]]) -> Any:
    draw = rng.random() * sum(share for _, share in weighted)
    for value, share in weighted:
        if draw < share:
            return value
        draw -= share
    return weighted[-1][0]


def _continuously_for_a_year(periods: Sequence[Row], last: dt.date) -> bool:
    year_ago = _birthday(last, -1) + dt.timedelta(days=1)
    return any(
        p["cla_episode_start_date"] <= year_ago
        and (p["cla_episode_ceased_date"] is None or p["cla_episode_ceased_date"] >= last)
        for p in periods
    )


def _motherhood(records: Records, person: Row, periods: Sequence[Row], year: int) -> None:
    """A girl looked after in the year is recorded as not a mother (no synthetic child is one)."""
    first, last = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    looked_after = any(
        p["cla_episode_start_date"] <= last
        and (p["cla_episode_ceased_date"] is None or p["cla_episode_ceased_date"] >= first)
        for p in periods
    )
    if person["person_sex"] == "2" and looked_after:
        records.add(
            "child_years",
            child_year_id=f"{person['person_id']}/903/{year}",
            person_id=person["person_id"],
            return_kind="903",
            collection_year=year,
            mother="0",
        )


def _health_outcome(
    records: Records, rng: random.Random, person: Row, health: Sequence[Row], year: int
) -> None:
    """A child looked after for the whole year: the health assessment and dental check as recorded,
    and the rest as a council records them (immunisations, convictions, substance misuse, the SDQ)."""
    last = dt.date(year, 3, 31)
    first = _birthday(last, -1) + dt.timedelta(days=1)
    dob = person["person_dob"]
    age = _age_on(dob, last)

    def held(*kinds: str) -> str:
        found = any(
            h["health_assessment_type"] in kinds and first <= h["health_assessment_date"] <= last
            for h in health
        )
        return "1" if found else "0"

    assessed = held("initial", "review")
    misusing = age >= 11 and rng.random() < 0.04
    row: Row = {
        "health_outcome_id": f"{person['person_id']}/oc2/{year}",
        "person_id": person["person_id"],
        "collection_year": year,
        "health_assessment": assessed,
        "teeth_check": held("dental"),
        "health_check": assessed if age < 5 else None,
        "immunisations": "1" if rng.random() < (0.92 if assessed == "1" else 0.7) else "0",
        "convicted": ("1" if rng.random() < 0.03 else "0") if age >= 10 else None,
        "substance_misuse": "1" if misusing else "0",
    }
    if misusing:  # an intervention received, or else whether one was offered (the DfE asks no more)
        received = rng.random() < 0.6
        row["intervention_received"] = "1" if received else "0"
        if not received:
            row["intervention_offered"] = "1" if rng.random() < 0.7 else "0"
    if age >= 4 and _age_on(dob, first) < 17:  # the SDQ is asked of 4 to 16 year olds
        if rng.random() < 0.75:
            row["sdq_score"] = str(min(40, max(0, round(rng.gauss(14, 6)))))
        else:
            row["sdq_reason"] = rng.choice(SDQ_REASONS)
    records.add("health_outcomes", **row)


def _family_group_decision_making(rng: random.Random, stage: Row, today: dt.date) -> None:
    """The letter before proceedings a few days after the decision to begin, the meeting offered in
    it (usually, once the duty began) and held, the review meetings, and where proceedings were
    issued, the application to court and the letter to the parents."""
    started: dt.date = stage["pre_proceedings_start_date"]
    sent = started + dt.timedelta(days=rng.randint(1, 10))
    if sent > today:
        return  # the letter is still to go: nothing to record yet
    stage["letter_before_proceedings_date"] = sent
    offered = rng.random() < (0.9 if started >= FGDM_DUTY else 0.5)
    stage["fgdm_offered"] = offered
    if offered:
        stage["fgdm_held"] = rng.random() < 0.65
    ended = stage["pre_proceedings_end_date"]
    if ended is not None:
        stage["review_meetings"] = max(0, (ended - started).days // 42 - 1)
        if stage["pre_proceedings_outcome"] == "issue":
            stage["court_application_date"] = ended
            stage["proceedings_letter_date"] = min(today, ended + dt.timedelta(days=rng.randint(0, 3)))


def _deprivations_of_liberty(
    records: Records, rng: random.Random, people: dict[str, Row], today: dt.date
) -> None:
    """A few children of 12 and over placed in a children's home are deprived of their liberty there
    by a court's order, for a time within the placement (ending before the day the child moves on,
    when the next placement begins)."""
    for placement in records.rows("placements"):
        if placement["placement_type"] != "K2":
            continue
        child = placement["person_id"]
        begun: dt.date = placement["placement_start_date"]
        if _age_on(people[child]["person_dob"], begun) < 12 or rng.random() >= DEPRIVATION_SHARE:
            continue
        start = begun + dt.timedelta(days=rng.randint(7, 60))
        ended = placement["placement_end_date"]
        last = today if ended is None else ended - dt.timedelta(days=1)
        if start >= last:
            continue
        end: dt.date | None = min(start + dt.timedelta(days=rng.randint(60, 365)), last)
        if ended is None and end == today:
            end = None  # still in force
        records.add(
            "deprivations_of_liberty",
            deprivation_of_liberty_id=f"{child}/deprivation-of-liberty/{start.isoformat()}",
            person_id=child,
            deprivation_start_date=start,
            deprivation_end_date=end,
        )
