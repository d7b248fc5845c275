"""The collection years each DfE return has a specification for here, and one refusal for the rest.

A year lineofsight can read it can write back, and a year it has no specification for is refused in
the same words by every command and page that takes one: `load 903 --year`, a census whose header
names another year, `export cin|903 --year` and `validate --year` (which then also needs the DfE's
rules for the year, a narrower range: `interchange.validation.YEARS`).

The CIN census has had one structure since 2020-21 (its codes changed; its elements did not, but
for the child's sex from 2024-25 and the pre-proceedings block from 2026-27: `cin_census.years`).
The SSDA903's tables have had the same columns since 2016-17, with the social worker episodes from
2024-25 and the deprivation of liberty orders from 2026-27 (`ssda903.tables`).
"""

from __future__ import annotations

from lineofsight.interchange.cin_census.years import YEARS as CENSUS_YEARS
from lineofsight.interchange.ssda903.tables import YEARS as SSDA903_YEARS

SPECIFIED: dict[str, range] = {
    "cin": range(min(CENSUS_YEARS), max(CENSUS_YEARS) + 1),
    "903": SSDA903_YEARS,
}
TITLES = {"cin": "CIN census", "903": "SSDA903"}


class UnknownYearError(ValueError):
    """A collection year the return has no specification for here: the message says which it has."""


def named(year: int) -> str:
    """2026 -> '2025-26': a collection year as the DfE names it."""
    return f"{year - 1}-{year % 100:02d}"


def check_year(kind: str, year: int) -> int:
    """The year, if the return `kind` ("cin" or "903") has a specification for it; else the one
    refusal every command gives."""
    known = SPECIFIED[kind]
    if year not in known:
        raise UnknownYearError(
            f"there is no {TITLES[kind]} specification for {named(year)} (the year ending 31 March "
            f"{year}): lineofsight reads and writes {named(known[0])} to {named(known[-1])}"
        )
    return year
