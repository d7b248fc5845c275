"""Loading the Standard Safeguarding Dataset (SSD): from a folder of extracts and from a database by
URL, a full refresh and one of what changed, under a lock and in one transaction, with what it covers.

The synthetic council exported as an SSD is the extract most tests load: what it holds is known, so
the rows read back can be compared with the rows written.
"""

from __future__ import annotations

import csv
import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import Column, Engine, MetaData, String, Table, create_engine, text

from lineofsight import store, synth
from lineofsight.data import facts
from lineofsight.interchange.loading import InputError
from lineofsight.interchange.ssd import BusyError, load_ssd, write_ssd
from lineofsight.interchange.ssd.refresh import refresh_lock
from lineofsight.interchange.ssd.tables import TABLES
from tests.conftest import PG_ENV
from tests.interchange.ssd_extracts import PERSON, TAKEN, write

END = dt.date(2026, 3, 31)


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A small synthetic council (SQLite) and its SSD extract, made once for the module."""
    folder = tmp_path_factory.mktemp("ssd")
    database = folder / "council.db"
    engine = store.connect(str(database), create=True)
    store.migrate(engine)
    synth.generate(engine, "stretched", seed=2, years=2, end=END, population=2500)
    write_ssd(engine, folder / "extract")
    engine.dispose()
    return database, folder / "extract"


def mapped(engine: Engine) -> dict[str, pl.DataFrame]:
    """Every column the SSD carries, of every table it fills with its whole history, in key order
    (`ssd_care_leavers`, as things stand on the day, is checked by the round trip of exports)."""
    tables = store.read_tables(engine, sorted({table.target for table in TABLES}))
    frames: dict[str, pl.DataFrame] = {}
    for table in TABLES:
        if table.on_the_day:
            continue
        frame = tables[table.target]
        for column, value in table.fixed.items():
            if frame.schema[column] == pl.String:
                frame = frame.filter(pl.col(column) == value)
        columns = [c for c in table.fields.values() if c in frame.columns]
        if table.target == "workers":
            columns += ["worker_forename", "worker_surname"]
        if table.target == "legal_statuses":
            columns.append("cla_episode_id")  # the period of care the reader found for each
        key = columns[0]
        frames[table.name] = frame.select(columns).sort(key)
    return frames


def copy_extract(extract: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in extract.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def test_the_synthetic_council_exported_as_an_ssd_loads_into_an_empty_database_as_the_same_rows(
    engine: Engine, council: tuple[Path, Path]
) -> None:
    database, extract = council
    summary, _ = load_ssd(engine, str(extract), extracted_at=TAKEN)
    source = store.connect(str(database))
    expected, loaded = mapped(source), mapped(engine)
    source.dispose()
    assert (summary.rejected, summary.updated) == (0, 0)
    for name, frame in expected.items():
        # The small council has no adoption yet: `ssd_permanence` is checked by the round trip below.
        assert frame.height > 0 or name == "ssd_permanence", name
        assert loaded[name].equals(frame), name


@pytest.fixture(scope="module")
def larger_council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five years of a larger synthetic council, to have adoptions (made and in progress), care
    leavers and pre-proceedings of every outcome: its SSD extract, as at 31 March 2026."""
    folder = tmp_path_factory.mktemp("ssd-larger")
    engine = store.connect(str(folder / "council.db"), create=True)
    store.migrate(engine)
    synth.generate(engine, "stretched", seed=3, years=5, end=END, population=12_000)
    write_ssd(engine, folder / "extract")
    engine.dispose()
    return folder / "extract"


def test_an_ssd_exported_loaded_into_an_empty_database_and_exported_again_is_the_same_extract(
    engine: Engine, larger_council: Path, tmp_path: Path
) -> None:
    """The round trip holds for every table, the four that need more than a field map included:
    legal statuses in their periods of care, care leavers (entitlement, latest contact and review),
    adoptions (with fostering for adoption) and pre-proceedings (their outcome in words)."""
    summary, batch = load_ssd(engine, str(larger_council), extracted_at=TAKEN)
    again = write_ssd(engine, tmp_path / "again")
    assert summary.rejected == 0
    # Every legal status of the synthetic council is a looked-after child's, and every permanence row
    # an adoption: nothing left out but entitlements the council has not recorded (eligible children
    # in care, listed for their pathway plan reviews).
    assert [note.split(":")[0] for note in batch.notes] == ["ssd_care_leavers"]
    assert "no current eligibility recorded" in batch.notes[0]
    for path in again:
        assert path.read_bytes() == (larger_council / path.name).read_bytes(), path.name
    for name in ("ssd_legal_status", "ssd_care_leavers", "ssd_permanence", "ssd_pre_proceedings"):
        lines = (larger_council / f"{name}.csv").read_text().splitlines()
        assert len(lines) > 5, name
    permanence = pl.read_csv(larger_council / "ssd_permanence.csv", infer_schema=False)
    # Adoptions made (the order's type given) and in progress (no order yet).
    assert set(permanence["perm_permanence_order_type"].to_list()) == {"Adoption", None}
    outcomes = pl.read_csv(larger_council / "ssd_pre_proceedings.csv", infer_schema=False)
    assert set(outcomes["prep_pre_pro_outcome"].to_list()) == {
        "Decision to Issue Care Proceedings",
        "Decision to step down",
        None,
    }


