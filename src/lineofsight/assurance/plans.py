"""Improvement plans: priorities, the evidence that shows each one's progress, and actions with owners.

**Evidence** is of three kinds: a measure (its figure), an alert (how many are raised: fewer is
better), or an area of the case audits ("evidence by audit": the share of audits in the three months
to each month end that graded the area good or better, by its final reading; `overall` for the file
as a whole). Each has a baseline, its value on the plan's start worked out from the data (never typed
in: the value stored when the plan was made is used only where the data no longer covers that day),
a target and a target date.

**Progress** is the evidence at each month end from the plan's start to D, and its RAG, computed,
never typed in:
- green: at or better than the trajectory, the straight line from the baseline on the start to the
  target on the target date (and the target itself once that date has passed);
- amber: better than the baseline but behind the trajectory, or short of the target with no
  baseline to judge progress by;
- red: no better than the baseline;
- none, "not available": no figure (the data does not cover it, or there is nothing to count).
A priority's RAG is its worst evidence's.
"""

from __future__ import annotations

import datetime as dt
import tomllib
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import polars as pl
from dateutil.relativedelta import relativedelta
from sqlalchemy import Connection, insert

from lineofsight import alerts, store
from lineofsight.assurance.areas import AREA_BY_KEY, is_good
from lineofsight.assurance.triangulation import area_good_share
from lineofsight.data import CouncilData
from lineofsight.data.facts import CASE_AUDITS
from lineofsight.data.needs import Need, unmet
from lineofsight.measures import REGISTRY as MEASURES
from lineofsight.measures.trend import month_ends
from lineofsight.model import Base
from lineofsight.settings import Rag, Settings

EvidenceKind = Literal["measure", "alert", "audit"]
EXAMPLES = {"escalation": Path(__file__).with_name("escalation.toml")}
AUDIT_MONTHS = 3  # evidence by audit: the audits of the three months to each month end
RAG_ORDER: dict[str | None, int] = {"red": 3, "amber": 2, "green": 1, None: 0}


class PlanError(ValueError):
    """A plan that cannot be made as given; the message says what and where."""


@dataclass(frozen=True)
class EvidenceSpec:
    kind: EvidenceKind
    code: str
    target: float | None = None
    target_date: dt.date | None = None

    def title(self) -> str:
        if self.kind == "measure":
            return f"{self.code} {MEASURES[self.code].title}"
        if self.kind == "alert":
            return f"{self.code} {alerts.REGISTRY[self.code].title} (alerts raised)"
        return f"Evidence by audit: {area_title(self.code)} graded good or better"

    def polarity(self) -> str:
        if self.kind == "measure":
            return MEASURES[self.code].polarity
        return "down" if self.kind == "alert" else "up"

    def unit(self) -> str:
        if self.kind == "measure":
            return MEASURES[self.code].unit
        return "alerts" if self.kind == "alert" else "%"


def area_title(code: str) -> str:
    return "the file as a whole" if code == "overall" else AREA_BY_KEY[code].title


@dataclass(frozen=True)
class ActionSpec:
    text: str
    owner_id: str | None
    due: dt.date
    completed: dt.date | None = None


@dataclass(frozen=True)
class PrioritySpec:
    title: str
    text: str | None = None
    evidence: tuple[EvidenceSpec, ...] = ()
    actions: tuple[ActionSpec, ...] = ()
    note: str | None = None  # why the evidence is what it is (for example, by audit)


@dataclass(frozen=True)
class PlanSpec:
    title: str
    start: dt.date
    priorities: tuple[PrioritySpec, ...]
    source: str | None = None


def check(spec: PlanSpec) -> list[str]:
    """What is wrong with a plan before it is saved: every problem, each saying where."""
    found = []
    if not spec.title.strip():
        found.append("the plan needs a title")
    for number, priority in enumerate(spec.priorities, start=1):
        where = f"priority {number}"
        if not priority.title.strip():
            found.append(f"{where}: it needs a title")
        for item in priority.evidence:
            if item.kind == "measure" and item.code not in MEASURES:
                found.append(f"{where}: there is no measure {item.code}")
            elif item.kind == "alert" and item.code not in alerts.REGISTRY:
                found.append(f"{where}: there is no alert {item.code}")
            elif item.kind == "audit" and item.code != "overall" and item.code not in AREA_BY_KEY:
                found.append(f"{where}: audits grade no area {item.code!r}")
            elif (
                item.kind == "measure"
                and MEASURES[item.code].polarity == "context"
                and item.target is not None
            ):
                found.append(f"{where}: {item.code} has no better direction, so no target")
            if item.target_date is not None and item.target_date <= spec.start:
                found.append(f"{where}: {item.code}'s target date is not after the plan's start")
    return found


