"""The council's case-audit programme: each month a few open children's files are read and graded.

Managers audit the files of children open on the day, chosen at random, and grade the practice in
Ofsted's four words. The grades are over-positive, as inspectors keep finding: a child whose work is
late on the audit day (an alert is raised for them) should rarely be graded good, yet often is, and
more often when the service is under pressure and late work has come to look normal. A quarter of
audits are moderated, and moderation takes some of the generosity back. Each audit sets actions due
in 4 to 8 weeks; under pressure more are done late, or not at all.

Audits change nothing else in the simulation, so the programme is drawn after the run, from what
the run recorded (with the service's pressure noted day by day as it ran). Drawing it afterwards
from the same random stream keeps every other record exactly as the run left it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from lineofsight.alerts import open_alerts_at
from lineofsight.data import CouncilData
from lineofsight.data.periods import with_allocation_at
from lineofsight.model import Base
from lineofsight.settings import Settings
from lineofsight.synth import pressure
from lineofsight.synth.clock import add_months, date_of
from lineofsight.working_days import is_working_day

if TYPE_CHECKING:
    from lineofsight.synth.world import World

AUDITS_PER_10K_A_MONTH = 1.7  # about 6 a month for 35,000 children
# The chance an audit is graded good or outstanding: for a child with no work overdue, and for one
# with work overdue at the reference pressure, raised by pressure (normalised lateness).
GOOD_WHEN_ON_TIME = 0.72
GOOD_WHEN_LATE = 0.3
OVER_POSITIVITY = 1.5  # elasticity of the late child's chance of a good grade with pressure
GOOD_WHEN_LATE_CAP = 0.65
OUTSTANDING_SHARE = 0.12  # of grades good or better
INADEQUATE_SHARE = 0.2  # of grades below good
MODERATED_SHARE = 0.25
MODERATION_CORRECTS = 0.6  # chance moderation lowers an over-positive grade
ACTIONS = {"outstanding": (0, 1), "good": (1, 2), "requires_improvement": (2, 3), "inadequate": (3, 4)}
ACTION_WEEKS = (4, 8)
ACTION_ON_TIME = 0.8  # at the reference pressure
ACTIONS_LATE = 1.0  # elasticity: the chance of doing an action on time falls with pressure
ACTION_LATE_MEAN_DAYS = 20.0
ACTION_NEVER = 0.15  # of late actions, the share never done
THEMES = (
    "Neglect",
    "Child protection visits and plans",
    "Voice of the child",
    "Management oversight",
    "Care planning and permanence",
    "Step-down and closure",
)
ACTION_TEXTS = (
    "Update the chronology",
    "Record the child's views and wishes",
    "Hold a management review of the plan",
    "Visit and see the child alone",
    "Update the assessment of risk",
    "Review the plan with the family and partners",
    "Record the rationale for the decision on file",
)
# The alerts an auditor reading the file would see at once (late assessment, visit or review), and
# the tables they need.
AUDIT_ALERTS = ("AL01", "AL03", "AL04", "AL06", "AL07")
ALERT_TABLES = (
    "assessments",
    "cp_plans",
    "cin_plans",
    "visits",
    "cp_reviews",
    "initial_cp_conferences",
    "cla_episodes",
    "cla_reviews",
    "allocations",
)
POLARS_TYPES: dict[type, pl.DataType] = {
    str: pl.String(),
    bool: pl.Boolean(),
    int: pl.Int64(),
    float: pl.Float64(),
    dt.date: pl.Date(),
    dt.datetime: pl.Datetime("us"),
}


class Audits:
    def __init__(self, world: World) -> None:
        self.world = world
        self.pressure: dict[int, float] = {}

    def observe(self, day: int) -> None:
        """Note the service's pressure today, for the audits drawn after the run."""
        self.pressure[day] = self.world.service_pressure

    # ------------------------------------------------------------------------- the programme
    def programme(self) -> None:
        """Draw the whole programme: the month's audit days, the children audited, grades, actions."""
        world = self.world
        chosen = self._choose()
        if not chosen:
            return
        at = pl.DataFrame(chosen, schema={"person_id": pl.String(), "as_at": pl.Date()}, orient="row")
        people = set(at["person_id"])
        data = CouncilData(frames={table: self._frame(table, people) for table in ALERT_TABLES})
        late = open_alerts_at(data, at, Settings(), AUDIT_ALERTS).select("person_id", "as_at").unique()
        owners = with_allocation_at(at, data["allocations"], "as_at")
        judged = owners.join(
            late.with_columns(pl.lit(True).alias("late")), on=["person_id", "as_at"], how="left"
        ).sort("as_at", "person_id")
        workers = world.records.rows("workers")
        for person_id, day, team_id, worker_id, is_late in judged.select(
            "person_id", "as_at", "team_id", "worker_id", pl.col("late").fill_null(False)
        ).iter_rows():
            self._audit(person_id, day, team_id, worker_id, bool(is_late), workers)

    def _choose(self) -> list[tuple[str, dt.date]]:
        """Each month's audit days and, for each, a child open that day (no child twice in a month)."""
        world = self.world
        rng = world.rng
        rows = world.records.rows("cin_episodes")
        # Children as numbers in the order of their identifiers, so each day's choice is cheap.
        names, people = np.unique(np.array([row["person_id"] for row in rows]), return_inverse=True)
        starts = np.array([row["referral_date"].toordinal() for row in rows])
        ends = np.array(
            [world.last if row["close_date"] is None else row["close_date"].toordinal() for row in rows]
        )
        per_month = max(2, round(AUDITS_PER_10K_A_MONTH * world.scale))
        chosen: list[tuple[str, dt.date]] = []
        month = world.first
        while month <= world.last:
            following = add_months(month, 1)
            days = [d for d in range(month, min(following, world.last + 1)) if is_working_day(date_of(d))]
            seen: list[int] = []
            for day in sorted(rng.sample(days, min(per_month, len(days)))):
                open_then = np.setdiff1d(people[(starts <= day) & (ends >= day)], seen)
                if open_then.size:
                    person = int(open_then[rng.randrange(open_then.size)])
                    seen.append(person)
                    chosen.append((str(names[person]), date_of(day)))
            month = following
        return chosen

    def _frame(self, table: str, people: set[str]) -> pl.DataFrame:
        columns = Base.metadata.tables[table].columns
        schema = {column.name: POLARS_TYPES[column.type.python_type] for column in columns}
        rows = [row for row in self.world.records.rows(table) if row["person_id"] in people]
        return pl.DataFrame(rows, schema=schema, orient="row")

    # ------------------------------------------------------------------------------ one audit
    def _audit(
        self,
        person_id: str,
        day: dt.date,
        team_id: str | None,
        worker_id: str | None,
        late: bool,
        workers: list[dict[str, Any]],
    ) -> None:
        world = self.world
        rng = world.rng
        load = self.pressure.get(day.toordinal(), 1.0)
        grade = self._grade(late, load)
        moderated = None
        if rng.random() < MODERATED_SHARE:
            moderated = grade
            if late and grade in ("outstanding", "good") and rng.random() < MODERATION_CORRECTS:
                moderated = "requires_improvement"
        audit_id = world.records.next_id("AU", 6)
        world.records.add(
            "case_audits",
            audit_id=audit_id,
            person_id=person_id,
            auditor_id=self._auditor(day, team_id, workers),
            audit_date=day,
            audit_grade=grade,
            audit_theme=THEMES[(day.year * 12 + day.month) % len(THEMES)],
            moderated_grade=moderated,
            team_id=team_id,
            worker_id=worker_id,
        )
        low, high = ACTIONS[moderated or grade]
        for _ in range(rng.randint(low, high)):
            self._action(audit_id, day.toordinal(), load)

    def _grade(self, late: bool, load: float) -> str:
        rng = self.world.rng
        if late:
            good = min(GOOD_WHEN_LATE_CAP, GOOD_WHEN_LATE * pressure.delay_factor(load, OVER_POSITIVITY))
        else:
            good = GOOD_WHEN_ON_TIME
        if rng.random() < good:
            return "outstanding" if rng.random() < OUTSTANDING_SHARE else "good"
        return "inadequate" if rng.random() < INADEQUATE_SHARE else "requires_improvement"

    def _auditor(self, day: dt.date, team_id: str | None, workers: list[dict[str, Any]]) -> str:
        """A manager in post on the day, from another team where there is one: audits are independent."""
        managers = [
            row
            for row in workers
            if row["worker_role"] == "manager"
            and row["worker_start_date"] <= day
            and (row["worker_leave_date"] is None or row["worker_leave_date"] >= day)
        ]
        others = [row for row in managers if row["team_id"] != team_id] or managers or workers
        return str(self.world.rng.choice(others)["worker_id"])

    def _action(self, audit_id: str, day: int, load: float) -> None:
        world = self.world
        rng = world.rng
        due = day + 7 * rng.randint(*ACTION_WEEKS)
        done: int | None
        if rng.random() < pressure.reduced_chance(ACTION_ON_TIME, load, ACTIONS_LATE):
            done = max(day + 1, due - rng.randint(0, 14))
        elif rng.random() < ACTION_NEVER:
            done = None
        else:
            mean = ACTION_LATE_MEAN_DAYS * pressure.delay_factor(load, 1.0)
            done = due + 1 + int(rng.expovariate(1.0 / mean))
        world.records.add(
            "audit_actions",
            action_id=world.records.next_id("AA", 7),
            audit_id=audit_id,
            action_text=rng.choice(ACTION_TEXTS),
            action_due_date=date_of(due),
            action_completed_date=date_of(done) if done is not None and done <= world.last else None,
        )