def test_loading_the_same_extract_again_changes_nothing(engine: Engine, council: tuple[Path, Path]) -> None:
    _, extract = council
    first, _ = load_ssd(engine, str(extract), extracted_at=TAKEN)
    again, _ = load_ssd(engine, str(extract), extracted_at=TAKEN)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, first.inserted)


def test_an_extract_loaded_into_the_council_it_came_from_changes_nothing(
    council: tuple[Path, Path], tmp_path: Path
) -> None:
    database, extract = council
    copy = tmp_path / "council.db"
    copy.write_bytes(database.read_bytes())
    engine = store.connect(str(copy))
    summary, _ = load_ssd(engine, str(extract), extracted_at=TAKEN)
    engine.dispose()
    assert (summary.inserted, summary.updated) == (0, 0)


def test_an_ssd_covers_what_its_tables_hold_over_the_whole_history_to_the_day_it_was_taken(
    engine: Engine, council: tuple[Path, Path]
) -> None:
    _, extract = council
    load_ssd(engine, str(extract), extracted_at=TAKEN)
    coverage = store.read_table(engine, "coverage")
    held = set(coverage["fact"].to_list())
    assert {facts.REFERRALS, facts.CP_PLANS, facts.CLA_PERIODS, facts.ALLOCATIONS, facts.CIN_VISITS} <= held
    assert {facts.LEGAL_STATUSES, facts.PRE_PROCEEDINGS, facts.ADOPTIONS} <= held
    # Not in the SSD: closure sign-off, supervision, the workforce's dates, case audits, care leavers'
    # circumstances around each birthday (OC3), the offer of a family group decision-making meeting.
    assert not held & {
        facts.CLOSURE_SIGN_OFF,
        facts.SUPERVISION,
        facts.WORKFORCE,
        facts.CASE_AUDITS,
        facts.CARE_LEAVER_BIRTHDAYS,
        facts.PRE_PROCEEDINGS_BEGUN,
    }
    # The care leavers as they stand on the day it was taken; everything else over the whole history.
    on_the_day = coverage.filter(pl.col("window_start").is_not_null())
    assert sorted(on_the_day.select("fact", "coverage_mode", "window_start").rows()) == [
        (facts.CARE_LEAVER_CONTACTS, "latest", TAKEN.date()),
        (facts.CARE_LEAVERS, "events", TAKEN.date()),
        (facts.PATHWAY_PLANS, "latest", TAKEN.date()),
    ]
    assert set(coverage["window_end"].to_list()) == {TAKEN.date()}
    loads = store.read_table(engine, "loads")
    assert loads.select("load_kind", "load_status", "extracted_at").rows() == [("ssd", "loaded", TAKEN)]


def test_a_worker_the_ssd_names_starts_provisionally_on_their_first_allocation(
    engine: Engine, council: tuple[Path, Path]
) -> None:
    _, extract = council
    load_ssd(engine, str(extract), extracted_at=TAKEN)
    workers = store.read_table(engine, "workers")
    allocations = store.read_table(engine, "allocations")
    first = allocations.group_by("worker_id").agg(pl.col("allocation_start_date").min().alias("first"))
    joined = workers.join(first, on="worker_id")
    assert workers["worker_start_provisional"].all()
    assert joined.filter(pl.col("worker_start_date") != pl.col("first")).height == 0


def test_headings_in_any_case_without_their_prefix_and_dates_as_excel_writes_them_load(
    engine: Engine, tmp_path: Path
) -> None:
    write(
        tmp_path / "SSD_PERSON.csv",
        ["Person_ID", "SEX", "ethnicity", "dob"],
        [["P1", "F", "WBRI", "03/02/2015"]],
    )
    write(
        tmp_path / "cin_episodes.csv",
        [
            "cine_referral_id",
            "cine_person_id",
            "REFERRAL_DATE",
            "referral_source_code",
            "cin_primary_need_code",
            "referral_nfa",
            "close_date",
        ],
        [["R1", "P1", "2025-01-06 00:00:00.000", "1A", "N1", "N", "NULL"]],
    )
    summary, _ = load_ssd(engine, str(tmp_path), extracted_at=TAKEN)
    episode = store.read_table(engine, "cin_episodes").row(0, named=True)
    person = store.read_table(engine, "person").row(0, named=True)
    assert summary.rejected == 0
    assert (person["person_dob"], person["person_disability"]) == (dt.date(2015, 2, 3), False)
    assert (episode["referral_date"], episode["referral_nfa"], episode["close_date"]) == (
        dt.date(2025, 1, 6),
        False,
        None,
    )