def example(name: str, start: dt.date, settings: Settings) -> PlanSpec:
    """A ready example plan (`EXAMPLES`): its priorities and evidence, targets due `months` after the
    start; an evidence item with no target of its own takes the council's target for the measure."""
    if name not in EXAMPLES:
        raise PlanError(f"there is no example plan {name!r} (there is: {', '.join(sorted(EXAMPLES))})")
    loaded = tomllib.loads(EXAMPLES[name].read_text(encoding="utf-8"))
    due = start + relativedelta(months=int(loaded["months"]))
    priorities = []
    for item in loaded["priorities"]:
        evidence = []
        for given in item["evidence"]:
            target = given.get("target")
            if target is None and given["kind"] == "measure" and given["code"] in settings.targets:
                target = settings.targets[given["code"]].target
            evidence.append(
                EvidenceSpec(given["kind"], given["code"], None if target is None else float(target), due)
            )
        priorities.append(
            PrioritySpec(item["title"], item.get("text"), tuple(evidence), note=item.get("note"))
        )
    return PlanSpec(str(loaded["title"]), start, tuple(priorities), source=f"example: {loaded['title']}")


# Values of evidence at a date.


def evidence_value(
    data: CouncilData, item: EvidenceSpec, as_at: dt.date, settings: Settings
) -> tuple[float | None, str | None]:
    """The evidence's figure on a day, and why there is none when there is none."""
    if item.kind == "measure":
        result = MEASURES[item.code].evaluate(data, as_at, settings)
        if result.status == "no_data":
            return None, "nothing to count on this day"
        return result.value, result.reason
    if item.kind == "alert":
        reason = alerts.REGISTRY[item.code].unmet(data, as_at)
        if reason is not None:
            return None, reason
        return float(alerts.open_alerts(data, as_at, settings, [item.code]).height), None
    reason = unmet((Need(CASE_AUDITS, months=AUDIT_MONTHS),), data.coverage, as_at)
    if reason is not None:
        return None, reason
    if item.code == "overall":
        first = as_at - relativedelta(months=AUDIT_MONTHS)
        audits = data["case_audits"].filter((pl.col("audit_date") > first) & (pl.col("audit_date") <= as_at))
        grades = audits.select(pl.coalesce("moderated_grade", "audit_grade"))[:, 0].to_list()
        if not grades:
            return None, "no audits in the three months to this day"
        return 100.0 * sum(is_good(g) for g in grades) / len(grades), None
    share, graded = area_good_share(data, item.code, as_at, AUDIT_MONTHS)
    return (share, None) if graded else (None, "no audits graded this area in the three months to this day")


def rag(
    value: float | None,
    baseline: float | None,
    target: float | None,
    start: dt.date,
    target_date: dt.date | None,
    day: dt.date,
    polarity: str,
) -> Rag | None:
    """The RAG rule of this module's docstring."""
    if value is None or target is None or polarity not in ("up", "down"):
        return None
    sign = 1.0 if polarity == "up" else -1.0
    if baseline is None:
        return "green" if sign * value >= sign * target else "amber"
    if target_date is None or day >= target_date:
        expected = target
    else:
        span = (target_date - start).days or 1
        elapsed = max(0, (day - start).days)
        expected = baseline + (target - baseline) * min(1.0, elapsed / span)
    if sign * value >= sign * expected:
        return "green"
    if sign * value > sign * baseline:
        return "amber"
    return "red"


def worst(rags: list[Rag | None]) -> Rag | None:
    known = [r for r in rags if r is not None]
    return max(known, key=lambda r: RAG_ORDER[r]) if known else None


# Saving and reading plans.


