"""What every request and response is held to: the security headers (pages, JSON, CSV and errors), the
limits on what a request may send, web addresses the app refuses or redirects safely, download names,
the API documentation from our own assets behind sign-in, and one secret for all of serve's workers."""

from __future__ import annotations

import asyncio
import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from argon2 import PasswordHasher
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from starlette.types import Message

from lineofsight import accounts, passwords, store
from lineofsight.settings import Settings
from lineofsight.web import security
from lineofsight.web.app import create_app
from lineofsight.web.rendering import attachment
from tests.builders import council_data, council_fact, person
from tests.web.test_security import PASSWORD, csrf_in, sign_in

SECRET = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
HEADERS = {
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}

faulty = APIRouter()


@faulty.get("/broken")
def broken() -> None:
    raise RuntimeError("a fault of ours")


@faulty.get("/database-restarting")
@faulty.get("/api/database-restarting")
def database_restarting() -> None:
    # What SQLAlchemy raises when PostgreSQL ends a connection as it shuts down for a restart.
    ended = psycopg.OperationalError("terminating connection due to administrator command")
    raise OperationalError("SELECT 1", {}, ended, connection_invalidated=True)


@faulty.get("/database-locked")
def database_locked() -> None:
    raise OperationalError("INSERT INTO access_log", {}, sqlite3.OperationalError("database is locked"))


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def app_for(engine: Engine, **options: bool) -> FastAPI:
    app = create_app(engine, Settings(), secret=SECRET, **options)
    app.include_router(faulty)
    return app


def director(engine: Engine) -> TestClient:
    accounts.add_user(engine, "boss", PASSWORD, "director")
    client = TestClient(app_for(engine), raise_server_exceptions=False)
    assert sign_in(client, "boss", PASSWORD).status_code == 303
    return client


def protected(headers: object) -> bool:
    found = dict(headers)  # type: ignore[call-overload]
    policy = found.get("content-security-policy", "")
    return all(found.get(name) == value for name, value in HEADERS.items()) and (
        "default-src 'self'" in policy
        and "frame-ancestors 'none'" in policy
        and "object-src 'none'" in policy
    )


# Headers -----------------------------------------------------------------------------------------------


def test_pages_json_csv_and_every_kind_of_error_carry_the_security_headers(engine: Engine) -> None:
    client = director(engine)
    answers = {
        "page": client.get("/access-log"),
        "json": client.get("/api/access-log"),
        "csv": client.get("/access-log?format=csv"),
        "sign-in page": TestClient(app_for(engine)).get("/sign-in"),
        "401": TestClient(app_for(engine)).get("/api/accounts"),
        "403": client.post("/sign-out"),  # no CSRF token
        "404": client.get("/no-such-page"),
        "404 api": client.get("/api/no-such-thing"),
        "405": client.get("/sign-out"),
        "500": client.get("/broken"),
    }
    assert {kind: answer.status_code for kind, answer in answers.items()} == {
        "page": 200,
        "json": 200,
        "csv": 200,
        "sign-in page": 200,
        "401": 401,
        "403": 403,
        "404": 404,
        "404 api": 404,
        "405": 405,
        "500": 500,
    }
    assert [kind for kind, answer in answers.items() if not protected(answer.headers)] == []
    assert "Sorry, there is a problem with the service" in answers["500"].text
    assert "a fault of ours" not in answers["500"].text


def test_static_files_may_be_cached_and_are_still_protected(engine: Engine) -> None:
    answer = TestClient(app_for(engine)).get("/static/lineofsight.css")
    assert "cache-control" not in answer.headers
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_in_server_mode_browsers_are_told_to_use_https_only(engine: Engine) -> None:
    client = TestClient(app_for(engine, server_mode=True), base_url="https://testserver")
    assert client.get("/sign-in").headers["strict-transport-security"] == "max-age=31536000"
    assert "strict-transport-security" not in TestClient(app_for(engine)).get("/sign-in").headers


def test_the_only_inline_script_is_gov_uks_and_it_carries_the_nonce_the_policy_names(engine: Engine) -> None:
    client = director(engine)
    answer = client.get("/access-log")
    nonce = re.search(r"'nonce-([^']+)'", answer.headers["content-security-policy"])
    assert nonce is not None
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", answer.text)
    assert inline == [f' nonce="{nonce.group(1)}"']
    again = re.search(r"'nonce-([^']+)'", client.get("/access-log").headers["content-security-policy"])
    assert again is not None and again.group(1) != nonce.group(1)  # a new one each time


