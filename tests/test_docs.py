"""docs/measures.md and docs/alerts.md are generated from the declarations: these tests fail when
either is out of date."""

from __future__ import annotations

from pathlib import Path

from lineofsight import alerts
from lineofsight.alerts.docs import render as render_alerts
from lineofsight.measures import REGISTRY
from lineofsight.measures.docs import render

DOCS = Path(__file__).parent.parent / "docs" / "measures.md"


def test_docs_measures_md_is_up_to_date_run_make_docs_if_not() -> None:
    assert DOCS.read_text(encoding="utf-8") == render()


def test_every_measure_is_documented_with_its_definition() -> None:
    text = render()
    for code, measure in REGISTRY.items():
        assert f"### {code} {measure.title}" in text
        assert measure.definition[1:] in text


def test_docs_alerts_md_is_up_to_date_run_make_docs_if_not() -> None:
    assert (DOCS.parent / "alerts.md").read_text(encoding="utf-8") == render_alerts()


def test_every_alert_is_documented_with_what_raises_it_and_who_must_act() -> None:
    text = render_alerts()
    for code, declared in alerts.REGISTRY.items():
        assert f"## {code} {declared.title}" in text
        assert f"Raised for {declared.raised_when}." in text
        assert f"| {code} | {declared.title} | {declared.about} | {declared.owner} |" in text
