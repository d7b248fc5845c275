"""The child's journey: one child's whole timeline as known at a date D, a summary, and open alerts.

Whoever picks up a child's case needs the same thing first: what has happened to this child. The
journey reads every table of the model that names the child (the front door, referrals and
assessments, child protection, children in need, care, permanence, the courts, leaving care, workers,
visits and audits) and lays its records out as dated events, with the child's open alerts beside them.

It is as at D, like every measure and alert: a record dated after D did not exist at D, a plan that
ended after D was still open, and what is only known when a thing ends is shown only if it ended by D
(`events`). The summary counts what had started by D and the days in each status up to D
(`statuses`).

Names are left out everywhere, the human header included: the child and the workers are shown by
their identifiers only, so that a timeline copied into an email or a ticket names no one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from lineofsight.alerts import REGISTRY as ALERTS
from lineofsight.alerts import open_alerts_at
from lineofsight.data import CouncilData
from lineofsight.journey import statuses
from lineofsight.journey.events import KINDS, SPANS, Event, timeline
from lineofsight.journey.records import ByChild, ChildRecords
from lineofsight.journey.statuses import STATUSES, age_on, days_in
from lineofsight.journey.words import SEX
from lineofsight.settings import Settings

__all__ = [
    "KINDS",
    "SPANS",
    "STATUSES",
    "Event",
    "Journey",
    "OpenAlert",
    "Summary",
    "UnknownChildError",
    "age_on",
    "days_in",
    "journey",
]


class UnknownChildError(LookupError):
    """There is no child with this identifier in the database."""

    def __init__(self, child_id: str) -> None:
        super().__init__(f"no child {child_id} in the database")
        self.child_id = child_id


@dataclass(frozen=True)
class Summary:
    """What the child has had up to D: workers, placements, plans and periods of care that had started
    by D, and the days in each status (`STATUSES`) up to and including D."""

    workers: int
    placements: int
    cin_plans: int
    cp_plans: int
    periods_of_care: int
    days: dict[str, int]

    def as_json(self) -> dict[str, Any]:
        return {
            "workers": self.workers,
            "placements": self.placements,
            "cin_plans": self.cin_plans,
            "cp_plans": self.cp_plans,
            "periods_of_care": self.periods_of_care,
            "days": dict(self.days),
        }


@dataclass(frozen=True)
class OpenAlert:
    """One of the child's alerts open at D, from the alert catalogue."""

    code: str
    title: str
    due: dt.date
    days_overdue: int
    detail: str

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "due": self.due.isoformat(),
            "days_overdue": self.days_overdue,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Journey:
    """One child's journey as known at `as_at`: who, what happened, what it adds up to, what is late."""

    as_at: dt.date
    child_id: str
    age: int | None  # whole years at D; None for a child not yet born at D
    sex: str  # in words
    statuses: tuple[str, ...]  # the keys of STATUSES open at D, in that order
    events: tuple[Event, ...]
    summary: Summary
    open_alerts: tuple[OpenAlert, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "as_at": self.as_at.isoformat(),
            "child_id": self.child_id,
            "age": self.age,
            "sex": self.sex,
            "status": list(self.statuses),
            "summary": self.summary.as_json(),
            "events": [event.as_json() for event in self.events],
            "open_alerts": [found.as_json() for found in self.open_alerts],
        }


def journey(
    data: CouncilData,
    child_id: str,
    as_at: dt.date,
    settings: Settings,
    *,
    alerts: pl.DataFrame | None = None,
    index: ByChild | None = None,
) -> Journey:
    """The child's journey as known at `as_at`. Raises UnknownChildError for an unknown child.

    `alerts`, when the caller holds them already, are every alert raised as at `as_at`
    (`alerts.open_alerts`, or the worklist, whose `child_id` is its `person_id`): the child's open
    alerts are then read off them rather than raised again. Why: the web app keeps the council's
    worklist while the data is unchanged, and raising 23 alerts for one child is 0.1 s of work that
    every child's page would otherwise repeat. `index`, likewise, is the data's tables indexed by
    child (`records.ByChild`), kept by the web app while the data is unchanged."""
    people = (
        data["person"].filter(pl.col("person_id") == child_id)
        if index is None
        else index.rows("person", child_id)
    )
    if people.height == 0:
        raise UnknownChildError(child_id)
    person = people.row(0, named=True)
    records = ChildRecords(data, child_id, index)
    spells = statuses.spells(records)
    return Journey(
        as_at=as_at,
        child_id=child_id,
        age=age_on(person["person_dob"], as_at),
        sex=SEX.get(person["person_sex"], "sex not known"),
        statuses=tuple(status for status, spelled in spells.items() if statuses.open_on(spelled, as_at)),
        events=tuple(timeline(records, person, as_at)),
        summary=_summary(records, spells, as_at),
        open_alerts=_open_alerts(data, child_id, as_at, settings)
        if alerts is None
        else _alerts_of(alerts, child_id),
    )


def _summary(records: ChildRecords, spells: dict[str, list[statuses.Spell]], as_at: dt.date) -> Summary:
    """Counts of what had started by D. Workers are counted by person (`staff_id`), as WF06 counts
    changes of social worker, so someone who leaves and comes back is one worker to the child."""
    staff = dict(records.data["workers"].select("worker_id", "staff_id").rows())
    workers = {
        staff.get(r["worker_id"], r["worker_id"])
        for r in records("allocations")
        if r["allocation_start_date"] <= as_at
    }

    def started(table: str, column: str) -> int:
        return sum(1 for r in records(table) if r[column] <= as_at)

    return Summary(
        workers=len(workers),
        placements=started("placements", "placement_start_date"),
        cin_plans=started("cin_plans", "cin_plan_start_date"),
        cp_plans=started("cp_plans", "cp_plan_start_date"),
        periods_of_care=started("cla_episodes", "cla_episode_start_date"),
        days={status: days_in(spelled, as_at) for status, spelled in spells.items()},
    )


def _open_alerts(
    data: CouncilData, child_id: str, as_at: dt.date, settings: Settings
) -> tuple[OpenAlert, ...]:
    """The child's alerts open at D. The catalogue is asked about this child alone, which by its
    contract gives every child's open alerts filtered to this one, for far less work."""
    at = pl.DataFrame(
        {"as_at": [as_at], "person_id": [child_id]}, schema={"as_at": pl.Date(), "person_id": pl.String()}
    )
    return _alerts_of(open_alerts_at(data, at, settings), child_id)


def _alerts_of(alerts: pl.DataFrame, child_id: str) -> tuple[OpenAlert, ...]:
    """The child's rows of a frame of alerts (`person_id`, or the worklist's `child_id`)."""
    child = "child_id" if "child_id" in alerts.columns else "person_id"
    found = alerts.filter(pl.col(child) == child_id)
    return tuple(
        OpenAlert(r["code"], ALERTS[r["code"]].title, r["due"], r["days_overdue"], r["detail"])
        for r in found.sort("code", "due", "detail").iter_rows(named=True)
    )
