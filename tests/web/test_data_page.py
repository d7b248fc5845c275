"""The Data page: an analyst uploads a return, reads what it changed and the rows it rejected (as an
error summary and as a CSV), and the history of loads; who may load, who may only look.

The census uploaded is written by the library's own CIN census writer from a tiny hand-built council
(two children), as `lineofsight export cin` would write it, so every figure below can be counted by
hand from `tiny_council`.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from pathlib import Path

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lineofsight import accounts, store
from lineofsight.interchange.loading import InputError
from lineofsight.interchange.returns import RETURNS, load_return
from lineofsight.load_process import LoadLimits
from lineofsight.settings import Settings
from lineofsight.web.app import create_app
from lineofsight.web.auth import Role, Viewer, viewer
from lineofsight.web.pages.data import Loading
from tests.builders import assessment, council_data, person, referral, stored_rows

FIXTURES = Path(__file__).parents[1] / "interchange" / "ssda903" / "fixtures"


def client_for(engine: Engine, role: Role = "analyst") -> TestClient:
    app = create_app(engine, Settings())
    app.dependency_overrides[viewer] = lambda: Viewer(f"{role}-1", role, "T001", "W0001")
    return TestClient(app)


def tiny_census(folder: Path) -> str:
    """The 2024-25 CIN census of a council with two children, written by the library's writer:
    C1 referred on 7 May 2024 with an assessment (8 May to 12 June), C2 referred on 1 October and
    closed on 2 December 2024. Loaded into an empty store it adds 5 rows: 2 people, 2 referrals (CIN
    episodes) and 1 assessment (the council's LEA number is unknown, so no council fact)."""
    source = store.connect(str(folder / "tiny.db"), create=True)
    store.migrate(source)
    council_data(
        source,
        person("C1", dob="2016-02-10"),
        referral("C1", "2024-05-07", id="R-C1"),
        assessment("C1", start="2024-05-08", authorised="2024-06-12", referral_id="R-C1"),
        person("C2", dob="2019-09-01"),
        referral("C2", "2024-10-01", id="R-C2", closed="2024-12-02"),
    )
    written: Path = RETURNS["cin"].writer()(source, 2025, folder / "census.xml")
    source.dispose()
    return written.read_text(encoding="utf-8")


def with_bad_rows(census: str) -> str:
    """The tiny census with two rows that cannot be loaded: C1's assessment starts on 32 May, and
    C2's episode closes on 30 September, the day before its referral."""
    return census.replace(
        "<AssessmentActualStartDate>2024-05-08<", "<AssessmentActualStartDate>2024-05-32<"
    ).replace("<CINclosureDate>2024-12-02<", "<CINclosureDate>2024-09-30<")


def line_of(text: str, fragment: str) -> int:
    """The line of the file (from 1) holding `fragment`: the row a person would look at."""
    return next(number for number, line in enumerate(text.splitlines(), start=1) if fragment in line)


def token(client: TestClient) -> str:
    """The form's CSRF token, read from the page as a browser would (empty without the middleware)."""
    page = client.get("/data")
    assert page.status_code == 200, page.text
    found = re.search(r'name="csrf_token" value="([^"]*)"', page.text)
    assert found is not None
    return found.group(1)


def upload(
    client: TestClient,
    kind: str,
    *files: tuple[str, bytes],
    strict: bool = False,
    url: str = "/data/loads",
    headers: dict[str, str] | None = None,
    fields: dict[str, str] | None = None,
) -> httpx.Response:
    form = {"kind": kind, "csrf_token": token(client), **(fields or {})}
    if strict:
        form["strict"] = "yes"
    parts = [("files", (name, content, "application/octet-stream")) for name, content in files]
    return client.post(url, data=form, files=parts, headers=headers or {})


def said(response: httpx.Response) -> str:
    """The text a person reads in the page's main content: tags out, entities decoded, spaces collapsed."""
    main = response.text[response.text.index("<main") : response.text.index("</main>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


def error_summary(response: httpx.Response) -> list[tuple[str, str]]:
    """The error summary's items: (link, text)."""
    summary = response.text[response.text.index("govuk-error-summary__list") :]
    summary = summary[: summary.index("</ul>")]
    return [
        (link, re.sub(r"\s+", " ", html.unescape(text)).strip())
        for link, text in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', summary, re.DOTALL)
    ]


def counts(engine: Engine) -> dict[str, int]:
    return {table: len(stored_rows(engine, table)) for table in ("person", "cin_episodes", "assessments")}


# --------------------------------------------------------------------------------------- loading
def test_an_analyst_loads_a_census_and_sees_what_it_added_and_the_load_in_the_history(
    engine: Engine, tmp_path: Path
) -> None:
    client = client_for(engine)
    result = upload(client, "cin", ("census.xml", tiny_census(tmp_path).encode()))
    assert result.status_code == 200 and "/data/loads/" in str(result.url)
    text = said(result)
    assert "census.xml: loaded" in text
    # 2 people + 2 referrals + 1 assessment, into an empty store.
    assert "Rows added 5 Rows updated 0 Rows unchanged 0 Rows rejected 0" in text
    assert "person 2 0 0" in text and "cin_episodes 2 0 0" in text and "assessments 1 0 0" in text
    assert "rejected and not loaded" not in text
    assert counts(engine) == {"person": 2, "cin_episodes": 2, "assessments": 1}

    history = said(client.get("/data"))
    assert "Loads, newest first (1 in all; times in UK time)" in history
    assert "CIN census census.xml Loaded 5 0 0 0" in history
    loads = client.get("/api/data/loads").json()
    assert loads["total"] == 1
    [load] = loads["loads"]
    assert (load["return"], load["file"], load["status"], load["inserted"]) == (
        "cin",
        "census.xml",
        "loaded",
        5,
    )
    assert str(result.url).endswith(f"/data/loads/{load['load_id']}")


def test_loading_the_same_census_again_changes_nothing_and_says_so(engine: Engine, tmp_path: Path) -> None:
    client = client_for(engine)
    census = tiny_census(tmp_path).encode()
    upload(client, "cin", ("census.xml", census))
    again = said(upload(client, "cin", ("census.xml", census)))
    # The same 5 rows, each already there as the file says it.
    assert "Rows added 0 Rows updated 0 Rows unchanged 5" in again
    assert counts(engine) == {"person": 2, "cin_episodes": 2, "assessments": 1}


def test_a_census_the_database_exported_uploaded_back_adds_nothing(engine: Engine, tmp_path: Path) -> None:
    """The tiny council held under the synthetic council's kind of ids (R000001, A000001, R000002):
    the census it exports names the same records by their child and dates, and uploading it back on
    the Data page recognises each as the one held."""
    council_data(
        engine,
        person("C1", dob="2016-02-10"),
        referral("C1", "2024-05-07", id="R000001"),
        assessment("C1", start="2024-05-08", authorised="2024-06-12", id="A000001", referral_id="R000001"),
        person("C2", dob="2019-09-01"),
        referral("C2", "2024-10-01", id="R000002", closed="2024-12-02"),
    )
    census: Path = RETURNS["cin"].writer()(engine, 2025, tmp_path / "census.xml")
    text = said(upload(client_for(engine), "cin", ("census.xml", census.read_bytes())))
    # 2 people, 2 referrals and 1 assessment, each already there as the census says it.
    assert "Rows added 0 Rows updated 0 Rows unchanged 5" in text
    assert counts(engine) == {"person": 2, "cin_episodes": 2, "assessments": 1}
    assert [(r["assessment_id"], r["referral_id"]) for r in stored_rows(engine, "assessments")] == [
        ("A000001", "R000001")
    ]


def test_rejected_rows_show_as_an_error_summary_and_the_csv_download_says_the_same(
    engine: Engine, tmp_path: Path
) -> None:
    census = with_bad_rows(tiny_census(tmp_path))
    client = client_for(engine)
    result = upload(client, "cin", ("bad.xml", census.encode()))
    assert result.status_code == 200
    assessment_line = line_of(census, "2024-05-32")
    closure_line = line_of(census, "<CINclosureDate>2024-09-30")
    expected = [
        (
            "#rejected-row-1",
            f"bad.xml, element Assessments, row {assessment_line}, field 'AssessmentActualStartDate': "
            "'2024-05-32' is not a real date",
        ),
        (
            "#rejected-row-2",
            f"bad.xml, element CINdetails, row {closure_line}, field 'CINclosureDate': "
            "2024-09-30 is before the referral date (2024-10-01)",
        ),
    ]
    assert error_summary(result) == expected
    text = said(result)
    assert "2 rows were rejected and not loaded" in text
    # Each item links to its row in the table below.
    assert 'id="rejected-row-1"' in result.text and 'id="rejected-row-2"' in result.text
    assert f"2 bad.xml element CINdetails {closure_line} CINclosureDate 2024-09-30 is before" in text
    # The rest of the file loaded: both people and C1's referral; not C1's assessment nor C2's
    # referral (3 rows added, 2 rejected).
    assert "Rows added 3 Rows updated 0 Rows unchanged 0 Rows rejected 2" in text
    assert counts(engine) == {"person": 2, "cin_episodes": 1, "assessments": 0}

    download = client.get(str(result.url) + "/rejected.csv")
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert [(r["file"], r["place"], r["row"], r["field"], r["reason"]) for r in rows] == [
        ("bad.xml", "element Assessments", str(assessment_line), "AssessmentActualStartDate",
         "'2024-05-32' is not a real date"),
        ("bad.xml", "element CINdetails", str(closure_line), "CINclosureDate",
         "2024-09-30 is before the referral date (2024-10-01)"),
    ]  # fmt: skip
    # The row as read, so that it can be corrected at source: the closure C2's episode gave.
    assert '"CINclosureDate": "2024-09-30"' in rows[1]["values"]
    # The history keeps the counts.
    assert "bad.xml Loaded 3 0 0 2" in said(client.get("/data"))


def test_a_file_that_is_not_xml_is_refused_as_a_census_in_one_line_and_loads_nothing(engine: Engine) -> None:
    client = client_for(engine)
    result = upload(client, "cin", ("children.csv", b"LAchildID,Referral date\nC1,2024-05-07\n"))
    assert result.status_code == 422
    message = "children.csv: this is not XML: a CIN census is an XML file that starts with '<'"
    assert error_summary(result) == [("#files", message)]
    assert "Error: " + message in said(result)  # beside the file input, as GOV.UK forms say it
    assert "Error: Data" in result.text  # the page's title says there is an error
    assert counts(engine) == {"person": 0, "cin_episodes": 0, "assessments": 0}
    # The refusal is in the history, naming the file and never the folder it was written to.
    [load] = client.get("/api/data/loads").json()["loads"]
    assert (load["status"], load["file"], load["message"]) == ("refused", "children.csv", message)


def test_an_empty_file_is_refused_with_the_same_message_as_the_cli(engine: Engine) -> None:
    client = client_for(engine)
    result = upload(client, "cin", ("census.xml", b""))
    assert result.status_code == 422
    assert error_summary(result) == [("#files", "census.xml: the file is empty")]
    assert counts(engine)["person"] == 0


def test_strict_refuses_the_whole_file_and_lists_every_row_it_was_refused_for(
    engine: Engine, tmp_path: Path
) -> None:
    census = tiny_census(tmp_path)
    client = client_for(engine)
    upload(client, "cin", ("census.xml", census.encode()))
    before = counts(engine)
    result = upload(client, "cin", ("bad.xml", with_bad_rows(census).encode()), strict=True)
    assert result.status_code == 422
    [(link, message), (rows_link, see)] = error_summary(result)
    assert link == "#files"
    assert message.startswith("bad.xml: 2 rows were rejected, so with --strict nothing was loaded")
    assert see == "See the 2 rejected rows"
    assert counts(engine) == before  # C1's assessment is still there: nothing of bad.xml was kept
    rejected = client.get(rows_link)
    text = said(rejected)
    assert "bad.xml: not loaded" in text and "Refused: nothing of it was loaded" in text
    assert [item for _, item in error_summary(rejected)][1:] == [
        f"bad.xml, element Assessments, row {line_of(census, '<AssessmentActualStartDate>')}, "
        "field 'AssessmentActualStartDate': '2024-05-32' is not a real date",
        f"bad.xml, element CINdetails, row {line_of(census, '<CINclosureDate>')}, field 'CINclosureDate': "
        "2024-09-30 is before the referral date (2024-10-01)",
    ]
    statuses = [load["status"] for load in client.get("/api/data/loads").json()["loads"]]
    assert sorted(statuses) == ["loaded", "refused"]


def test_an_ssda903_return_is_its_csv_tables_uploaded_together(engine: Engine) -> None:
    client = client_for(engine)
    tables = sorted((FIXTURES / "903_2025_valid").iterdir())
    result = upload(
        client, "903", *[(table.name, table.read_bytes()) for table in tables], fields={"year": "2025"}
    )
    assert result.status_code == 200, said(result)
    text = said(result)
    assert "episodes.csv, header.csv, reviews.csv: loaded" in text
    # reviews.csv has three review lines for child 1001, all in the one period of care.
    assert "cla_reviews 3 0 0" in text
    assert len(stored_rows(engine, "cla_reviews")) == 3


def test_an_ssda903_return_without_its_header_table_is_refused_naming_it(engine: Engine) -> None:
    client = client_for(engine)
    episodes = FIXTURES / "903_2025_valid" / "episodes.csv"
    result = upload(client, "903", ("episodes.csv", episodes.read_bytes()))
    assert error_summary(result) == [
        ("#files", "episodes.csv, table header: there is no header table (header.csv)")
    ]


def test_a_form_without_a_kind_or_a_file_says_what_to_choose(engine: Engine) -> None:
    client = client_for(engine)
    no_kind = client.post(
        "/data/loads", data={"csrf_token": token(client)}, files=[("files", ("a.xml", b"<a/>"))]
    )
    assert no_kind.status_code == 422
    assert error_summary(no_kind) == [("#kind", "Select the kind of return you are loading")]
    no_file = upload(client, "cin")
    assert error_summary(no_file) == [("#files", "Select the CIN census file to load")]
    two = upload(client, "annex-a", ("a.xlsx", b"1"), ("b.xlsx", b"2"))
    assert error_summary(two) == [
        ("#files", "Select one file: a Ofsted Annex A workbook is loaded one file at a time")
    ]
    assert client.get("/api/data/loads").json()["total"] == 0  # none of these reached the loader


def test_an_upload_over_the_limit_is_refused_before_it_is_read(engine: Engine) -> None:
    client = client_for(engine)
    client.app.state.max_upload_bytes = 2**20  # type: ignore[attr-defined]
    # 3 MB of file against a limit of 1 MB (the form's own few hundred bytes round away).
    result = upload(client, "cin", ("census.xml", b" " * (3 * 2**20)))
    assert result.status_code == 413
    assert "What you sent is too big" in result.text
    assert "The upload is over the 1 MB limit: check that these are the right files" in result.text
    assert client.get("/api/data/loads").json()["total"] == 0


def test_an_upload_whose_reader_allocates_without_bound_is_stopped_the_page_says_so_and_the_server_goes_on(
    engine: Engine, tmp_path: Path
) -> None:
    """The workbook that ran to column XFD over a million rows made the reader ask for 524 GB and the
    allocator abort the server. Here the census reader is replaced (in the load's child process only)
    by one that asks for ever more memory: the load is stopped at its ceiling, the page says so, and
    the server answers the next request and loads the next file."""
    client = client_for(engine)
    census = tiny_census(tmp_path).encode()
    hostile = {"cin": "tests.hostile_readers:allocates_without_bound"}
    client.app.state.loading = Loading(LoadLimits(memory_mb=2048), hostile)  # type: ignore[attr-defined]
    stopped = upload(client, "cin", ("census.xml", census))
    assert stopped.status_code == 422
    assert error_summary(stopped) == [
        (
            "#files",
            "census.xml: reading it needed more than the 2,048 MB of memory a load may use, so it was "
            "stopped and nothing of it was loaded: check that this is the right file (a workbook whose "
            "cells run far beyond its data can do this)",
        )
    ]
    assert counts(engine) == {"person": 0, "cin_episodes": 0, "assessments": 0}
    [load] = client.get("/api/data/loads").json()["loads"]
    assert (load["file"], load["status"]) == ("census.xml", "stopped")
    assert "CIN census census.xml Stopped 0 0 0 0 census.xml: reading it needed more" in said(
        client.get("/data")
    )
    assert "Stopped: nothing of it was loaded" in said(client.get(f"/data/loads/{load['load_id']}"))

    client.app.state.loading = Loading()  # type: ignore[attr-defined]
    loaded = upload(client, "cin", ("census.xml", census))
    assert loaded.status_code == 200 and "Rows added 5" in said(loaded)


def test_an_upload_of_more_than_50_files_is_refused_before_it_is_read(engine: Engine) -> None:
    """Signed in through the form, as a browser is: the CSRF check reads the form first, and it too
    reads it with the limit."""
    accounts.add_user(engine, "ann", "a long enough password", "analyst")
    client = TestClient(create_app(engine, Settings()))
    page = client.get("/sign-in")
    csrf = re.search(r'name="csrf_token" value="([^"]*)"', page.text)
    assert csrf is not None
    form = {"username": "ann", "password": "a long enough password", "csrf_token": csrf.group(1)}
    assert client.post("/sign-in", data=form, follow_redirects=False).status_code == 303
    tables = [("files", (f"table{number}.csv", b"CHILD\n1\n", "text/csv")) for number in range(51)]
    fields = {"kind": "903", "year": "2026", "csrf_token": token(client)}
    refused = client.post("/data/loads", data=fields, files=tables)
    assert refused.status_code == 413
    assert "Choose at most 50 files in one upload (an SSDA903 return has about a dozen tables)." in said(
        refused
    )
    by_api = client.post("/api/data/loads", data=fields, files=tables)
    assert by_api.status_code == 413
    assert by_api.json()["detail"].startswith("Choose at most 50 files in one upload")
    assert client.get("/api/data/loads").json()["total"] == 0  # none of it reached the loader


# ------------------------------------------------------------------------------------ the history
def test_the_history_is_newest_first_in_uk_time_and_names_files_without_their_folders(
    engine: Engine, tmp_path: Path
) -> None:
    def load(load_id: str, at: dt.datetime, source: str, message: str | None) -> dict[str, object]:
        status = "loaded" if message is None else "refused"
        return {"load_id": load_id, "loaded_at": at, "load_kind": "cin", "load_source": source,
                "load_status": status, "inserted": 4 if message is None else 0, "updated": 0,
                "unchanged": 0, "rejected": 0, "message": message}  # fmt: skip

    with store.transaction(engine) as connection:
        store.insert_rows(
            connection,
            "loads",
            [
                load("a", dt.datetime(2025, 1, 15, 14, 0), "census-2024.xml", None),
                load("b", dt.datetime(2025, 7, 1, 9, 30), "census-2025.xml",
                     "/home/analyst/returns/census-2025.xml: the file is empty"),
            ],
        )  # fmt: skip
    client = client_for(engine)
    text = said(client.get("/data"))
    # Newest first. 1 July is in British Summer Time (UTC+1): 09:30 UTC is 10:30; 15 January is GMT.
    assert text.index("1 July 2025, 10:30 CIN census census-2025.xml Refused") < text.index(
        "15 January 2025, 14:00 CIN census census-2024.xml Loaded 4 0 0 0"
    )
    assert "census-2025.xml: the file is empty" in text and "/home/analyst" not in text
    download = list(csv.DictReader(io.StringIO(client.get("/data/loads.csv").text)))
    assert [(r["load_id"], r["loaded_at"]) for r in download] == [
        ("b", "2025-07-01T09:30:00Z"),
        ("a", "2025-01-15T14:00:00Z"),
    ]
    # A load by the CLI from a folder records the folder in its message; the page does not show it.
    (tmp_path / "returns").mkdir()
    (tmp_path / "returns" / "census.xml").write_bytes(b"")
    with pytest.raises(InputError, match="the file is empty"):
        load_return(engine, "cin", tmp_path / "returns" / "census.xml")
    newest = client.get("/api/data/loads").json()["loads"][0]
    assert newest["message"] == "census.xml: the file is empty"


def test_a_long_history_comes_in_pages_of_50(engine: Engine) -> None:
    start = dt.datetime(2025, 1, 1, 9, 0)
    rows = [
        {"load_id": f"L{n:02d}", "loaded_at": start + dt.timedelta(days=n), "load_kind": "cin",
         "load_source": f"census-{n:02d}.xml", "load_status": "loaded", "inserted": n, "updated": 0,
         "unchanged": 0, "rejected": 0, "message": None}
        for n in range(51)
    ]  # fmt: skip
    with store.transaction(engine) as connection:
        store.insert_rows(connection, "loads", rows)
    client = client_for(engine)
    # 51 loads: the newest 50 (L50 down to L01) on page 1, the oldest (L00) alone on page 2.
    first = client.get("/api/data/loads").json()
    assert (first["total"], first["pages"], len(first["loads"])) == (51, 2, 50)
    assert first["loads"][0]["load_id"] == "L50" and first["loads"][-1]["load_id"] == "L01"
    second = client.get("/api/data/loads", params={"page": 2}).json()
    assert [load["load_id"] for load in second["loads"]] == ["L00"]
    page = client.get("/data", params={"page": 2})
    assert "census-00.xml" in said(page) and "census-50.xml" not in said(page)
    assert 'href="/data?page=1#history"' in page.text  # back to the newest
    assert len(list(csv.DictReader(io.StringIO(client.get("/data/loads.csv").text)))) == 51  # all of it


def test_a_load_no_longer_kept_in_memory_still_shows_its_counts(engine: Engine) -> None:
    with store.transaction(engine) as connection:
        store.insert_rows(
            connection,
            "loads",
            [{"load_id": "old", "loaded_at": dt.datetime(2025, 1, 15, 14, 0), "load_kind": "cin",
              "load_source": "census.xml", "load_status": "loaded", "inserted": 10, "updated": 2,
              "unchanged": 1, "rejected": 3, "message": None}],
        )  # fmt: skip
    client = client_for(engine)
    text = said(client.get("/data/loads/old"))
    assert "Rows added 10 Rows updated 2 Rows unchanged 1 Rows rejected 3" in text
    assert "The 3 rejected rows of this load are no longer kept" in text
    assert client.get("/data/loads/old/rejected.csv").status_code == 404
    assert client.get("/data/loads/unknown").status_code == 404


# --------------------------------------------------------------------------------------- the API
def test_a_script_loads_by_api_and_reads_the_same_findings_as_json(engine: Engine, tmp_path: Path) -> None:
    census = tiny_census(tmp_path)
    client = client_for(engine)
    loaded = upload(client, "cin", ("census.xml", census.encode()), url="/api/data/loads")
    assert loaded.status_code == 200
    body = loaded.json()
    assert (body["status"], body["file"], body["summary"]["inserted"], body["rejected"]) == (
        "loaded", "census.xml", 5, []
    )  # fmt: skip
    assert body["summary"]["tables"]["cin_episodes"] == {"inserted": 2, "updated": 0, "unchanged": 0}
    # The form's own address answers JSON when asked.
    bad = upload(
        client, "cin", ("bad.xml", with_bad_rows(census).encode()), headers={"Accept": "application/json"}
    )
    findings = bad.json()
    assert [(r["field"], r["row"]) for r in findings["rejected"]] == [
        ("AssessmentActualStartDate", line_of(census, "<AssessmentActualStartDate>")),
        ("CINclosureDate", line_of(census, "<CINclosureDate>")),
    ]
    assert findings["rejected_csv"] == f"/data/loads/{findings['load_id']}/rejected.csv"
    again = client.get(f"/api/data/loads/{findings['load_id']}").json()
    assert again["outcome"] == findings and again["load"]["rejected"] == 2
    refused = upload(client, "cin", ("census.xml", b"not xml"), url="/api/data/loads")
    assert refused.status_code == 422 and refused.json()["status"] == "refused"


# ---------------------------------------------------------------------------------------- access
def test_a_social_worker_or_team_manager_may_not_open_the_data_page(engine: Engine) -> None:
    for role in ("social_worker", "team_manager"):
        client = client_for(engine, role)  # type: ignore[arg-type]
        page = client.get("/data")
        assert page.status_code == 403
        assert "The Data page is for analysts, heads of service, directors and auditors." in said(page)
        api = client.get("/api/data/loads")
        assert api.status_code == 403 and api.json()["detail"].startswith("The Data page is for analysts")
        refused = client.post("/api/data/loads", data={"kind": "cin"}, files=[("files", ("c.xml", b"<a/>"))])
        assert refused.status_code == 403
    assert client.get("/api/data/loads").status_code == 403
    assert stored_rows(engine, "loads") == []


def test_an_auditor_reads_the_history_but_may_not_load(engine: Engine, tmp_path: Path) -> None:
    upload(client_for(engine), "cin", ("census.xml", tiny_census(tmp_path).encode()))
    auditor = client_for(engine, "auditor")
    page = auditor.get("/data")
    text = said(page)
    assert page.status_code == 200 and "census.xml Loaded 5" in text
    assert "Your access is read-only" in text and 'action="/data/loads"' not in page.text
    refused = auditor.post("/data/loads", data={"kind": "cin"}, files=[("files", ("c.xml", b"<a/>"))])
    assert refused.status_code == 403
    assert "An auditor's access is read-only: loading data is for analysts" in said(refused)
    api = auditor.post("/api/data/loads", data={"kind": "cin"}, files=[("files", ("c.xml", b"<a/>"))])
    assert api.status_code == 403 and "read-only" in api.json()["detail"]
    assert auditor.get("/api/data/loads").json()["total"] == 1  # the analyst's load, and nothing more


@pytest.mark.parametrize("role", ["head_of_service", "director"])
def test_heads_of_service_and_directors_may_load_too(engine: Engine, tmp_path: Path, role: Role) -> None:
    client = client_for(engine, role)
    result = upload(client, "cin", ("census.xml", tiny_census(tmp_path).encode()))
    assert "census.xml: loaded" in said(result)


def test_an_annex_a_workbook_loads_and_its_notes_say_what_was_not_kept(
    engine: Engine, tmp_path: Path
) -> None:
    tiny_census(tmp_path)  # makes the tiny council in tmp_path/tiny.db
    source = store.connect(str(tmp_path / "tiny.db"))
    workbook: Path = RETURNS["annex-a"].writer()(source, dt.date(2025, 3, 31), tmp_path / "annex-a.xlsx")
    source.dispose()
    result = upload(client_for(engine), "annex-a", ("annex-a.xlsx", workbook.read_bytes()))
    text = said(result)
    assert result.status_code == 200 and "annex-a.xlsx: loaded" in text
    # The workbook the writer makes has all eleven lists; lineofsight keeps no adopters, and says so.
    assert "Notes List 11 (adopters): not loaded: the model keeps no adopters" in text
    assert "person 2 0 0" in text  # C1 and C2, from the lists that name children
    assert {row["person_id"] for row in stored_rows(engine, "person")} == {"C1", "C2"}


def test_a_script_with_an_api_token_loads_without_a_form(engine: Engine, tmp_path: Path) -> None:
    """What a BI tool or a nightly script does: no session, no CSRF token, a Bearer token."""
    accounts.add_user(engine, "loader", "a long enough password", "analyst")
    bearer = {"Authorization": f"Bearer {accounts.issue_token(engine, 'loader')}"}
    client = TestClient(create_app(engine, Settings()))  # no stand-in viewer: the token says who
    census = tiny_census(tmp_path).encode()
    loaded = client.post(
        "/api/data/loads", data={"kind": "cin"}, files=[("files", ("census.xml", census))], headers=bearer
    )
    assert loaded.status_code == 200 and loaded.json()["summary"]["inserted"] == 5
    assert client.get("/api/data/loads", headers=bearer).json()["total"] == 1
    assert client.get("/api/data/loads").status_code == 401  # and nothing without it
