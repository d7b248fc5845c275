"""`lineofsight load ssd` and `lineofsight export ssd` (issue 16), as a council's nightly job runs them."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from lineofsight import store


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lineofsight", *args], capture_output=True, text=True, check=False
    )


def one_child(folder: Path, dob: str = "2015-02-03") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "ssd_person.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["pers_person_id", "pers_sex", "pers_ethnicity", "pers_dob"])
        writer.writerow(["P1", "F", "WBRI", dob])
    return folder


def test_load_ssd_loads_a_folder_and_again_changes_nothing(db_url: str, tmp_path: Path) -> None:
    extract = one_child(tmp_path / "ssd")
    first = run("load", "ssd", str(extract), "--db", db_url, "--extracted-at", "2026-03-31T06:10", "--json")
    again = run("load", "ssd", str(extract), "--db", db_url, "--json")
    assert first.returncode == 0, first.stderr
    assert (json.loads(first.stdout)["inserted"], json.loads(again.stdout)["unchanged"]) == (1, 1)


def test_a_bad_row_is_reported_in_the_rejected_file_and_the_rest_load(db_url: str, tmp_path: Path) -> None:
    extract = one_child(tmp_path / "ssd", dob="not a day")
    report = tmp_path / "rejected.csv"
    result = run("load", "ssd", str(extract), "--db", db_url, "--rejected", str(report))
    assert result.returncode == 0, result.stderr
    assert "1 rejected" in result.stdout
    assert "'not a day' is not a date" in report.read_text()


def test_a_source_that_is_not_an_ssd_fails_in_one_line_and_loads_nothing(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run("load", "ssd", str(tmp_path / "empty"), "--db", db_url)
    assert result.returncode == 1
    assert (
        result.stderr.strip() == f"lineofsight: error: {tmp_path / 'empty'}: holds no SSD tables "
        "(ssd_person.csv, ssd_cin_episodes.csv, ...)"
    )
    engine = store.connect(db_url)
    loads = store.read_table(engine, "loads")
    engine.dispose()
    assert loads.select("load_kind", "load_status").rows() == [("ssd", "refused")]
    # The record keeps the folder's own name, not where it is.
    assert loads["message"][0].startswith("empty: holds no SSD tables")


def test_export_ssd_writes_one_csv_per_table_that_loads_back(db_url: str, tmp_path: Path) -> None:
    run("load", "ssd", str(one_child(tmp_path / "in")), "--db", db_url)
    result = run("export", "ssd", "--out", str(tmp_path / "out"), "--db", db_url)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "ssd_person.csv").read_text().splitlines()[1].startswith("P1,")
    assert len(list((tmp_path / "out").glob("ssd_*.csv"))) == 25
