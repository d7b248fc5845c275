"""The app factory that `lineofsight serve --workers N` gives each worker process: the database,
settings and secret come from the environment, and server mode is checked as `serve` checks it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import NoReturn

import pytest
from fastapi.testclient import TestClient
from jinja2 import PackageLoader, TemplateNotFound
from sqlalchemy import Engine

from lineofsight import store
from lineofsight.settings import Settings
from lineofsight.web import cache, rendering
from lineofsight.web.app import create_app, from_environment
from lineofsight.web.security import SecretError


def test_each_worker_builds_the_app_from_the_environment(
    engine: Engine, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "local.toml"
    settings.write_text('[settings]\ncouncil_name = "Testshire County Council"\n')
    monkeypatch.setenv("LINEOFSIGHT_DB", db_url)
    monkeypatch.setenv("LINEOFSIGHT_SETTINGS", str(settings))
    monkeypatch.setenv("LINEOFSIGHT_SECRET", "Vq3xL0pZr7tN2mB8sK4wY1cH6dJ9fG5a")  # 32 mixed characters
    app = from_environment()
    assert app.state.council_name == "Testshire County Council"
    assert str(app.state.engine.url) == str(engine.url)
    assert app.state.warm_measure_pages  # a server's worker works out every measure's page
    app.state.engine.dispose()


def test_a_worker_on_postgresql_refuses_a_short_secret(
    engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINEOFSIGHT_DB", db_url)
    monkeypatch.setenv("LINEOFSIGHT_SECRET", "short")
    if store.is_sqlite(engine):
        from_environment().state.engine.dispose()  # a laptop: any secret will do
    else:
        with pytest.raises(SecretError):
            from_environment()


def test_the_warming_thread_compiles_every_template_before_anyone_needs_a_page(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Jinja compiles a template when a page first uses it: after a restart, the first person to
    # open each kind of page waited for that in each worker. The warming thread compiles them all
    # first. Proved here by taking the templates' files away once it has: pages still render.
    app = create_app(engine, Settings())
    app.state.warm_every = 60.0
    with TestClient(app, base_url="https://testserver") as client:
        deadline = time.monotonic() + 60
        while cache.of(app).ready is None and time.monotonic() < deadline:
            time.sleep(0.05)  # the figures are worked out after the templates
        assert cache.of(app).ready is not None

        def gone(*args: object) -> NoReturn:
            raise TemplateNotFound("taken away by the test")

        monkeypatch.setattr(PackageLoader, "get_source", gone)
        response = client.get("/sign-in")  # never rendered by this app before
        assert response.status_code == 200
        assert "Sign in" in response.text
        # And the templates really are gone from disk as far as Jinja is concerned.
        with pytest.raises(TemplateNotFound):
            rendering.environment().get_template("sign_in.html")
