"""What the database holds and what it supports: the answer to "can I trust these figures?".

For each load (and the synthetic council), the facts it covered and over which days; then, as at a
date, every measure and every alert with whether the data supports it and, where not, why. The same
document serves `lineofsight coverage`, its `--json` and the Data page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from lineofsight.alerts.catalogue import REGISTRY as ALERTS
from lineofsight.data.council import CouncilData
from lineofsight.data.coverage import EVERY_FACT, Span
from lineofsight.data.facts import FACTS
from lineofsight.measures.catalogue import REGISTRY as MEASURES
from lineofsight.measures.catalogue import catalogue_order
from lineofsight.settings import Settings

SOURCE_NAMES = {
    "synthetic": "the synthetic council",
    "cin": "CIN census",
    "903": "SSDA903 return",
    "annex-a": "Ofsted Annex A workbook",
    "complete": "a complete record",
}


@dataclass(frozen=True)
class Held:
    """One load (or the synthetic council) and what it covered."""

    source: str
    load_id: str | None
    file: str | None
    loaded_at: dt.datetime | None
    rows_added: int | None
    rows_updated: int | None
    spans: tuple[Span, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "name": SOURCE_NAMES.get(self.source, self.source),
            "load_id": self.load_id,
            "file": self.file,
            "loaded_at": None if self.loaded_at is None else self.loaded_at.isoformat() + "Z",
            "rows_added": self.rows_added,
            "rows_updated": self.rows_updated,
            "covers": [span_json(span) for span in self.spans],
        }


def span_json(span: Span) -> dict[str, Any]:
    every = span.fact == EVERY_FACT
    return {
        "fact": span.fact,
        "words": "every fact" if every else FACTS[span.fact].words if span.fact in FACTS else span.fact,
        "mode": span.mode,
        "from": None if span.start is None else span.start.isoformat(),
        "to": span.end.isoformat(),
        "scope": span.scope,
    }


@dataclass(frozen=True)
class Support:
    """Whether the data supports one measure or alert as at a date, and why not."""

    code: str
    title: str
    reason: str | None

    @property
    def supported(self) -> bool:
        return self.reason is None

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "title": self.title, "supported": self.supported, "reason": self.reason}


@dataclass(frozen=True)
class Holdings:
    """Everything `lineofsight coverage` says."""

    as_at: dt.date
    held: tuple[Held, ...]
    measures: tuple[Support, ...]
    alerts: tuple[Support, ...]
    tables: dict[str, int]  # rows in each table of the council's data that has any

    def as_json(self) -> dict[str, Any]:
        return {
            "as_at": self.as_at.isoformat(),
            "sources": [held.as_json() for held in self.held],
            "rows": self.tables,
            "measures": {
                "supported": sum(m.supported for m in self.measures),
                "of": len(self.measures),
                "each": [m.as_json() for m in self.measures],
            },
            "alerts": {
                "supported": sum(a.supported for a in self.alerts),
                "of": len(self.alerts),
                "each": [a.as_json() for a in self.alerts],
            },
        }


def holdings(data: CouncilData, as_at: dt.date, settings: Settings, tables: dict[str, int]) -> Holdings:
    """What `data` holds and, as at `as_at`, which measures and alerts it supports."""
    coverage = data.coverage
    loads = data["loads"]
    by_load: dict[str | None, list[Span]] = {}
    for span in coverage.spans:
        by_load.setdefault(span.load_id, []).append(span)
    held = []
    for load_id, spans in by_load.items():
        row = loads.filter(pl.col("load_id") == load_id).to_dicts() if load_id else []
        found = row[0] if row else {}
        held.append(
            Held(
                spans[0].source,
                load_id,
                found.get("load_source"),
                found.get("loaded_at"),
                found.get("inserted"),
                found.get("updated"),
                tuple(sorted(spans, key=lambda s: (s.fact, s.mode))),
            )
        )
    held.sort(key=lambda h: (h.loaded_at or dt.datetime.min, h.load_id or ""))
    measures = tuple(
        Support(code, MEASURES[code].title, MEASURES[code].unmet(data, as_at, settings))
        for code in sorted(MEASURES, key=catalogue_order)
    )
    alerts = tuple(
        Support(code, ALERTS[code].title, ALERTS[code].unmet(data, as_at)) for code in sorted(ALERTS)
    )
    return Holdings(as_at, tuple(held), measures, alerts, tables)
