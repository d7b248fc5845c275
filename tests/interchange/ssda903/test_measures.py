"""A few measures counted from the synthetic council's 903 files alone agree with the canonical
computation as at 31 March (issue 4, item 8).

Each count reads the CSV tables plainly, as an analyst with a spreadsheet would, and says in a
comment what it counts: the figures must equal the numerators and denominators lineofsight computes
from its own tables, which the returns were written from.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from lineofsight import store
from lineofsight.data import CouncilData
from lineofsight.measures.report import compute_all
from lineofsight.settings import Settings
from tests.interchange.ssda903.test_ssda903 import council, ssda903

YEARS = (2025, 2026)
NEW_PLACEMENT = ("S", "P", "T", "U", "B")  # RNE codes that start a placement
EET = ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5")


def table(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


def date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def birthday(dob: dt.date, age: int) -> dt.date:
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:
        return dt.date(dob.year + age, 2, 28)


@pytest.fixture(scope="module", params=YEARS)
def year_and_figures(request: pytest.FixtureRequest) -> tuple[int, Path, dict[str, tuple[float | None, ...]]]:
    year: int = request.param
    engine = store.connect(str(council("stretched")))
    try:
        values = compute_all(
            CouncilData(engine),
            dt.date(year, 3, 31),
            Settings(population_0_17=35_000),
            ("LA01", "LA02", "CL01", "CL02", "CL03"),
        )
    finally:
        engine.dispose()
    figures = {v.measure.code: (v.result.numerator, v.result.denominator) for v in values}
    return year, ssda903("stretched", year), figures


def looked_after_at_31_march(folder: Path, year: int) -> set[str]:
    """Children with an episode still open at the end of the year (no DEC) or ending on 31 March:
    a child who leaves care on a day is looked after that day, as LA01 counts."""
    last = f"31/03/{year}"
    return {row["CHILD"] for row in table(folder, "episodes") if row["DEC"] in ("", last)}


def test_la01_children_looked_after_at_31_march(
    year_and_figures: tuple[int, Path, dict[str, tuple[float | None, ...]]],
) -> None:
    year, folder, figures = year_and_figures
    numerator, _ = figures["LA01"]
    assert numerator == len(looked_after_at_31_march(folder, year)) > 100


def test_la02_three_or_more_placements_in_the_year(
    year_and_figures: tuple[int, Path, dict[str, tuple[float | None, ...]]],
) -> None:
    """A child's placements in the year are its episodes that start one (RNE S, P, T, U or B), plus
    the placement it was already in when its first episode of the year changed only the legal status
    (RNE L): the file holds every episode open on some day of the year."""
    year, folder, figures = year_and_figures
    children = looked_after_at_31_march(folder, year)
    placements: dict[str, int] = {}
    for row in sorted(table(folder, "episodes"), key=lambda r: (r["CHILD"], date(r["DECOM"]))):
        child = row["CHILD"]
        if row["RNE"] in NEW_PLACEMENT or child not in placements:
            placements[child] = placements.get(child, 0) + 1
    three_or_more = sum(1 for child in children if placements[child] >= 3)
    assert figures["LA02"] == (three_or_more, len(children))
    assert three_or_more > 10


def test_cl01_to_cl03_care_leavers_at_19_20_and_21(
    year_and_figures: tuple[int, Path, dict[str, tuple[float | None, ...]]],
) -> None:
    """OC3 rows of young people whose 19th, 20th or 21st birthday fell in the year: in touch (YES),
    in suitable accommodation (an ACCOM code ending 1), in education, employment or training."""
    year, folder, figures = year_and_figures
    first, last = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    rows = [
        row
        for row in table(folder, "oc3")
        if any(first <= birthday(date(row["DOB"]), age) <= last for age in (19, 20, 21))
    ]
    in_touch = sum(row["IN_TOUCH"] == "YES" for row in rows)
    suitable = sum(row["ACCOM"].endswith("1") for row in rows)
    eet = sum(row["ACTIV"] in EET for row in rows)
    assert figures["CL01"] == (in_touch, len(rows))
    assert figures["CL02"] == (suitable, len(rows))
    assert figures["CL03"] == (eet, len(rows))
    assert len(rows) > 30 and 0 < eet < in_touch < len(rows)