def test_a_value_that_is_not_a_date_rejects_its_row_naming_file_row_field_and_reason(
    engine: Engine, tmp_path: Path
) -> None:
    write(
        tmp_path / "ssd_person.csv",
        PERSON,
        [["P1", "F", "WBRI", "2015-02-03"], ["P2", "M", "WBRI", "3rd Feb"]],
    )
    summary, batch = load_ssd(engine, str(tmp_path), extracted_at=TAKEN)
    assert summary.inserted == 1
    assert [str(r) for r in batch.rejections] == [
        f"{tmp_path.name}, ssd_person.csv, row 3, field 'pers_dob': '3rd Feb' is not a date "
        "(give YYYY-MM-DD or DD/MM/YYYY)"
    ]
    assert batch.rejections[0].values["pers_person_id"] == "P2"


def test_a_refresh_of_what_changed_takes_only_rows_dated_since_and_covers_from_then(
    engine: Engine, council: tuple[Path, Path]
) -> None:
    _, extract = council
    full, _ = load_ssd(engine, str(extract), extracted_at=TAKEN - dt.timedelta(days=1))
    since = dt.date(2026, 3, 1)
    refresh, batch = load_ssd(engine, str(extract), since=since, extracted_at=TAKEN)
    visits = pl.DataFrame(batch.tables["visits"])
    assert visits.height > 0 and visits["visit_date"].min() >= since
    # The teams and workers are taken whole, and the children the rows taken name.
    named = {
        row.get("person_id") for table, rows in batch.tables.items() if table != "person" for row in rows
    }
    assert {row["person_id"] for row in batch.tables["person"]} <= named | {None}
    assert 0 < len(batch.tables["person"]) < full.tables["person"].inserted
    assert len(batch.tables["workers"]) == full.tables["workers"].inserted
    assert refresh.unchanged < full.inserted and (refresh.inserted, refresh.updated) == (0, 0)
    # What it holds of the whole history, from `since`; the care leavers (taken whole) on the day.
    on_the_day = {facts.CARE_LEAVERS, facts.CARE_LEAVER_CONTACTS, facts.PATHWAY_PLANS}
    assert {span.start for span in batch.coverage if span.fact not in on_the_day} == {since}
    assert {span.start for span in batch.coverage if span.fact in on_the_day} == {TAKEN.date()}


def test_a_refresh_that_fails_keeps_nothing_of_it_and_says_why(engine: Engine, tmp_path: Path) -> None:
    # A referral of a child the SSD does not hold: the database refuses it, so nothing is kept.
    write(
        tmp_path / "ssd_person.csv",
        PERSON,
        [["P1", "F", "WBRI", "2015-02-03"]],
    )
    write(
        tmp_path / "ssd_cin_episodes.csv",
        [
            "cine_referral_id",
            "cine_person_id",
            "cine_referral_date",
            "cine_referral_source_code",
            "cine_cin_primary_need_code",
            "cine_referral_nfa",
        ],
        [["R1", "NOBODY", "2025-01-06", "1A", "N1", "N"]],
    )
    with pytest.raises(InputError, match="the refresh failed and nothing of it was kept"):
        load_ssd(engine, str(tmp_path), extracted_at=TAKEN)
    assert store.read_table(engine, "person").height == 0
    loads = store.read_table(engine, "loads")
    assert loads["load_status"].to_list() == ["refused"]
    message = loads["message"][0]
    assert message.startswith(f"{tmp_path.name}: the refresh failed and nothing of it was kept: ")
    assert "foreign key" in message.lower()
    assert "\n" not in loads["message"][0]


def test_two_refreshes_of_one_database_never_overlap(engine: Engine, council: tuple[Path, Path]) -> None:
    _, extract = council
    with refresh_lock(engine), pytest.raises(BusyError, match="another refresh"):
        load_ssd(engine, str(extract), extracted_at=TAKEN)
    assert store.read_table(engine, "person").height == 0


@pytest.fixture(params=["sqlite", "postgresql"])
def ssd_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of its own (not lineofsight's) to hold a council's SSD tables."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cms.db'}"
        return
    import os

    server = store.database_url(os.environ[PG_ENV])
    name = f"ssd_cms_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield server.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_the_ssd_is_read_from_the_council_s_database_by_url(
    engine: Engine, council: tuple[Path, Path], ssd_database: str
) -> None:
    """The extract's tables put in a database as text columns, as a council's would hold them (upper
    case table names on one, to show the names are found in any case); loaded by URL, they give what
    the folder gives."""
    database, extract = council
    cms = create_engine(store.database_url(ssd_database))
    metadata = MetaData()
    for number, path in enumerate(sorted(extract.iterdir())):
        with path.open(newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            headings = list(reader.fieldnames or [])
        name = path.stem.upper() if number == 0 else path.stem
        table = Table(name, metadata, *(Column(h, String) for h in headings))
        metadata.create_all(cms, tables=[table])
        with cms.begin() as connection:
            if rows:
                connection.execute(table.insert(), [{k: (v or None) for k, v in r.items()} for r in rows])
    cms.dispose()
    summary, _ = load_ssd(engine, ssd_database, extracted_at=TAKEN)
    source = store.connect(str(database))
    expected, loaded = mapped(source), mapped(engine)
    source.dispose()
    assert summary.rejected == 0
    for name, frame in expected.items():
        assert loaded[name].equals(frame), name
    assert "password" not in store.read_table(engine, "loads")["load_source"][0]
