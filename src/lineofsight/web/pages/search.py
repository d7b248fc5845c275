"""Find a child: by identifier or by name, among the children the viewer may see.

A social worker finds their own children, a team manager their team's (allocated or not), those who
see every child any child; an analyst, who works with aggregates, has no search. Only children the
viewer may open are ever listed, so a search cannot tell anyone that a child they may not see
exists. Every child listed is logged in the access log as viewed, under the search's path: a list
of names is itself a view of those children's records.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import polars as pl
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from lineofsight.data import CouncilData
from lineofsight.web import access, rendering
from lineofsight.web.auth import Viewer
from lineofsight.web.pages.teams import AsAt, Who, snapshot
from lineofsight.web.rendering import render

router = APIRouter()

MOST = 20  # children listed at most: a search is for finding one child, not for browsing
Words = Annotated[
    str, Query(max_length=100, description="A child's identifier, or words of their name (any order).")
]


def matching(data: CouncilData, words: str) -> pl.DataFrame:
    """The children whose identifier is `words` (any case), or whose forename and surname hold every
    word of it (any case, any order), by identifier."""
    people = data["person"].select("person_id", "person_forename", "person_surname", "person_dob")
    wanted = words.strip().lower()
    if not wanted:
        return people.clear()
    name = pl.concat_str(
        [pl.col("person_forename").fill_null(""), pl.col("person_surname").fill_null("")], separator=" "
    ).str.to_lowercase()
    every_word = pl.all_horizontal([name.str.contains(word, literal=True) for word in wanted.split()])
    return people.filter((pl.col("person_id").str.to_lowercase() == wanted) | every_word).sort("person_id")


def found_for(who: Viewer, data: CouncilData, words: str, day: dt.date) -> tuple[list[dict[str, Any]], bool]:
    """The children matching `words` that `who` may open as at `day`, at most `MOST`, and whether
    there were more."""
    if not who.sees_children:
        raise HTTPException(status_code=403, detail="Finding a child is for those who work with children.")
    shown: list[dict[str, Any]] = []
    for row in matching(data, words).iter_rows(named=True):
        if access.may_see_child(who, data, row["person_id"], day):
            if len(shown) == MOST:
                return shown, True
            shown.append(row)
    return shown, False


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(request: Request, who: Who, q: Words = "", as_at: AsAt = None) -> HTMLResponse:
    """Find a child by identifier or name: the children the viewer may open, each a link."""
    data = snapshot(request).data
    day = rendering.as_at(data, as_at)
    children, more = found_for(who, data, q, day)
    access.listed(request, who, request.url.path, [child["person_id"] for child in children])
    return render(
        request,
        "search.html",
        viewer=who,
        title="Find a child",
        words=q,
        as_at=day,
        children=children,
        more=more,
        most=MOST,
    )


@router.get("/api/search", tags=["children"])
def search_api(request: Request, who: Who, q: Words = "", as_at: AsAt = None) -> dict[str, Any]:
    """The children matching `q` (an identifier, or words of a name) that the viewer may open, at
    most 20, by identifier; `more` says whether there were more."""
    data = snapshot(request).data
    day = rendering.as_at(data, as_at)
    children, more = found_for(who, data, q, day)
    access.listed(request, who, request.url.path, [child["person_id"] for child in children])
    return {
        "as_at": day.isoformat(),
        "q": q,
        "children": [
            {
                "child_id": child["person_id"],
                "forename": child["person_forename"],
                "surname": child["person_surname"],
                "date_of_birth": child["person_dob"].isoformat() if child["person_dob"] else None,
            }
            for child in children
        ],
        "more": more,
    }
