"""The date a page is shown as at, typed into GOV.UK's date input: day, month and year boxes.

Pages and their links name the day as one query parameter, `?as_at=YYYY-MM-DD`, so that an address can
be shared and bookmarked. The form (`templates/partials/date_input.html`) sends the three boxes,
`as_at-day`, `as_at-month` and `as_at-year`, as GOV.UK's date input names them. Before any page runs,
they are read here: a real date is sent on to the same page with `?as_at=` (every other parameter
kept), and anything else is shown again, as typed, with the Design System's message for what is
wrong and an error summary, so no page needs to know about the boxes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from lineofsight.web.rendering import render

FIELD = "as_at"
PARTS = ("day", "month", "year")
NAMED = "The date to show"


@dataclass(frozen=True)
class DateProblem:
    """What is wrong with a typed date, in the Design System's words, and which boxes to mark."""

    message: str
    fields: tuple[str, ...]


def read_date(day: str, month: str, year: str, named: str = NAMED) -> dt.date | DateProblem:
    """The date the three boxes give, or what is wrong with them (GOV.UK's date input messages, which
    name the date as its question does: `named`, such as "The date the action is due")."""
    typed = dict(zip(PARTS, (day.strip(), month.strip(), year.strip()), strict=True))
    missing = tuple(part for part in PARTS if not typed[part])
    if len(missing) == len(PARTS):
        return DateProblem(f"Enter {named.lower()}", PARTS)
    if missing:
        return DateProblem(f"{named} must include a {' and a '.join(missing)}", missing)
    not_numbers = tuple(part for part in PARTS if not typed[part].isdigit())
    if not_numbers:
        return DateProblem(f"{named} must be a real date", not_numbers)
    if len(typed["year"]) != 4:
        return DateProblem("Year must include 4 numbers", ("year",))
    number = {part: int(typed[part]) for part in PARTS}
    if not 1 <= number["month"] <= 12:
        return DateProblem(f"{named} must be a real date", ("month",))
    try:
        return dt.date(number["year"], number["month"], number["day"])
    except ValueError:  # 31 April, 29 February in a common year
        return DateProblem(f"{named} must be a real date", ("day",))


class DateChosenRedirect(Exception):  # noqa: N818 - not an error: a redirect
    """The boxes give a date: show the same page as at it."""

    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.target = target


class DateTypedError(Exception):
    """The boxes do not give a date: ask again, saying why."""

    def __init__(self, typed: dict[str, str], problem: DateProblem) -> None:
        super().__init__(problem.message)
        self.typed = typed
        self.problem = problem


def date_boxes(request: Request) -> None:
    """A dependency of every route: when the query holds the date boxes, read them."""
    query = request.query_params
    if request.method not in ("GET", "HEAD") or not any(f"{FIELD}-{part}" in query for part in PARTS):
        return
    typed = {part: query.get(f"{FIELD}-{part}", "") for part in PARTS}
    found = read_date(typed["day"], typed["month"], typed["year"])
    if isinstance(found, DateProblem):
        raise DateTypedError(typed, found)
    kept = [(key, value) for key, value in query.multi_items() if key.split("-")[0] != FIELD]
    raise DateChosenRedirect(f"{request.url.path}?{urlencode([*kept, (FIELD, found.isoformat())])}")


async def chosen(request: Request, error: Exception) -> Response:
    assert isinstance(error, DateChosenRedirect)
    return RedirectResponse(error.target, status_code=303)


async def wrong(request: Request, error: Exception) -> Response:
    assert isinstance(error, DateTypedError)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": f"{error.problem.message} (as_at-day, as_at-month, as_at-year)"}, 400)
    return render(
        request,
        "date_problem.html",
        status_code=400,
        title="Which date should the page show?",
        error_title=True,
        error=error.problem,
        typed=error.typed,
    )


def install(app: FastAPI) -> None:
    """Read the date boxes before every route: call it before the routers are included."""
    app.router.dependencies.append(Depends(date_boxes))
    app.add_exception_handler(DateChosenRedirect, chosen)
    app.add_exception_handler(DateTypedError, wrong)
