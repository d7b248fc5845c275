"""What a measure or an alert needs from the data, declared beside it, and whether the data covers it.

A declaration is data (`needs=(...)` on `@measure` and `@alert`), so the docs, the `coverage` command
and the pages can say what each one needs without running it:

- `Need(fact, months=12)`: every record of the fact over the 12 months to D (the year to D);
  `months=24` for a look-back (a referral's previous 12 months); `months=0` for what is open on D
  itself; `months=None` for the whole of each child's history (a "second or subsequent" plan, ever).
- `Need(fact, months=3, latest=True)`: the same, or else the latest record as at D will do (Annex A's
  date of the last visit, which answers "visited in time?" on its extract date and on no other).
- `Either((...), (...))`: one set of needs or another, each a way the computation can get its answer
  (a plan's previous plans from the whole history, or the census's count of them).

`unmet(needs, coverage, as_at)` is None when the data covers all of it, else a reason in plain words
that says what is missing and which load would supply it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from lineofsight.data.coverage import ONE_DAY, Coverage
from lineofsight.data.facts import FACTS
from lineofsight.formatting import long_date


@dataclass(frozen=True)
class Need:
    """A fact, held whole over the `months` to D (0: on D; None: the whole history)."""

    fact: str
    months: int | None = 12
    latest: bool = False  # or the latest record as at D

    def window(self, as_at: dt.date) -> tuple[dt.date | None, dt.date]:
        """The first and last day the fact must be held over, for D."""
        if self.months is None:
            return None, as_at
        if self.months == 0:
            return as_at, as_at
        return as_at - relativedelta(months=self.months) + ONE_DAY, as_at

    def met(self, coverage: Coverage, as_at: dt.date) -> bool:
        first, last = self.window(as_at)
        return coverage.covers(self.fact, first, last) or (
            self.latest and coverage.latest_on(self.fact, as_at)
        )

    def reason(self, coverage: Coverage, as_at: dt.date) -> str:
        """Why the need is not met, and what would meet it."""
        fact = FACTS[self.fact]
        first, last = self.window(as_at)
        if first is None:
            wanted = f"over each child's whole history to {long_date(last)}"
        elif first == last:
            wanted = f"on {long_date(last)}"
        else:
            wanted = f"from {long_date(first)} to {long_date(last)}"
        if self.latest:
            wanted += " (or the latest as at that day)"
        if not coverage.holds(self.fact):
            missing = "which the loaded data does not hold"
            return f"needs {fact.words} {wanted}, {missing}: it comes from {fact.sources}"
        return (
            f"needs {fact.words} {wanted}; the loaded data holds them {coverage.held_words(self.fact)}"
            f"{_years_missing(coverage, self.fact, first, last)}: they come from {fact.sources}"
        )

    def describe(self) -> str:
        """The need in words, for the docs: "referrals over the 24 months to D"."""
        fact = FACTS[self.fact].words
        if self.months is None:
            span = "over each child's whole history"
        elif self.months == 0:
            span = "on D"
        elif self.months == 12:
            span = "over the year to D"
        else:
            span = f"over the {self.months} months to D"
        return f"{fact} {span}" + (" (or the latest as at D)" if self.latest else "")


@dataclass(frozen=True)
class Either:
    """One set of needs or another: each a way to the answer."""

    options: tuple[tuple[Need, ...], ...]

    def __init__(self, *options: Sequence[Need]) -> None:
        object.__setattr__(self, "options", tuple(tuple(option) for option in options))

    def met(self, coverage: Coverage, as_at: dt.date) -> bool:
        return any(all(need.met(coverage, as_at) for need in option) for option in self.options)

    def reason(self, coverage: Coverage, as_at: dt.date) -> str:
        reasons = []
        for option in self.options:
            unmet_here = [need.reason(coverage, as_at) for need in option if not need.met(coverage, as_at)]
            reasons.append("; and ".join(unmet_here))
        return " — or else it ".join(reasons)

    def describe(self) -> str:
        return " or ".join(
            "(" + "; ".join(need.describe() for need in option) + ")" for option in self.options
        )

    @property
    def facts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(need.fact for option in self.options for need in option))


Needs = tuple[Need | Either, ...]


def unmet(needs: Needs, coverage: Coverage, as_at: dt.date) -> str | None:
    """None when the data covers every need on D, else why not, need by need."""
    reasons = [need.reason(coverage, as_at) for need in needs if not need.met(coverage, as_at)]
    return "; ".join(reasons) if reasons else None


def facts_of(needs: Needs) -> tuple[str, ...]:
    """Every fact the needs name, in order."""
    found: list[str] = []
    for need in needs:
        found.extend(need.facts if isinstance(need, Either) else (need.fact,))
    return tuple(dict.fromkeys(found))


def longest(needs: Needs) -> int | None:
    """The longest look-back of the needs, in months (None: the whole history): how far back a team's
    figure needs children's allocations."""
    months: list[int | None] = []
    for need in needs:
        options = need.options if isinstance(need, Either) else ((need,),)
        months.extend(n.months for option in options for n in option)
    if any(m is None for m in months):
        return None
    return max((m for m in months if m is not None), default=0)


def _years_missing(coverage: Coverage, fact: str, first: dt.date | None, last: dt.date) -> str:
    """ ", missing 1 April 2024 to 31 March 2025 (the collection year ending 31 March 2025)": the days
    not held, and the collection years they fall in (the CIN census and the SSDA903 each cover one,
    1 April to 31 March)."""
    if first is None:
        return ""
    gaps = coverage.gaps(fact, first, last)
    if not gaps:
        return ""
    days = " and ".join(f"{long_date(start)} to {long_date(end)}" for start, end in gaps)
    years = sorted(
        {y for start, end in gaps for y in range(_collection_year(start), _collection_year(end) + 1)}
    )
    named = ", ".join(str(y) for y in years[:-1]) + (" and " if len(years) > 1 else "") + str(years[-1])
    noun = "years" if len(years) > 1 else "year"
    return f", missing {days} (the collection {noun} ending 31 March {named})"


def _collection_year(day: dt.date) -> int:
    return day.year + 1 if day.month >= 4 else day.year
