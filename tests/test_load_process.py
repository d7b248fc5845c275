"""A load in a process of its own (`load_process`): a reader that allocates without bound, never ends or
waits forever is stopped at its limit, nothing of the file is kept, the load is recorded as stopped,
and the next load goes on as if nothing had happened; two loads of the same file at once take turns.

The misbehaving readers are in `tests/hostile_readers.py`, given to the child in place of the CIN
census reader. Each runs inside the load's transaction, holding the database's write lock, as a
reader does."""

from __future__ import annotations

import subprocess
import sys
import threading
import uuid
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from lineofsight import store
from lineofsight.interchange.loading import InputError, LoadSummary
from lineofsight.load_process import (
    LoadLimits,
    LoadRefusedError,
    LoadStoppedError,
    Standby,
    load_in_child,
)
from tests.builders import stored_rows
from tests.hostile_readers import BARRIER_ENV

FIXTURES = Path(__file__).parent / "interchange" / "cin_census" / "fixtures"
VALID = FIXTURES / "cin_valid.xml"  # one child, one episode, one assessment, the council's LEA number
# Far above what the loader needs (about 1,100 MB on a 2-core machine), far below what the hostile
# readers ask for.
TIGHT = LoadLimits(memory_mb=2048, cpu_seconds=3, wall_seconds=60)
HOSTILE = "tests.hostile_readers:"


def load(
    engine: Engine, path: Path = VALID, *, reader: str | None = None, limits: LoadLimits = TIGHT
) -> LoadSummary:
    summary, _ = load_in_child(engine, "cin", path, load_id=uuid.uuid4().hex, limits=limits, reader=reader)
    return summary


def history(engine: Engine) -> list[tuple[str, str, str | None]]:
    return sorted((r["load_source"], r["load_status"], r["message"]) for r in stored_rows(engine, "loads"))


def held(engine: Engine) -> dict[str, int]:
    return {table: len(stored_rows(engine, table)) for table in ("person", "cin_episodes", "assessments")}


def assert_whole(engine: Engine) -> None:
    if store.is_sqlite(engine):
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def test_a_load_in_a_child_loads_as_load_return_does(engine: Engine) -> None:
    summary = load(engine)
    # The council's LEA number (a council fact), one child, one episode, one assessment.
    assert (summary.inserted, summary.updated, summary.unchanged) == (4, 0, 0)
    assert held(engine) == {"person": 1, "cin_episodes": 1, "assessments": 1}
    assert history(engine) == [("cin_valid.xml", "loaded", None)]


def test_a_reader_that_allocates_without_bound_is_stopped_and_nothing_of_the_file_is_kept(
    engine: Engine,
) -> None:
    load(engine)
    with pytest.raises(LoadStoppedError) as stopped:
        load(engine, reader=HOSTILE + "allocates_without_bound")
    assert str(stopped.value).startswith(
        f"{VALID}: reading it needed more than the 2,048 MB of memory a load may use, so it was stopped "
        "and nothing of it was loaded"
    )
    assert stopped.value.status == "stopped"
    assert held(engine) == {"person": 1, "cin_episodes": 1, "assessments": 1}
    assert [status for _, status, _ in history(engine)] == ["loaded", "stopped"]
    assert_whole(engine)
    # The stopped child held the write lock: it went with it, and the next load goes on.
    assert load(engine).unchanged == 4


def test_a_reader_that_never_ends_is_stopped_at_its_processor_time(engine: Engine) -> None:
    with pytest.raises(LoadStoppedError) as stopped:
        load(engine, reader=HOSTILE + "never_ends")
    assert (
        "reading it took more than the 3 seconds of processor time a load may use, so it was stopped "
        "and nothing of it was loaded"
    ) in str(stopped.value)
    ((source, status, message),) = history(engine)
    assert (source, status) == ("cin_valid.xml", "stopped")
    assert message is not None and message.startswith("cin_valid.xml: reading it took more than the 3")
    assert held(engine) == {"person": 0, "cin_episodes": 0, "assessments": 0}
    assert load(engine).inserted == 4


def test_a_reader_that_waits_forever_is_stopped_by_the_clock(engine: Engine) -> None:
    waiting = LoadLimits(memory_mb=2048, cpu_seconds=60, wall_seconds=4)
    with pytest.raises(LoadStoppedError) as stopped:
        load(engine, reader=HOSTILE + "waits_forever", limits=waiting)
    assert "loading it took more than the 4 seconds a load may take, so it was stopped" in str(stopped.value)
    assert [status for _, status, _ in history(engine)] == ["stopped"]
    assert load(engine).inserted == 4