def _id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def save_plan(
    connection: Connection,
    spec: PlanSpec,
    data: CouncilData,
    settings: Settings,
    owner: str | None,
    now: dt.datetime,
    plan_id: str | None = None,
) -> str:
    """Write a checked plan in the caller's transaction, with each evidence's baseline worked out from
    the data on the plan's start (stored as a record of what it was), and return its id."""
    problems = check(spec)
    if problems:
        raise PlanError("; ".join(problems))
    tables = Base.metadata.tables
    plan_id = plan_id or _id("PLAN")
    connection.execute(
        insert(tables["improvement_plans"]).values(
            plan_id=plan_id,
            plan_title=spec.title,
            plan_source=spec.source,
            plan_start_date=spec.start,
            plan_owner=owner,
            plan_created_at=now,
        )
    )
    for number, priority in enumerate(spec.priorities, start=1):
        priority_id = f"{plan_id}-P{number}"
        connection.execute(
            insert(tables["plan_priorities"]).values(
                priority_id=priority_id,
                plan_id=plan_id,
                priority_number=number,
                priority_title=priority.title,
                priority_text=priority.text or priority.note,
            )
        )
        for index, item in enumerate(priority.evidence, start=1):
            baseline, _ = evidence_value(data, item, spec.start, settings)
            connection.execute(
                insert(tables["priority_evidence"]).values(
                    evidence_id=f"{priority_id}-E{index}",
                    priority_id=priority_id,
                    evidence_kind=item.kind,
                    evidence_code=item.code,
                    baseline_value=baseline,
                    target_value=item.target,
                    target_date=item.target_date,
                )
            )
        for index, action in enumerate(priority.actions, start=1):
            connection.execute(
                insert(tables["plan_actions"]).values(
                    plan_action_id=f"{priority_id}-A{index}",
                    priority_id=priority_id,
                    action_text=action.text,
                    action_owner_id=action.owner_id,
                    action_due_date=action.due,
                    action_completed_date=action.completed,
                )
            )
    return plan_id


def add_action(connection: Connection, priority_id: str, action: ActionSpec) -> str:
    table = Base.metadata.tables["plan_actions"]
    action_id = _id(f"{priority_id}-A")
    connection.execute(
        insert(table).values(
            plan_action_id=action_id,
            priority_id=priority_id,
            action_text=action.text,
            action_owner_id=action.owner_id,
            action_due_date=action.due,
            action_completed_date=None,
        )
    )
    return action_id


def target_problems(item: EvidenceSpec, start: dt.date) -> list[tuple[str, str]]:
    """What is wrong with a target a person sets on the web (the field, the reason), as `check` says it
    for a whole plan: a measure with no better direction takes no target, and the date must come
    after the plan's start, or the trajectory from the baseline would run backwards."""
    found = []
    if item.target is not None and item.polarity() not in ("up", "down"):
        found.append(("target", f"{item.code} has no better direction, so it takes no target"))
    if item.target_date is not None and item.target_date <= start:
        found.append(("target_date", "The target date must be after the plan's start"))
    return found


def set_target(
    connection: Connection, evidence_id: str, target: float | None, target_date: dt.date | None
) -> bool:
    """Set or change one evidence's target and target date (the baseline stays what the data said on
    the plan's start); False when there is no such evidence. The caller checks with `target_problems`."""
    table = Base.metadata.tables["priority_evidence"]
    done = connection.execute(
        table.update()
        .where(table.c.evidence_id == evidence_id)
        .values(target_value=target, target_date=target_date)
    )
    return bool(done.rowcount)


def plans(data: CouncilData) -> pl.DataFrame:
    """Every plan, newest first."""
    return data["improvement_plans"].sort("plan_created_at", "plan_id", descending=[True, False])


@dataclass
class EvidenceProgress:
    spec: EvidenceSpec
    evidence_id: str
    baseline: float | None
    series: list[dict[str, Any]] = field(default_factory=list)  # as_at, value, rag, reason

    @property
    def latest(self) -> dict[str, Any]:
        return self.series[-1] if self.series else {"as_at": None, "value": None, "rag": None, "reason": None}

    def as_json(self) -> dict[str, Any]:
        return {
            "evidence_id": self.evidence_id,
            "kind": self.spec.kind,
            "code": self.spec.code,
            "title": self.spec.title(),
            "unit": self.spec.unit(),
            "polarity": self.spec.polarity(),
            "baseline": _round(self.baseline),
            "target": self.spec.target,
            "target_date": self.spec.target_date.isoformat() if self.spec.target_date else None,
            "latest": _jsonable(self.latest),
            "series": [_jsonable(point) for point in self.series],
        }


@dataclass
class PriorityProgress:
    priority_id: str
    number: int
    title: str
    text: str | None
    evidence: list[EvidenceProgress]
    actions: list[dict[str, Any]]

    @property
    def rag(self) -> Rag | None:
        return worst([e.latest["rag"] for e in self.evidence])

    @property
    def by_audit_only(self) -> bool:
        return bool(self.evidence) and all(e.spec.kind == "audit" for e in self.evidence)

    def as_json(self) -> dict[str, Any]:
        return {
            "priority_id": self.priority_id,
            "number": self.number,
            "title": self.title,
            "text": self.text,
            "rag": self.rag,
            "evidence_by_audit": any(e.spec.kind == "audit" for e in self.evidence),
            "evidence": [e.as_json() for e in self.evidence],
            "actions": [_jsonable(a) for a in self.actions],
        }


