"""The tables an SSDA903 return is written from, grouped by child, and the day arithmetic its cohorts
share (birthdays, ages, who was looked after when)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from lineofsight.data.coverage import Coverage, Span
from lineofsight.model import Base

Row = Mapping[str, Any]
TABLES = (
    "person",
    "child_years",
    "cla_episodes",
    "legal_statuses",
    "placements",
    "cla_reviews",
    "health_assessments",
    "health_outcomes",
    "missing_episodes",
    "care_leavers",
    "care_leaver_contacts",
    "care_leaver_outcomes",
    "adoptions",
    "allocations",
    "unallocated_spells",
    "previous_permanence",
    "deprivations_of_liberty",
)


@dataclass
class Council:
    """The tables the return is made from, grouped by child; and what the loaded data covers."""

    people: dict[str, Row]
    years: dict[tuple[str, int], Row]  # what a 903 said of a child for a year (child_years)
    periods: dict[str, list[Row]]
    legal: dict[str, list[Row]]  # by period of care
    placements: dict[str, list[Row]]  # by period of care
    reviews: dict[str, list[Row]]
    health: dict[str, list[Row]]
    missing: dict[str, list[Row]]
    leavers: dict[str, list[Row]]
    contacts: dict[str, list[Row]]
    adoptions: dict[str, list[Row]]
    allocations: dict[str, list[Row]]
    unallocated: dict[str, list[Row]]
    previous_permanence: dict[str, Row]  # by period of care
    outcomes: dict[tuple[str, int], Row]  # OC2 as a return gave it, by child and collection year
    leaver_outcomes: dict[tuple[str, int], Row]  # OC3 as a return gave it, by child and collection year
    deprivations: dict[str, list[Row]]
    coverage: Coverage

    @classmethod
    def read(cls, connection: Connection) -> Council:
        rows: dict[str, list[Row]] = {}
        for name in TABLES:
            table = Base.metadata.tables[name]
            (key,) = table.primary_key.columns
            rows[name] = [dict(r) for r in connection.execute(select(table).order_by(key)).mappings()]
        spans = [
            Span(
                r["fact"],
                r["coverage_mode"],
                r["window_start"],
                r["window_end"],
                r["coverage_source"],
                r["scope"],
            )
            for r in connection.execute(select(Base.metadata.tables["coverage"])).mappings()
        ]

        def by(name: str, column: str) -> dict[str, list[Row]]:
            grouped: dict[str, list[Row]] = defaultdict(list)
            for row in rows[name]:
                grouped[row[column]].append(row)
            return grouped

        def by_year(name: str) -> dict[tuple[str, int], Row]:
            return {(row["person_id"], row["collection_year"]): row for row in rows[name]}

        return cls(
            people={row["person_id"]: row for row in rows["person"]},
            years={
                (row["person_id"], row["collection_year"]): row
                for row in rows["child_years"]
                if row["return_kind"] == "903"
            },
            periods=by("cla_episodes", "person_id"),
            legal=by("legal_statuses", "cla_episode_id"),
            placements=by("placements", "cla_episode_id"),
            reviews=by("cla_reviews", "person_id"),
            health=by("health_assessments", "person_id"),
            missing=by("missing_episodes", "person_id"),
            leavers=by("care_leavers", "person_id"),
            contacts=by("care_leaver_contacts", "person_id"),
            adoptions=by("adoptions", "person_id"),
            allocations=by("allocations", "person_id"),
            unallocated=by("unallocated_spells", "person_id"),
            previous_permanence={row["cla_episode_id"]: row for row in rows["previous_permanence"]},
            outcomes=by_year("health_outcomes"),
            leaver_outcomes=by_year("care_leaver_outcomes"),
            deprivations=by("deprivations_of_liberty", "person_id"),
            coverage=Coverage(spans),
        )


def birthday(dob: dt.date, age: int) -> dt.date:
    """The `age`th birthday; 28 February for a child born on 29 February in a common year."""
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:
        return dt.date(dob.year + age, 2, 28)


def age_on(dob: dt.date, day: dt.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def looked_after_on(periods: Sequence[Row], day: dt.date) -> bool:
    return any(
        p["cla_episode_start_date"] <= day
        and (p["cla_episode_ceased_date"] is None or p["cla_episode_ceased_date"] >= day)
        for p in periods
    )


def continuously_for_a_year(periods: Sequence[Row], last: dt.date) -> bool:
    year_ago = birthday(last, -1) + dt.timedelta(days=1)
    return any(
        p["cla_episode_start_date"] <= year_ago
        and (p["cla_episode_ceased_date"] is None or p["cla_episode_ceased_date"] >= last)
        for p in periods
    )
