"""Every reader, given damaged files of its own format (issue 15, "prove it"): structure-aware
generators cut, splice and replace pieces of a valid CIN census (XML), SSDA903 return (CSV tables)
and Annex A workbook (xlsx, through its zip), and each is loaded through `load_return` into a
database that already holds a council. Whatever the file, the load ends within a bound, and either
loads or is refused with one line that names the file, and the database then holds exactly what it
held before (but the record of the refused load)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from lineofsight.interchange.loading import InputError
from lineofsight.interchange.returns import RefusedError, load_return
from lineofsight.model import Base
from tests.interchange.annex_a.workbooks import build, clean_lists
from tests.interchange.cin_census.test_census import SMALL as CENSUS
from tests.interchange.cin_census.test_census import mutated
from tests.interchange.ssda903.test_ssda903 import SMALL as RETURN_903
from tests.interchange.ssda903.test_ssda903 import damaged

SECONDS = 30  # far beyond what any of these small files takes on a busy machine


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
            if table.name != "loads"
        }


def load_or_refuse(engine: Engine, kind: str, path: Path, **options: int) -> None:
    """The load, timed; a refusal must be one line naming the file and leave the database as it was."""
    before = counts(engine)
    started = time.monotonic()
    try:
        load_return(engine, kind, path, **options)
    except (InputError, RefusedError) as error:
        message = str(error)
        assert message.startswith(str(path)) and "\n" not in message, message
        assert counts(engine) == before
    assert time.monotonic() - started < SECONDS


def holding_a_council(engine: Engine) -> None:
    """The database holds the valid files' records, so a failed load has something to spoil."""
    load_return(engine, "cin", CENSUS)
    load_return(engine, "903", RETURN_903, year=2026)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.composite(mutated)())
def test_a_damaged_census_loads_or_is_refused_in_one_line_leaving_the_database_as_it_was(
    engine: Engine, tmp_path: Path, content: bytes
) -> None:
    if not counts(engine)["person"]:
        holding_a_council(engine)
    path = tmp_path / "census.xml"
    path.write_bytes(content)
    load_or_refuse(engine, "cin", path)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=st.composite(damaged)())
def test_a_damaged_903_return_loads_or_is_refused_in_one_line_leaving_the_database_as_it_was(
    engine: Engine, tmp_path: Path, case: tuple[str, bytes]
) -> None:
    if not counts(engine)["person"]:
        holding_a_council(engine)
    name, content = case
    folder = tmp_path / "903-2026"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(RETURN_903, folder)
    (folder / name).write_bytes(content)
    load_or_refuse(engine, "903", folder, year=2026)


@st.composite
def damaged_workbook(draw: st.DrawFn) -> tuple[int, bytes]:
    """A clean workbook's bytes with a slice cut out, or random bytes spliced in where the zip's
    parts begin (`PK` headers) or anywhere."""
    return draw(st.integers(0, 1 << 14)), draw(st.binary(min_size=0, max_size=64))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=damaged_workbook(), cut=st.booleans())
def test_a_damaged_workbook_loads_or_is_refused_in_one_line_leaving_the_database_as_it_was(
    engine: Engine, tmp_path: Path, case: tuple[int, bytes], cut: bool
) -> None:
    if not counts(engine)["person"]:
        holding_a_council(engine)
    good = build(tmp_path / "good.xlsx", clean_lists()).read_bytes()
    at, junk = case
    at %= len(good)
    headers = [i for i in range(len(good) - 1) if good[i : i + 2] == b"PK"]
    if junk[:1] == b"\x00" and headers:
        at = headers[at % len(headers)]
    content = good[:at] + good[at + len(junk) + 1 :] if cut else good[:at] + junk + good[at:]
    path = tmp_path / "annex-a-2024-09-30.xlsx"
    path.write_bytes(content)
    load_or_refuse(engine, "annex-a", path)