@dataclass
class PlanProgress:
    plan: dict[str, Any]
    as_at: dt.date
    months: list[dt.date]
    priorities: list[PriorityProgress]

    @property
    def rag_counts(self) -> dict[str, int]:
        counts = {"green": 0, "amber": 0, "red": 0, "none": 0}
        for priority in self.priorities:
            counts[priority.rag or "none"] += 1
        return counts

    def actions(self) -> list[dict[str, Any]]:
        return [a for p in self.priorities for a in p.actions]

    def as_json(self) -> dict[str, Any]:
        return {
            "as_at": self.as_at.isoformat(),
            "plan": _jsonable(self.plan),
            "months": [m.isoformat() for m in self.months],
            "rag_counts": self.rag_counts,
            "priorities": [p.as_json() for p in self.priorities],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v.isoformat() if isinstance(v, dt.date) else (_round(v) if isinstance(v, float) else v)
        for k, v in row.items()
    }


def action_status(due: dt.date, completed: dt.date | None, as_at: dt.date) -> str:
    """done (on time), done late, overdue, or open; a completion after D was not known at D."""
    if completed is not None and completed <= as_at:
        return "done" if completed <= due else "done late"
    return "overdue" if due < as_at else "open"


def progress(
    data: CouncilData, plan_id: str, as_at: dt.date, settings: Settings, *, monthly: bool = True
) -> PlanProgress | None:
    """The plan's progress as at D: each evidence at each month end from the start to D (or at D
    only, with `monthly=False`), its RAG, and each action's status. None for no such plan."""
    found = data["improvement_plans"].filter(pl.col("plan_id") == plan_id)
    if found.height == 0:
        return None
    plan = found.row(0, named=True)
    start: dt.date = plan["plan_start_date"]
    days = (
        [d for d in month_ends(start, as_at) if d < as_at] + [as_at]
        if monthly and as_at >= start
        else [as_at]
    )
    priorities_frame = data["plan_priorities"].filter(pl.col("plan_id") == plan_id).sort("priority_number")
    evidence_frame = data["priority_evidence"].join(priorities_frame.select("priority_id"), on="priority_id")
    actions_frame = data["plan_actions"].join(priorities_frame.select("priority_id"), on="priority_id")
    priorities = []
    for row in priorities_frame.iter_rows(named=True):
        evidence = []
        for item in (
            evidence_frame.filter(pl.col("priority_id") == row["priority_id"])
            .sort("evidence_id")
            .iter_rows(named=True)
        ):
            spec = EvidenceSpec(
                item["evidence_kind"], item["evidence_code"], item["target_value"], item["target_date"]
            )
            live, _ = evidence_value(data, spec, start, settings)
            baseline = live if live is not None else item["baseline_value"]
            track = EvidenceProgress(spec, item["evidence_id"], baseline)
            for day in days:
                value, reason = evidence_value(data, spec, day, settings)
                track.series.append(
                    {
                        "as_at": day,
                        "value": value,
                        "rag": rag(
                            value, baseline, spec.target, start, spec.target_date, day, spec.polarity()
                        ),
                        "reason": reason,
                    }
                )
            evidence.append(track)
        actions = [
            {
                "action_id": a["plan_action_id"],
                "priority_id": a["priority_id"],
                "text": a["action_text"],
                "owner_id": a["action_owner_id"],
                "due": a["action_due_date"],
                "completed": a["action_completed_date"]
                if a["action_completed_date"] and a["action_completed_date"] <= as_at
                else None,
                "status": action_status(a["action_due_date"], a["action_completed_date"], as_at),
            }
            for a in actions_frame.filter(pl.col("priority_id") == row["priority_id"])
            .sort("action_due_date", "plan_action_id")
            .iter_rows(named=True)
        ]
        priorities.append(
            PriorityProgress(
                row["priority_id"],
                row["priority_number"],
                row["priority_title"],
                row["priority_text"],
                evidence,
                actions,
            )
        )
    return PlanProgress(plan, as_at, days, priorities)


def latest_plan_id(data: CouncilData) -> str | None:
    frame = plans(data)
    return str(frame["plan_id"][0]) if frame.height else None


def complete_action(connection: Connection, action_id: str, day: dt.date) -> bool:
    """Mark a plan action done on `day`; False when there is no such action."""
    table = Base.metadata.tables["plan_actions"]
    done = connection.execute(
        table.update().where(table.c.plan_action_id == action_id).values(action_completed_date=day)
    )
    return bool(done.rowcount)


def read(connection: Connection) -> CouncilData:
    """The plan tables (and all else) as seen inside a transaction."""
    return CouncilData(frames={name: store.read_table(connection, name) for name in ("improvement_plans",)})


def with_start(spec: PlanSpec, start: dt.date) -> PlanSpec:
    return replace(spec, start=start)
