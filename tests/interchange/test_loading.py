"""Loading a batch: upserts by natural key, all or nothing, and the report of rejected rows.

The batches here are built by hand, as a reader would make them, so that these tests pin the contract
every reader relies on without depending on any one return's format.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError

from lineofsight import store
from lineofsight.interchange.keys import key
from lineofsight.interchange.loading import (
    Batch,
    InputError,
    apply_batch,
    check_size,
    existing_keys,
    write_rejections,
)
from lineofsight.interchange.returns import RETURNS, collection_year, load_return
from lineofsight.model import Base
from tests import builders

REFERRAL = key("C1", "referral", dt.date(2024, 5, 1))


def child(child_id: str = "C1") -> dict[str, object]:
    """A person as a return says it: no names."""
    return {
        "person_id": child_id,
        "person_sex": "1",
        "person_ethnicity": "WBRI",
        "person_dob": dt.date(2015, 6, 1),
    }


def episode(**changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "referral_id": REFERRAL,
        "person_id": "C1",
        "referral_date": dt.date(2024, 5, 1),
        "referral_source_code": "1B",
        "cin_primary_need_code": "N1",
    }
    row.update(changes)
    return row


def batch(*rows: tuple[str, dict[str, object]]) -> Batch:
    made = Batch(source="test.xml", kind="cin")
    for table, row in rows:
        made.add(table, dict(row))
    return made


def count(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(select(func.count()).select_from(Base.metadata.tables[table])).scalar_one()
        )


def test_key_is_readable_and_iso_dated() -> None:
    assert key("C1", "referral", dt.date(2024, 5, 1)) == "C1/referral/2024-05-01"
    assert key("C1", "missing", dt.datetime(2024, 5, 1, 22, 30)) == "C1/missing/2024-05-01T22:30:00"
    assert key("C1", "care-leaver") == "C1/care-leaver"


def test_new_rows_are_inserted_then_a_second_load_changes_nothing(engine: Engine) -> None:
    first = batch(("person", child()), ("cin_episodes", episode()))
    with store.transaction(engine) as connection:
        summary = apply_batch(connection, first)
    # One person and one episode: both new.
    assert (summary.inserted, summary.updated, summary.unchanged) == (2, 0, 0)
    with store.transaction(engine) as connection:
        again = apply_batch(connection, batch(("person", child()), ("cin_episodes", episode())))
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)
    assert count(engine, "cin_episodes") == 1


def test_a_first_load_stores_each_value_as_sqlalchemy_would(engine: Engine) -> None:
    """Rows new to an empty table go through the driver's executemany, not SQLAlchemy's insert.
    What lands must be the same: C2 is loaded that way and C3, the same values, by SQLAlchemy's
    insert; the database's own rows (SQLite's text dates and 0/1 flags, PostgreSQL's dates and
    booleans) must be equal. C1 leaves out both flags, so the model's default (False) fills them."""
    seen = dt.datetime(2024, 5, 1, 9, 30)
    loaded = batch(
        ("person", child("C1")),
        ("person", {**child("C2"), "person_uasc": True}),  # a second shape: one flag given
        (
            "contacts",
            {"contact_id": "K2", "person_id": "C2", "contact_date_time": seen, "contact_source_code": "1A"},
        ),
    )
    with store.transaction(engine) as connection:
        summary = apply_batch(connection, loaded)
        connection.execute(Base.metadata.tables["person"].insert(), [{**child("C3"), "person_uasc": True}])
        connection.execute(
            Base.metadata.tables["contacts"].insert(),
            [{"contact_id": "K3", "person_id": "C3", "contact_date_time": seen, "contact_source_code": "1A"}],
        )
    assert summary.inserted == 3
    with engine.connect() as connection:
        people = connection.exec_driver_sql(
            "SELECT person_id, person_dob, person_disability, person_uasc FROM person ORDER BY person_id"
        ).all()
        contacts = connection.exec_driver_sql(
            "SELECT contact_date_time FROM contacts ORDER BY contact_id"
        ).all()
    c1, c2, c3 = people
    assert c2[1:] == c3[1:]
    assert contacts[0] == contacts[1]
    assert not c1[2] and not c1[3] and c2[3]  # C1's flags are the defaults; C2 is UASC
    frame = store.read_table(engine, "person").sort("person_id")
    assert frame["person_dob"].to_list() == [dt.date(2015, 6, 1)] * 3
    assert store.read_table(engine, "contacts")["contact_date_time"].to_list() == [seen, seen]


def test_a_later_return_updates_only_what_it_says(engine: Engine) -> None:
    """Annex A said who the worker was; the next CIN census closes the episode but says nothing of
    workers. The close date arrives and the worker stays."""
    with store.transaction(engine) as connection:
        apply_batch(connection, batch(("person", child()), ("cin_episodes", episode(worker_id="W7"))))
    later = batch(
        ("person", child()),
        ("cin_episodes", episode(close_date=dt.date(2024, 9, 30), close_reason="RC8")),
    )
    with store.transaction(engine) as connection:
        summary = apply_batch(connection, later)
    assert summary.tables["cin_episodes"].updated == 1
    assert summary.tables["person"].unchanged == 1
    frame = store.read_table(engine, "cin_episodes")
    assert frame.select("close_date", "close_reason", "worker_id").row(0) == (
        dt.date(2024, 9, 30),
        "RC8",
        "W7",
    )


