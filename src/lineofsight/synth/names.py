"""Fictional people and places: names from short lists of common English names, and addresses as
real postcodes (`synth.postcodes`) that the DfE's 903 rules can look up; no child in the data lives at
them, and the names are not tied to any address."""

from __future__ import annotations

import random

from lineofsight.synth import postcodes

GIRLS = (
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia", "Grace",
    "Freya", "Ella", "Evie", "Poppy", "Florence", "Willow", "Emily", "Ruby", "Chloe", "Jessica",
    "Sophie", "Daisy", "Lucy", "Holly", "Megan", "Hannah", "Charlotte", "Phoebe", "Millie", "Katie",
    "Amber", "Leah", "Abigail", "Erin", "Maisie", "Scarlett", "Harriet", "Molly", "Layla",
)  # fmt: skip
BOYS = (
    "Oliver", "George", "Noah", "Arthur", "Leo", "Harry", "Oscar", "Archie", "Henry", "Jack", "Charlie",
    "Freddie", "Theo", "Thomas", "Jacob", "Alfie", "Joshua", "James", "William", "Max", "Ethan",
    "Samuel", "Daniel", "Lewis", "Ryan", "Connor", "Callum", "Kieran", "Liam", "Mason", "Tyler",
    "Jayden", "Riley", "Kai", "Dylan", "Luke", "Adam", "Ben", "Joseph", "Harvey",
)  # fmt: skip
SURNAMES = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
    "Patel", "Khan", "Lewis", "James", "Phillips", "Mason", "Mitchell", "Rose", "Davis", "Rodriguez",
    "Cox", "Alexander", "Morgan", "Moore", "Harris", "Martin", "Cooper", "King", "Lee", "Baker",
    "Hughes", "Edwards", "Turner", "Hill", "Ward", "Morris", "Clark", "Hussain", "Ali", "Begum",
    "Shaw", "Parker", "Bennett", "Cook", "Price", "Bailey", "Carter", "Murphy", "Kelly", "Holmes",
)  # fmt: skip

# DfE ethnicity codes with weights close to the children-in-need population of England.
ETHNICITIES = (
    ("WBRI", 0.70), ("WIRI", 0.005), ("WOTH", 0.05), ("WROM", 0.01), ("MWBC", 0.03), ("MWBA", 0.01),
    ("MWAS", 0.01), ("MOTH", 0.03), ("AIND", 0.015), ("APKN", 0.03), ("ABAN", 0.01), ("AOTH", 0.01),
    ("BCRB", 0.01), ("BAFR", 0.03), ("BOTH", 0.01), ("CHNE", 0.003), ("OOTH", 0.02), ("NOBT", 0.017),
)  # fmt: skip
_ETHNIC_CODES = tuple(code for code, _ in ETHNICITIES)
_ETHNIC_WEIGHTS = tuple(weight for _, weight in ETHNICITIES)

_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a real inward code may use


def forename(rng: random.Random, sex: str) -> str:
    return rng.choice(GIRLS if sex == "2" else BOYS)


def surname(rng: random.Random) -> str:
    return rng.choice(SURNAMES)


def ethnicity(rng: random.Random) -> str:
    return rng.choices(_ETHNIC_CODES, _ETHNIC_WEIGHTS)[0]


def postcode(rng: random.Random, district: int) -> str:
    """A postcode: district 1-9 is the council's own area, 10-99 more than 20 miles away. It takes
    the same three draws as the fictional `ZZ` postcodes it replaced, so a seed still makes the
    same council."""
    sector = rng.randint(1, 9)
    first, second = _LETTERS.index(rng.choice(_LETTERS)), _LETTERS.index(rng.choice(_LETTERS))
    index = ((district * 10 + sector) * 20 + first) * 20 + second
    return postcodes.pick(index, away=district > 9)
