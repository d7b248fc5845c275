"""Placeholder: sessions, sign-in, API tokens, CSRF and lockout (issue 6, in progress)."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import Engine


def install(app: FastAPI, engine: Engine, secret: str | None, server_mode: bool) -> None:
    """Add the session, viewer and CSRF middleware to the app."""
