"""Accounts: hashed passwords, roles that must name their caseload, the sign-in throttle, API tokens,
demo accounts and the access log, on both databases. (Disabling, removing, sessions, token expiry and
the log of changes: tests/test_account_control.py; the password rules: tests/test_passwords.py.)"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, select

from lineofsight import accounts, api_tokens, passwords
from lineofsight.model import Base
from lineofsight.web.auth import Viewer
from tests.builders import allocation, cla_episode, council_data, cp_plan, person, team, worker

PASSWORD = "correct horse battery"  # 21 characters
NOON = dt.datetime(2026, 3, 2, 12, 0, 0)
REAL_HASHER = passwords.HASHER


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 at its lightest, so that dozens of sign-ins take moments; the real parameters are
    checked once, below."""
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def test_the_real_hasher_uses_argon2id_with_owasps_minimum_parameters() -> None:
    # OWASP's Password Storage Cheat Sheet, argon2id: 19 MiB (19 x 1024 = 19456 KiB), 2 passes, 1 lane.
    assert REAL_HASHER.hash(PASSWORD).startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_a_hash_made_with_other_parameters_still_signs_in_and_is_made_again_with_todays(
    engine: Engine,
) -> None:
    # An account whose hash was made before the parameters changed (argon2-cffi's defaults, which
    # lineofsight used until issue 15: 64 MiB, 3 passes, 4 lanes; kept small here, as the fixture does).
    accounts.add_user(engine, "director", PASSWORD, "director", now=NOON)
    users = Base.metadata.tables["users"]
    older = PasswordHasher(time_cost=3, memory_cost=32, parallelism=4).hash(PASSWORD)
    with engine.begin() as connection:
        connection.execute(users.update().values(password_hash=older))
    assert passwords.needs_rehash(older)
    assert accounts.authenticate(engine, "director", PASSWORD, now=NOON).outcome == "signed_in"
    remade = str(stored_user(engine, "director")["password_hash"])
    # Today's parameters (the fixture's lightest: 8 KiB, 1 pass, 1 lane), and still the same password.
    assert remade != older and remade.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert not passwords.needs_rehash(remade)
    assert accounts.authenticate(engine, "director", PASSWORD, now=NOON).outcome == "signed_in"


def stored_user(engine: Engine, username: str) -> dict[str, object]:
    users = Base.metadata.tables["users"]
    with engine.connect() as connection:
        row = connection.execute(select(users).where(users.c.username == username)).mappings().one()
    return dict(row)


def test_a_password_is_stored_as_an_argon2id_hash_never_as_itself(engine: Engine) -> None:
    accounts.add_user(engine, "director", PASSWORD, "director", now=NOON)
    stored = stored_user(engine, "director")
    assert stored["password_hash"] != PASSWORD
    assert PASSWORD not in str(stored["password_hash"])
    assert str(stored["password_hash"]).startswith("$argon2id$")
    assert stored["created_at"] == NOON


def test_two_accounts_with_the_same_password_get_different_hashes(engine: Engine) -> None:
    accounts.add_user(engine, "director", PASSWORD, "director")
    accounts.add_user(engine, "auditor", PASSWORD, "auditor")
    # Each hash has its own random salt.
    assert stored_user(engine, "director")["password_hash"] != stored_user(engine, "auditor")["password_hash"]


def test_a_password_shorter_than_12_characters_is_refused(engine: Engine) -> None:
    with pytest.raises(accounts.AccountError, match="at least 12 characters"):
        accounts.add_user(engine, "director", "elevenchars", "director")  # 11 characters
    accounts.add_user(engine, "director", "twelve chars", "director")  # 12 characters: enough
    assert accounts.viewer_for(engine, "director") == Viewer("director", "director")


