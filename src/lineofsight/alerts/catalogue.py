"""The alert catalogue: each alert declared once, as data, beside the function that finds it.

An alert is a child (or a worker) who needs someone to act, as at a date D (alerts.md). The declaration
says who must act (the owner) and which settings the alert uses; the function finds the children it is
raised for, in the columns every alert shares (`COLUMNS`): the child, their allocated worker and team at
D, the due date, the days overdue (from the due date to D) and a line of detail.

A function is given its dates as a frame, `at`, with a column `as_at` and, when it names them,
`person_id`: every child is judged at every date, or each named child at their own dates. So "which
alerts did this child have on the day their case was audited" is one computation for every audit,
not one per audit day. `open_alerts` answers for one date, `open_alerts_at` for many.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import polars as pl

from lineofsight.data.needs import Either, Need, Needs, unmet
from lineofsight.settings import Settings

if TYPE_CHECKING:
    from lineofsight.data import CouncilData

COLUMNS: dict[str, pl.DataType] = {
    "person_id": pl.String(),
    "worker_id": pl.String(),
    "team_id": pl.String(),
    "due": pl.Date(),
    "days_overdue": pl.Int64(),
    "detail": pl.String(),
}

Find = Callable[["CouncilData", pl.DataFrame, Settings], pl.DataFrame]
About = Literal["child", "worker"]
AlertKind = Literal["task", "concern"]


@dataclass(frozen=True)
class Alert:
    code: str
    title: str
    raised_when: str  # the catalogue's words (alerts.md)
    owner: str  # who must act: social worker, team manager, conference chair, ...
    find: Find
    settings: tuple[str, ...] = ()
    # A worker alert (a caseload over its cap, supervision overdue) names no child: its `person_id`
    # is null, and it is never raised when `at` asks about particular children.
    about: About = "child"
    # What the alert needs from the data (`data.needs`): at a moment the loaded data does not cover,
    # it is not checked at all, rather than raised for a duty the data says nothing about.
    needs: Needs = ()
    # A task is a duty with a due date, done or not (a visit, a review); a standing concern is a
    # state of the case to keep in view and discuss (a long plan, a repeat plan, many workers),
    # which no single action ends, so it is never shown as so many days overdue.
    kind: AlertKind = "task"

    def unmet(self, data: CouncilData, as_at: dt.date) -> str | None:
        """Why the loaded data cannot check this alert on `as_at`, or None when it can."""
        return unmet(self.needs, data.coverage, as_at)

    def raised_at(self, data: CouncilData, at: pl.DataFrame, settings: Settings) -> pl.DataFrame:
        """The alert at each moment of `at` (`as_at`, and `person_id` when it names children), at the
        moments the loaded data covers what it needs."""
        days = at["as_at"].unique().to_list()
        uncovered = [day for day in days if self.unmet(data, day) is not None]
        if uncovered:
            at = at.filter(~pl.col("as_at").is_in(uncovered))
        if at.height == 0:
            return pl.DataFrame(schema={"code": pl.String(), "as_at": pl.Date(), **COLUMNS})
        found = self.find(data, at, settings)
        return (
            found.select(pl.col("as_at").cast(pl.Date()), *(pl.col(n).cast(k) for n, k in COLUMNS.items()))
            .with_columns(pl.lit(self.code).alias("code"))
            .select("code", "as_at", *COLUMNS)
            .sort("as_at", "due", "person_id", "worker_id", "detail")
        )

    def raised(self, data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
        """The children this alert is raised for as at `as_at`, in the shared columns, code first."""
        return self.raised_at(data, on(as_at), settings).drop("as_at")


REGISTRY: dict[str, Alert] = {}


def alert(
    code: str,
    *,
    title: str,
    raised_when: str,
    owner: str,
    settings: tuple[str, ...] = (),
    about: About = "child",
    needs: Needs = (),
    kind: AlertKind = "task",
) -> Callable[[Find], Find]:
    """Declare an alert: the decorated function finds the children it is raised for, from the facts in
    `needs` (see `data.needs`), at the moments the loaded data covers them."""

    def register(find: Find) -> Find:
        if code in REGISTRY:
            raise ValueError(f"alert {code} is declared twice")
        REGISTRY[code] = Alert(
            code=code,
            title=title,
            raised_when=raised_when,
            owner=owner,
            find=find,
            settings=settings,
            about=about,
            needs=needs,
            kind=kind,
        )
        return find

    return register


def on(as_at: dt.date) -> pl.DataFrame:
    """The moments frame for one date, for every child."""
    return pl.DataFrame({"as_at": [as_at]}, schema={"as_at": pl.Date()})


def open_alerts_at(
    data: CouncilData, at: pl.DataFrame, settings: Settings, codes: Iterable[str] | None = None
) -> pl.DataFrame:
    """Every alert (or those named) at each moment of `at`: one row per child per alert per moment.

    When `at` names children, only alerts about children are raised."""
    wanted = sorted(REGISTRY if codes is None else codes)
    if "person_id" in at.columns:
        wanted = [code for code in wanted if REGISTRY[code].about == "child"]
    empty = pl.DataFrame(schema={"code": pl.String(), "as_at": pl.Date(), **COLUMNS})
    return pl.concat([empty, *(REGISTRY[code].raised_at(data, at, settings) for code in wanted)])


def open_alerts(
    data: CouncilData, as_at: dt.date, settings: Settings, codes: Iterable[str] | None = None
) -> pl.DataFrame:
    """Every alert (or those named) raised as at `as_at`: one row per child per alert, by code."""
    return open_alerts_at(data, on(as_at), settings, codes).drop("as_at")


def child_alert_needs(look_back_months: int) -> tuple[Need, ...]:
    """Every fact the alerts about children need, held over `look_back_months` more than each needs:
    for a figure that checks alerts on every day of a year (QA03), each day's look-back included.
    Where an alert has a choice of facts, the first is taken."""
    found: dict[str, int | None] = {}
    for alert_ in REGISTRY.values():
        if alert_.about != "child":
            continue
        for need in alert_.needs:
            for option in need.options[:1] if isinstance(need, Either) else ((need,),):
                for one in option:
                    months = None if one.months is None else one.months + look_back_months
                    held = found.get(one.fact, 0)
                    found[one.fact] = None if months is None or held is None else max(held, months)
    return tuple(Need(fact, months=months) for fact, months in found.items())