def test_a_load_the_database_refuses_is_recorded_as_failed_in_words_that_name_no_child(
    engine: Engine,
) -> None:
    with pytest.raises(LoadStoppedError) as failed:
        load(engine, reader=HOSTILE + "refused_by_the_database")
    assert failed.value.status == "failed"
    assert str(failed.value) == (
        f"{VALID}: the load failed (IntegrityError), so nothing of it was loaded; try again, and if it "
        "happens again, tell the team that runs this service"
    )
    ((_, status, message),) = history(engine)
    assert status == "failed" and message is not None and "person_id" not in message


def test_a_file_that_cannot_be_loaded_is_the_readers_own_error(engine: Engine, tmp_path: Path) -> None:
    broken = tmp_path / "census.xml"
    broken.write_text("<Message><Header>")
    with pytest.raises(InputError) as refused:
        load(engine, broken)
    assert not isinstance(refused.value, LoadStoppedError)
    assert str(refused.value).startswith(f"{broken}")
    assert [status for _, status, _ in history(engine)] == ["refused"]


def test_strict_refusal_brings_back_every_rejected_row(engine: Engine, tmp_path: Path) -> None:
    census = tmp_path / "census.xml"
    # The assessment's start is not a date: a row the reader rejects.
    source = VALID.read_text()
    census.write_text(source.replace("<AssessmentActualStartDate>", "<AssessmentActualStartDate>X"))
    with pytest.raises(LoadRefusedError) as refused:
        load_in_child(engine, "cin", census, strict=True, load_id="strict", limits=TIGHT)
    assert len(refused.value.rejections) >= 1
    assert all(r.field == "AssessmentActualStartDate" for r in refused.value.rejections)
    assert held(engine)["assessments"] == 0


def test_two_loads_of_the_same_file_at_once_take_turns_and_both_are_recorded(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each load's reader waits (up to ten seconds) until both have begun theirs: without a lock held
    # from the start, both read an empty database, both insert the same four rows, and the second
    # fails on a unique key when the first commits.
    monkeypatch.setenv(BARRIER_ENV, str(tmp_path))
    results: list[LoadSummary] = []
    errors: list[BaseException] = []

    def one() -> None:
        try:
            results.append(load(engine, reader=HOSTILE + "census_once_both_have_begun"))
        except BaseException as error:
            errors.append(error)

    loads = [threading.Thread(target=one) for _ in range(2)]
    for each in loads:
        each.start()
    for each in loads:
        each.join()
    assert errors == []
    # One added the four rows; the other, after it, found them held.
    assert sorted((s.inserted, s.unchanged) for s in results) == [(0, 4), (4, 0)]
    assert [status for _, status, _ in history(engine)] == ["loaded", "loaded"]
    assert held(engine) == {"person": 1, "cin_episodes": 1, "assessments": 1}


def test_a_standby_child_is_ready_for_the_next_load_and_ends_with_its_parent(engine: Engine) -> None:
    standby = Standby()
    first = load_in_child(engine, "cin", VALID, load_id="one", limits=TIGHT, standby=standby)
    ready = standby._ready
    assert ready is not None and ready.poll() is None  # started, waiting for its job
    second = load_in_child(engine, "cin", VALID, load_id="two", limits=TIGHT, standby=standby)
    assert ready.poll() == 0  # it loaded the second file and ended
    assert (first[0].inserted, second[0].unchanged) == (4, 4)
    standby.close()
    assert standby._ready is None


def wide_workbook(path: Path) -> Path:
    """A 2 KB workbook with a heading in A1 and one number in XFD1048576, the last cell a sheet can
    have: read as it declares itself, its one sheet is a million rows by 16,384 columns, and the
    workbook reader asked for 549,755,813,888 bytes and aborted the process that asked."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" Type="{relationships}/officeDocument"'
            ' Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{relationships}"><sheets>'
            '<sheet name="List 1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" Type="{relationships}/worksheet"'
            ' Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{main}"><dimension ref="A1:XFD1048576"/><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>Child ID</t></is></c></row>'
            '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as workbook:
        for name, content in parts.items():
            workbook.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + content)
    return path


def test_a_workbook_that_runs_to_column_xfd_is_one_clear_error_from_the_command_line(
    db_url: str, tmp_path: Path
) -> None:
    workbook = wide_workbook(tmp_path / "wide.xlsx")
    run = subprocess.run(
        [sys.executable, "-m", "lineofsight", "load", "annex-a", str(workbook), "--db", db_url],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    (line,) = run.stderr.strip().splitlines()
    # Refused by the reader's size check before reading (naming the sheet), or else stopped at the
    # child process's memory limit: one line naming the file either way.
    assert line.startswith(f"lineofsight: error: {workbook}")
    assert "refused before reading it" in line or "memory" in line
    engine = store.connect(db_url)
    try:
        ((source, status, message),) = history(engine)
        assert (source, status) in {("wide.xlsx", "stopped"), ("wide.xlsx", "refused")}
        assert message is not None and message.startswith("wide.xlsx")
        assert held(engine) == {"person": 0, "cin_episodes": 0, "assessments": 0}
    finally:
        engine.dispose()
