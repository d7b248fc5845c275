"""What the tests of the pages share: an app seen as one viewer, the calls the pages make to the
access log, and CSV downloads read back as rows."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lineofsight.settings import Settings
from lineofsight.web import access
from lineofsight.web.app import create_app
from lineofsight.web.auth import Viewer, viewer


@dataclass
class Seen:
    """What the pages passed to the access log: (page, children) shown, a child's own record opened
    (one child) or a list (its children); (page, child) refused; and the kind of each shown entry."""

    recorded: list[tuple[str, list[str]]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> Seen:
    """Every call the pages make to `web.access`, passed on to the real functions."""
    calls = Seen()
    opened, listed, refuse = access.opened, access.listed, access.refuse

    def opening(request: Request, who: Viewer, page: str, child_id: str) -> None:
        calls.recorded.append((page, [child_id]))
        calls.kinds.append("opened")
        opened(request, who, page, child_id)

    def listing(request: Request, who: Viewer, page: str, child_ids: Any) -> None:
        ids = list(child_ids)
        calls.recorded.append((page, ids))
        calls.kinds.append("listed")
        listed(request, who, page, ids)

    def refusing(request: Request, who: Viewer, page: str, child_id: str) -> Any:
        calls.refused.append((page, child_id))
        refuse(request, who, page, child_id)

    monkeypatch.setattr(access, "opened", opening)
    monkeypatch.setattr(access, "listed", listing)
    monkeypatch.setattr(access, "refuse", refusing)
    return calls


def client(engine: Engine, who: Viewer) -> TestClient:
    """The app over a store, with every request made as `who` (no sign-in)."""
    app = create_app(engine, Settings())
    app.dependency_overrides[viewer] = lambda: who
    return TestClient(app)


def rows_of(csv_text: str) -> list[dict[str, str]]:
    """A CSV download's rows, by heading."""
    return list(csv.DictReader(io.StringIO(csv_text)))
