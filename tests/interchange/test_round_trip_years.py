"""Every collection year from 2021-22 to 2026-27, written by lineofsight, loaded into an empty store and
written again, comes back byte for byte (issue 14: "for every year from 2021-22 to 2026-27").

The council is the `stretched` profile over six years to 31 March 2027, so that its returns span both
shapes of the CIN census (GenderCurrent up to 2023-24, Sex from 2024-25; the pre-proceedings block
from 2026-27) and of the SSDA903 (no social worker table before 2024-25; the deprivation of liberty
table from 2026-27). The returns are loaded oldest first, as a council would load its history. The
files of other tools are round-tripped by the tests of each return (`cin_census/`, `ssda903/`).
"""

from __future__ import annotations

import datetime as dt
import functools
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import Engine

from lineofsight import store, synth
from lineofsight.interchange.cin_census import write_cin_census
from lineofsight.interchange.returns import load_return
from lineofsight.interchange.ssda903 import write_ssda903

YEARS = (2022, 2023, 2024, 2025, 2026, 2027)
END = dt.date(2027, 3, 31)


@functools.cache
def returns() -> Path:
    """The council's CIN census and SSDA903 of every year, written once per session."""
    folder = Path(tempfile.mkdtemp(prefix="lineofsight-years-"))
    engine = store.connect(str(folder / "council.db"), create=True)
    try:
        store.migrate(engine)
        synth.generate(engine, "stretched", seed=2, years=6, end=END, population=3_000)
        for year in YEARS:
            write_cin_census(engine, year, folder / f"cin_{year}.xml")
            write_ssda903(engine, year, folder / f"903_{year}")
    finally:
        engine.dispose()
    return folder


def test_the_returns_of_every_year_to_2026_27_are_written_back_byte_for_byte(
    engine: Engine, tmp_path: Path
) -> None:
    written = returns()
    for year in YEARS:
        for kind, path in (("cin", written / f"cin_{year}.xml"), ("903", written / f"903_{year}")):
            _, batch = load_return(engine, kind, path, year=year if kind == "903" else None)
            assert batch.rejections == [], (kind, year)
    for year in YEARS:
        again = write_cin_census(engine, year, tmp_path / f"cin_{year}.xml")
        assert again.read_bytes() == (written / f"cin_{year}.xml").read_bytes(), year
        sent = written / f"903_{year}"
        tables = write_ssda903(engine, year, tmp_path / f"903_{year}")
        assert sorted(p.name for p in tables) == sorted(p.name for p in sent.iterdir())
        for path in tables:
            assert path.read_bytes() == (sent / path.name).read_bytes(), (year, path.name)
    # What the years hold that makes the test worth running: the 2026-27 census's pre-proceedings
    # blocks, the social worker table from 2024-25 and the deprivation of liberty table in 2026-27.
    assert "<PreProceedingsandFGDM>" in (written / "cin_2027.xml").read_text()
    assert "<PreProceedingsandFGDM>" not in (written / "cin_2026.xml").read_text()
    assert (written / "903_2025" / "sw_episodes.csv").exists()
    assert not (written / "903_2024" / "sw_episodes.csv").exists()
    assert (written / "903_2027" / "dolo.csv").exists()
    assert not (written / "903_2026" / "dolo.csv").exists()


def teardown_module() -> None:
    if returns.cache_info().currsize:
        shutil.rmtree(returns(), ignore_errors=True)
