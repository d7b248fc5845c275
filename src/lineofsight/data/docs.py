"""What each mix of returns supports, worked out from the declarations alone, for the README.

    python -m lineofsight.data.docs                     (prints the table)
    python -m lineofsight.data.docs --readme README.md  (writes it between the README's markers; make docs)

Each return declares what it covers (`interchange.cin_census.read.COVERED`, `ssda903.read.COVERED`,
`annex_a.read.LIST_COVERAGE`, `ssd.tables.TABLES`) and each measure and alert what it needs
(`data.needs`). Putting them together, without loading anything, says which measures a council can
have from which returns: two years of the CIN census and the SSDA903 ending on 31 March, Annex A
extracted that day, and an SSD (the case-management system's whole history) taken that day; and the
SSD with the workforce census of 30 September 2025, as at that day (the census speaks for its own day
and its year). A test
checks the README's table against this, so the two cannot drift. (Whether a supported figure is
also right is the source-mix matrix's business: `tests/data/test_source_mix.py`.)
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from pathlib import Path

from dateutil.relativedelta import relativedelta

from lineofsight.alerts.catalogue import REGISTRY as ALERTS
from lineofsight.data.coverage import EVERY_FACT, Coverage, Span
from lineofsight.data.needs import Needs, unmet
from lineofsight.interchange.annex_a.lists import BY_NUMBER
from lineofsight.interchange.annex_a.read import LIST_COVERAGE
from lineofsight.interchange.cin_census.read import COVERED as CENSUS
from lineofsight.interchange.csww.read import ON_THE_DAY, OVER_THE_YEAR
from lineofsight.interchange.ssd.tables import TABLES as SSD_TABLES
from lineofsight.interchange.ssda903.read import COVERED as SSDA903
from lineofsight.measures.catalogue import REGISTRY as MEASURES
from lineofsight.measures.catalogue import catalogue_order

D = dt.date(2026, 3, 31)
# The workforce census speaks for its own day, 30 September: its column is worked out as at the last
# census day before D (as at D itself the census says nothing about that day).
CENSUS_DAY = dt.date(2025, 9, 30)
START, END = "<!-- what-your-data-supports:start -->", "<!-- what-your-data-supports:end -->"


def _years(facts: Iterable[str], source: str) -> list[Span]:
    """Two collection years, 2024-25 and 2025-26."""
    return [
        Span(fact, "events", dt.date(year - 1, 4, 1), dt.date(year, 3, 31), source, source)
        for year in (2025, 2026)
        for fact in facts
    ]


def _annex_a() -> list[Span]:
    spans = []
    for number, held in LIST_COVERAGE.items():
        months = BY_NUMBER[number].window_months
        start = D - relativedelta(months=months) + dt.timedelta(days=1) if months else D
        for fact, mode, _ in held:
            spans.append(Span(fact, mode, start if mode == "events" else D, D, "annex-a", "Annex A"))
    return spans


def mixes() -> dict[str, tuple[Coverage, dt.date]]:
    """The mixes of the README's table, as the coverage their loads would record, each with the day
    its column is worked out as at."""
    census = _years(CENSUS, "cin")
    returns = _years({f for facts in SSDA903.values() for f in facts}, "903")
    annex = _annex_a()
    # The Standard Safeguarding Dataset: the case-management system's whole history (issue 16).
    # Its care leavers only as they stand on the day it was taken (`ssd_care_leavers`).
    ssd = [Span(fact, "events", None, D, "ssd", "SSD") for table in SSD_TABLES for fact in table.covers] + [
        Span(fact, mode, D, D, "ssd", "SSD") for table in SSD_TABLES for fact, mode in table.on_the_day
    ]
    # The workforce census of 30 September 2025: the workforce on its day, those employed over its year.
    year_start = dt.date(CENSUS_DAY.year - 1, 10, 1)
    workforce = [Span(f, "events", CENSUS_DAY, CENSUS_DAY, "csww", "CSWW") for f in ON_THE_DAY] + [
        Span(f, "events", year_start, CENSUS_DAY, "csww", "CSWW") for f in OVER_THE_YEAR
    ]
    return {
        "Annex A": (Coverage(annex), D),
        "CIN census": (Coverage(census), D),
        "SSDA903": (Coverage(returns), D),
        "all three": (Coverage(annex + census + returns), D),
        "SSD": (Coverage(ssd), D),
        "SSD + workforce census (on 30 September 2025)": (Coverage(ssd + workforce), CENSUS_DAY),
        "a complete record": (Coverage([Span(EVERY_FACT, "events", None, D, "complete", "every child")]), D),
    }


def supported(needs: Needs, coverage: Coverage, day: dt.date = D) -> bool:
    return unmet(needs, coverage, day) is None


def table() -> str:
    """The README's table: each measure and alert, and which returns support it."""
    covered = mixes()
    lines = [
        "| code | measure or alert | " + " | ".join(covered) + " | needs |",
        "| --- | --- | " + " | ".join("---" for _ in covered) + " | --- |",
    ]
    rows: list[tuple[str, str, Needs]] = [
        (code, MEASURES[code].title, MEASURES[code].needs) for code in sorted(MEASURES, key=catalogue_order)
    ]
    rows += [(code, ALERTS[code].title, ALERTS[code].needs) for code in sorted(ALERTS)]
    totals = dict.fromkeys(covered, 0)
    for code, title, needs in rows:
        marks = []
        for name, (coverage, day) in covered.items():
            yes = supported(needs, coverage, day)
            totals[name] += yes and code in MEASURES
            marks.append("✓" if yes else "")
        described = "; ".join(need.describe() for need in needs)
        lines.append(f"| {code} | {title} | " + " | ".join(marks) + f" | {described} |")
    counts = " | ".join(f"**{n} of {len(MEASURES)}**" for n in totals.values())
    lines.append(f"| | **measures supported** | {counts} | |")
    return "\n".join(lines) + "\n"


def needs_of(needs: Needs) -> str:
    """A measure's or alert's needs in words, for the catalogues (docs/measures.md, docs/alerts.md)."""
    return "; ".join(need.describe() for need in needs) if needs else "nothing the data must cover"


def in_readme(text: str) -> str:
    """The README with its table (between the markers) made again."""
    start, end = text.index(START) + len(START), text.index(END)
    return text[:start] + "\n" + table() + text[end:]


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--readme":
        readme = Path(sys.argv[2])
        readme.write_text(in_readme(readme.read_text()))
    else:
        sys.stdout.write(table())
