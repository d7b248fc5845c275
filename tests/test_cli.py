"""The command line: the JSON contract, and one-line errors with the right exit status."""

from __future__ import annotations

import json
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from lineofsight import __version__
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
        (["load", "cin", "x.xml", "--db", "/no/db.db"], 1, "`lineofsight migrate --db /no/db.db`"),
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
    for command in (
        ["synth"],
        ["measures"],
        ["serve"],
        ["settings", "show"],
        ["alerts"],
        ["priorities"],
        ["journey"],
    ):
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


@pytest.fixture
def small_council(db_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    main(["synth", "--profile", "stretched", "--population", "3000", "--years", "2", "--db", db_url])
    capsys.readouterr()
    return db_url


def test_a_monthly_trend_gives_each_measure_at_each_month_end(
    small_council: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["measures", "--db", small_council, "--monthly", "--from", "2025-11", "--to", "2026-01"]
    main([*args, "--code", "WF01", "--json"])
    document = json.loads(capsys.readouterr().out)
    assert document["months"] == ["2025-11-30", "2025-12-31", "2026-01-31"]
    (wf01,) = document["measures"]
    assert [point["as_at"] for point in wf01["series"]] == document["months"]
    main([*args, "--code", "WF01", "--code", "AS01", "--csv"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("as_at,code,title,value,numerator,denominator")
    assert len(lines) == 1 + 3 * 2  # a header and one row per month per measure


def test_a_breakdown_by_team_adds_up_to_the_council(
    small_council: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(
        [
            "measures",
            "--db",
            small_council,
            "--as-at",
            "2026-03-31",
            "--by",
            "team",
            "--code",
            "AS01",
            "--json",
        ]
    )
    (as01,) = json.loads(capsys.readouterr().out)["measures"]
    assert as01["groups"], "no teams"
    assert sum(group["numerator"] for group in as01["groups"]) == as01["numerator"]
    assert sum(group["denominator"] for group in as01["groups"]) == as01["denominator"]


def test_the_children_behind_a_measure_are_listed_with_those_in_the_numerator_marked(
    small_council: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["measures", "children", "AS01", "--db", small_council, "--as-at", "2026-03-31", "--json"])
    document = json.loads(capsys.readouterr().out)
    rows = document["rows"]
    assert len(rows) == document["denominator"]
    assert sum(row["in_numerator"] for row in rows) == document["numerator"]
    assert all(row["person_id"] for row in rows)
    main(["measures", "children", "AS01", "--db", small_council, "--as-at", "2026-03-31", "--csv"])
    csv = capsys.readouterr().out.splitlines()
    assert "in_numerator" in csv[0].split(",")
    assert len(csv) == 1 + len(rows)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["measures", "--monthly"], "a trend needs --monthly with both --from and --to"),
        (["measures", "--from", "2025-01", "--to", "2025-03"], "a trend needs --monthly"),
        (["measures", "--by", "district"], "'district' is not team or worker"),
        (["measures", "--code", "ZZ99"], "there is no measure ZZ99"),
        (["measures", "--json", "--csv"], "choose one of --json and --csv"),
        (["measures", "--monthly", "--from", "2025-13", "--to", "2026-01"], "'2025-13' is not a month"),
        (["measures", "children", "ZZ99"], "there is no measure ZZ99"),
        (
            ["measures", "--monthly", "--from", "2025-06", "--to", "2025-01"],
            "the trend ends (2025-01) before it starts (2025-06): swap --from and --to",
        ),
    ],
)
def test_bad_measure_options_are_usage_errors(args: list[str], says: str) -> None:
    result = run(*args)
    assert result.returncode == 2, result.stderr
    assert says in result.stderr


def test_settings_show_lists_the_visit_priority_weights_in_force(tmp_path: Path) -> None:
    settings = tmp_path / "local.toml"
    settings.write_text("[priority_weights]\nunder_one = 12.5\n")
    result = run("settings", "show", "--settings", str(settings))
    assert result.returncode == 0
    line = next(line for line in result.stdout.splitlines() if "under_one" in line)
    assert "12.5" in line and "10" in line  # in force, and the default


def test_serve_says_on_startup_that_sqlite_is_for_a_few_people_and_postgresql_for_many(
    db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    served: list[object] = []

    def run(server: object, sockets: list[socket.socket] | None = None) -> None:
        served.append(server)
        for listening in sockets or []:  # bound by serve before it said so; closed as the server would
            listening.close()

    monkeypatch.setattr(uvicorn.Server, "run", run)
    monkeypatch.setenv("LINEOFSIGHT_SECRET", secrets.token_urlsafe(48))  # server mode needs one
    with socket.socket() as probe:  # a free port: serve binds it before it says it is serving
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    main(["serve", "--db", db_url, "--port", str(port)])
    said = capsys.readouterr().err
    assert len(served) == 1
    on_sqlite = "://" not in db_url
    assert ("fine for a few people at once" in said) is on_sqlite
    assert ("For many users, serve from PostgreSQL" in said) is on_sqlite


def test_version_prints_the_version_and_stops() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"lineofsight {__version__}"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--team", "T999"], "Invalid value for --team: there is no team T999 (the data holds"),
        (["--worker", "W9999"], "Invalid value for --worker: there is no worker W9999"),
        (["children", "AS01", "--team", "T999"], "there is no team T999"),
        # The small council's history starts 2 reported years plus the run-in before 31 March 2026.
        (["--as-at", "2001-03-31"], "2001-03-31 is before the data begins (the data runs from"),
        (["--as-at", "2026-04-01"], "2026-04-01 is after the data ends (the data runs from"),
        (["children", "AS01", "--as-at", "2030-01-01"], "2030-01-01 is after the data ends"),
        (["--monthly", "--from", "2026-01", "--to", "2026-06"], "for --to: 2026-06-30 is after the data"),
    ],
)
def test_a_team_worker_or_day_the_data_does_not_hold_is_refused_not_counted_as_nothing(
    small_council: str, capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    measures, *rest = ["measures", *args]
    with pytest.raises(SystemExit) as exit_:
        main([measures, *rest, "--db", small_council])
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # no table of zeros
    (line,) = captured.err.strip().splitlines()
    assert line.startswith("lineofsight: error: ")
    assert says in line


@pytest.fixture
def migrated(tmp_path: Path) -> Path:
    db = tmp_path / "serve.db"
    assert run("migrate", "--db", str(db)).returncode == 0
    return db


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port some other program is listening on."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_on_a_taken_port_ends_in_one_error_line(migrated: Path, taken_port: int, workers: str) -> None:
    args = ("--db", str(migrated), "--port", str(taken_port), "--workers", workers)
    result = subprocess.run(
        [sys.executable, "-m", "lineofsight", "serve", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    # Notes before it (no accounts yet; SQLite is for a few people) are not errors; the error is one line.
    lines = [line for line in result.stderr.splitlines() if line.startswith("lineofsight:")]
    assert result.stderr.rstrip().endswith(lines[-1])
    assert lines == [
        f"lineofsight: error: cannot serve on 127.0.0.1:{taken_port}: port {taken_port} is already in use "
        "(is lineofsight already running? choose another with --port)"
    ]


def test_serve_says_serving_only_once_the_port_takes_connections(migrated: Path) -> None:
    with socket.socket() as probe:  # a free port, released for the server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with subprocess.Popen(
        [sys.executable, "-m", "lineofsight", "serve", "--db", str(migrated), "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
    ) as server:
        try:
            assert server.stderr is not None
            line = server.stderr.readline()
            while line and not line.startswith("Serving"):  # the notes before it (no accounts; SQLite)
                line = server.stderr.readline()
            assert line.startswith(f"Serving lineofsight on http://127.0.0.1:{port}/")
            # At once, with no waiting: the port is already listening.
            started = time.monotonic()
            with socket.create_connection(("127.0.0.1", port), timeout=30):
                pass
            assert time.monotonic() - started < 5
        finally:
            server.terminate()
            server.wait(timeout=30)
