"""`generate`: simulate a council and write it into an empty store in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine

from lineofsight import store
from lineofsight.data.coverage import EVERY_FACT, Span
from lineofsight.synth import postcodes
from lineofsight.synth.clock import add_years, date_of, day_of
from lineofsight.synth.previous_permanence import add_previous_permanence
from lineofsight.synth.profiles import PROFILES, Profile
from lineofsight.synth.return_facts import add_return_facts
from lineofsight.synth.world import Progress, World

RUN_IN_YEARS = 2  # simulated before the first reported year, so that it has a year's look-back
DEFAULT_END = dt.date(2026, 3, 31)


class UnknownProfileError(ValueError):
    """The profile asked for is not one of PROFILES; the message lists those that are."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.known = sorted(PROFILES)
        super().__init__(f"unknown profile {name!r}: choose one of {', '.join(self.known)}")


@dataclass(frozen=True)
class SynthSummary:
    """What was generated: the profile and seed, the span of the data, and rows written per table.

    `start` is the first day of data, which is `RUN_IN_YEARS` before the first reported year.
    """

    profile: str
    seed: int
    start: dt.date
    end: dt.date
    rows: dict[str, int]
    children: int
    workers: int


def _coverage(end: dt.date) -> dict[str, object]:
    return Span(EVERY_FACT, "events", None, end, "synthetic", "every child of the synthetic council").row(
        "synthetic"
    )


def profile_named(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise UnknownProfileError(name) from None


def data_start(end: dt.date, years: int) -> dt.date:
    """The first day of data: `years` reported years plus the run-in, ending on `end`."""
    return date_of(add_years(day_of(end), -(years + RUN_IN_YEARS)) + 1)


def generate(
    engine: Engine,
    profile: str,
    seed: int = 1,
    years: int = 5,
    end: dt.date = DEFAULT_END,
    population: int | None = None,
    progress: Progress | None = None,
    replace: bool = False,
) -> SynthSummary:
    """Simulate `years` of the named council up to `end` (after a run-in) and store it.

    The store must be migrated, and empty unless `replace`, which deletes what it holds in the same
    transaction that writes the new council (so a failure leaves the old data as it was). The same
    profile, seed, years, end and population always give the same rows.
    """
    chosen = profile_named(profile)
    if not 1 <= years <= 20:
        raise ValueError("years must be between 1 and 20")
    if population is not None and population < 100:
        raise ValueError("population must be at least 100 children")
    children = population or chosen.population_0_17
    store.require_schema(engine)
    if not replace and store.has_data(engine):
        raise store.StoreError(f"{store.describe(engine)} already holds data; use --replace to overwrite it")
    start = data_start(end, years)
    world = World(chosen, seed, day_of(start), day_of(end), children)
    world.run(progress)
    world.finish()
    records = world.records
    add_previous_permanence(records, seed)
    add_return_facts(records, seed, end)
    records.add("council", fact="name", value=chosen.council_name)
    records.add("council", fact="population_0_17", value=str(children))
    records.add("council", fact="profile", value=chosen.name)
    records.add("council", fact="seed", value=str(seed))
    records.add("council", fact="la_code", value=postcodes.COUNCIL_CODE)  # whose real postcodes it uses
    records.add("council", fact="generated_start", value=start.isoformat())
    records.add("council", fact="generated_end", value=end.isoformat())
    records.add(
        "council", fact="reported_start", value=date_of(add_years(day_of(end), -years) + 1).isoformat()
    )
    # The synthetic council is its own whole world: every fact, over all of its history.
    records.add("coverage", **_coverage(end))
    with store.transaction(engine) as connection:
        if replace:
            store.empty_tables(connection)
        for index, table in enumerate(records.order):
            rows = records.rows(table)
            if rows:
                store.insert_rows(connection, table, rows)
            if progress is not None:
                progress("Writing the tables", index + 1, len(records.order))
    counts = records.counts()
    return SynthSummary(
        profile=chosen.name,
        seed=seed,
        start=start,
        end=end,
        rows=counts,
        children=counts["person"],
        workers=counts["workers"],
    )
