"""The web application. For now one page, the council's measures, and its JSON twin.

Each request reads the store afresh, so a load or a new event shows without a restart.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine

from lineofsight import formatting
from lineofsight.measures import CouncilData, MeasureValue, as_json, compute_all, default_as_at
from lineofsight.settings import Settings


def create_app(engine: Engine, settings: Settings) -> FastAPI:
    """The application for one store and one set of settings."""
    app = FastAPI(title="lineofsight", description="Measures of children's social care practice.")

    def compute(as_at: str | None) -> tuple[str, dt.date, list[MeasureValue]]:
        data = CouncilData(engine)
        try:
            day = dt.date.fromisoformat(as_at) if as_at else default_as_at(data)
        except ValueError:
            raise HTTPException(status_code=400, detail=f"{as_at!r} is not a date (YYYY-MM-DD)") from None
        return data.council_name(), day, compute_all(data, day, settings)

    @app.get("/api/measures")
    def measures_json(as_at: str | None = Query(None, description="YYYY-MM-DD")) -> dict[str, Any]:
        """The measures as at a date: the same JSON contract as `lineofsight measures --json`."""
        _, day, values = compute(as_at)
        return as_json(day, values)

    @app.get("/", response_class=HTMLResponse)
    def overview(as_at: str | None = Query(None, description="YYYY-MM-DD")) -> str:
        """The measures as at a date, as a plain page."""
        council, day, values = compute(as_at)
        return _page(council, day, values)

    return app


def _page(council: str, day: dt.date, values: list[MeasureValue]) -> str:
    rows = "\n".join(
        "<tr>"
        f"<td>{escape(v.measure.code)}</td>"
        f"<td>{escape(v.measure.title)}</td>"
        f"<td>{escape(formatting.measure_value(v.result.value, v.measure.unit))}"
        f"{' (small number)' if v.small_number else ''}</td>"
        f"<td>{escape(formatting.fraction(v.result.numerator, v.result.denominator))}</td>"
        f"<td>{escape(f'{b.display} ({b.year})' if (b := v.measure.benchmark) else '—')}</td>"
        f"<td>{escape(v.measure.polarity_symbol)}</td>"
        "</tr>"
        for v in values
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Measures as at {formatting.long_date(day)} – lineofsight</title>
<style>body{{font-family:Arial,sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border-bottom:1px solid #b1b4b6;padding:.4em .8em;text-align:left}}</style></head>
<body>
<p>{escape(council)}</p>
<h1>Measures as at {formatting.long_date(day)}</h1>
<p><a href="/api/measures?as_at={day.isoformat()}">These figures as JSON</a></p>
<table>
<thead><tr><th>Code</th><th>Measure</th><th>Value</th><th>Of</th><th>England</th>
<th>Better</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</body>
</html>
"""
