"""Figures kept between requests: the data's version changes with the council's data (and only with it),
a value is computed once per version however many ask, and checks of the version are shared."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from sqlalchemy import Engine, text

from lineofsight import store, synth
from lineofsight.model import Base
from lineofsight.web.cache import Figures, Fingerprint, fingerprint
from tests.builders import council_data, person, referral, visit


def add(engine: Engine, table: str, row: dict[str, Any]) -> None:
    """One more row, as a new event arrives (its child is already stored)."""
    with store.transaction(engine) as connection:
        store.insert_rows(connection, table, [row])


def test_the_version_is_the_same_while_nothing_is_written(engine: Engine) -> None:
    council_data(engine, person("C1"))
    figures = Figures(engine)
    assert figures.version() == figures.version()


def test_a_new_event_changes_the_version(engine: Engine) -> None:
    council_data(engine, person("C1"))
    figures = Figures(engine)
    before = figures.version()
    add(engine, "visits", visit("C1", "2026-03-02"))
    assert figures.version() != before


def test_a_new_synthetic_council_changes_the_version(engine: Engine) -> None:
    synth.generate(engine, "stable", seed=3, years=1, end=dt.date(2026, 3, 31), population=300)
    before = fingerprint(engine)
    synth.generate(engine, "stable", seed=4, years=1, end=dt.date(2026, 3, 31), population=300, replace=True)
    # Another seed: at the least the council's facts say so.
    assert fingerprint(engine) != before


def test_the_access_log_does_not_change_the_version(engine: Engine) -> None:
    council_data(engine, person("C1"))
    before = fingerprint(engine)
    log_a_view(engine)
    assert fingerprint(engine) == before


def log_a_view(engine: Engine) -> None:
    with store.transaction(engine) as connection:
        connection.execute(
            Base.metadata.tables["access_log"].insert(),
            [
                {
                    "at": dt.datetime(2026, 3, 2, 9),
                    "username": "sam",
                    "role": "social_worker",
                    "child_id": "C1",
                    "page": "measure AS03",
                    "outcome": "viewed",
                }
            ],
        )


def test_rows_are_counted_again_only_after_something_was_written(engine: Engine) -> None:
    council_data(engine, person("C1"))
    counted: list[Fingerprint] = []

    def counting(engine: Engine) -> Fingerprint:
        counted.append(fingerprint(engine))
        return counted[-1]

    figures = Figures(engine, check=counting)
    first = figures.version()
    assert figures.version() == first
    assert len(counted) == 1  # nothing written: the first look says so, and nothing is counted
    log_a_view(engine)
    # Something was written, but not to the council's data, so the version holds. On SQLite the
    # first look (the file's change counter) moves with any write, so the rows are counted again; on
    # PostgreSQL it is the count of changes to the council's data, which the access log leaves alone.
    assert figures.version() == first
    recount = 1 if store.is_sqlite(engine) else 0
    assert len(counted) == 1 + recount
    add(engine, "visits", visit("C1", "2026-03-02"))
    assert figures.version() != first
    assert len(counted) == 2 + recount


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_change_made_in_place_by_hand_changes_the_version_on_postgresql(db_url: str) -> None:
    # An SQL UPDATE keeps every count; on PostgreSQL the trigger counts the statement all the same.
    engine = store.connect(db_url)
    try:
        council_data(engine, person("C1"))
        figures = Figures(engine)
        before = figures.version()
        with store.transaction(engine) as connection:
            connection.execute(text("UPDATE person SET person_sex = 'F' WHERE person_id = 'C1'"))
        assert figures.version() != before
    finally:
        engine.dispose()


def test_a_value_is_computed_once_per_version(engine: Engine) -> None:
    council_data(engine, person("C1"))
    figures = Figures(engine)
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    version = figures.version()
    assert figures.get(version, "k", compute) == 1
    assert figures.get(figures.version(), "k", compute) == 1
    add(engine, "cin_episodes", referral("C1", "2026-03-02"))
    # New data: computed again, and the old value is no longer kept.
    assert figures.get(figures.version(), "k", compute) == 2
    assert len(figures) == 1


class FakeData:
    """A stand-in for the store: a number that changes when "data" is written, and a check that can be
    held half way, to see what requests arriving meanwhile do."""

    def __init__(self) -> None:
        self.state = 0
        self.checks = 0
        self.hold: threading.Event | None = None
        self.started = threading.Event()

    def check(self, _engine: Engine) -> Fingerprint:
        self.checks += 1
        seen = self.state
        self.started.set()
        if self.hold is not None:
            self.hold.wait(timeout=10)
        return (seen,)


def fake_figures(data: FakeData, **options: Any) -> Figures:
    """Figures over the stand-in, with no first look: every check counts."""
    return Figures(None, check=data.check, first_look=lambda _engine: None, **options)  # type: ignore[arg-type]


def test_a_request_does_not_trust_a_check_that_began_before_it_arrived() -> None:
    data = FakeData()
    figures = fake_figures(data)
    first = figures.version()
    data.hold = threading.Event()
    answers: dict[str, Any] = {}
    early = threading.Thread(target=lambda: answers.setdefault("early", figures.version()))
    early.start()
    assert data.started.wait(timeout=10)
    # The early check has read the data; now it changes, and a late request arrives.
    data.state = 1
    late = threading.Thread(target=lambda: answers.setdefault("late", figures.version()))
    late.start()
    data.hold.set()
    early.join(timeout=10)
    late.join(timeout=10)
    # The early request saw the old data; the late one waited for a check of its own, which saw the new.
    assert answers["early"] == first
    assert answers["late"] != first


def test_requests_arriving_during_a_check_share_the_next_one() -> None:
    data = FakeData()
    figures = fake_figures(data)
    data.hold = threading.Event()
    running = threading.Thread(target=figures.version)
    running.start()
    assert data.started.wait(timeout=10)
    waiting = [threading.Thread(target=figures.version) for _ in range(10)]
    for thread in waiting:
        thread.start()
    data.hold.set()
    for thread in [running, *waiting]:
        thread.join(timeout=10)
    # One check running, then one more for the ten that arrived during it: two in all, not eleven.
    assert data.checks == 2


def test_many_asking_at_once_wait_for_one_computation() -> None:
    data = FakeData()
    figures = fake_figures(data)
    version = figures.version()
    release = threading.Event()
    calls: list[int] = []

    def slow() -> str:
        calls.append(1)
        release.wait(timeout=10)
        return "figures"

    answers: list[str] = []
    threads = [
        threading.Thread(target=lambda: answers.append(figures.get(version, "k", slow))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    release.set()
    for thread in threads:
        thread.join(timeout=10)
    assert answers == ["figures"] * 8
    assert calls == [1]


def test_a_failed_computation_is_not_kept() -> None:
    data = FakeData()
    figures = fake_figures(data)
    version = figures.version()

    def broken() -> int:
        raise RuntimeError("the store went away")

    with pytest.raises(RuntimeError):
        figures.get(version, "k", broken)
    assert figures.get(version, "k", lambda: 7) == 7


def test_a_value_older_than_the_longest_it_may_be_kept_is_computed_again() -> None:
    data = FakeData()
    now = [0.0]
    figures = fake_figures(data, max_age=60.0, clock=lambda: now[0])
    version = figures.version()
    assert figures.get(version, "k", lambda: 1) == 1
    now[0] = 60.0  # exactly the longest: still kept
    assert figures.get(version, "k", lambda: 2) == 1
    now[0] = 60.5
    assert figures.get(version, "k", lambda: 3) == 3


def test_a_limit_keeps_only_the_most_recently_used_values_of_a_kind() -> None:
    data = FakeData()
    figures = fake_figures(data)
    version = figures.version()
    for day in (1, 2, 3):
        figures.get(version, ("full", day), lambda day=day: day, limit=2)  # type: ignore[misc]
    figures.get(version, ("value", 1), lambda: "small")
    # Of the three kept as "full", the oldest (1) has gone; other kinds are not counted against it.
    assert figures.get(version, ("full", 1), lambda: "again") == "again"
    assert figures.get(version, ("value", 1), lambda: "recomputed") == "small"


def test_while_the_next_version_is_worked_out_a_page_may_be_answered_from_the_last_ready_one(
    engine: Engine,
) -> None:
    council_data(engine, person("C1"))
    figures = Figures(engine)
    first = figures.version()
    # Nothing marked ready (as with no warming thread): answered from the data as it is.
    assert figures.version(stale_ok=True) == first
    assert not figures.version(stale_ok=True).stale
    assert figures.get(first, "count", lambda: 1) == 1
    figures.mark_ready(first)
    assert figures.ready == first
    figures.changed.clear()
    add(engine, "visits", visit("C1", "2026-03-02"))
    second = figures.version()
    assert second != first
    assert figures.changed.is_set()  # the warming thread is woken
    older = figures.version(stale_ok=True)
    assert older == first
    assert older.stale and older.changed_at is not None
    assert not figures.version().stale  # a JSON or CSV request: the data as it is
    # The first version's figure is still there, read without computing; one missing at that version
    # is computed for the request and not kept (it is from the data as it is now).
    assert figures.get(older, "count", lambda: 99) == 1
    assert figures.get(older, "other", lambda: 2) == 2
    assert figures.get(older, "other", lambda: 3) == 3
    # The second version ready: pages move to it and the first version's figures are let go.
    figures.mark_ready(second)
    assert figures.version(stale_ok=True) == second
    assert not figures.version(stale_ok=True).stale
    assert figures.get(first, "count", lambda: 5) == 5


def test_a_version_the_data_has_moved_on_from_is_not_marked_ready(engine: Engine) -> None:
    council_data(engine, person("C1"))
    figures = Figures(engine)
    first = figures.version()
    add(engine, "visits", visit("C1", "2026-03-02"))
    second = figures.version()
    figures.mark_ready(first)  # the warming thread finishing figures the data has moved on from
    assert figures.ready is None
    assert figures.version(stale_ok=True) == second
