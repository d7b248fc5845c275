"""Figures shared between a server's workers (`web/shared.py`): worked out once, by whichever process
asks first, through a folder private to the server's run; never kept beyond what their key says."""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import socket
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine

from lineofsight.cli import main
from lineofsight.measures import MeasureValue
from lineofsight.settings import Settings
from lineofsight.web import cache, shared
from lineofsight.web.app import create_app
from lineofsight.web.pages import measures as measures_page
from lineofsight.web.pages import teams as teams_page
from tests.builders import allocation, assessment, council_data, person, referral, worker


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private folder named as `serve --workers N` names it."""
    made = tmp_path / "shared"
    made.mkdir(mode=0o700)
    monkeypatch.setenv(shared.ENV_VAR, str(made))
    return made


def counting(calls: list[str], value: object) -> object:
    def compute() -> object:
        calls.append("worked out")
        return value

    return compute


def test_without_the_folder_every_process_works_out_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(shared.ENV_VAR, raising=False)
    calls: list[str] = []
    assert shared.shared("key", counting(calls, 1)) == 1
    assert shared.shared("key", counting(calls, 1)) == 1
    assert calls == ["worked out", "worked out"]


def test_the_same_key_is_worked_out_once_and_another_key_again(folder: Path) -> None:
    calls: list[str] = []
    assert shared.shared(("overview", 1), counting(calls, {"RF01": 12.5})) == {"RF01": 12.5}
    # The second asker gets what the first kept, not what its own compute would give.
    assert shared.shared(("overview", 1), counting(calls, "not this")) == {"RF01": 12.5}
    assert calls == ["worked out"]
    assert shared.shared(("overview", 2), counting(calls, "new data")) == "new data"
    assert calls == ["worked out", "worked out"]


def test_a_kept_figure_older_than_its_age_is_worked_out_again_and_swept(folder: Path) -> None:
    calls: list[str] = []
    shared.shared("old", counting(calls, "then"))
    shared.shared("gone", counting(calls, "long ago"))
    an_hour_and_more = time.time() - shared.MAX_AGE - 60
    for each in folder.iterdir():
        os.utime(each, (an_hour_and_more, an_hour_and_more))
    assert shared.shared("old", counting(calls, "now")) == "now"
    assert calls == ["worked out", "worked out", "worked out"]
    # Keeping it swept out the other stale figure and its lock, not the lock of the one just kept.
    assert sorted(each.suffix for each in folder.iterdir()) == [".lock", ".pickle"]
    assert shared.shared("old", counting(calls, "not this")) == "now"


def test_a_kept_figure_cut_short_is_worked_out_again_not_an_error(folder: Path) -> None:
    calls: list[str] = []
    shared.shared("key", counting(calls, [1, 2, 3]))
    (kept,) = folder.glob("*.pickle")
    kept.write_bytes(kept.read_bytes()[:5])  # as a full disk might have left it
    assert shared.shared("key", counting(calls, [1, 2, 3])) == [1, 2, 3]
    assert calls == ["worked out", "worked out"]
    kept.write_bytes(b"cno_such_module\nThing\n.")  # names what this code does not have
    assert shared.shared("key", counting(calls, [1, 2, 3])) == [1, 2, 3]
    assert calls == ["worked out", "worked out", "worked out"]


def test_a_folder_others_may_write_is_not_used(folder: Path, caplog: pytest.LogCaptureFixture) -> None:
    # A pickle is code to whoever may write it: a folder open to others is not trusted.
    folder.chmod(0o777)
    calls: list[str] = []
    with caplog.at_level(logging.WARNING):
        shared.shared("key", counting(calls, 1))
        shared.shared("key", counting(calls, 1))
    assert calls == ["worked out", "worked out"]
    assert list(folder.iterdir()) == []
    assert "is not a folder private to this user" in caplog.text


def slow_once(folder: str, log: str) -> None:
    """In a process of its own: ask for one figure that takes half a second to work out."""
    os.environ[shared.ENV_VAR] = folder

    def compute() -> str:
        with Path(log).open("a") as handle:
            handle.write(f"worked out by {os.getpid()}\n")
        time.sleep(0.5)
        return "figures"

    assert shared.shared("the overview", compute) == "figures"


def test_two_processes_asking_at_once_work_it_out_once(folder: Path, tmp_path: Path) -> None:
    # As two workers' helpers do after a load: the second waits for the first and reads its figures.
    log = tmp_path / "log.txt"
    spawn = multiprocessing.get_context("spawn")
    both = [spawn.Process(target=slow_once, args=(str(folder), str(log))) for _ in range(2)]
    for each in both:
        each.start()
    for each in both:
        each.join(60)
        assert each.exitcode == 0
    assert len(log.read_text().splitlines()) == 1


def figures(values: dict[tuple[str, dt.date], MeasureValue]) -> dict[tuple[str, dt.date], tuple[object, ...]]:
    """Each value's figure, numerator, denominator and status (a MeasureValue holds a frame, which
    cannot be compared with ==)."""
    return {
        key: (each.result.value, each.result.numerator, each.result.denominator, each.result.status)
        for key, each in values.items()
    }


def test_the_overviews_values_are_shared_until_the_data_changes(
    engine: Engine, db_url: str, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    council_data(engine, person("C1"), referral("C1", "2026-01-05"))
    url = db_url if "://" in db_url else str(Path(db_url).resolve())
    days = [dt.date(2026, 1, 31), dt.date(2026, 2, 28)]
    first = figures(measures_page.values_at(url, Settings(), ["RF01"], days))
    assert first[("RF01", days[0])][1] == 1  # one referral in January

    def broken(*args: object, **kwargs: object) -> object:
        raise AssertionError("worked out again although the data is unchanged")

    # Another worker's helper, the data unchanged: the kept values, nothing worked out.
    monkeypatch.setattr(measures_page, "compute_all", broken)
    assert figures(measures_page.values_at(url, Settings(), ["RF01"], days)) == first
    # The data changes (a second referral): its fingerprint with it, so it is worked out afresh.
    council_data(engine, person("C2"), referral("C2", "2026-01-20"))
    with pytest.raises(AssertionError, match="worked out again"):
        measures_page.values_at(url, Settings(), ["RF01"], days)
    monkeypatch.undo()
    monkeypatch.setenv(shared.ENV_VAR, str(folder))
    again = figures(measures_page.values_at(url, Settings(), ["RF01"], days))
    assert again[("RF01", days[0])][1] == 2


def test_serve_with_workers_names_a_private_folder_and_removes_it_when_it_stops(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn.supervisors

    seen: list[tuple[str, int]] = []

    class Supervisor:
        def __init__(self, config: object, sockets: list[socket.socket]) -> None:
            self.sockets = sockets

        def run(self) -> None:
            named = os.environ[shared.ENV_VAR]
            seen.append((named, Path(named).stat().st_mode & 0o777))
            for listening in self.sockets:
                listening.close()

    monkeypatch.setattr(uvicorn.supervisors, "Multiprocess", Supervisor)
    monkeypatch.delenv(shared.ENV_VAR, raising=False)
    for name in ("LINEOFSIGHT_DB", "LINEOFSIGHT_SECRET", "LINEOFSIGHT_SETTINGS"):
        monkeypatch.delenv(name, raising=False)  # serve sets them for its workers
    monkeypatch.setenv("LINEOFSIGHT_SECRET", "Vq3xL0pZr7tN2mB8sK4wY1cH6dJ9fG5a")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    main(["serve", "--db", db_url, "--port", str(port), "--workers", "2"])
    ((named, mode),) = seen
    assert mode == 0o700
    assert not Path(named).exists()


def test_two_workers_share_the_worklist_until_the_data_changes(
    engine: Engine, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two workers of one server (two apps over one store): after a load both want the council's
    # worklist at once; the second reads what the first worked out.
    council_data(
        engine,
        worker("W1"),
        person("C1"),
        allocation("C1", "W1", start="2025-01-06"),
        referral("C1", "2025-01-06"),
        assessment("C1", start="2025-01-06"),  # never completed: overdue
    )
    first, second = create_app(engine, Settings()), create_app(engine, Settings())
    day = dt.date(2026, 3, 31)
    mine = teams_page.Snapshot(first).worklist(day, Settings())
    assert mine.height > 0

    def broken(*args: object, **kwargs: object) -> object:
        raise AssertionError("worked out again although the data is unchanged")

    monkeypatch.setattr(teams_page, "worklist", broken)
    theirs = teams_page.Snapshot(second).worklist(day, Settings())
    assert theirs.equals(mine)
    # The data changes: the second worker's next worklist is worked out from the new data.
    council_data(engine, person("C2"), referral("C2", "2025-02-03"))
    with pytest.raises(AssertionError, match="worked out again"):
        teams_page.Snapshot(second).worklist(day, Settings())


def test_a_version_no_longer_the_latest_is_not_shared(engine: Engine, folder: Path) -> None:
    # A page answered from before a change (its figures' version older than the data's) has no
    # fingerprint to share under: it works out its own, and keeps nothing in the folder.
    council_data(engine, person("C1"))
    app = create_app(engine, Settings())
    older = teams_page.Snapshot(app)
    council_data(engine, person("C2"))
    teams_page.Snapshot(app)  # finds the data changed: a new version
    assert cache.of(app).fingerprint(older.version) is None
    calls: list[str] = []
    assert older.shared(("anything",), counting(calls, 7)) == 7
    assert calls == ["worked out"]
    assert list(folder.glob("*.pickle")) == []