@pytest.mark.parametrize(
    ("role", "team_id", "worker_id", "says"),
    [
        ("chief_executive", None, None, "there is no role 'chief_executive'"),
        ("social_worker", "T1", None, "a social worker needs their worker id"),
        ("team_manager", None, None, "a team manager needs their team id"),
        ("director", "T1", None, "only a team manager or social worker has a team"),
        ("team_manager", "T1", "W1", "only a social worker has a worker id"),
        ("team_manager", "T9", None, "there is no team T9"),
        ("social_worker", None, "W9", "there is no worker W9"),
    ],
)
def test_a_role_must_come_with_the_team_or_worker_it_needs_and_they_must_exist(
    engine: Engine, role: str, team_id: str | None, worker_id: str | None, says: str
) -> None:
    council_data(engine, team("T1"), worker("W1"))
    with pytest.raises(accounts.AccountError, match=says):
        accounts.add_user(engine, "someone", PASSWORD, role, team_id=team_id, worker_id=worker_id)


def test_a_social_worker_takes_their_workers_team_unless_told_otherwise(engine: Engine) -> None:
    council_data(engine, team("T1"), worker("W1"))  # the builder's worker is in team T1
    made = accounts.add_user(engine, "sam", PASSWORD, "social_worker", worker_id="W1")
    assert made == Viewer("sam", "social_worker", "T1", "W1")
    assert accounts.viewer_for(engine, "sam") == made


def test_usernames_are_kept_in_lower_case_and_a_second_account_of_the_same_name_is_refused(
    engine: Engine,
) -> None:
    accounts.add_user(engine, " Director ", PASSWORD, "director")
    assert accounts.viewer_for(engine, "director") is not None
    with pytest.raises(accounts.AccountError, match="there is already a user director"):
        accounts.add_user(engine, "DIRECTOR", PASSWORD, "director")
    with pytest.raises(accounts.AccountError, match="is not a username"):
        accounts.add_user(engine, "head of service", PASSWORD, "head_of_service")


def test_the_right_password_signs_in_as_the_accounts_viewer(engine: Engine) -> None:
    council_data(engine, team("T1"))
    accounts.add_user(engine, "manager", PASSWORD, "team_manager", team_id="T1")
    result = accounts.authenticate(engine, " Manager", PASSWORD, now=NOON)  # case and spaces do not matter
    assert result.outcome == "signed_in"
    assert result.viewer == Viewer("manager", "team_manager", "T1", None)


def test_a_wrong_password_and_an_unknown_username_are_refused_alike(engine: Engine) -> None:
    accounts.add_user(engine, "director", PASSWORD, "director")
    assert accounts.authenticate(engine, "director", "not the password", now=NOON) == accounts.SignIn(
        "refused"
    )
    assert accounts.authenticate(engine, "nobody", PASSWORD, now=NOON) == accounts.SignIn("refused")


