"""`lineofsight load csww` and `lineofsight export csww` (issue 16), as a council's analyst runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from lineofsight import store, synth
from tests.interchange.test_csww import END, census, records, worker


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lineofsight", *args], capture_output=True, text=True, check=False
    )


def test_export_csww_writes_the_census_and_load_csww_reads_it_into_another_database(
    db_url: str, tmp_path: Path
) -> None:
    source = tmp_path / "council.db"
    engine = store.connect(str(source), create=True)
    store.migrate(engine)
    synth.generate(engine, "stretched", seed=2, years=2, end=END, population=2500)
    engine.dispose()
    written = tmp_path / "csww-2025.xml"
    exported = run("export", "csww", "--year", "2025", "--out", str(written), "--db", str(source))
    loaded = run("load", "csww", str(written), "--db", db_url, "--json")
    again = run("load", "csww", str(written), "--db", db_url, "--json")
    assert exported.returncode == 0, exported.stderr
    assert "Wrote the workforce census taken on 30 September 2025" in exported.stdout
    assert loaded.returncode == 0, loaded.stderr
    first, second = json.loads(loaded.stdout)["loaded"][0], json.loads(again.stdout)["loaded"][0]
    assert first["tables"]["workforce_census_workers"]["inserted"] == len(records(written)[1])
    assert (second["inserted"], second["updated"]) == (0, 0)


def test_a_bad_record_is_reported_in_the_rejected_file_and_the_rest_load(db_url: str, tmp_path: Path) -> None:
    path = census(
        tmp_path, "\n".join([worker("SW0000000001"), worker("SW0000000002", RoleStartDate="06/01/2020")])
    )
    report = tmp_path / "rejected.csv"
    result = run("load", "csww", str(path), "--db", db_url, "--rejected", str(report))
    assert result.returncode == 0, result.stderr
    assert "1 rejected" in result.stdout
    assert "element CSWWWorker,5,RoleStartDate,'06/01/2020' is not a date (YYYY-MM-DD)" in report.read_text()


def test_a_file_that_is_not_a_census_fails_in_one_line_and_loads_nothing(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "notes.xml"
    path.write_text("<Notes><Note>hello</Note></Notes>\n")
    result = run("load", "csww", str(path), "--db", db_url)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"lineofsight: error: {path}, element Notes, row 1: this is not a workforce census: its root "
        "element is <Notes>, where a census has <Message> with a Header whose Collection is CSWW"
    ]


def test_export_csww_needs_the_census_year(tmp_path: Path) -> None:
    result = run("export", "csww", "--out", str(tmp_path / "c.xml"), "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2
    assert "--year" in result.stderr
