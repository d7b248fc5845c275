"""The app factory that `lineofsight serve --workers N` gives each worker process: the database,
settings and secret come from the environment, and server mode is checked as `serve` checks it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from lineofsight import store
from lineofsight.web.app import from_environment
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
