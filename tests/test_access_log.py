"""The access log: a child's record opened is one entry naming the child; a list or download is one entry
naming every child it showed; the log reads newest first and filters by UK day, person, child, kind
and refusals; and migration 0010 gathers the rows written one per child of a list into one entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import Engine, insert, select

from lineofsight import access_log, store
from lineofsight.access_log import AccessFilter, log_listed, log_opened, read_access_log
from lineofsight.model import Base
from lineofsight.web.auth import Viewer

SAM = Viewer("sam", "social_worker", "T1", "W1")
DEE = Viewer("dee", "director")
NOON = dt.datetime(2026, 3, 2, 12, 0)  # Monday 2 March 2026: GMT, so UK time is UTC


def minutes(count: int) -> dt.datetime:
    return NOON + dt.timedelta(minutes=count)


def entries(
    engine: Engine, filter: AccessFilter | None = None
) -> list[tuple[str, str, tuple[str, ...], str]]:
    return [(e.username, e.kind, e.children, e.outcome) for e in read_access_log(engine, filter).entries]


def test_a_list_is_one_entry_naming_each_child_once_in_the_order_shown(engine: Engine) -> None:
    # A team's page listing C3, C1, C3 again (two alerts) and C2: one entry, three children.
    assert log_listed(engine, SAM, "/teams/T1", ["C3", "C1", "C3", "C2"], at=NOON) == 3
    (entry,) = read_access_log(engine).entries
    assert (entry.kind, entry.child_id, entry.children, entry.page) == (
        "listed",
        None,
        ("C3", "C1", "C2"),
        "/teams/T1",
    )
    assert entry.as_json() == {
        "at": "2026-03-02T12:00:00Z",
        "username": "sam",
        "role": "social_worker",
        "kind": "listed",
        "child_id": None,
        "children": ["C3", "C1", "C2"],
        "child_count": 3,
        "page": "/teams/T1",
        "outcome": "viewed",
    }


def test_a_download_of_two_thousand_children_is_one_entry_not_two_thousand(engine: Engine) -> None:
    children = [f"C{number:05d}" for number in range(2000)]
    log_listed(engine, DEE, "measure CP01 (CSV)", children, at=NOON)
    found = read_access_log(engine)
    assert found.total == 1
    assert len(found.entries[0].children) == 2000
    # The last child of the download is found by the filter.
    assert read_access_log(engine, AccessFilter(child="C01999")).total == 1


def test_a_list_that_names_no_child_writes_nothing(engine: Engine) -> None:
    assert log_listed(engine, SAM, "/my-work", [], at=NOON) == 0
    assert read_access_log(engine).total == 0


def test_opening_a_record_and_a_refusal_each_name_one_child(engine: Engine) -> None:
    log_opened(engine, DEE, "/children/C1", "C1", at=NOON)
    log_opened(engine, SAM, "/children/C9", "C9", refused=True, at=minutes(1))
    assert [(e.kind, e.child_id, e.children, e.outcome) for e in read_access_log(engine).entries] == [
        ("opened", "C9", ("C9",), "refused"),
        ("opened", "C1", ("C1",), "viewed"),
    ]


def some_entries(engine: Engine) -> None:
    # 12:00 sam's caseload lists C1 and C10; 12:01 dee opens C1; 12:02 sam is refused C9;
    # 12:03 dee's team page lists C10 and C2; and on Tue 3 March at 00:30, dee opens C2.
    log_listed(engine, SAM, "/my-work", ["C1", "C10"], at=NOON)
    log_opened(engine, DEE, "/children/C1", "C1", at=minutes(1))
    log_opened(engine, SAM, "/children/C9", "C9", refused=True, at=minutes(2))
    log_listed(engine, DEE, "/teams/T1", ["C10", "C2"], at=minutes(3))
    log_opened(engine, DEE, "/children/C2", "C2", at=dt.datetime(2026, 3, 3, 0, 30))


def test_the_log_is_newest_first_and_filters_by_person_kind_and_refusals(engine: Engine) -> None:
    some_entries(engine)
    assert entries(engine) == [
        ("dee", "opened", ("C2",), "viewed"),
        ("dee", "listed", ("C10", "C2"), "viewed"),
        ("sam", "opened", ("C9",), "refused"),
        ("dee", "opened", ("C1",), "viewed"),
        ("sam", "listed", ("C1", "C10"), "viewed"),
    ]
    assert [e[1] for e in entries(engine, AccessFilter(user=" SAM "))] == ["opened", "listed"]
    assert [e[2] for e in entries(engine, AccessFilter(kind="opened"))] == [("C2",), ("C9",), ("C1",)]
    assert [e[2] for e in entries(engine, AccessFilter(kind="listed"))] == [("C10", "C2"), ("C1", "C10")]
    assert entries(engine, AccessFilter(refused=True)) == [("sam", "opened", ("C9",), "refused")]
    paged = read_access_log(engine, AccessFilter(user="dee"), limit=2, offset=2)
    assert (paged.total, [e.children for e in paged.entries]) == (3, [("C1",)])


def test_the_filter_by_child_finds_its_record_opened_and_the_lists_that_named_it_and_no_other(
    engine: Engine,
) -> None:
    some_entries(engine)
    # C1: opened by dee, and in sam's caseload; never C10's entries for being "C1" followed by "0".
    assert entries(engine, AccessFilter(child="C1")) == [
        ("dee", "opened", ("C1",), "viewed"),
        ("sam", "listed", ("C1", "C10"), "viewed"),
    ]
    assert [e[2] for e in entries(engine, AccessFilter(child="C10"))] == [("C10", "C2"), ("C1", "C10")]
    assert entries(engine, AccessFilter(child="c1")) == []  # identifiers are matched as written


def test_a_day_is_a_uk_day(engine: Engine) -> None:
    some_entries(engine)
    log_opened(engine, DEE, "/children/C4", "C4", at=dt.datetime(2026, 6, 1, 23, 30))
    # 23:30 UTC on 1 June is 00:30 on 2 June in British Summer Time.
    assert [e[2] for e in entries(engine, AccessFilter(since=dt.date(2026, 6, 2)))] == [("C4",)]
    assert entries(engine, AccessFilter(since=dt.date(2026, 6, 1), until=dt.date(2026, 6, 1))) == []
    # In March (GMT) a UK day is a UTC day: 2 March holds four entries, 3 March one.
    assert read_access_log(engine, AccessFilter(until=dt.date(2026, 3, 2))).total == 4
    assert (
        read_access_log(engine, AccessFilter(since=dt.date(2026, 3, 3), until=dt.date(2026, 3, 3))).total == 1
    )


@pytest.fixture
def at_0009(engine: Engine) -> Iterator[Engine]:
    """The store as migration 0009 left it (one row per child of a list), brought back to the newest
    version afterwards whatever the test found."""
    with engine.begin() as connection:
        command.downgrade(store._alembic_config(connection), "0009")
    try:
        yield engine
    finally:
        store.migrate(engine)


def test_migration_0010_gathers_the_rows_of_each_list_into_one_entry_and_keeps_records_opened(
    at_0009: Engine,
) -> None:
    log = Base.metadata.tables["access_log"]
    old = [
        # A team page at 12:00 listed C2 and C1, written one row each, at the moment of the request.
        (NOON, "mo", "team_manager", "C2", "/teams/T1", "viewed"),
        (NOON, "mo", "team_manager", "C1", "/teams/T1", "viewed"),
        # dee opened C1's record, its JSON twin and a download of its timeline.
        (minutes(1), "dee", "director", "C1", "/children/C1", "viewed"),
        (minutes(2), "dee", "director", "C1", "/api/children/C1", "viewed"),
        (minutes(3), "dee", "director", "C1", "/children/C1/timeline.csv", "viewed"),
        # sam was refused C9.
        (minutes(4), "sam", "social_worker", "C9", "/children/C9", "refused"),
        # The same team page again at 12:05: another list.
        (minutes(5), "mo", "team_manager", "C1", "/teams/T1", "viewed"),
        # A measure's children downloaded: three rows.
        (minutes(6), "dee", "director", "C5", "measure CP01 (CSV)", "viewed"),
        (minutes(6), "dee", "director", "C3", "measure CP01 (CSV)", "viewed"),
        (minutes(6), "dee", "director", "C4", "measure CP01 (CSV)", "viewed"),
    ]
    columns = ("at", "username", "role", "child_id", "page", "outcome")
    with at_0009.begin() as connection:
        connection.execute(insert(log), [dict(zip(columns, row, strict=True)) for row in old])
    store.migrate(at_0009)
    found = read_access_log(at_0009).entries
    assert [(e.at, e.username, e.kind, e.child_id, e.children, e.page, e.outcome) for e in found] == [
        (minutes(6), "dee", "listed", None, ("C5", "C3", "C4"), "measure CP01 (CSV)", "viewed"),
        (minutes(5), "mo", "listed", None, ("C1",), "/teams/T1", "viewed"),
        (minutes(4), "sam", "opened", "C9", ("C9",), "/children/C9", "refused"),
        (minutes(3), "dee", "opened", "C1", ("C1",), "/children/C1/timeline.csv", "viewed"),
        (minutes(2), "dee", "opened", "C1", ("C1",), "/api/children/C1", "viewed"),
        (minutes(1), "dee", "opened", "C1", ("C1",), "/children/C1", "viewed"),
        (NOON, "mo", "listed", None, ("C2", "C1"), "/teams/T1", "viewed"),
    ]
    # And back: the lists are one row per child again.
    with at_0009.begin() as connection:
        command.downgrade(store._alembic_config(connection), "0009")
        rows = connection.execute(select(log.c.at, log.c.child_id, log.c.page)).all()
    assert sorted((r.at, r.child_id, r.page) for r in rows) == sorted((r[0], r[3], r[4]) for r in old)


def test_old_entries_read_as_lists_by_the_filters_after_migration(at_0009: Engine) -> None:
    log = Base.metadata.tables["access_log"]
    with at_0009.begin() as connection:
        connection.execute(
            insert(log),
            [
                {
                    "at": NOON,
                    "username": "mo",
                    "role": "team_manager",
                    "child_id": c,
                    "page": "/teams/T1",
                    "outcome": "viewed",
                }
                for c in ("C1", "C2")
            ],
        )
    store.migrate(at_0009)
    assert access_log.read_access_log(at_0009, AccessFilter(child="C2", kind="listed")).total == 1