# Body limits -------------------------------------------------------------------------------------------


def test_a_big_sign_in_is_refused_before_it_is_read(engine: Engine) -> None:
    client = TestClient(app_for(engine))
    token = csrf_in(client.get("/sign-in").text)
    body = urllib.parse.urlencode({"csrf_token": token, "username": "x" * (2 * 2**20), "password": "y"})
    answer = client.post(
        "/sign-in", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert answer.status_code == 413
    assert "What you sent is too big" in answer.text
    assert "A form here may send at most 64 KB." in answer.text
    assert protected(answer.headers)


def test_a_big_body_that_does_not_say_its_size_is_stopped_at_the_limit(engine: Engine) -> None:
    # Straight to the app (a test client reads the whole body before the app sees any of it): a
    # sign-in sent in 64 KB pieces with no Content-Length, 4 MB if it were all read.
    app = app_for(engine)
    pieces = [b"username="] + [b"x" * 65536] * 64
    read: list[int] = []
    sent: list[Message] = []

    async def receive() -> Message:
        read.append(1)
        body = pieces[len(read) - 1] if len(read) <= len(pieces) else b""
        return {"type": "http.request", "body": body, "more_body": len(read) < len(pieces)}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/sign-in",
        "raw_path": b"/sign-in",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/x-www-form-urlencoded")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    # In a thread of its own: the browser tests may have an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, app(scope, receive, send)).result()
    assert sent[0]["status"] == 413
    assert len(read) <= 3  # the first piece or two, never the 4 MB


def test_the_data_pages_upload_takes_more_than_a_form_up_to_its_own_limit(engine: Engine) -> None:
    client = director(engine)
    client.app.state.max_upload_bytes = 2**20  # type: ignore[attr-defined]
    token = csrf_in(client.get("/data").text)
    # 200 KB: too big for a form, within the upload's 1 MB.
    allowed = client.post(
        "/api/data/loads",
        headers={"X-CSRF-Token": token},
        data={"kind": "cin"},
        files=[("files", ("census.xml", b" " * 200_000))],
    )
    assert allowed.status_code == 422  # read and refused by the loader, not by size
    over = client.post(
        "/api/data/loads",
        headers={"X-CSRF-Token": token},
        data={"kind": "cin"},
        files=[("files", ("census.xml", b" " * (3 * 2**20)))],
    )
    assert over.status_code == 413
    assert over.json() == {
        "detail": "The upload is over the 1 MB limit: check that these are the right files, or ask "
        "for the limit to be raised."
    }
    assert client.post("/accounts/boss/sign-out", content=b"x" * 200_000).status_code == 413


# Web addresses -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("/access-log?child=C1%00", "does not accept (such as %00)"),
        ("/children/C1%00", "does not accept (such as %00)"),
        ("/access-log?page=99999999999999999999", "This page cannot use page:"),
        ("/access-log?page=0", "This page cannot use page:"),
        ("/account-changes?page=abc", "This page cannot use page:"),
    ],
)
def test_a_web_address_a_page_cannot_use_is_a_400_page_that_says_why(
    engine: Engine, address: str, says: str
) -> None:
    answer = director(engine).get(address)
    assert answer.status_code == 400
    assert "There is a problem with the web address" in answer.text
    assert says in answer.text
    assert "Signed in as boss" in answer.text


def test_the_api_answers_a_value_it_cannot_use_with_422_and_a_control_character_with_400(
    engine: Engine,
) -> None:
    client = director(engine)
    assert client.get("/api/access-log?page=99999999999999999999").status_code == 422
    assert client.get("/api/access-log?user=%00").status_code == 400


def test_a_trailing_slash_is_redirected_on_this_site_whatever_host_the_request_names(engine: Engine) -> None:
    client = director(engine)
    moved = client.get("/access-log/?child=C1", headers={"Host": "evil.example"}, follow_redirects=False)
    assert (moved.status_code, moved.headers["location"]) == (308, "/access-log?child=C1")
    # A path starting // would read as another host in a Location: the redirect names one slash.
    doubled = client.get("http://testserver//access-log/", follow_redirects=False)
    assert (doubled.status_code, doubled.headers["location"]) == (308, "/access-log")
    assert client.get("/no-such-page/", follow_redirects=False).status_code == 404


