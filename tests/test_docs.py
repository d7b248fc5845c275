"""docs/measures.md, docs/alerts.md and the README's table of what each return supports are generated
from the declarations: these tests fail when any is out of date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lineofsight import alerts
from lineofsight.alerts.catalogue import child_alert_needs
from lineofsight.alerts.docs import render as render_alerts
from lineofsight.data.docs import in_readme
from lineofsight.data.facts import FACTS
from lineofsight.data.needs import Need, facts_of
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


def test_the_readmes_table_of_what_each_return_supports_is_up_to_date_run_make_docs_if_not() -> None:
    readme = (DOCS.parent.parent / "README.md").read_text(encoding="utf-8")
    assert readme == in_readme(readme)


def test_every_fact_a_measure_or_alert_needs_is_declared_and_carried_by_some_return_or_extract() -> None:
    named = {fact for m in REGISTRY.values() for fact in facts_of(m.needs)}
    named |= {fact for a in alerts.REGISTRY.values() for fact in facts_of(a.needs)}
    assert named <= set(FACTS)
    for fact in named:
        assert FACTS[fact].sources and FACTS[fact].words


def test_every_measure_and_alert_declares_what_it_needs() -> None:
    assert all(m.needs for m in REGISTRY.values())
    assert all(a.needs for a in alerts.REGISTRY.values())


def test_audits_at_odds_with_the_data_need_everything_the_alerts_about_children_need() -> None:
    # QA03 checks every alert about a child on each audit day of the year: its needs must cover what
    # those alerts need, a year further back (child_alert_needs works that out from the alerts).
    declared = {need.fact: need.months for need in REGISTRY["QA03"].needs if isinstance(need, Need)}
    for need in child_alert_needs(12):
        assert need.fact in declared, need.fact
        wanted, have = need.months, declared[need.fact]
        assert have is None or (wanted is not None and have >= wanted), need.fact


def test_the_readme_s_worked_examples_are_rewritten_from_what_their_commands_print() -> None:
    from scripts.readme_examples import MARKER, rewrite

    text = (
        "Intro.\n\n<!-- example: stretched, seed 1, 5 years to 2026-03-31, first 2 lines -->\n```\n"
        "$ lineofsight measures --code AS01\nstale line\n\n"
        "$ lineofsight measures children CP08\nold\n```\nAfter.\n"
    )
    ran: list[tuple[object, list[str]]] = []

    def run(council: object, words: list[str]) -> str:
        ran.append((council, words))
        return "one\ntwo\nthree\n" if words[1] == "--code" else "fresh\n"

    assert rewrite(text, run) == (
        "Intro.\n\n<!-- example: stretched, seed 1, 5 years to 2026-03-31, first 2 lines -->\n```\n"
        "$ lineofsight measures --code AS01\none\ntwo\n…\n\n"  # the first 2 lines, and the cut marked
        "$ lineofsight measures children CP08\nfresh\n```\nAfter.\n"
    )
    council = ("stretched", 1, 5, dt.date(2026, 3, 31))
    assert ran == [(council, ["measures", "--code", "AS01"]), (council, ["measures", "children", "CP08"])]
    # The README's own examples are marked, so that `make docs` regenerates them.
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert len(MARKER.findall(readme)) >= 2
