"""The source-mix matrix (issue 13): loaded from only what a council would have, every measure is
right within tolerance of the synthetic council's own figure, or declined with a reason; every alert
raised is one the council raises too. Zero confidently wrong figures. See `mixes.py` for the judging.

Both profiles, two seeds each (seed 2 at a third of the size, to keep the suite quick), every mix in
`MIXES` (each return alone, one and two years, together, and in other orders), on SQLite; the
stretched council's mixes on PostgreSQL too.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lineofsight import store
from lineofsight.data import docs
from lineofsight.measures import REGISTRY
from tests.conftest import PG_ENV, StoreFactory
from tests.data.mixes import CENSUS_DAY, MIXES, Council, Outcome, check, council, load_mix, table

COUNCILS = [("stretched", 1, None), ("stable", 1, None), ("stretched", 2, 12_000), ("stable", 2, 12_000)]


def _matrix(new_store: Callable[[], str], chosen: Council) -> dict[tuple[str, str], Outcome]:
    results: dict[tuple[str, str], Outcome] = {}
    for name, mix in MIXES.items():
        engine = store.connect(new_store())
        try:
            load_mix(engine, chosen, mix)
            results[(f"{chosen.profile} seed {chosen.seed}", name)] = check(engine, chosen)
        finally:
            engine.dispose()
    return results


def _assert_never_wrong(results: dict[tuple[str, str], Outcome]) -> None:
    failing = [o for o in results.values() if o.wrong or o.wrong_teams or o.false_alerts]
    assert not failing, "\n" + table(results)


@pytest.mark.parametrize(("profile", "seed", "population"), COUNCILS)
def test_every_mix_of_returns_gives_right_figures_or_declines_never_wrong_ones(
    tmp_path: Path, sqlite_template: Path, profile: str, seed: int, population: int | None
) -> None:
    made = iter(range(1_000))

    def new_store() -> str:
        path = tmp_path / f"mix{next(made)}.db"
        shutil.copy(sqlite_template, path)
        return str(path)

    _assert_never_wrong(_matrix(new_store, council(profile, seed, population)))


@pytest.fixture
def postgres_stores(tmp_path: Path, sqlite_template: Path) -> Iterator[StoreFactory]:
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.fail(f"{PG_ENV} is not set: run the tests with `make test`, which starts PostgreSQL")
    factory = StoreFactory("postgresql", tmp_path, sqlite_template, server)
    yield factory
    factory.drop_all()


def test_every_mix_of_returns_gives_right_figures_or_declines_on_postgresql(
    postgres_stores: StoreFactory,
) -> None:
    _assert_never_wrong(_matrix(postgres_stores.new, council("stretched", 1)))


def test_all_three_returns_give_every_measure_their_declarations_support_and_right(
    tmp_path: Path, sqlite_template: Path
) -> None:
    """CIN + 903 + Annex A, with the population given: every measure the declarations say these
    returns support (the README's table) is computed and right; nothing supported goes missing. (The
    issue asked for 35 of 55: from these returns 28 are supported, and the README says why the rest
    are not.)"""
    path = tmp_path / "mix.db"
    shutil.copy(sqlite_template, path)
    chosen = council("stretched", 1)
    engine = store.connect(str(path))
    try:
        load_mix(engine, chosen, MIXES["CIN + 903 + Annex A"])
        outcome = check(engine, chosen)
    finally:
        engine.dispose()
    mix = docs.mixes()["all three"]
    supported = {code for code, measure in REGISTRY.items() if docs.supported(measure.needs, *mix)}
    assert supported <= set(outcome.right), "\n" + table(
        {("stretched seed 1", "CIN + 903 + Annex A"): outcome}
    )
    assert len(outcome.right) >= 28


def test_an_ssd_alone_gives_every_measure_it_supports_right_and_more_than_all_three_returns(
    tmp_path: Path, sqlite_template: Path
) -> None:
    """The synthetic council's Standard Safeguarding Dataset, loaded alone: every measure its tables'
    declarations support is computed and right (team by team too, since the SSD carries allocations),
    and that is more than CIN + 903 + Annex A give together (28 of 56): 32, of which pre-proceedings
    (PL01, `ssd_pre_proceedings`), adoptions (LA10, `ssd_permanence`) and pathway plan reviews (CL04,
    `ssd_care_leavers` as on the day it was taken) came with the last four tables read. CL01-CL03
    stay declined: the SSD has only each care leaver's latest contact, not the one around each
    birthday."""
    path = tmp_path / "mix.db"
    shutil.copy(sqlite_template, path)
    chosen = council("stretched", 1)
    engine = store.connect(str(path))
    try:
        load_mix(engine, chosen, MIXES["SSD alone"])
        outcome = check(engine, chosen)
    finally:
        engine.dispose()
    supported = {
        code for code, measure in REGISTRY.items() if docs.supported(measure.needs, *docs.mixes()["SSD"])
    }
    assert supported <= set(outcome.right), "\n" + table({("stretched seed 1", "SSD alone"): outcome})
    assert not outcome.wrong_teams and not outcome.false_alerts
    assert {"PL01", "LA10", "CL04"} <= set(outcome.right)
    assert not {"CL01", "CL02", "CL03", "PL03"} & set(outcome.right)
    assert len(outcome.right) >= 32


def test_the_workforce_census_beside_an_ssd_gives_more_right_on_its_day_than_the_ssd_alone(
    tmp_path: Path, sqlite_template: Path
) -> None:
    """As at the census day (30 September 2025), the SSD and the workforce census together, loaded in
    either order, give every figure right or declined, teams and alerts included, and more right than
    the SSD alone: the census dates the workers the SSD names, says who holds cases, and gives the
    vacancies (WF01-WF05, WF08)."""
    chosen = council("stretched", 1)
    outcomes: dict[tuple[str, str], Outcome] = {}
    for name in ("SSD alone", "SSD + CSWW", "CSWW + SSD"):
        path = tmp_path / f"{name}.db"
        shutil.copy(sqlite_template, path)
        engine = store.connect(str(path))
        try:
            load_mix(engine, chosen, MIXES[name])
            outcomes[("stretched seed 1", name)] = check(engine, chosen, CENSUS_DAY)
        finally:
            engine.dispose()
    alone = outcomes[("stretched seed 1", "SSD alone")]
    for name in ("SSD + CSWW", "CSWW + SSD"):
        both = outcomes[("stretched seed 1", name)]
        assert not (both.wrong or both.wrong_teams or both.false_alerts), "\n" + table(outcomes)
        assert set(alone.right) < set(both.right), "\n" + table(outcomes)
        assert {"WF01", "WF02", "WF05"} <= set(both.right) - set(alone.right)
        # What the README's column says the two support on the census day is right.
        mix = docs.mixes()["SSD + workforce census (on 30 September 2025)"]
        assert mix[1] == CENSUS_DAY
        supported = {code for code, measure in REGISTRY.items() if docs.supported(measure.needs, *mix)}
        assert supported <= set(both.right), "\n" + table(outcomes)
