"""The command line: the JSON contract, and one-line errors with the right exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lineofsight.cli import main

FIRST_MEASURES = ["RF02", "AS01", "AS02", "CP02", "CP05", "CP06", "LA02", "WF01", "WF03", "WF06"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command, as a user runs it, so that tracebacks would show."""
    return subprocess.run(
        [sys.executable, "-m", "lineofsight", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("args", "status", "says"),
    [
        (["synth", "--profile", "utopia"], 2, "unknown profile 'utopia'"),
        (["synth", "--end", "2026-02-30"], 2, "'2026-02-30' is not a date"),
        (["measures", "--as-at", "yesterday"], 2, "'yesterday' is not a date"),
        (["synth", "--years", "0"], 2, "--years"),
        (["measures", "--no-such-option"], 2, "No such option"),
        (["synth", "--db", "/proc/lineofsight.db"], 1, "/proc/lineofsight.db"),
        (["synth", "--db", "/no/such/folder/x.db"], 1, "folder /no/such/folder does not exist"),
        (["measures", "--db", "/no/such/file.db"], 1, "there is no database at /no/such/file.db"),
        (["measures", "--db", "postgresql://nobody@127.0.0.1:1/none"], 1, "cannot open the database"),
    ],
)
def test_bad_arguments_give_one_line_and_an_exit_status(args: list[str], status: int, says: str) -> None:
    result = run(*args)
    assert result.returncode == status
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("lineofsight: error: ")
    assert says in lines[0]


def test_a_bad_settings_file_names_the_file_and_the_setting(tmp_path: Path) -> None:
    settings = tmp_path / "local.toml"
    settings.write_text("[settings]\ncp_visit_interval_working_days = 'ten'\n")
    result = run("settings", "show", "--settings", str(settings))
    assert result.returncode == 1
    assert f"{settings}: [settings] cp_visit_interval_working_days must be int" in result.stderr


def test_settings_show_lists_every_setting_with_the_value_in_force(tmp_path: Path) -> None:
    settings = tmp_path / "local.toml"
    settings.write_text("[settings]\ncp_visit_interval_working_days = 15\n")
    result = run("settings", "show", "--settings", str(settings))
    assert result.returncode == 0
    line = next(line for line in result.stdout.splitlines() if "cp_visit_interval" in line)
    assert "15" in line and "10" in line  # in force, and the default


def test_every_command_has_help() -> None:
    for command in (["synth"], ["measures"], ["serve"], ["settings", "show"]):
        result = run(*command, "--help")
        assert result.returncode == 0
        assert "Usage: lineofsight" in result.stdout


def test_synth_then_measures_prints_the_json_contract(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["synth", "--profile", "stable", "--population", "3000", "--years", "2", "--db", db_url])
    capsys.readouterr()
    main(["measures", "--db", db_url, "--as-at", "2026-03-31", "--json"])
    contract = json.loads(capsys.readouterr().out)
    assert contract["as_at"] == "2026-03-31"
    codes = [m["code"] for m in contract["measures"]]
    assert set(FIRST_MEASURES) <= set(codes)
    for m in contract["measures"]:
        assert set(m) >= {"code", "title", "value", "numerator", "denominator", "unit", "benchmark"}
    as01 = next(m for m in contract["measures"] if m["code"] == "AS01")
    # A percentage is its numerator over its denominator.
    assert as01["value"] == pytest.approx(100 * as01["numerator"] / as01["denominator"], abs=0.05)
    assert as01["benchmark"]["year"] == "2024-25"


def test_synth_refuses_to_overwrite_a_council_without_replace(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["synth", "--population", "2000", "--years", "1", "--db", db_url]
    main(args)
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 1
    assert "already holds data; use --replace" in capsys.readouterr().err
    main([*args, "--replace", "--seed", "2"])
    assert "seed 2" in capsys.readouterr().out


def test_the_measures_table_shows_each_measure_with_its_england_figure(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["synth", "--population", "2000", "--years", "1", "--db", db_url])
    capsys.readouterr()
    main(["measures", "--db", db_url, "--as-at", "2026-03-31"])
    table = capsys.readouterr().out
    assert "Measures as at 31 March 2026" in table
    re_referrals = next(line for line in table.splitlines() if "RF02" in line)
    assert "22.6% (2024-25)" in re_referrals
