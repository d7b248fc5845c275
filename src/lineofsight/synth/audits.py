"""The council's case-audit programme: each month a few open children's files are read and graded.

Managers audit the files of children open on the day, chosen at random, and grade the practice in
Ofsted's four words, the file as a whole and each area inspectors look at (`assurance.areas`), with
a short finding for each. The grades are over-positive, as inspectors keep finding: a child whose
work is late on the audit day (an alert is raised for them) should rarely be graded good, yet often
is, and more often when the service is under pressure and late work has come to look normal; an area
the data contradicts that day (a visit overdue, for "seen") is graded good the same way. Under
pressure auditors also write about compliance (visits recorded, forms done) rather than the child's
experiences. One audit in five (the default sample, `assurance.moderation.in_sample`) is moderated by
another manager, who grades what the data shows: moderation takes the generosity back. Each audit
sets actions due in 4 to 8 weeks, owned by the child's worker (or the team's manager); under pressure
more are done late, or not at all.

The council's improvement plan (the DfE's escalation measures, `assurance.plans.example`) starts a
year before the end, with actions owned by managers, which slip as the audit actions do.

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
from lineofsight.assurance.areas import AREAS, RANK
from lineofsight.assurance.moderation import in_sample
from lineofsight.assurance.plans import example
from lineofsight.data import CouncilData
from lineofsight.data.periods import with_allocation_at
from lineofsight.model import Base
from lineofsight.model.audits import GRADES
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
MODERATION_ONE_IN = 5  # the default sample (Settings.moderation_one_in)
MODERATION_DAYS = (5, 25)  # days after the audit
MODERATOR_SEES = 0.85  # chance the moderator grades a contradicted area below good
MODERATOR_RAISES = 0.05  # chance the moderator grades a sound area one better
EXPERIENCE_FOCUS = 0.75  # chance findings speak of the child's experiences, at the reference pressure
FOCUS_FALLS = 1.5  # elasticity: under pressure audits turn to compliance
ACTIONS = {"outstanding": (0, 1), "good": (1, 2), "requires_improvement": (2, 3), "inadequate": (3, 4)}
ACTION_WEEKS = (4, 8)
ACTION_ON_TIME = 0.8  # at the reference pressure
ACTIONS_LATE = 1.0  # elasticity: the chance of doing an action on time falls with pressure
ACTION_LATE_MEAN_DAYS = 20.0
ACTION_NEVER = 0.15  # of late actions, the share never done
MANAGER_OWNS = 0.3  # share of actions owned by the team's manager rather than the child's worker
PLAN_ACTIONS = (
    "Agree the actions with the heads of service and report to the improvement board",
    "Report progress to the scrutiny panel with the measures and audit findings",
)
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
# What an auditor writes about each area: (sound, poor) findings, about the child's experiences or
# about compliance. Made up, in a social worker's plain words.
FINDINGS: dict[str, dict[str, tuple[str, str]]] = {
    "experiences": {
        "experience": (
            "Life at home is calmer; the child told the worker they feel safer and school says attendance "
            "is up.",
            "Little has changed for the child: the same worries about home keep coming back and progress "
            "has stalled.",
        ),
        "compliance": ("Case records are up to date.", "Some case notes are not up to date."),
    },
    "seen": {
        "experience": (
            "Seen regularly and alone; the child talks openly with the worker about school and friends.",
            "Not seen alone for weeks; the child's relationship with the worker is not yet built.",
        ),
        "compliance": ("Visits recorded in timescale.", "Visits not recorded in timescale."),
    },
    "voice": {
        "experience": (
            "The child's wishes are clear and shaped the plan, including how family time happens.",
            "The child's views are missing; nobody has asked them what they want to change.",
        ),
        "compliance": ("Wishes and feelings form completed.", "Wishes and feelings form not completed."),
    },
    "assessment": {
        "experience": (
            "The assessment uses the family's history and explains what life is like for the child.",
            "The assessment repeats the presenting issue and misses the history of neglect.",
        ),
        "compliance": ("Assessment completed and authorised.", "Assessment not completed on time."),
    },
    "plan": {
        "experience": (
            "The plan says what must change for the child and by when; progress is reviewed with the family.",
            "The plan is a list of tasks with no focus on the child's experience; drift since the last "
            "review.",
        ),
        "compliance": ("Plan in place and reviewed.", "Plan review overdue."),
    },
    "oversight": {
        "experience": (
            "The manager's direction is clear and has moved the plan on for the child.",
            "No recorded management oversight of the key decisions for this child.",
        ),
        "compliance": ("Management oversight recorded.", "Management oversight not recorded."),
    },
    "supervision": {
        "experience": (
            "Supervision reflects on the child's progress and has changed the plan.",
            "Supervision has not looked at this child's progress for months.",
        ),
        "compliance": ("Supervision held in timescale.", "Supervision not held in timescale."),
    },
}
# The alerts an auditor reading the file would see at once (late assessment, visit or review): the
# file's overall grade answers to these.
AUDIT_ALERTS = ("AL01", "AL03", "AL04", "AL06", "AL07")
WORKER_TABLES = ("workers", "teams", "posts", "supervisions")
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
        self.team_pressure: dict[tuple[int, str], float] = {}

    def observe(self, day: int) -> None:
        """Note the service's and each team's pressure today, for the audits drawn after the run."""
        self.pressure[day] = self.world.service_pressure
        for teams in self.world.workforce.teams.values():
            for team in teams:
                self.team_pressure[(day, team.team_id)] = team.pressure

    def _load(self, day: int, team_id: str | None) -> float:
        service = self.pressure.get(day, 1.0)
        return self.team_pressure.get((day, team_id), service) if team_id else service

    # ------------------------------------------------------------------------- the programme
    def programme(self) -> None:
        """Draw the whole programme: the month's audit days, the children audited, grades, findings,
        moderation and actions; then the improvement plan."""
        world = self.world
        chosen = self._choose()
        if chosen:
            at = pl.DataFrame(chosen, schema={"person_id": pl.String(), "as_at": pl.Date()}, orient="row")
            people = set(at["person_id"])
            data = CouncilData(frames=self._frames(people))
            raised = open_alerts_at(data, at, Settings())
            late = raised.filter(pl.col("code").is_in(AUDIT_ALERTS)).select("person_id", "as_at").unique()
            codes = raised.group_by("person_id", "as_at").agg(pl.col("code").unique())
            days = pl.DataFrame({"as_at": sorted(set(at["as_at"]))}, schema={"as_at": pl.Date()})
            worker_codes = (
                open_alerts_at(data, days, Settings(), ("AL22", "AL23"))
                .group_by("worker_id", "as_at")
                .agg(pl.col("code").unique().alias("worker_codes"))
            )
            owners = with_allocation_at(at, data["allocations"], "as_at")
            judged = (
                owners.join(
                    late.with_columns(pl.lit(True).alias("late")), on=["person_id", "as_at"], how="left"
                )
                .join(codes, on=["person_id", "as_at"], how="left")
                .join(worker_codes, on=["worker_id", "as_at"], how="left")
                .sort("as_at", "person_id")
            )
            workers = world.records.rows("workers")
            for row in judged.iter_rows(named=True):
                alerts_then = set(row["code"] or []) | set(row["worker_codes"] or [])
                self._audit(
                    row["person_id"],
                    row["as_at"],
                    row["team_id"],
                    row["worker_id"],
                    bool(row["late"]),
                    alerts_then,
                    workers,
                )
        self._plan()

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

    def _frames(self, people: set[str]) -> dict[str, pl.DataFrame]:
        """Every table an alert may read, cut to the audited children (the workforce's whole)."""
        frames = {}
        for table in Base.metadata.sorted_tables:
            if table.info.get("accounts") or table.info.get("bookkeeping"):
                continue
            columns = table.columns
            if "person_id" not in columns and table.name not in WORKER_TABLES:
                continue
            schema = {column.name: POLARS_TYPES[column.type.python_type] for column in columns}
            rows = self.world.records.rows(table.name)
            if "person_id" in columns:
                rows = [row for row in rows if row["person_id"] in people]
            frames[table.name] = pl.DataFrame(rows, schema=schema, orient="row")
        return frames

    # ------------------------------------------------------------------------------ one audit
    def _audit(
        self,
        person_id: str,
        day: dt.date,
        team_id: str | None,
        worker_id: str | None,
        late: bool,
        raised: set[str],
        workers: list[dict[str, Any]],
    ) -> None:
        world = self.world
        rng = world.rng
        load = self._load(day.toordinal(), team_id)
        grade = self._grade(late, load)
        audit_id = world.records.next_id("AU", 6)
        auditor = self._manager(day, team_id, workers, avoid=None)
        experience = rng.random() < pressure.reduced_chance(EXPERIENCE_FOCUS, load, FOCUS_FALLS)
        focus = "experience" if experience else "compliance"
        area_grades: dict[str, tuple[str, bool]] = {}
        for area in AREAS:
            contradicted = bool(raised & {*area.contradicted_by, *area.worker_alerts})
            if area.key == "voice":
                contradicted = late
            area_grade = self._grade(contradicted, load)
            area_grades[area.key] = (area_grade, contradicted)
            sound, poor = FINDINGS[area.key][focus]
            world.records.add(
                "audit_findings",
                finding_id=f"{audit_id}-{area.key}",
                audit_id=audit_id,
                audit_area=area.key,
                finding_grade=area_grade,
                finding_text=sound if area_grade in ("outstanding", "good") else poor,
            )
        moderated = self._moderate(audit_id, day, grade, late, area_grades, auditor, team_id, workers)
        world.records.add(
            "case_audits",
            audit_id=audit_id,
            person_id=person_id,
            auditor_id=auditor,
            audit_date=day,
            audit_grade=grade,
            audit_theme=THEMES[(day.year * 12 + day.month) % len(THEMES)],
            moderated_grade=moderated,
            team_id=team_id,
            worker_id=worker_id,
            audit_summary=None,
            recorded_by="synthetic",
        )
        low, high = ACTIONS[moderated or grade]
        manager = self._team_manager(day, team_id, workers)
        for _ in range(rng.randint(low, high)):
            owner = manager if (worker_id is None or rng.random() < MANAGER_OWNS) else worker_id
            self._action(audit_id, day.toordinal(), team_id, owner)

    def _grade(self, late: bool, load: float) -> str:
        rng = self.world.rng
        if late:
            good = min(GOOD_WHEN_LATE_CAP, GOOD_WHEN_LATE * pressure.delay_factor(load, OVER_POSITIVITY))
        else:
            good = GOOD_WHEN_ON_TIME
        if rng.random() < good:
            return "outstanding" if rng.random() < OUTSTANDING_SHARE else "good"
        return "inadequate" if rng.random() < INADEQUATE_SHARE else "requires_improvement"

    def _moderate(
        self,
        audit_id: str,
        day: dt.date,
        grade: str,
        late: bool,
        area_grades: dict[str, tuple[str, bool]],
        auditor: str,
        team_id: str | None,
        workers: list[dict[str, Any]],
    ) -> str | None:
        """A second manager reads one audit in five and grades what the file and the data show: an
        area the data contradicts is seldom good; a sound one keeps its grade, now and then one
        better. The overall grade follows the areas' worst lowering."""
        world = self.world
        rng = world.rng
        if not in_sample(audit_id, MODERATION_ONE_IN):
            return None
        when = day.toordinal() + rng.randint(*MODERATION_DAYS)
        if when > world.last:
            return None
        moderator = self._manager(date_of(when), team_id, workers, avoid=auditor)
        if moderator == auditor:
            return None
        moderation_id = world.records.next_id("MO", 6)
        lowered = 0
        for key, (area_grade, contradicted) in area_grades.items():
            second = self._second_reading(area_grade, contradicted)
            lowered = max(lowered, RANK[second] - RANK[area_grade])
            world.records.add(
                "moderation_findings",
                moderation_finding_id=f"{moderation_id}-{key}",
                moderation_id=moderation_id,
                audit_area=key,
                moderated_area_grade=second,
            )
        overall = self._second_reading(grade, late)
        if RANK[overall] < RANK[grade] + lowered and lowered > 0 and grade in ("outstanding", "good"):
            overall = GRADES[min(len(GRADES) - 1, RANK[grade] + lowered)]
        world.records.add(
            "audit_moderations",
            moderation_id=moderation_id,
            audit_id=audit_id,
            moderator_id=moderator,
            moderation_date=date_of(when),
            moderation_grade=overall,
            moderation_note=None,
            recorded_by="synthetic",
        )
        return overall

    def _second_reading(self, grade: str, contradicted: bool) -> str:
        rng = self.world.rng
        if contradicted and grade in ("outstanding", "good"):
            if rng.random() < MODERATOR_SEES:
                return "inadequate" if rng.random() < INADEQUATE_SHARE else "requires_improvement"
            return grade
        if not contradicted and grade != "outstanding" and rng.random() < MODERATOR_RAISES:
            return GRADES[RANK[grade] - 1]
        return grade

    def _in_post(self, day: dt.date, workers: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            row
            for row in workers
            if row["worker_role"] == "manager"
            and row["worker_start_date"] <= day
            and (row["worker_leave_date"] is None or row["worker_leave_date"] >= day)
        ]

    def _manager(
        self, day: dt.date, team_id: str | None, workers: list[dict[str, Any]], avoid: str | None
    ) -> str:
        """A manager in post on the day, from another team where there is one: audits are independent;
        never `avoid` (the auditor, for a moderator) where anyone else is in post."""
        managers = [row for row in self._in_post(day, workers) if row["worker_id"] != avoid]
        others = [row for row in managers if row["team_id"] != team_id] or managers or workers
        return str(self.world.rng.choice(others)["worker_id"])

    def _team_manager(self, day: dt.date, team_id: str | None, workers: list[dict[str, Any]]) -> str | None:
        managers = [row for row in self._in_post(day, workers) if row["team_id"] == team_id]
        return str(managers[0]["worker_id"]) if managers else None

    def _action(self, audit_id: str, day: int, team_id: str | None, owner: str | None) -> None:
        world = self.world
        rng = world.rng
        due = day + 7 * rng.randint(*ACTION_WEEKS)
        done = self._done(due, self._load(min(due, world.last), team_id))
        world.records.add(
            "audit_actions",
            action_id=world.records.next_id("AA", 7),
            audit_id=audit_id,
            action_text=rng.choice(ACTION_TEXTS),
            action_due_date=date_of(due),
            action_completed_date=date_of(done) if done is not None and done <= world.last else None,
            action_owner_id=owner,
        )

    def _done(self, due: int, load: float) -> int | None:
        """When an action due on `due` is done: mostly by then, less often under pressure; some late,
        some never."""
        rng = self.world.rng
        if rng.random() < pressure.reduced_chance(ACTION_ON_TIME, load, ACTIONS_LATE):
            return due - rng.randint(0, 14)
        if rng.random() < ACTION_NEVER:
            return None
        mean = ACTION_LATE_MEAN_DAYS * pressure.delay_factor(load, 1.0)
        return due + 1 + int(rng.expovariate(1.0 / mean))

    # ----------------------------------------------------------------------- the improvement plan
    def _plan(self) -> None:
        """The DfE's escalation measures as the council's plan, from a year before the end: each
        priority with two actions owned by managers in post, due through the year, slipping as the
        service's pressure rises. Baselines are left to be worked out from the data (never typed)."""
        world = self.world
        rng = world.rng
        start_day = max(world.first, add_months(world.last, -12) + 1)
        start = date_of(start_day)
        spec = example("escalation", start, Settings())
        workers = world.records.rows("workers")
        managers = [row["worker_id"] for row in self._in_post(start, workers)] or [None]
        plan_id = "PLAN-escalation"
        world.records.add(
            "improvement_plans",
            plan_id=plan_id,
            plan_title=spec.title,
            plan_source=spec.source,
            plan_start_date=start,
            plan_owner="director",
            plan_created_at=dt.datetime.combine(start, dt.time(9, 0)),
        )
        for number, priority in enumerate(spec.priorities, start=1):
            priority_id = f"{plan_id}-P{number}"
            world.records.add(
                "plan_priorities",
                priority_id=priority_id,
                plan_id=plan_id,
                priority_number=number,
                priority_title=priority.title,
                priority_text=priority.note,
            )
            for index, item in enumerate(priority.evidence, start=1):
                world.records.add(
                    "priority_evidence",
                    evidence_id=f"{priority_id}-E{index}",
                    priority_id=priority_id,
                    evidence_kind=item.kind,
                    evidence_code=item.code,
                    baseline_value=None,
                    target_value=item.target,
                    target_date=item.target_date,
                )
            for index, text in enumerate(PLAN_ACTIONS, start=1):
                due = start_day + 30 * rng.randint(2, 11)
                done = self._done(due, self.pressure.get(min(due, world.last), 1.0))
                world.records.add(
                    "plan_actions",
                    plan_action_id=f"{priority_id}-A{index}",
                    priority_id=priority_id,
                    action_text=text,
                    action_owner_id=rng.choice(managers),
                    action_due_date=date_of(due),
                    action_completed_date=date_of(done) if done is not None and done <= world.last else None,
                )
