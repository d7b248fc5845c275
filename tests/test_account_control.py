"""Cutting off access: sessions that end, accounts that are disabled and removed, tokens that expire and
are revoked, and the log of changes to accounts, on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from argon2 import PasswordHasher
from sqlalchemy import Engine, select, text

from lineofsight import account_log, accounts, api_tokens, passwords, sessions, store
from lineofsight.account_log import Actor
from lineofsight.model import Base
from lineofsight.web.auth import Viewer

PASSWORD = "correct horse battery"
NOON = dt.datetime(2026, 3, 2, 12, 0, 0)
DIRECTOR = Actor("boss", "web")


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def later(**moved: float) -> dt.datetime:
    return NOON + dt.timedelta(**moved)


def changes(engine: Engine) -> list[tuple[str, str, str, str]]:
    """The log of changes, oldest first: (who, how, what, which account)."""
    found = account_log.read_changes(engine).entries
    return [(e.actor, e.via, e.action, e.username) for e in reversed(found)]


# Sessions -------------------------------------------------------------------------------------------


def test_a_session_lasts_8_hours_and_ends_when_its_person_signs_out(engine: Engine) -> None:
    accounts.add_user(engine, "director", PASSWORD, "director")
    first = sessions.begin(engine, "director", now=NOON)
    second = sessions.begin(engine, "director", now=NOON)
    assert sessions.viewer_for_session(engine, first, now=later(hours=7, minutes=59)) == Viewer(
        "director", "director"
    )
    assert sessions.viewer_for_session(engine, first, now=later(hours=8)) is None
    sessions.end(engine, second)
    assert sessions.viewer_for_session(engine, second, now=NOON) is None


def test_only_a_digest_of_the_session_id_is_stored(engine: Engine) -> None:
    accounts.add_user(engine, "director", PASSWORD, "director")
    session_id = sessions.begin(engine, "director", now=NOON)
    with engine.connect() as connection:
        stored = connection.execute(select(Base.metadata.tables["sessions"])).mappings().one()
    assert session_id not in str(dict(stored).values())
    assert len(stored["session_hash"]) == 64


@pytest.mark.parametrize(
    "change",
    ["password reset", "role change", "disabled", "removed", "signed out everywhere"],
)
def test_every_session_of_an_account_ends_at_once_when(engine: Engine, change: str) -> None:
    accounts.add_user(engine, "manager", PASSWORD, "head_of_service")
    accounts.add_user(engine, "other", PASSWORD, "analyst")
    mine = [sessions.begin(engine, "manager", now=NOON) for _ in range(3)]  # three browsers
    theirs = sessions.begin(engine, "other", now=NOON)
    if change == "password reset":
        accounts.add_user(engine, "manager", "a brand new password", "head_of_service", replace=True)
    elif change == "role change":
        accounts.add_user(engine, "manager", PASSWORD, "analyst", replace=True)
    elif change == "disabled":
        accounts.disable_user(engine, "manager", now=NOON)
    elif change == "removed":
        accounts.remove_user(engine, "manager", now=NOON)
    else:
        assert accounts.end_sessions(engine, "manager", now=NOON) == 3
    assert [sessions.viewer_for_session(engine, each, now=NOON) for each in mine] == [None] * 3
    assert sessions.viewer_for_session(engine, theirs, now=NOON) == Viewer("other", "analyst")


# Disabling, enabling and removing --------------------------------------------------------------------


def test_disabling_stops_sign_in_sessions_and_tokens_and_enabling_brings_back_sign_in_only(
    engine: Engine,
) -> None:
    accounts.add_user(engine, "analyst", PASSWORD, "analyst")
    token = api_tokens.issue_token(engine, "analyst", now=NOON)
    assert accounts.disable_user(engine, "analyst", by=DIRECTOR, now=NOON) is True
    assert accounts.disable_user(engine, "analyst", by=DIRECTOR, now=NOON) is False  # already
    assert accounts.authenticate(engine, "analyst", PASSWORD, now=NOON).outcome == "refused"
    assert api_tokens.check_token(engine, token, now=NOON).problem == "the API token has been revoked"
    assert accounts.find_account(engine, "analyst").status == "disabled"
    assert accounts.enable_user(engine, "analyst", by=DIRECTOR, now=later(days=1)) is True
    assert accounts.authenticate(engine, "analyst", PASSWORD, now=later(days=1)).outcome == "signed_in"
    assert api_tokens.viewer_for_token(engine, token, now=later(days=1)) is None  # stays revoked


def test_removing_an_account_keeps_its_access_log_and_its_changes_and_its_name(engine: Engine) -> None:
    accounts.add_user(engine, "sw1", PASSWORD, "head_of_service")
    api_tokens.issue_token(engine, "sw1", now=NOON)
    accounts.log_access(engine, Viewer("sw1", "head_of_service"), "/children/C1", ["C1"], "viewed", at=NOON)
    accounts.remove_user(engine, "sw1", by=DIRECTOR, now=later(days=1))
    assert accounts.viewer_for(engine, "sw1") is None
    assert api_tokens.list_tokens(engine, "sw1") == []
    kept = accounts.read_access_log(engine, user="sw1")
    assert [(e.username, e.child_id, e.page) for e in kept.entries] == [("sw1", "C1", "/children/C1")]
    assert ("boss", "web", "removed", "sw1") in changes(engine)
    # The name stays the removed person's in the logs: it is not given to someone new.
    with pytest.raises(accounts.AccountError, match="there was a user sw1, removed on 2026-03-03"):
        accounts.add_user(engine, "sw1", PASSWORD, "analyst")


def test_changing_an_account_that_does_not_exist_says_so(engine: Engine) -> None:
    for change in (accounts.disable_user, accounts.enable_user, accounts.remove_user, accounts.end_sessions):
        with pytest.raises(accounts.AccountError, match="there is no user ghost"):
            change(engine, "ghost")


def test_the_list_of_accounts_shows_status_open_sessions_and_working_tokens(engine: Engine) -> None:
    accounts.add_user(engine, "director", PASSWORD, "director", now=NOON)
    accounts.add_user(engine, "analyst", PASSWORD, "analyst", now=NOON)
    sessions.begin(engine, "director", now=NOON)
    sessions.begin(engine, "director", now=later(minutes=30))
    api_tokens.issue_token(engine, "analyst", now=NOON)
    expired = api_tokens.issue_token(engine, "analyst", now=NOON, expires_at=later(days=1))
    accounts.disable_user(engine, "analyst", now=later(hours=1))
    found = {a.username: a for a in accounts.list_accounts(engine, now=later(hours=1))}
    assert (found["director"].status, found["director"].sessions, found["director"].tokens) == (
        "active",
        2,
        0,
    )
    assert found["director"].last_seen == later(minutes=30)
    assert (found["analyst"].status, found["analyst"].sessions, found["analyst"].tokens) == ("disabled", 0, 0)
    assert found["analyst"].as_json()["disabled_at"] == "2026-03-02T13:00:00Z"
    assert api_tokens.viewer_for_token(engine, expired, now=later(hours=1)) is None


# API tokens -------------------------------------------------------------------------------------------


def test_a_token_expires_after_90_days_unless_asked_otherwise(engine: Engine) -> None:
    accounts.add_user(engine, "analyst", PASSWORD, "analyst")
    token = api_tokens.issue_token(engine, "analyst", name="Power BI", now=NOON)
    (issued,) = api_tokens.list_tokens(engine, "analyst")
    assert (issued.name, issued.expires_at) == ("Power BI", later(days=90))
    assert api_tokens.viewer_for_token(engine, token, now=later(days=89, hours=23)) == Viewer(
        "analyst", "analyst"
    )
    assert api_tokens.check_token(engine, token, now=later(days=90)).problem == (
        "the API token has expired: ask for a new one"
    )
    assert issued.status(later(days=90)) == "expired"


@pytest.mark.parametrize(
    ("asked", "until"),
    [
        ("30", dt.datetime(2026, 4, 1, 12, 0)),
        ("7d", dt.datetime(2026, 3, 9, 12, 0)),
        ("2026-06-30", dt.datetime(2026, 7, 1)),
    ],
)
def test_a_tokens_expiry_is_a_number_of_days_or_the_end_of_a_date(asked: str, until: dt.datetime) -> None:
    assert api_tokens.expiry(asked, NOON) == until


@pytest.mark.parametrize(
    ("asked", "says"),
    [
        ("0", "at least 1 day"),
        ("400", "at most 366 days"),
        ("2026-03-01", "2026-03-01 has passed"),
        ("2028-01-01", "at most 366 days"),
        ("soon", "neither a number of days nor a date"),
    ],
)
def test_a_tokens_expiry_must_be_in_the_coming_year(asked: str, says: str) -> None:
    with pytest.raises(api_tokens.TokenError, match=says):
        api_tokens.expiry(asked, NOON)


def test_a_revoked_token_stops_at_once_and_others_go_on(engine: Engine) -> None:
    accounts.add_user(engine, "analyst", PASSWORD, "analyst")
    first = api_tokens.issue_token(engine, "analyst", name="first", now=NOON)
    second = api_tokens.issue_token(engine, "analyst", name="second", now=later(seconds=1))
    newest, oldest = api_tokens.list_tokens(engine, "analyst")
    assert (newest.name, oldest.name) == ("second", "first")
    revoked = api_tokens.revoke_token(engine, "analyst", oldest.token_id, by=DIRECTOR, now=later(minutes=1))
    assert (revoked.status(later(minutes=1)), revoked.revoked_at) == ("revoked", later(minutes=1))
    assert api_tokens.viewer_for_token(engine, first, now=later(minutes=1)) is None
    assert api_tokens.viewer_for_token(engine, second, now=later(minutes=1)) == Viewer("analyst", "analyst")
    with pytest.raises(api_tokens.TokenError, match="analyst has no token 000000000000"):
        api_tokens.revoke_token(engine, "analyst", "000000000000")
    with pytest.raises(api_tokens.TokenError, match="is not a token id"):
        api_tokens.revoke_token(engine, "analyst", "'; drop table")


def test_a_password_reset_revokes_the_accounts_tokens(engine: Engine) -> None:
    accounts.add_user(engine, "analyst", PASSWORD, "analyst")
    token = api_tokens.issue_token(engine, "analyst", now=NOON)
    accounts.add_user(engine, "analyst", "a brand new password", "analyst", replace=True, now=NOON)
    assert api_tokens.viewer_for_token(engine, token, now=NOON) is None


def test_a_disabled_account_is_issued_no_token(engine: Engine) -> None:
    accounts.add_user(engine, "analyst", PASSWORD, "analyst")
    accounts.disable_user(engine, "analyst")
    with pytest.raises(api_tokens.TokenError, match="analyst is disabled"):
        api_tokens.issue_token(engine, "analyst")


# The log of changes ----------------------------------------------------------------------------------


def test_every_change_to_an_account_or_token_is_logged_with_who_how_and_when(engine: Engine) -> None:
    cli = Actor("jsmith", "command line")
    accounts.add_user(engine, "analyst", PASSWORD, "analyst", by=cli, now=NOON)
    api_tokens.issue_token(engine, "analyst", name="BI", by=cli, now=NOON)
    (token,) = api_tokens.list_tokens(engine, "analyst")
    api_tokens.revoke_token(engine, "analyst", token.token_id, by=DIRECTOR, now=NOON)
    accounts.end_sessions(engine, "analyst", by=DIRECTOR, now=NOON)
    accounts.add_user(engine, "analyst", PASSWORD, "director", replace=True, by=cli, now=NOON)
    accounts.disable_user(engine, "analyst", by=DIRECTOR, now=NOON)
    accounts.enable_user(engine, "analyst", by=DIRECTOR, now=NOON)
    accounts.remove_user(engine, "analyst", by=DIRECTOR, now=later(hours=1))
    assert changes(engine) == [
        ("jsmith", "command line", "added", "analyst"),
        ("jsmith", "command line", "token issued", "analyst"),
        ("boss", "web", "token revoked", "analyst"),
        ("boss", "web", "signed out everywhere", "analyst"),
        ("jsmith", "command line", "reset", "analyst"),
        ("boss", "web", "disabled", "analyst"),
        ("boss", "web", "enabled", "analyst"),
        ("boss", "web", "removed", "analyst"),
    ]
    newest = account_log.read_changes(engine, username="Analyst", limit=1)
    assert newest.total == 8
    assert newest.entries[0].as_json() == {
        "at": "2026-03-02T13:00:00Z",
        "actor": "boss",
        "via": "web",
        "action": "removed",
        "username": "analyst",
        "detail": "was director; 0 session(s) ended, 1 token(s) deleted",
    }
    reset = account_log.read_changes(engine, username="analyst").entries[3]
    assert reset.detail == "new password; analyst → director; 0 session(s) ended, 0 token(s) revoked"


def test_the_log_of_changes_never_holds_a_password_or_a_token(engine: Engine) -> None:
    accounts.add_user(engine, "analyst", PASSWORD, "analyst")
    token = api_tokens.issue_token(engine, "analyst")
    logged = str([entry.as_json() for entry in account_log.read_changes(engine).entries])
    assert PASSWORD not in logged and token not in logged and token[4:20] not in logged


def test_tokens_issued_before_tokens_expired_get_90_days_and_a_name_when_the_store_is_upgraded(
    engine: Engine,
) -> None:
    # Back to before this migration (0009; later ones come off too), a token as it was then, and up.
    with engine.begin() as connection:
        command.downgrade(store._alembic_config(connection), "0008")
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO users (username, password_hash, role, failed_logins, created_at) "
                    "VALUES ('analyst', 'x', 'analyst', 0, :at)"
                ),
                {"at": NOON},
            )
            connection.execute(
                text(
                    "INSERT INTO api_tokens (token_hash, username, created_at) VALUES (:hash, 'analyst', :at)"
                ),
                {"hash": "ab" * 32, "at": NOON},
            )
    finally:
        store.migrate(engine)
    (old,) = api_tokens.list_tokens(engine, "analyst")
    upgraded = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert old.name == "issued before tokens had names"
    assert abs(old.expires_at - (upgraded + dt.timedelta(days=90))) < dt.timedelta(minutes=5)
    assert old.status(upgraded) == "active"
