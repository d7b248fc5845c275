"""docs/measures.md is generated from the declarations: this test fails when it is out of date."""

from __future__ import annotations

from pathlib import Path

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
