"""What every page with a form shares when it shows the form: the title, the error summary and each
field's own error message, worked out from one list of problems.

A form shown again with problems is titled "Error: ..." (GOV.UK's pattern: a screen reader hears
that something is wrong before anything else), lists every problem in the summary at its top
(`partials/assurance_errors.html`), and puts each problem's reason beside its field, found by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from lineofsight.assurance.audits import Problem
from lineofsight.web.auth import Viewer
from lineofsight.web.rendering import render


def render_form(
    request: Request,
    template: str,
    who: Viewer,
    title: str,
    problems: Sequence[Problem],
    status: int,
    **context: Any,
) -> HTMLResponse:
    """A form's page as `who` sees it, with `problems` (none the first time it is shown)."""
    return render(
        request,
        template,
        status_code=status,
        viewer=who,
        title=("Error: " if problems else "") + title,
        problems=problems,
        errors={p.field: p.reason for p in problems},
        **context,
    )
