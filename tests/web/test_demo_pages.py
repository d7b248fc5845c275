"""Every page open on the council `make demo` serves: every team page, every worker's My work, every
measure's page and many children's.

The pages' own tests use small councils built for each test; a Polars 2.1 panic that only the demo's
data set off (`visit_priority.under_one` formatting dates on a frame in two chunks) took the team page
and My work down for everyone there while every other test passed. So the demo's council itself is
generated here, as `make demo` generates it, and each page asked for as its people would.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import Engine

from lineofsight import store, synth
from lineofsight.measures import REGISTRY
from lineofsight.web.auth import Viewer
from tests.web.conftest import client

END = dt.date(2026, 3, 31)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """`make demo`'s council: `stretched`, seed 1, five years to 31 March 2026, on SQLite."""
    path = tmp_path_factory.mktemp("demo") / "lineofsight.db"
    engine = store.connect(str(path), create=True)
    store.migrate(engine)
    synth.generate(engine, "stretched", seed=1, years=5, end=END)
    return engine


def test_every_team_page_and_every_workers_my_work_opens_on_the_demo_council(demo: Engine) -> None:
    workers = store.read_tables(demo, ["workers"])["workers"].filter(
        pl.col("worker_case_holding")
        & (pl.col("worker_start_date") <= END)
        & (pl.col("worker_leave_date").is_null() | (pl.col("worker_leave_date") >= END))
    )
    teams = sorted(set(workers["team_id"].to_list()))
    assert len(teams) >= 5 and workers.height >= 50  # the demo's seven teams and about 70 workers
    director = client(demo, Viewer("director", "director"))
    failed = [
        (path, answer.status_code)
        for path in ["/", "/teams", *(f"/teams/{team}" for team in teams)]
        if (answer := director.get(path)).status_code != 200
    ]
    for worker in workers.iter_rows(named=True):
        social_worker = Viewer(
            "worker", "social_worker", team_id=worker["team_id"], worker_id=worker["worker_id"]
        )
        answer = client(demo, social_worker).get("/my-work")
        if answer.status_code != 200:
            failed.append((f"/my-work as {worker['worker_id']}", answer.status_code))
    assert failed == []


def test_the_council_here_is_the_one_make_demo_generates() -> None:
    # The fixture above must stay `make demo`'s council: the Makefile's synth line, read here.
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "synth --profile stretched --seed 1 --years 5 --end 2026-03-31" in makefile


def test_every_measure_page_and_many_childrens_pages_open_on_the_demo_council(demo: Engine) -> None:
    # Every measure's page, its JSON and its three downloads, the overview's JSON and downloads, and
    # the pages of 150 children (those with the most allocations, whose journeys are longest, and a
    # sample of the rest), as a director: the rest of what the demo's people open.
    director = client(demo, Viewer("director", "director"))
    paths = ["/api/overview", "/overview.csv", "/overview/trend.csv", "/api/measures", "/data"]
    for code in sorted(REGISTRY):
        paths += [f"/measures/{code}", f"/api/measures/{code}"]
        paths += [f"/measures/{code}/{table}.csv" for table in ("trend", "teams", "children")]
    allocations = store.read_tables(demo, ["allocations"])["allocations"]
    by_count = allocations.group_by("person_id").len().sort(["len", "person_id"], descending=[True, False])
    children = by_count["person_id"].head(50).to_list()
    children += by_count["person_id"].tail(by_count.height - 50).sample(100, seed=1).to_list()
    for child in children:
        paths += [f"/children/{child}", f"/api/children/{child}", f"/children/{child}/timeline.csv"]
    failed = [
        (path, answer.status_code) for path in paths if (answer := director.get(path)).status_code != 200
    ]
    assert failed == []