def test_a_download_name_keeps_quotes_and_other_letters_in_their_rfc_6266_form() -> None:
    assert attachment('child-C"1;x.csv') == (
        "attachment; filename=\"child-C_1;x.csv\"; filename*=UTF-8''child-C%221%3Bx.csv"
    )
    assert attachment("löad “2025”.csv") == (
        "attachment; filename=\"l_ad _2025_.csv\"; filename*=UTF-8''l%C3%B6ad%20%E2%80%9C2025%E2%80%9D.csv"
    )


def test_a_childs_csv_named_after_an_id_with_a_quote_downloads(engine: Engine) -> None:
    council_data(engine, council_fact("generated_end", "2025-03-31"), person('C"1'))
    answer = director(engine).get("/children/C%221/timeline.csv")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"].startswith('attachment; filename="child-C_1-timeline-')
    assert "filename*=UTF-8''child-C%221-timeline-" in answer.headers["content-disposition"]


# The API documentation -------------------------------------------------------------------------------


def test_the_api_documentation_needs_signing_in_and_loads_only_this_sites_own_scripts(engine: Engine) -> None:
    assert TestClient(app_for(engine)).get("/api/docs").status_code == 401
    page = director(engine).get("/api/docs")
    assert page.status_code == 200
    scripts = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page.text)
    assert "/assets/swagger-ui/swagger-ui-bundle.js" in scripts
    assert "/static/api-docs.js" in scripts
    assert all(each.startswith("/") and not each.startswith("//") for each in scripts), scripts
    bundle = TestClient(app_for(engine)).get("/assets/swagger-ui/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.content) > 100_000


def test_without_swagger_ui_installed_the_documentation_page_says_how_to_install_it(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LINEOFSIGHT_SWAGGER_UI", str(tmp_path))
    page = director(engine).get("/api/docs")
    assert "The interactive documentation (Swagger UI) is not installed on this server" in page.text
    assert "swagger-ui-bundle.js" not in page.text


# serve --workers ---------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_with_two_workers_and_no_secret_keeps_a_session_on_every_worker(tmp_path: Path) -> None:
    db = tmp_path / "council.db"
    engine = store.connect(str(db), create=True)
    store.migrate(engine)
    accounts.add_user(engine, "boss", PASSWORD, "director")
    engine.dispose()
    port = _free_port()
    environment = {k: v for k, v in os.environ.items() if k != security.SECRET_ENV}
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "lineofsight",
                "serve",
                "--db",
                str(db),
                "--port",
                str(port),
                "--workers",
                "2",
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=environment,
        )
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                form = opener.open(f"{base}/sign-in", timeout=10).read().decode()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, log.read_text()[-2000:]
                time.sleep(0.3)
        fields = {"username": "boss", "password": PASSWORD, "csrf_token": csrf_in(form)}
        opener.open(f"{base}/sign-in", data=urllib.parse.urlencode(fields).encode(), timeout=30).read()

        def status() -> int:
            try:
                with opener.open(f"{base}/api/accounts", timeout=30) as answer:  # a new connection each time
                    return int(answer.status)
            except urllib.error.HTTPError as error:
                return int(error.code)

        # Before, each worker signed cookies with its own random key: about half were refused.
        assert [status() for _ in range(40)] == [200] * 40
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_a_database_that_is_not_answering_is_a_503_asking_to_try_again_not_a_fault_of_ours(
    engine: Engine,
) -> None:
    """PostgreSQL restarting (scripts/faults.py) or SQLite's lock held past its 30 s wait: the people
    using the service are told to try again shortly, and a client is told when (Retry-After)."""
    client = director(engine)
    page = client.get("/database-restarting")
    api = client.get("/api/database-restarting")
    locked = client.get("/database-locked")
    assert [page.status_code, api.status_code, locked.status_code] == [503, 503, 503]
    assert "Sorry, the service is unavailable" in page.text
    assert "The database is not answering just now. Try again in a minute." in page.text
    assert api.json() == {"detail": "The database is not answering just now. Try again in a minute."}
    assert {page.headers["retry-after"], api.headers["retry-after"]} == {"30"}
    assert protected(page.headers) and protected(api.headers)
    assert "administrator command" not in page.text + api.text  # nothing of the database's words
    assert client.get("/broken").status_code == 500  # a fault of ours is still one
