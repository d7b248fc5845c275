"""The SSD's legal statuses and adoptions, each placed in the period of care it belongs to.

`ssd_legal_status` names no period of care, and lists every legal status the case-management system
records, looked after or not: special guardianship and child arrangements orders, private fostering
and care leaver statuses sit beside a care order. The model holds a legal status while a child is
looked after, so each is given the child's period of care that was open on the day it began (from
the extract, or the database for a refresh), and one that began in no period of care is not a
looked-after child's: it is left out, and the load's notes count it. No period is ever made up for it.

`ssd_permanence` lists adoptions beside the other permanence orders; the model holds adoptions, so a
special guardianship or child arrangements order is left out (and counted) in the same way. An
adoption that names no period of care is given the one open on the day of the decision that the child
should be placed, where there is one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, select

from lineofsight.interchange.loading import Batch
from lineofsight.interchange.ssd.tables import ADOPTION_ORDER, plain
from lineofsight.model import Base

# Where each row of these tables was read (the file or table, and the row), kept beside the row
# until the reader has placed it, for a rejection to name.
WHERE = "_ssd_where"
# The milestones that make a permanence row with no order type an adoption.
ADOPTION_MILESTONES = (
    "should_be_placed_decision_date",
    "placement_order_date",
    "matched_date",
    "placed_date",
    "decision_reversed_date",
)
Period = tuple[dt.date, dt.date | None, str]  # start, ceased, id


class CarePeriods:
    """Each child's periods of care, as the extract gives them and, for a child whose periods it does
    not give, as the database holds them; read once, for the children asked about."""

    def __init__(self, batch: Batch, connection: Connection) -> None:
        self.connection = connection
        self.periods: dict[str, list[Period]] = defaultdict(list)
        for row in batch.tables.get("cla_episodes", []):
            if row.get("cla_episode_start_date") is not None and row.get("person_id") is not None:
                self.periods[row["person_id"]].append(
                    (row["cla_episode_start_date"], row.get("cla_episode_ceased_date"), row["cla_episode_id"])
                )
        self.asked: set[str] = set()
        self.given = {str(row["cla_episode_id"]) for row in batch.tables.get("cla_episodes", [])}

    def read(self, children: set[str]) -> None:
        """Take from the database the periods of these children the extract does not give."""
        wanted = sorted(children - self.asked)
        self.asked.update(wanted)
        table = Base.metadata.tables["cla_episodes"]
        columns = (
            table.c.person_id,
            table.c.cla_episode_start_date,
            table.c.cla_episode_ceased_date,
            table.c.cla_episode_id,
        )
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for person, begun, ceased, key in self.connection.execute(
                select(*columns).where(table.c.person_id.in_(chunk))
            ):
                if key not in self.given:
                    self.periods[person].append((begun, ceased, key))

    def open_on(self, child: str, day: dt.date) -> str | None:
        """The child's period of care open on the day (from its start to its end, both included), the
        latest begun where one ended and the next began that day; None when there is none."""
        found = [p for p in self.periods.get(child, ()) if p[0] <= day and (p[1] is None or day <= p[1])]
        return max(found)[2] if found else None


def where(row: dict[str, Any]) -> tuple[str, int | None]:
    place, number = row.pop(WHERE, ("", None))
    return place, number


def legal_statuses(batch: Batch, periods: CarePeriods) -> None:
    rows = batch.tables.get("legal_statuses")
    if not rows:
        return
    periods.read({str(row["person_id"]) for row in rows if row.get("person_id") is not None})
    kept: list[dict[str, Any]] = []
    outside = 0
    for row in rows:
        place, number = where(row)
        for column, field, what in (
            ("legal_status", "lega_legal_status", "the legal status is blank"),
            ("legal_status_start_date", "lega_legal_status_start_date", "the legal status has no start date"),
        ):
            if row.get(column) is None:
                batch.reject(place, number, field, what, row)
                break
        else:
            period = periods.open_on(str(row["person_id"]), row["legal_status_start_date"])
            if period is None:
                outside += 1
                continue
            kept.append(row | {"cla_episode_id": period})
    batch.tables["legal_statuses"] = kept
    if outside:
        batch.notes.append(
            f"ssd_legal_status: {outside} legal statuses began in no period of care the SSD or the "
            "database holds (special guardianship, child arrangements, private fostering or care "
            "leaver statuses, which are not a looked-after child's): they were left out"
        )


def adoptions(batch: Batch, periods: CarePeriods) -> None:
    rows = batch.tables.get("adoptions")
    if not rows:
        return
    periods.read({str(row["person_id"]) for row in rows if row.get("person_id") is not None})
    kept: list[dict[str, Any]] = []
    other_orders = 0
    for row in rows:
        where(row)
        order = row.pop("order_type", None)
        carried_ffa = "fostering_for_adoption_date" in row
        placed_ffa = row.pop("fostering_for_adoption_date", None)
        if order is not None and plain(order) != plain(ADOPTION_ORDER):
            other_orders += 1
            continue
        if order is None and all(row.get(c) is None for c in ADOPTION_MILESTONES):
            other_orders += 1  # no adoption order and no step towards one: some other permanence
            continue
        if carried_ffa:
            row["fostering_for_adoption"] = placed_ffa is not None
        if row.get("cla_episode_id") is None:
            decided = next((row[c] for c in ADOPTION_MILESTONES if row.get(c) is not None), None)
            if decided is not None and row.get("person_id") is not None:
                row["cla_episode_id"] = periods.open_on(str(row["person_id"]), decided)
        kept.append(row)
    batch.tables["adoptions"] = kept
    if other_orders:
        batch.notes.append(
            f"ssd_permanence: {other_orders} rows are about other permanence orders than adoption "
            "(special guardianship, child arrangements): they were left out, as the model holds adoptions"
        )