def test_a_failure_part_way_keeps_nothing_of_the_file(engine: Engine) -> None:
    """The second table's row points at a referral that does not exist: the database refuses it, and
    the person and episode written before it in the same file are rolled back too."""
    with store.transaction(engine) as connection:
        apply_batch(connection, batch(("person", child("C0"))))
    bad = batch(
        ("person", child()),
        ("cin_episodes", episode()),
        (
            "assessments",
            {
                "assessment_id": key("C1", "assessment", dt.date(2024, 5, 2)),
                "referral_id": "C1/referral/1999-01-01",
                "person_id": "C1",
                "assessment_start_date": dt.date(2024, 5, 2),
            },
        ),
    )
    with pytest.raises(IntegrityError), store.transaction(engine) as connection:
        apply_batch(connection, bad)
    # Only C0, loaded before, is there.
    assert store.read_table(engine, "person")["person_id"].to_list() == ["C0"]
    assert count(engine, "cin_episodes") == 0


def test_the_last_row_for_a_key_wins_within_a_file(engine: Engine) -> None:
    rows = batch(
        ("person", child()),
        ("cin_episodes", episode(cin_primary_need_code="N2")),
        ("cin_episodes", episode(cin_primary_need_code="N3")),
    )
    with store.transaction(engine) as connection:
        summary = apply_batch(connection, rows)
    assert summary.tables["cin_episodes"].inserted == 1
    assert store.read_table(engine, "cin_episodes")["cin_primary_need_code"].to_list() == ["N3"]


def test_existing_keys_finds_rows_from_earlier_files(engine: Engine) -> None:
    with store.transaction(engine) as connection:
        apply_batch(connection, batch(("person", child("C1")), ("person", child("C2"))))
    with engine.connect() as connection:
        assert existing_keys(connection, "person", "person_id", ["C2", "C3", "C1", "C2"]) == {"C1", "C2"}


def test_a_reader_cannot_write_to_tables_the_model_lacks(engine: Engine) -> None:
    with pytest.raises(ValueError, match="nonsense"), store.transaction(engine) as connection:
        apply_batch(connection, batch(("nonsense", {"x": 1})))


def test_rejections_are_kept_with_the_row_as_read(tmp_path: Path) -> None:
    made = Batch(source="census.xml", kind="cin")
    made.reject(
        "element CINdetails", 12, "CINclosureDate", "ends before it starts", {"CINclosureDate": "2020-01-01"}
    )
    assert str(made.rejections[0]) == (
        "census.xml, element CINdetails, row 12, field 'CINclosureDate': ends before it starts"
    )
    report = tmp_path / "out" / "rejected.csv"
    write_rejections(report, made.rejections)
    with report.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["row"] == "12"
    assert json.loads(rows[0]["values"]) == {"CINclosureDate": "2020-01-01"}


def test_empty_missing_and_runaway_files_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match=r"empty\.xml: the file is empty"):
        check_size(empty)
    with pytest.raises(InputError, match="no such file"):
        check_size(tmp_path / "absent.xml")
    big = tmp_path / "big.xml"
    big.write_bytes(b"x" * 3 * 2**20)
    with pytest.raises(InputError, match=r"big.xml: the file is 3 MB, over the 2 MB limit"):
        check_size(big, limit=2 * 2**20)


def test_a_refused_file_is_recorded_and_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    with store.transaction(engine) as connection:
        apply_batch(connection, batch(("person", child())))
    empty = tmp_path / "census.xml"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        load_return(engine, "cin", empty, load_id="L-chosen")
    loads = store.read_table(engine, "loads")
    # Under the id the caller chose (the Data page links to it).
    assert loads.select("load_id", "load_kind", "load_source", "load_status").rows() == [
        ("L-chosen", "cin", "census.xml", "refused")
    ]
    # The message names the file but not the folder it was in.
    message = loads["message"][0]
    assert "census.xml" in message and str(tmp_path) not in message
    assert store.read_table(engine, "person")["person_id"].to_list() == ["C1"]


def test_a_903_return_must_be_a_folder(engine: Engine, tmp_path: Path) -> None:
    table = tmp_path / "episodes.csv"
    table.write_text("CHILD,DECOM\n")
    with pytest.raises(InputError, match="folder of CSV tables, not a single file"):
        load_return(engine, "903", table)
    nothing = tmp_path / "nothing"
    nothing.mkdir()
    with pytest.raises(InputError, match="the folder is empty"):
        load_return(engine, "903", nothing)


def test_collection_years_end_on_31_march() -> None:
    assert collection_year(dt.date(2025, 3, 31)) == 2025
    assert collection_year(dt.date(2025, 4, 1)) == 2026
    assert set(RETURNS) == {"annex-a", "cin", "903", "csww"}


def test_builders_person_still_loads_with_names(engine: Engine) -> None:
    """Synthetic children have (fictional) names; children from returns have none. Both fit."""
    with store.transaction(engine) as connection:
        apply_batch(connection, batch(("person", builders.person("C9")), ("person", child("C1"))))
    names = dict(store.read_table(engine, "person").select("person_id", "person_forename").rows())
    assert names == {"C9": "Alex", "C1": None}