def test_an_unknown_username_costs_a_password_check_as_a_known_one_does(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts.add_user(engine, "director", PASSWORD, "director")
    checked: list[str] = []
    real = accounts.password_matches

    def counting(password_hash: str, password: str) -> bool:
        checked.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(accounts, "password_matches", counting)
    accounts.authenticate(engine, "nobody", PASSWORD, now=NOON)
    accounts.authenticate(engine, "director", "not the password", now=NOON)
    # One argon2 check each, so the time taken does not tell which usernames exist.
    assert len(checked) == 2
    assert all(each.startswith("$argon2id$") for each in checked)


def fail(
    engine: Engine, times: int, at: dt.datetime, username: str = "director", source: str = "10.0.0.9"
) -> list[str]:
    return [
        accounts.authenticate(engine, username, "not the password", source=source, now=at).outcome
        for _ in range(times)
    ]


def sign_in(engine: Engine, at: dt.datetime, source: str = "10.0.0.9", password: str = PASSWORD) -> str:
    return accounts.authenticate(engine, "director", password, source=source, now=at).outcome


def test_five_failures_from_one_computer_for_one_username_make_it_wait_15_minutes(engine: Engine) -> None:
    accounts.add_user(engine, "director", PASSWORD, "director")
    # The 5th failure says at once that this computer must wait (until 12:15).
    assert fail(engine, 5, NOON) == ["refused", "refused", "refused", "refused", "throttled"]
    waiting = accounts.authenticate(
        engine, "director", PASSWORD, source="10.0.0.9", now=dt.datetime(2026, 3, 2, 12, 14)
    )
    # At 12:14 even the right password is not checked; at 12:15 the failures are 15 minutes old.
    assert (waiting.outcome, waiting.viewer, waiting.retry_at) == (
        "throttled",
        None,
        dt.datetime(2026, 3, 2, 12, 15),
    )
    assert sign_in(engine, dt.datetime(2026, 3, 2, 12, 15)) == "signed_in"


def test_a_stranger_guessing_cannot_lock_the_owner_out_of_their_own_computer(engine: Engine) -> None:
    accounts.add_user(engine, "director", PASSWORD, "director")
    fail(engine, 20, NOON, source="203.0.113.7")  # someone else, again and again
    assert sign_in(engine, NOON, source="10.0.0.9") == "signed_in"


def test_an_unknown_username_is_answered_and_throttled_exactly_as_a_real_one(engine: Engine) -> None:
    accounts.add_user(engine, "director", PASSWORD, "director")
    real = fail(engine, 6, NOON, username="director")
    unknown = fail(engine, 6, NOON, username="nobody")
    assert real == unknown == ["refused"] * 4 + ["throttled"] * 2
    assert accounts.authenticate(engine, "nobody", "x", source="10.0.0.9", now=NOON).retry_at == (
        accounts.authenticate(engine, "director", "x", source="10.0.0.9", now=NOON).retry_at
    )


def test_attempts_while_waiting_are_not_checked_and_do_not_extend_the_wait(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts.add_user(engine, "director", PASSWORD, "director")
    fail(engine, 5, NOON)
    checked: list[str] = []
    monkeypatch.setattr(
        accounts, "password_matches", lambda hashed, password: checked.append(password) or False
    )
    assert fail(engine, 3, dt.datetime(2026, 3, 2, 12, 10)) == ["throttled"] * 3
    assert checked == []
    monkeypatch.undo()
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    assert sign_in(engine, dt.datetime(2026, 3, 2, 12, 15)) == "signed_in"  # not 12:25


def test_a_successful_sign_in_clears_its_computers_failures_for_that_username(engine: Engine) -> None:
    accounts.add_user(engine, "director", PASSWORD, "director")
    fail(engine, 4, NOON)
    assert sign_in(engine, NOON) == "signed_in"
    # Four more failures after it are four, not eight: no wait yet.
    assert fail(engine, 4, NOON) == ["refused"] * 4


def test_failures_older_than_15_minutes_no_longer_count(engine: Engine) -> None:
    accounts.add_user(engine, "director", PASSWORD, "director")
    fail(engine, 4, NOON)
    # At 12:15 the four from noon have gone: one more failure is the first of a new count.
    assert fail(engine, 1, dt.datetime(2026, 3, 2, 12, 15)) == ["refused"]
    assert fail(engine, 3, dt.datetime(2026, 3, 2, 12, 16)) == ["refused"] * 3


def test_a_computer_guessing_many_usernames_must_wait_after_100_failures(engine: Engine) -> None:
    accounts.add_user(engine, "director", PASSWORD, "director")
    for number in range(25):  # 25 usernames x 4 failures = 100, none reaching 5 for one username
        assert fail(engine, 4, NOON, username=f"user{number}") == ["refused"] * 4
    assert sign_in(engine, NOON) == "throttled"  # the 101st attempt, even for a real account
    assert sign_in(engine, NOON, source="10.0.0.10") == "signed_in"  # another computer is not held


def test_simultaneous_guesses_check_at_most_five_passwords(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts.add_user(engine, "director", PASSWORD, "director")
    checked: list[str] = []
    real = accounts.password_matches
    start = threading.Barrier(12)

    def counting(password_hash: str, password: str) -> bool:
        checked.append(password)
        return real(password_hash, password)

    def guess(number: int) -> str:
        start.wait()
        return accounts.authenticate(
            engine, "director", f"guess {number}", source="10.0.0.9", now=NOON
        ).outcome

    monkeypatch.setattr(accounts, "password_matches", counting)
    with ThreadPoolExecutor(max_workers=12) as pool:
        outcomes = list(pool.map(guess, range(12)))
    # Twelve guesses at once: they take turns to write and count their attempt, so exactly the first
    # five are checked (before, all twelve were and nine got past the lock; counting without taking
    # turns once throttled all twelve and checked none). The first four are refused; the fifth, wrong
    # too, is told to wait (five failures), and so are the seven never checked: 4 + 1 + 7.
    assert len(checked) == 5
    assert outcomes.count("refused") == 4
    assert outcomes.count("throttled") == 8
    assert set(outcomes) <= {"refused", "throttled"}


def test_a_disabled_account_cannot_sign_in_and_is_answered_as_a_wrong_password(engine: Engine) -> None:
    accounts.add_user(engine, "director", PASSWORD, "director")
    accounts.disable_user(engine, "director", now=NOON)
    assert sign_in(engine, NOON) == "refused"
    assert accounts.viewer_for(engine, "director") is None
    accounts.enable_user(engine, "director", now=NOON)
    assert sign_in(engine, NOON) == "signed_in"


def test_resetting_an_account_gives_it_a_new_password(engine: Engine) -> None:
    accounts.add_user(engine, "director", PASSWORD, "director")
    accounts.add_user(engine, "director", "a brand new password", "director", replace=True)
    assert sign_in(engine, NOON, password="a brand new password") == "signed_in"
    assert sign_in(engine, NOON) == "refused"


def test_an_api_token_is_shown_once_and_stored_only_as_its_digest(engine: Engine) -> None:
    accounts.add_user(engine, "analyst", PASSWORD, "analyst")
    token = accounts.issue_token(engine, "analyst", now=NOON)
    assert token.startswith("los_") and len(token) > 40
    tokens = Base.metadata.tables["api_tokens"]
    with engine.connect() as connection:
        (stored,) = connection.execute(select(tokens)).mappings().all()
    assert token not in str(dict(stored).values())
    assert len(stored["token_hash"]) == 64  # hex SHA-256
    assert accounts.viewer_for_token(engine, token, now=NOON) == Viewer("analyst", "analyst")
    assert accounts.viewer_for_token(engine, token + "x", now=NOON) is None


def test_a_tokens_last_use_is_kept_but_written_at_most_every_five_minutes(engine: Engine) -> None:
    accounts.add_user(engine, "analyst", PASSWORD, "analyst")
    token = accounts.issue_token(engine, "analyst", now=NOON)
    tokens = Base.metadata.tables["api_tokens"]

    def last_used() -> dt.datetime | None:
        with engine.connect() as connection:
            found: dt.datetime | None = connection.execute(select(tokens.c.last_used)).scalar_one()
            return found

    accounts.viewer_for_token(engine, token, now=NOON)
    assert last_used() == NOON
    accounts.viewer_for_token(engine, token, now=dt.datetime(2026, 3, 2, 12, 4))  # 4 minutes on: kept
    assert last_used() == NOON
    accounts.viewer_for_token(engine, token, now=dt.datetime(2026, 3, 2, 12, 5))  # 5 minutes on: written
    assert last_used() == dt.datetime(2026, 3, 2, 12, 5)


def test_a_token_for_no_account_is_refused(engine: Engine) -> None:
    with pytest.raises(api_tokens.TokenError, match="there is no user ghost"):
        accounts.issue_token(engine, "ghost")


def test_demo_accounts_give_one_per_role_with_the_busiest_worker_and_their_team(engine: Engine) -> None:
    # On Mon 2 Mar 2026 W2 holds C2 and C3 (two children), W1 holds C1 (one); C4's allocation to W1
    # ended on Fri 27 Feb, so it does not count.
    council_data(
        engine,
        team("T1"),
        worker("W1"),
        worker("W2"),
        allocation("C1", "W1", start="2026-01-05"),
        allocation("C2", "W2", start="2026-01-05"),
        allocation("C3", "W2", start="2026-02-02"),
        allocation("C4", "W1", start="2026-01-05", end="2026-02-27"),
    )
    made = accounts.demo_users(engine, dt.date(2026, 3, 2))
    assert [(u.username, u.role, u.team_id, u.worker_id) for u in made] == [
        ("social-worker", "social_worker", "T1", "W2"),
        ("team-manager", "team_manager", "T1", None),
        ("head-of-service", "head_of_service", None, None),
        ("director", "director", None, None),
        ("analyst", "analyst", None, None),
        ("auditor", "auditor", None, None),
        ("quality-assurance", "quality_assurance", None, None),
    ]
    for user in made:
        assert len(user.password) >= accounts.MIN_PASSWORD_LENGTH
        assert accounts.authenticate(engine, user.username, user.password).outcome == "signed_in"
    # Run again: the same accounts, reset with new passwords.
    again = accounts.demo_users(engine, dt.date(2026, 3, 2))
    assert accounts.count_users(engine) == 7
    assert accounts.authenticate(engine, "director", made[3].password).outcome == "refused"
    assert accounts.authenticate(engine, "director", again[3].password).outcome == "signed_in"


def test_the_demo_social_worker_holds_children_with_plans_to_visit_not_the_most_children(
    engine: Engine,
) -> None:
    # On Mon 2 Mar 2026 W1, in an assessment team, holds three children being assessed, none on a
    # plan; W2 holds two, C4 on a child protection plan and C5 in care: W2 has visits to make (2
    # against 0) and is the demo social worker, though W1 holds more children (3 against 2). C6's
    # plan ended on Fri 27 Feb and does not count for W1.
    council_data(
        engine,
        team("T1"),
        team("T2"),
        worker("W1"),
        {**worker("W2"), "team_id": "T2"},
        *(person(child) for child in ("C1", "C2", "C3", "C4", "C5", "C6")),
        allocation("C1", "W1", start="2026-01-05"),
        allocation("C2", "W1", start="2026-01-05"),
        allocation("C6", "W1", start="2026-01-05"),
        {**allocation("C4", "W2", start="2026-01-05"), "team_id": "T2"},
        {**allocation("C5", "W2", start="2026-01-05"), "team_id": "T2"},
        cp_plan("C4", start="2025-11-03"),
        cla_episode("C5", start="2025-10-06"),
        cp_plan("C6", start="2025-09-01", end="2026-02-27"),
    )
    made = accounts.demo_users(engine, dt.date(2026, 3, 2))
    assert [(u.role, u.team_id, u.worker_id) for u in made[:2]] == [
        ("social_worker", "T2", "W2"),
        ("team_manager", "T2", None),
    ]


def test_demo_accounts_need_a_council_with_allocated_children(engine: Engine) -> None:
    with pytest.raises(accounts.AccountError, match="no child is allocated to a worker on 2026-03-02"):
        accounts.demo_users(engine, dt.date(2026, 3, 2))


def test_nothing_about_a_password_or_token_is_logged(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    accounts.add_user(engine, "director", PASSWORD, "director")
    accounts.authenticate(engine, "director", "a wrong password", now=NOON)
    token = accounts.issue_token(engine, "director")
    accounts.viewer_for_token(engine, token)
    assert PASSWORD not in caplog.text
    assert "a wrong password" not in caplog.text
    assert token not in caplog.text
