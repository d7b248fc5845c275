"""The cells of every CSV lineofsight writes for people: text a spreadsheet would run as a formula gets a
leading apostrophe; numbers, and text that is a plain number, stay as they are."""

from __future__ import annotations

import csv
import io

import polars as pl
import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from lineofsight import csv_cells
from lineofsight.cli import app
from lineofsight.interchange.loading import Rejection
from tests.web.test_csv_downloads import CHILD, TEAM_NAME, WORKER, hostile_council


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://evil.example/","Click")', '\'=HYPERLINK("http://evil.example/","Click")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),  # a spreadsheet that skips the tab would read the formula
        ("\r=1+1", "'\r=1+1"),
        ("＝1+1", "'＝1+1"),  # the full-width equals sign, which some spreadsheets read as "="
        ("-", "'-"),
        # Plain numbers, as a spreadsheet reads them: not formulas, so they stay numbers.
        ("-12", "-12"),
        ("+3.5", "+3.5"),
        ("-1e3", "-1e3"),
        ("-.5", "-.5"),
        # Text that does not begin like a formula.
        ("C1001", "C1001"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_text_that_begins_like_a_formula_gets_an_apostrophe_and_plain_numbers_do_not(
    value: str, written: str
) -> None:
    assert csv_cells.neutralise(value) == written


def test_a_frame_keeps_its_numbers_and_dates_and_neutralises_its_text() -> None:
    frame = pl.DataFrame(
        {
            "child_id": ["=C1", "C2", None],
            "days_overdue": [-3, 7, 0],  # a negative number in a number column stays a number
            "value": [-1.5, 2.0, None],
            "detail": ["-2 days", "@home", "-4"],
        }
    ).with_columns(pl.col("child_id").cast(pl.Categorical))
    rows = list(csv.reader(io.StringIO(csv_cells.write_csv(frame))))
    assert rows == [
        ["child_id", "days_overdue", "value", "detail"],
        ["'=C1", "-3", "-1.5", "'-2 days"],
        ["C2", "7", "2.0", "'@home"],
        ["", "0", "", "-4"],
    ]


def test_rejected_rows_are_neutralised_where_a_file_or_sheet_name_could_run() -> None:
    found = Rejection("=cmd.xlsx", "@sheet", 3, "-field", "=1+1 is not a date", {"DOB": "=1+1"})
    (safe,) = csv_cells.rejections([found])
    assert (safe.file, safe.place, safe.row, safe.field, safe.reason) == (
        "'=cmd.xlsx",
        "'@sheet",
        3,
        "'-field",
        "'=1+1 is not a date",
    )
    assert safe.values == {"DOB": "=1+1"}  # written as one JSON object, which begins with "{"


def test_the_command_lines_csv_is_neutralised_too(engine: Engine) -> None:
    hostile_council(engine)
    db = engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    alerts = runner.invoke(app, ["alerts", "--as-at", "2025-03-31", "--csv", "--db", db])
    by_team = runner.invoke(app, ["measures", "--as-at", "2025-03-31", "--by", "team", "--csv", "--db", db])
    for result in (alerts, by_team):
        assert result.exit_code == 0, result.output
    alert_rows = list(csv.DictReader(io.StringIO(alerts.stdout)))
    # AL03: =C1's child protection visit, last on 10 March, was due 15 working days later, on 24 March.
    assert {(r["code"], r["child_id"], r["worker_id"]) for r in alert_rows} >= {
        ("AL03", f"'{CHILD}", f"'{WORKER}")
    }
    team_rows = list(csv.DictReader(io.StringIO(by_team.stdout)))
    assert f"'{TEAM_NAME}" in {r["name"] for r in team_rows}
    assert all(
        cell == csv_cells.neutralise(cell) for r in alert_rows + team_rows for cell in r.values() if cell
    )
