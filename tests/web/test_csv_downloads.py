"""Every CSV the web app serves, downloaded from a council whose returns hold values a spreadsheet would
run as formulas: a team called `=HYPERLINK(...)`, a child whose identifier begins with `=`, a worker
whose begins with `@`, a file uploaded as `+cmd.xml`. No cell of any download may begin like a formula
unless it is a plain number (a negative number stays a number); the hostile values arrive with a
leading apostrophe.

The downloads come from the app's own routes (every GET route ending `.csv`, and the pages that
answer `?format=csv`), so a new download cannot be forgotten."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lineofsight import csv_cells
from lineofsight.settings import Settings
from lineofsight.web.app import create_app
from lineofsight.web.auth import Viewer, viewer
from lineofsight.web.pages.children import ChildTable
from lineofsight.web.pages.measures import MeasureTable
from lineofsight.web.pages.teams import TeamTable
from lineofsight.web.pages.work import WorkTable
from tests.builders import (
    allocation,
    council_data,
    council_fact,
    cp_plan,
    person,
    referral,
    team,
    visit,
    worker,
)

TEAM_NAME = '=HYPERLINK("http://evil.example/","Team")'
CHILD = "=C1"
WORKER = "@W1"
UPLOADED = "+cmd.xml"
FORMAT_CSV = ("/access-log", "/account-changes")  # the pages that download as CSV with ?format=csv
TABLES = {
    "/measures/{code}/{table}.csv": [t.value for t in MeasureTable],
    "/teams/{team_id}/{table}.csv": [t.value for t in TeamTable],
    "/my-work/{table}.csv": [t.value for t in WorkTable],
    "/children/{child_id}/{table_name}.csv": [t.value for t in ChildTable],
}


def hostile_council(engine: Engine) -> None:
    # C1 (=C1) is on a child protection plan from 6 Jan 2025, allocated to @W1 in the team named as
    # a formula, and visited on 10 Mar; the data ends on 31 Mar 2025.
    council_data(
        engine,
        council_fact("generated_end", "2025-03-31"),
        team("T1") | {"team_name": TEAM_NAME},
        person(CHILD),
        worker(WORKER) | {"worker_forename": "=1+1", "worker_surname": "-2+3"},
        referral(CHILD, "2025-01-02"),
        cp_plan(CHILD, start="2025-01-06"),
        allocation(CHILD, WORKER, start="2025-01-06"),
        visit(CHILD, "2025-03-10", kind="cp"),
    )


def downloads(app_paths: list[str], load_id: str) -> list[str]:
    addresses = []
    samples = {"code": "CP01", "team_id": "T1", "child_id": CHILD, "load_id": load_id}
    for path in app_paths:
        for table in TABLES.get(path, [None]):
            values = {**samples, "table": table, "table_name": table}
            addresses.append(re.sub(r"\{(\w+)\}", lambda found, v=values: str(v[found.group(1)]), path))
    return addresses + [f"{page}?format=csv" for page in FORMAT_CSV]


def test_no_cell_of_any_download_begins_like_a_formula_and_numbers_stay_numbers(
    engine: Engine, tmp_path: Path
) -> None:
    app = create_app(engine, Settings())
    director = Viewer("dee", "director")
    app.dependency_overrides[viewer] = lambda: director
    client = TestClient(app)
    # A census uploaded under a name that is a formula, with a row the reader rejects (its child's
    # birth date is not a date), so that the history and the rejected rows name it.
    census = (Path(__file__).parents[1] / "interchange/cin_census/fixtures/cin_valid.xml").read_text()
    census = census.replace("<PersonBirthDate>2015-06-15", "<PersonBirthDate>=2015-06-15")
    loaded = client.post(
        "/api/data/loads", data={"kind": "cin"}, files=[("files", (UPLOADED, census.encode()))]
    ).json()
    hostile_council(engine)
    csv_paths = [
        context.path
        for context in iter_route_contexts(app.routes)
        if "GET" in (context.methods or ()) and context.path.endswith(".csv")
    ]
    seen: set[str] = set()
    for address in downloads(csv_paths, loaded["load_id"]):
        who = Viewer("sam", "social_worker", "T1", WORKER) if address.startswith("/my-work") else director
        app.dependency_overrides[viewer] = lambda who=who: who
        response = client.get(address)
        assert response.status_code == 200, address
        assert response.headers["content-type"].startswith("text/csv"), address
        for row in csv.reader(io.StringIO(response.text)):
            for cell in row:
                seen.add(cell)
                assert cell == csv_cells.neutralise(cell), f"{address}: {cell!r} would run as a formula"
    # The hostile values reached the downloads, each behind an apostrophe.
    assert {f"'{TEAM_NAME}", f"'{CHILD}", f"'{WORKER}", f"'{UPLOADED}"} <= seen
