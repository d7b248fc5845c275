"""docs/alerts.md, written from the declarations so that the docs cannot drift from the code.

    python -m lineofsight.alerts.docs > docs/alerts.md     (or: make docs)

A test fails when the file in the repository differs from what this prints.
"""

from __future__ import annotations

import sys

from lineofsight.alerts import REGISTRY
from lineofsight.data.docs import needs_of
from lineofsight.settings import Settings

KINDS = {
    "task": "a task, with a due date: overdue from the day after it",
    "concern": (
        "a standing concern, a state of the case to keep in view: shown with the day it arose, never as "
        "overdue"
    ),
}


def render() -> str:
    """The alert catalogue as Markdown: what raises each alert, who must act, and the choices made."""
    lines = [
        "# Alerts",
        "",
        "Generated from the declarations in `src/lineofsight/alerts/` by",
        "`python -m lineofsight.alerts.docs` (`make docs`); do not edit by hand.",
        "",
        "An alert is a child (or a worker) who needs someone to act, as at a date D. It is raised the day",
        "after its due date (on the due date the work is still in time) and is overdue by the calendar",
        "days from the due date to D. Only what was recorded on or before D counts. Each alert about a",
        "child carries the child's allocated worker and team at D, whoever must act.",
        "",
        "| code | alert | about | who must act |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {code} | {declared.title} | {declared.about} | {declared.owner} |"
        for code, declared in sorted(REGISTRY.items())
    ]
    lines.append("")
    settings_doc = {name: doc for name, _, doc in Settings.documented()}
    for code, declared in sorted(REGISTRY.items()):
        lines += [f"## {code} {declared.title}", ""]
        lines += [f"Raised for {declared.raised_when}.", ""]
        lines.append(f"- Who must act: {declared.owner}.")
        lines.append(f"- Kind: {KINDS[declared.kind]}.")
        for name in declared.settings:
            lines.append(f"- Setting `{name}`: {settings_doc.get(name, '')}")
        needs = needs_of(declared.needs)
        lines.append(f"- Needs: {needs} (where the loaded data does not cover it, it is not checked).")
        doc = (declared.find.__doc__ or "").strip()
        if doc:
            lines += ["", " ".join(doc.split())]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
