"""`lineofsight users add|token|demo` and `lineofsight access-log`: accounts and the access log from the
command line, with one-line errors and the right exit status."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine
from typer.testing import CliRunner

from lineofsight import access_log, accounts, api_tokens, passwords
from lineofsight.access_log import AccessFilter
from lineofsight.cli import app, main
from lineofsight.web.auth import Viewer
from tests.builders import allocation, council_data, team, worker

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 at its lightest (the real parameters are checked in tests/test_accounts.py)."""
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture(autouse=True)
def password_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINEOFSIGHT_PASSWORD", PASSWORD)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The command in this process (so that hashing stays quick): exit status, stdout, stderr."""
    try:
        main(list(args))
        status = 0
    except SystemExit as exit:
        status = int(exit.code or 0)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("lineofsight: error: ")
    return lines[0]


def test_users_add_makes_an_account_with_the_password_from_the_environment(
    engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    council_data(engine, team("T1"), worker("W1"))
    status, out, err = run(
        capsys, "users", "add", "sam", "--role", "social-worker", "--worker", "W1", "--db", db_url
    )
    assert status == 0, err
    assert out.strip() == "Added sam, social worker (team T1, worker W1)."
    assert PASSWORD not in out + err
    assert accounts.authenticate(engine, "sam", PASSWORD).viewer == Viewer("sam", "social_worker", "T1", "W1")


def test_users_add_asks_for_the_password_twice_without_showing_it(
    engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LINEOFSIGHT_PASSWORD")
    result = CliRunner().invoke(
        app, ["users", "add", "dee", "--role", "director", "--db", db_url], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert "Password:" in result.output and "Repeat for confirmation:" in result.output
    assert PASSWORD not in result.output
    assert accounts.authenticate(engine, "dee", PASSWORD).outcome == "signed_in"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--role", "boss"], "there is no role 'boss' (choose from social-worker, team-manager"),
        (["--role", "social-worker"], "a social worker needs their worker id"),
        (["--role", "team_manager"], "a team manager needs their team id"),
    ],
)
def test_users_add_with_a_wrong_role_or_missing_team_or_worker_is_a_usage_error(
    db_url: str, capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    status, out, err = run(capsys, "users", "add", "someone", *args, "--db", db_url)
    assert (status, out) == (2, "")
    assert says in one_line_error(err)


def test_users_add_refuses_what_cannot_be_done_in_one_line(
    engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    council_data(engine, team("T1"))
    unknown = run(capsys, "users", "add", "mo", "--role", "team-manager", "--team", "T9", "--db", db_url)
    assert unknown[0] == 1 and "there is no team T9" in one_line_error(unknown[2])
    assert run(capsys, "users", "add", "mo", "--role", "team-manager", "--team", "T1", "--db", db_url)[0] == 0
    again = run(capsys, "users", "add", "mo", "--role", "team-manager", "--team", "T1", "--db", db_url)
    assert again[0] == 1 and "there is already a user mo" in one_line_error(again[2])
    monkeypatch.setenv("LINEOFSIGHT_PASSWORD", "short")
    short = run(capsys, "users", "add", "ann", "--role", "analyst", "--db", db_url)
    assert short[0] == 1 and "the password must be at least 12 characters long" in one_line_error(short[2])


def test_users_add_reset_gives_an_account_a_new_password_and_role(
    engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts.add_user(engine, "ann", PASSWORD, "analyst")
    monkeypatch.setenv("LINEOFSIGHT_PASSWORD", "another long password")
    status, out, _ = run(capsys, "users", "add", "ann", "--role", "auditor", "--reset", "--db", db_url)
    assert (status, out.strip()) == (0, "Reset ann, auditor.")
    assert accounts.authenticate(engine, "ann", "another long password").viewer == Viewer("ann", "auditor")


def test_users_token_prints_a_working_token_once(
    engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    accounts.add_user(engine, "ann", PASSWORD, "analyst")
    status, out, err = run(capsys, "users", "token", "ann", "--db", db_url)
    assert status == 0
    token = out.strip()
    assert accounts.viewer_for_token(engine, token) == Viewer("ann", "analyst")
    assert "shown only once" in err
    ghost = run(capsys, "users", "token", "ghost", "--db", db_url)
    assert ghost[0] == 1 and "there is no user ghost" in one_line_error(ghost[2])


def table_rows(out: str) -> list[list[str]]:
    """The cells of a printed table, its heading (between heavy bars) first."""
    return [
        [cell.strip() for cell in re.split("[│┃]", line)[1:-1]]
        for line in out.splitlines()
        if "│" in line or "┃" in line
    ]


def test_users_demo_prints_one_working_account_per_role(
    engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # On Mon 2 Mar 2026 W1 holds two children and W2 one: W1 is the demo social worker, in team T1.
    council_data(
        engine,
        team("T1"),
        worker("W1"),
        worker("W2"),
        allocation("C1", "W1", start="2026-01-05"),
        allocation("C2", "W1", start="2026-01-05"),
        allocation("C3", "W2", start="2026-01-05"),
    )
    status, out, err = run(capsys, "users", "demo", "--as-at", "2026-03-02", "--db", db_url)
    assert status == 0, err
    assert "Demo accounts (passwords are shown only now)" in out
    rows = table_rows(out)
    assert rows[0] == ["username", "role", "team", "worker", "password", "start at"]
    assert [row[:4] + row[5:] for row in rows[1:]] == [
        ["social-worker", "Social worker", "T1", "W1", "http://127.0.0.1:8000/my-work"],
        ["team-manager", "Team manager", "T1", "", "http://127.0.0.1:8000/teams/T1"],
        ["head-of-service", "Head of service", "", "", "http://127.0.0.1:8000/teams"],
        ["director", "Director", "", "", "http://127.0.0.1:8000/"],
        ["analyst", "Analyst", "", "", "http://127.0.0.1:8000/data"],
        ["auditor", "Auditor", "", "", "http://127.0.0.1:8000/data"],
        ["quality-assurance", "Quality assurance lead", "", "", "http://127.0.0.1:8000/audits"],
    ]
    assert out.rstrip().endswith("Sign in at http://127.0.0.1:8000/sign-in as any of them.")
    for username, *_, password, _start in rows[1:]:
        assert accounts.authenticate(engine, username, password).outcome == "signed_in"


def test_users_demo_on_an_empty_store_says_to_make_a_council_first(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "users", "demo", "--db", db_url)
    assert status == 1
    assert "make a council first with `lineofsight synth`" in one_line_error(err)


def test_access_log_prints_who_saw_which_child_as_json_and_as_a_table(
    engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sam, dee = Viewer("sam", "social_worker", "T1", "W1"), Viewer("dee", "director")
    nine = dt.datetime(2026, 3, 2, 9, 0)
    access_log.log_listed(engine, sam, "/my-work", ["C1", "C2"], at=nine)
    access_log.log_opened(engine, sam, "/children/C5", "C5", refused=True, at=nine + dt.timedelta(minutes=1))
    access_log.log_opened(engine, dee, "/children/C1", "C1", at=nine + dt.timedelta(minutes=2))
    status, out, _ = run(capsys, "access-log", "--json", "--child", "C1", "--db", db_url)
    assert status == 0
    document = json.loads(out)
    assert document["total"] == 2
    assert [(e["at"], e["username"], e["kind"], e["page"]) for e in document["entries"]] == [
        ("2026-03-02T09:02:00Z", "dee", "opened", "/children/C1"),
        ("2026-03-02T09:00:00Z", "sam", "listed", "/my-work"),
    ]
    by_sam = json.loads(run(capsys, "access-log", "--json", "--user", "sam", "--db", db_url)[1])
    assert [(e["children"], e["outcome"]) for e in by_sam["entries"]] == [
        (["C5"], "refused"),
        (["C1", "C2"], "viewed"),
    ]
    refusals = json.loads(run(capsys, "access-log", "--json", "--refused", "--db", db_url)[1])
    assert [e["child_id"] for e in refusals["entries"]] == ["C5"]
    lists = json.loads(run(capsys, "access-log", "--json", "--kind", "listed", "--db", db_url)[1])
    assert [e["child_count"] for e in lists["entries"]] == [2]
    later = json.loads(run(capsys, "access-log", "--json", "--since", "2026-03-03", "--db", db_url)[1])
    assert later["total"] == 0
    _, table, _ = run(capsys, "access-log", "--limit", "2", "--db", db_url)
    assert "3 entries, the newest 2 shown (times UTC)" in table
    assert [row[:5] for row in table_rows(table)[1:]] == [
        ["2026-03-02 09:02:00", "dee", "director", "opened", "C1"],
        ["2026-03-02 09:01:00", "sam", "social_worker", "refused", "C5"],
    ]
    assert "No entries match." in run(capsys, "access-log", "--user", "x", "--db", db_url)[1]


COMMANDS = [
    "add",
    "list",
    "token",
    "tokens",
    "revoke",
    "disable",
    "enable",
    "sign-out",
    "remove",
    "changes",
    "demo",
]


def test_every_accounts_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    _, listed, _ = run(capsys, "users", "--help")
    for name in COMMANDS:
        assert f" {name} " in listed, name
    for command in (["users"], *[["users", name] for name in COMMANDS], ["access-log"]):
        status, out, _ = run(capsys, *command, "--help")
        assert status == 0
        assert "Usage: lineofsight" in out
        assert len(out.split("\n\n")[1].strip()) > 20, command  # a sentence saying what it does


def test_users_token_takes_a_name_and_an_expiry_and_says_when_it_ends(
    engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    accounts.add_user(engine, "ann", PASSWORD, "analyst")
    status, _, err = run(
        capsys, "users", "token", "ann", "--name", "Power BI", "--expires", "30", "--db", db_url
    )
    assert status == 0, err
    (issued,) = api_tokens.list_tokens(engine, "ann")
    assert (issued.name, issued.expires_at - issued.created_at) == ("Power BI", dt.timedelta(days=30))
    assert f"Token {issued.token_id} (Power BI) for ann, expires" in err
    bad = run(capsys, "users", "token", "ann", "--expires", "999", "--db", db_url)
    assert bad[0] == 1 and "a token may last at most 366 days" in one_line_error(bad[2])


def test_users_tokens_lists_and_users_revoke_revokes_by_id(
    engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    accounts.add_user(engine, "ann", PASSWORD, "analyst")
    token = api_tokens.issue_token(engine, "ann", name="BI")
    (issued,) = api_tokens.list_tokens(engine, "ann")
    status, out, _ = run(capsys, "users", "tokens", "ann", "--json", "--db", db_url)
    assert status == 0
    (listed,) = json.loads(out)["tokens"]
    assert (listed["id"], listed["name"], listed["status"]) == (issued.token_id, "BI", "active")
    assert token not in out
    status, out, _ = run(capsys, "users", "revoke", "ann", issued.token_id, "--db", db_url)
    assert (status, out.strip()) == (0, f"Revoked token {issued.token_id} (BI) of ann.")
    assert accounts.viewer_for_token(engine, token) is None
    assert (
        json.loads(run(capsys, "users", "tokens", "--json", "--db", db_url)[1])["tokens"][0]["status"]
        == "revoked"
    )
    wrong = run(capsys, "users", "revoke", "ann", "0123456789ab", "--db", db_url)
    assert wrong[0] == 1 and "ann has no token 0123456789ab" in one_line_error(wrong[2])
    neither = run(capsys, "users", "revoke", "ann", "--db", db_url)
    assert neither[0] == 2 and "name one TOKEN_ID, or give --all" in one_line_error(neither[2])


def test_users_revoke_all_revokes_every_working_token(
    engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    accounts.add_user(engine, "ann", PASSWORD, "analyst")
    tokens = [api_tokens.issue_token(engine, "ann", name=f"t{n}") for n in range(3)]
    status, out, _ = run(capsys, "users", "revoke", "ann", "--all", "--db", db_url)
    assert status == 0 and out.count("Revoked token") == 3
    assert [accounts.viewer_for_token(engine, t) for t in tokens] == [None] * 3


def test_users_list_disable_enable_sign_out_and_remove_a_leaver(
    engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    accounts.add_user(engine, "ann", PASSWORD, "analyst")
    token = api_tokens.issue_token(engine, "ann")
    assert run(capsys, "users", "disable", "Ann", "--db", db_url)[1].strip() == "Disabled ann."
    assert run(capsys, "users", "disable", "ann", "--db", db_url)[1].strip() == "ann was disabled already."
    assert accounts.viewer_for_token(engine, token) is None
    listed = json.loads(run(capsys, "users", "list", "--json", "--db", db_url)[1])["accounts"]
    assert [(a["username"], a["status"], a["working_tokens"]) for a in listed] == [("ann", "disabled", 0)]
    assert "disabled" in run(capsys, "users", "list", "--db", db_url)[1]
    assert run(capsys, "users", "enable", "ann", "--db", db_url)[1].strip() == "Enabled ann."
    assert (
        run(capsys, "users", "sign-out", "ann", "--db", db_url)[1].strip() == "Signed ann out of 0 sessions."
    )
    access_log.log_opened(engine, Viewer("ann", "analyst"), "/children/C1", "C1")
    assert run(capsys, "users", "remove", "ann", "--yes", "--db", db_url)[1].strip() == (
        "Removed ann. Its access-log history is kept."
    )
    assert access_log.read_access_log(engine, AccessFilter(user="ann")).total == 1
    changes = json.loads(run(capsys, "users", "changes", "--json", "--db", db_url)[1])
    assert [(e["action"], e["via"]) for e in changes["entries"]] == [
        ("removed", "command line"),
        ("signed out everywhere", "command line"),
        ("enabled", "command line"),
        ("disabled", "command line"),
        ("token issued", "command line"),
        ("added", "command line"),
    ]
    for command in (["disable"], ["enable"], ["sign-out"], ["remove", "--yes"]):
        status, _, err = run(capsys, "users", command[0], "ann", *command[1:], "--db", db_url)
        assert status == 1 and "there is no user ann" in one_line_error(err)


def test_users_remove_asks_first_and_stops_without_an_answer(
    engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    accounts.add_user(engine, "ann", PASSWORD, "analyst")
    status, _, err = run(capsys, "users", "remove", "ann", "--db", db_url)
    assert status == 1 and "lineofsight: error:" in err
    assert accounts.viewer_for(engine, "ann") is not None


def test_users_add_refuses_a_common_password_in_one_line(
    engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINEOFSIGHT_PASSWORD", "password1234")
    status, _, err = run(capsys, "users", "add", "ann", "--role", "analyst", "--db", db_url)
    assert status == 1
    assert "one of the 100,000 passwords most often found in breaches" in one_line_error(err)
