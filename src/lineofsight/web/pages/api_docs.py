"""The API's documentation: Swagger UI at `/api/docs` and the OpenAPI document at `/api/openapi.json`,
both behind sign-in like every other route.

Swagger UI comes from the npm package `swagger-ui-dist`, at the version pinned in package-lock.json,
installed by the Makefile beside GOV.UK Frontend (never committed) and served from this server under
`/assets/swagger-ui/`: never from a CDN, which a council network without internet cannot reach and
which would run someone else's script on a page that can read children's records. When it has not
been installed the page says so and links to the OpenAPI document, which describes every route.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from lineofsight.web.rendering import render

router = APIRouter()

SWAGGER_UI_PATH = "/assets/swagger-ui"


def swagger_ui_folder() -> Path | None:
    """Swagger UI's built files: `$LINEOFSIGHT_SWAGGER_UI`, else `node_modules/swagger-ui-dist` in the
    checkout this package was installed from; None when they have not been installed."""
    named = os.environ.get("LINEOFSIGHT_SWAGGER_UI")
    folder = Path(named) if named else Path(__file__).resolve().parents[4] / "node_modules/swagger-ui-dist"
    return folder if (folder / "swagger-ui-bundle.js").exists() else None


@router.get("/api/openapi.json", include_in_schema=False)
def openapi_document(request: Request) -> dict[str, Any]:
    """The OpenAPI document of every route in the schema."""
    document: dict[str, Any] = request.app.openapi()
    return document


@router.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request) -> Response:
    """Swagger UI over the OpenAPI document, from this server's own copy."""
    return render(
        request,
        "api_docs.html",
        title="API documentation",
        swagger=swagger_ui_folder() is not None,
        swagger_path=SWAGGER_UI_PATH,
    )
