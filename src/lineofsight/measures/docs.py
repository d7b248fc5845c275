"""docs/measures.md, written from the declarations so that the docs cannot drift from the code.

    python -m lineofsight.measures.docs > docs/measures.md     (or: make docs)
    python -m lineofsight.measures.docs --readme README.md     (the README's table of whose work)

A test fails when the file in the repository differs from what this prints.
"""

from __future__ import annotations

import sys
from itertools import groupby
from pathlib import Path

from lineofsight.data.docs import needs_of
from lineofsight.measures.catalogue import REGISTRY, Measure, catalogue_order
from lineofsight.settings import DEFAULT_TARGETS, Settings

KIND_SAYS = {
    "proportion": "a percentage: numerator ÷ denominator",
    "ratio": "a ratio of two sums",
    "median": "a median",
    "mean": "a mean",
    "count": "a count",
    "rate": "a count per 10,000 children aged 0-17",
}


def credited_to(measure: Measure) -> str:
    """Whose work a measure's rows are, as its docs and the README say it."""
    return measure.credited or "none: the figure is the council's alone, not broken down by team or worker"


def render() -> str:
    """The measure catalogue as Markdown."""
    lines = [
        "# Measures",
        "",
        "Generated from the declarations in `src/lineofsight/measures/` by",
        "`python -m lineofsight.measures.docs` (`make docs`); do not edit by hand.",
        "",
        'Every measure is computed as at a date D. "The year to D" is (D − 1 year, D]; "open at D"',
        'counts an end date on D as open; "within N working days of X" means on or before the Nth',
        "working day after X (England, bank holidays excluded); months and years compare calendar",
        "dates (from 29 February, the last day of February). A measure with nothing to count is null,",
        "never 0 or 100%. ↑ higher is better, ↓ lower is better, • context.",
        "",
        "Each measure says what it **needs** from the data: the facts, and how far back from D they",
        "must be held whole. Where the loaded data does not cover them the measure is not shown as a",
        "number: its status is `not_covered` and its reason says what is missing and which load would",
        'supply it (the README\'s "What your data supports"; `lineofsight coverage`).',
        "",
    ]
    settings_doc = {name: doc for name, _, doc in Settings.documented()}
    ordered = sorted(REGISTRY.values(), key=lambda m: catalogue_order(m.code))
    for area, measures in groupby(ordered, key=lambda m: m.area):
        lines += [f"## {area}", ""]
        for measure in measures:
            lines += [f"### {measure.code} {measure.title} {measure.polarity_symbol}", ""]
            lines += [measure.definition[0].upper() + measure.definition[1:] + ".", ""]
            lines.append(f"- Unit: {measure.unit} ({KIND_SAYS[measure.kind]}).")
            if measure.benchmark:
                b = measure.benchmark
                lines.append(f"- England: {b.display} ({b.year}; {b.source}).")
            target = DEFAULT_TARGETS.get(measure.code)
            if target:
                lines.append(f"- Default target: {target.target:g}, amber to {target.amber:g}.")
            for name in measure.settings:
                lines.append(f"- Setting `{name}`: {settings_doc.get(name, '')}")
            lines.append(f"- Needs: {needs_of(measure.needs)}.")
            lines.append(f"- Team and worker: {credited_to(measure)}.")
            doc = (measure.compute.__doc__ or "").strip()
            if doc:
                lines += ["", " ".join(doc.split())]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


START, END = "<!-- whose-work:start -->", "<!-- whose-work:end -->"


def credit_table() -> str:
    """The README's table of whose work each measure's rows are: the team and worker a team's or a
    worker's figure counts them for."""
    lines = ["| code | measure | team and worker |", "| --- | --- | --- |"]
    for measure in sorted(REGISTRY.values(), key=lambda m: catalogue_order(m.code)):
        lines.append(f"| {measure.code} | {measure.title} | {credited_to(measure)} |")
    return "\n".join(lines) + "\n"


def in_readme(text: str) -> str:
    """The README with its table of whose work each measure is (between the markers) made again."""
    start, end = text.index(START) + len(START), text.index(END)
    return text[:start] + "\n" + credit_table() + text[end:]


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--readme":
        readme = Path(sys.argv[2])
        readme.write_text(in_readme(readme.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        sys.stdout.write(render())
