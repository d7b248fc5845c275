"""The source-mix matrix: a synthetic council's returns, loaded as a council would have them, checked
against the synthetic council's own figures.

A council does not hold the synthetic council's complete history; it holds its returns. So each mix
exports returns from a synthetic council (its CIN censuses, SSDA903s, Annex A, Standard Safeguarding
Dataset and workforce census, as lineofsight writes them), loads only those into an empty database and
computes every measure and alert as at the year end (or a day the test names). Each figure is then one
of:

- **right**: within 1 (percentage point, day or child) or 5% of the synthetic council's own figure,
  whichever is larger;
- **declined**: no value, `not_covered`, with a reason;
- **wrong**: anything else, including a value where the synthetic council has none, or no value
  (`no_data`) where the synthetic council has one: a silent gap is as false as a wrong number.

A team's figure is judged the same way against the same team of the synthetic council (teams are
matched by name); every alert raised must be one the synthetic council raises too (same code, same
child).
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from sqlalchemy import Engine

from lineofsight import alerts, store, synth
from lineofsight.data import CouncilData
from lineofsight.interchange.annex_a.write import write_annex_a
from lineofsight.interchange.cin_census.write import write as write_census
from lineofsight.interchange.csww import write_csww
from lineofsight.interchange.returns import load_return
from lineofsight.interchange.ssd import load_ssd, write_ssd
from lineofsight.interchange.ssda903.write import write_ssda903
from lineofsight.measures import REGISTRY, compute_all
from lineofsight.measures.breakdown import breakdown
from lineofsight.measures.catalogue import Result
from lineofsight.settings import Settings

END = dt.date(2026, 3, 31)


@dataclass(frozen=True)
class Council:
    """A synthetic council in a SQLite file, and its returns written as a council would send them."""

    profile: str
    seed: int
    path: Path
    files: dict[str, tuple[str, Path]]  # return name -> (kind, path)
    population: int


@functools.cache
def council(profile: str, seed: int, population: int | None = None) -> Council:
    folder = Path(tempfile.mkdtemp(prefix=f"lineofsight-mix-{profile}-{seed}-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "council.db"
    engine = store.connect(str(path), create=True)
    store.migrate(engine)
    summary = synth.generate(engine, profile, seed=seed, years=5, end=END, population=population)
    files: dict[str, tuple[str, Path]] = {}
    for year in (2025, 2026):
        files[f"cin {year}"] = ("cin", write_census(engine, year, folder / f"census-{year}.xml"))
        write_ssda903(engine, year, folder / f"ssda903-{year}")
        files[f"903 {year}"] = ("903", folder / f"ssda903-{year}")
    files["annex a"] = ("annex-a", write_annex_a(engine, END, folder / f"annex-a-{END}.xlsx"))
    write_ssd(engine, folder / "ssd")
    files["ssd"] = ("ssd", folder / "ssd")
    files["csww 2025"] = ("csww", write_csww(engine, 2025, folder / "csww-2025.xml"))
    population_0_17 = CouncilData(engine).population_0_17()
    engine.dispose()
    assert population_0_17 is not None, summary
    return Council(profile, seed, path, files, population_0_17)


# Each mix: a name, and the returns in the order they are loaded.
MIXES: dict[str, tuple[str, ...]] = {
    "Annex A alone": ("annex a",),
    "CIN census, one year": ("cin 2026",),
    "CIN census, two years": ("cin 2025", "cin 2026"),
    "CIN census, two years, newest first": ("cin 2026", "cin 2025"),
    "903, one year": ("903 2026",),
    "903, two years": ("903 2025", "903 2026"),
    "903, two years, newest first": ("903 2026", "903 2025"),
    "CIN + 903": ("cin 2025", "cin 2026", "903 2025", "903 2026"),
    "CIN + 903 + Annex A": ("cin 2025", "cin 2026", "903 2025", "903 2026", "annex a"),
    "Annex A + 903 + CIN": ("annex a", "903 2026", "903 2025", "cin 2026", "cin 2025"),
    "SSD alone": ("ssd",),
    # The workforce census dates the workers the SSD names, whichever is loaded first.
    "SSD + CSWW": ("ssd", "csww 2025"),
    "CSWW + SSD": ("csww 2025", "ssd"),
}
# The workforce census's day, where the census covers the workforce.
CENSUS_DAY = dt.date(2025, 9, 30)
# The case-management system's extract, taken early on the year's last day.
SSD_TAKEN = dt.datetime.combine(END, dt.time(6, 10))


@dataclass
class Outcome:
    """How one mix of one council came out."""

    right: list[str] = field(default_factory=list)
    declined: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)  # "CODE: got X, the council's own Y"
    wrong_teams: list[str] = field(default_factory=list)
    false_alerts: list[str] = field(default_factory=list)  # "CODE child": raised, but not by the council


def close(got: float, truth: float) -> bool:
    return abs(got - truth) <= max(1.0, 0.05 * abs(truth))


def judge(code: str, got: Result, truth: Result) -> str:
    """right, declined or wrong (see the module)."""
    if got.status == "not_covered":
        return "declined" if got.value is None and got.reason else "wrong"
    if got.value is None or truth.value is None:
        return "right" if got.value is None and truth.value is None else "wrong"
    return "right" if close(got.value, truth.value) else "wrong"


def _number(value: float | None) -> str:
    return "none" if value is None else f"{value:.1f}"


def load_mix(engine: Engine, chosen: Council, mix: Sequence[str]) -> None:
    for name in mix:
        kind, path = chosen.files[name]
        if kind == "ssd":
            load_ssd(engine, str(path), extracted_at=SSD_TAKEN)
        else:
            load_return(engine, kind, path)


Truth = tuple[dict[str, Result], dict[tuple[str, str], Result], set[tuple[str, str]]]


@functools.cache
def truth_of(path: Path, as_at: dt.date = END) -> Truth:
    """The synthetic council's own measures, its teams' figures (by measure and team name) and its
    alerts (code and child), as at the year end."""
    engine = store.connect(str(path))
    try:
        data = CouncilData(engine)
        settings = Settings()
        values = {v.measure.code: v.result for v in compute_all(data, as_at, settings)}
        teams = {
            (code, group.name): group.result
            for code, result in values.items()
            for group in breakdown(REGISTRY[code], result, data, as_at, "team")
        }
        raised = alerts.open_alerts(data, as_at, settings)
        children = {
            (row["code"], row["person_id"]) for row in raised.iter_rows(named=True) if row["person_id"]
        }
    finally:
        engine.dispose()
    return values, teams, children


def check(engine: Engine, chosen: Council, as_at: dt.date = END) -> Outcome:
    """Every measure (the council's figure and each team's) and every alert of a loaded mix, judged
    against the synthetic council's own, as at `as_at` (the year end unless given)."""
    truth, truth_teams, truth_alerts = truth_of(chosen.path, as_at)
    data = CouncilData(engine)
    settings = Settings(population_0_17=chosen.population)
    outcome = Outcome()
    for value in compute_all(data, as_at, settings):
        code = value.measure.code
        verdict = judge(code, value.result, truth[code])
        if verdict == "wrong":
            outcome.wrong.append(
                f"{code}: {_number(value.result.value)} ({value.result.status}), "
                f"the council's own {_number(truth[code].value)}"
            )
        else:
            getattr(outcome, verdict).append(code)
        if verdict == "right" and value.result.value is not None:
            if value.measure.unmet_by(data, as_at) is not None:
                continue
            for group in breakdown(value.measure, value.result, data, as_at, "team"):
                own = truth_teams.get((code, group.name))
                if own is None or judge(code, group.result, own) == "wrong":
                    outcome.wrong_teams.append(
                        f"{code} {group.name}: {_number(group.result.value)}, "
                        f"the council's own {_number(None if own is None else own.value)}"
                    )
    raised = alerts.open_alerts(data, as_at, settings)
    for row in raised.filter(pl.col("person_id").is_not_null()).iter_rows(named=True):
        if (row["code"], row["person_id"]) not in truth_alerts:
            outcome.false_alerts.append(f"{row['code']} {row['person_id']}")
    return outcome


def table(results: dict[tuple[str, str], Outcome]) -> str:
    """The matrix, for a failure message: one line per council and mix."""
    lines = ["council | mix | right | declined | wrong | wrong teams | false alerts"]
    for (who, mix), outcome in results.items():
        lines.append(
            f"{who} | {mix} | {len(outcome.right)} | {len(outcome.declined)} | {len(outcome.wrong)} | "
            f"{len(outcome.wrong_teams)} | {len(outcome.false_alerts)}"
        )
        for wrong in outcome.wrong + outcome.wrong_teams[:5]:
            lines.append(f"    wrong: {wrong}")
        if outcome.false_alerts:
            lines.append(f"    false alerts: {', '.join(outcome.false_alerts[:10])}")
    return "\n".join(lines)
