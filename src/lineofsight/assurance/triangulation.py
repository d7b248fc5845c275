"""Triangulation: every audit set beside what the data said about that child on the audit day.

For each audit: the alerts open for the child that day (an overdue visit, assessment or review, drift,
a third social worker), the alerts about the allocated worker (over their caseload cap, not
supervised), the child's last visit and the last time they were seen alone, and how many workers
they had in the year before. Then, where the audit graded the file (or an area of it) good or better
and the data says otherwise, why (`at_odds`, QA03 with its reasons). Across audits: the areas and
topics that keep coming up (`themes`), and how many audits look at the child's experiences rather
than at compliance.

Only what the data covers is used: an alert the loaded data cannot check on the audit day is listed
as not checked, never taken as a clean bill; a child's visits and workers are shown only where they
are held.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from lineofsight.alerts import REGISTRY as ALERTS
from lineofsight.alerts import open_alerts_at
from lineofsight.assurance.areas import AREA_BY_KEY, AREAS, GOOD_OR_BETTER, is_good
from lineofsight.assurance.audits import audit_table
from lineofsight.assurance.topics import looks_at_experiences, matches, topics
from lineofsight.data import CouncilData
from lineofsight.data.facts import ALLOCATIONS, CASE_AUDITS, CIN_VISITS, CLA_VISITS, CP_VISITS
from lineofsight.data.needs import Need, unmet
from lineofsight.data.periods import year_before
from lineofsight.settings import Settings

WORKER_ALERTS = ("AL22", "AL23")
DRIFT_ALERTS = ("AL08", "AL09", "AL10", "AL11", "AL17")
TIMELINESS_ALERTS = ("AL01", "AL02", "AL03", "AL04", "AL05", "AL06", "AL07")


@dataclass(frozen=True)
class Triangulation:
    """Audits completed in the year to D, each beside the data on its day, and what they add up to."""

    as_at: dt.date
    status: str  # ok, not_covered
    reason: str | None
    audits: pl.DataFrame  # one row per audit (see `triangulate`)
    contradictions: pl.DataFrame  # audit_id, area, grade, code, title, detail
    themes: dict[str, Any]

    def at_odds(self) -> pl.DataFrame:
        """Audits graded good or better (by their final grade) that the data contradicts, with why."""
        return self.audits.filter(pl.col("at_odds"))

    def as_json(self) -> dict[str, Any]:
        def rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
            return [
                {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}
                for row in frame.iter_rows(named=True)
            ]

        return {
            "as_at": self.as_at.isoformat(),
            "status": self.status,
            "reason": self.reason,
            "audits": rows(self.audits),
            "contradictions": rows(self.contradictions),
            "themes": self.themes,
        }


def _days(at: pl.DataFrame) -> list[dt.date]:
    return sorted(set(at["as_at"].to_list()))


def triangulate(data: CouncilData, as_at: dt.date, settings: Settings) -> Triangulation:
    """Every audit completed in the year to D beside the data on its own day."""
    reason = unmet((Need(CASE_AUDITS),), data.coverage, as_at)
    empty = _empty(as_at)
    if reason is not None:
        return Triangulation(as_at, "not_covered", reason, empty.audits, empty.contradictions, {})
    audits = audit_table(data).filter(
        (pl.col("audit_date") > year_before(as_at)) & (pl.col("audit_date") <= as_at)
    )
    if audits.height == 0:
        return Triangulation(as_at, "ok", None, empty.audits, empty.contradictions, themes(data, audits))
    at = audits.select("person_id", pl.col("audit_date").alias("as_at")).unique()
    child_alerts = open_alerts_at(data, at, settings).rename({"as_at": "audit_date"})
    days = _days(at)
    worker_alerts = (
        open_alerts_at(
            data, pl.DataFrame({"as_at": days}, schema={"as_at": pl.Date()}), settings, WORKER_ALERTS
        )
        .rename({"as_at": "audit_date"})
        .select("audit_date", "worker_id", "code", "detail")
    )
    not_checked = {day: [c for c, a in ALERTS.items() if a.unmet(data, day) is not None] for day in days}
    titled = child_alerts.with_columns(
        pl.col("code").replace_strict({c: a.title for c, a in ALERTS.items()}).alias("title")
    )
    per_child = titled.group_by("person_id", "audit_date").agg(
        pl.col("code").unique().sort().alias("alerts"),
        pl.format("{} {}: {}", "code", "title", "detail").sort().alias("alert_details"),
    )
    per_worker = (
        worker_alerts.with_columns(
            pl.col("code").replace_strict({c: a.title for c, a in ALERTS.items()}).alias("title")
        )
        .group_by("audit_date", "worker_id")
        .agg(
            pl.col("code").unique().sort().alias("worker_alerts"),
            pl.format("{} {}: {}", "code", "title", "detail").sort().alias("worker_alert_details"),
        )
    )
    found = (
        audits.join(per_child, on=["person_id", "audit_date"], how="left")
        .join(per_worker, on=["audit_date", "worker_id"], how="left")
        .with_columns(
            pl.col("alerts").fill_null([]),
            pl.col("alert_details").fill_null([]),
            pl.col("worker_alerts").fill_null([]),
            pl.col("worker_alert_details").fill_null([]),
            pl.col("audit_date")
            .map_elements(lambda day: not_checked.get(day, []), return_dtype=pl.List(pl.String()))
            .alias("not_checked"),
        )
    )
    found = _with_visits_and_workers(data, found)
    contradictions = _contradictions(data, found)
    why = contradictions.group_by("audit_id").agg(
        pl.format("{}: {}", "area_title", "detail").unique().sort().alias("why_areas")
    )
    found = (
        found.join(why, on="audit_id", how="left")
        .with_columns(
            (pl.col("grade").is_in(GOOD_OR_BETTER) & (pl.col("alerts").list.len() > 0)).alias("at_odds"),
            pl.col("alerts").list.set_intersection(list(DRIFT_ALERTS)).alias("drift"),
            pl.col("alerts").list.set_intersection(list(TIMELINESS_ALERTS)).alias("late_work"),
        )
        .with_columns(
            pl.when(pl.col("at_odds"))
            .then(pl.col("alert_details").list.join("; "))
            .otherwise(None)
            .alias("why")
        )
        .select(
            "audit_id",
            "person_id",
            "audit_date",
            "auditor_id",
            "team_id",
            "worker_id",
            "audit_grade",
            "moderated_grade",
            "grade",
            "alerts",
            "alert_details",
            "worker_alerts",
            "worker_alert_details",
            "late_work",
            "drift",
            "last_visit",
            "last_seen_alone",
            "workers_in_year",
            "not_checked",
            "at_odds",
            "why",
        )
        .sort("audit_date", "audit_id")
    )
    return Triangulation(as_at, "ok", None, found, contradictions, themes(data, audits))


def _empty(as_at: dt.date) -> Triangulation:
    audits = pl.DataFrame(
        schema={
            "audit_id": pl.String(),
            "person_id": pl.String(),
            "audit_date": pl.Date(),
            "grade": pl.String(),
            "alerts": pl.List(pl.String()),
            "at_odds": pl.Boolean(),
            "why": pl.String(),
        }
    )
    contradictions = pl.DataFrame(
        schema={
            "audit_id": pl.String(),
            "area": pl.String(),
            "area_title": pl.String(),
            "grade": pl.String(),
            "code": pl.String(),
            "detail": pl.String(),
        }
    )
    return Triangulation(as_at, "ok", None, audits, contradictions, {})


def _with_visits_and_workers(data: CouncilData, audits: pl.DataFrame) -> pl.DataFrame:
    """The child's last visit and last seen alone by the audit day, and the workers allocated in the
    year before it: each only where the data holds it over that time (else null)."""
    coverage = data.coverage
    visits_held = {
        day: any(
            coverage.covers(f, day - dt.timedelta(days=183), day) for f in (CP_VISITS, CIN_VISITS, CLA_VISITS)
        )
        for day in set(audits["audit_date"].to_list())
    }
    workers_held = {
        day: coverage.covers(ALLOCATIONS, year_before(day), day)
        for day in set(audits["audit_date"].to_list())
    }
    keys = audits.select("audit_id", "person_id", "audit_date")
    visits = (
        keys.join(
            data["visits"].select("person_id", "visit_date", "visit_seen", "visit_seen_alone"), on="person_id"
        )
        .filter(pl.col("visit_date") <= pl.col("audit_date"))
        .group_by("audit_id")
        .agg(
            pl.col("visit_date").filter(pl.col("visit_seen")).max().alias("last_visit"),
            pl.col("visit_date").filter(pl.col("visit_seen_alone")).max().alias("last_seen_alone"),
        )
    )
    workers = (
        keys.join(
            data["allocations"].select(
                "person_id", "worker_id", "allocation_start_date", "allocation_end_date"
            ),
            on="person_id",
        )
        .filter(
            (pl.col("allocation_start_date") <= pl.col("audit_date"))
            & (
                pl.col("allocation_end_date").is_null()
                | (pl.col("allocation_end_date") > pl.col("audit_date").dt.offset_by("-1y"))
            )
        )
        .group_by("audit_id")
        .agg(pl.col("worker_id").n_unique().cast(pl.Int64).alias("workers_in_year"))
    )
    return (
        audits.join(visits, on="audit_id", how="left")
        .join(workers, on="audit_id", how="left")
        .with_columns(
            pl.when(pl.col("audit_date").map_elements(visits_held.__getitem__, return_dtype=pl.Boolean()))
            .then(pl.col("last_visit"))
            .alias("last_visit"),
            pl.when(pl.col("audit_date").map_elements(visits_held.__getitem__, return_dtype=pl.Boolean()))
            .then(pl.col("last_seen_alone"))
            .alias("last_seen_alone"),
            pl.when(pl.col("audit_date").map_elements(workers_held.__getitem__, return_dtype=pl.Boolean()))
            .then(pl.col("workers_in_year").fill_null(0))
            .alias("workers_in_year"),
        )
    )


def _contradictions(data: CouncilData, audits: pl.DataFrame) -> pl.DataFrame:
    """Each area the auditor graded good or better while an alert linked to it (`areas.AREAS`) was open
    for the child (or the worker) that day: one row per area and alert, with the alert's detail."""
    findings = data["audit_findings"].join(audits.select("audit_id"), on="audit_id", how="semi")
    links = pl.DataFrame(
        [
            {"area": area.key, "code": code}
            for area in AREAS
            for code in (*area.contradicted_by, *area.worker_alerts)
        ],
        schema={"area": pl.String(), "code": pl.String()},
    )
    raised = (
        pl.concat(
            [
                audits.select("audit_id", pl.col("alert_details").alias("details")).explode("details"),
                audits.select("audit_id", pl.col("worker_alert_details").alias("details")).explode("details"),
            ]
        )
        .drop_nulls("details")
        .with_columns(pl.col("details").str.slice(0, 4).alias("code"))
    )
    rows = (
        findings.filter(pl.col("finding_grade").is_in(GOOD_OR_BETTER))
        .select("audit_id", pl.col("audit_area").alias("area"), pl.col("finding_grade").alias("grade"))
        .join(links, on="area")
        .join(raised, on=["audit_id", "code"])
        .with_columns(
            pl.col("area").replace_strict({a.key: a.title for a in AREAS}).alias("area_title"),
            pl.col("details").alias("detail"),
        )
        .select("audit_id", "area", "area_title", "grade", "code", "detail")
        .unique()
        .sort("audit_id", "area", "code", "detail")
    )
    return rows


def themes(data: CouncilData, audits: pl.DataFrame) -> dict[str, Any]:
    """What keeps coming up across these audits: each area's grades (how many below good), the topics
    their findings and actions speak of, and how many look at the child's experiences."""
    ids = audits.select("audit_id")
    findings = data["audit_findings"].join(ids, on="audit_id", how="semi")
    actions = data["audit_actions"].join(ids, on="audit_id", how="semi")
    areas = []
    for area in AREAS:
        graded = findings.filter(pl.col("audit_area") == area.key)
        below = graded.filter(~pl.col("finding_grade").is_in(GOOD_OR_BETTER)).height
        areas.append(
            {
                "area": area.key,
                "title": area.title,
                "graded": graded.height,
                "below_good": below,
                "below_good_share": round(100.0 * below / graded.height, 1) if graded.height else None,
            }
        )
    # What keeps coming up as a problem: the findings of areas graded below good, and the actions.
    texts: dict[str, list[str]] = {}
    weak = findings.filter(~pl.col("finding_grade").is_in(GOOD_OR_BETTER))
    for audit_id, text in weak.select("audit_id", "finding_text").iter_rows():
        if text:
            texts.setdefault(audit_id, []).append(text)
    for audit_id, text in actions.select("audit_id", "action_text").iter_rows():
        texts.setdefault(audit_id, []).append(text)
    counted: dict[str, int] = {}
    for joined in (" ".join(parts) for parts in texts.values()):
        for match in matches(joined):
            counted[match.topic.key] = counted.get(match.topic.key, 0) + 1
    titles = {t.key: t.title for t in topics()}
    recurring = [
        {"topic": key, "title": titles[key], "audits": n}
        for key, n in sorted(counted.items(), key=lambda item: (-item[1], item[0]))
    ]
    experience_texts = dict(
        findings.filter(pl.col("audit_area") == "experiences").select("audit_id", "finding_text").iter_rows()
    )
    with_findings = [a for a in audits["audit_id"].to_list() if a in experience_texts]
    looking = sum(looks_at_experiences([experience_texts[a]]) for a in with_findings)
    return {
        "audits": audits.height,
        "areas": areas,
        "recurring": recurring,
        "experiences": {
            "audits_with_findings": len(with_findings),
            "look_at_experiences": looking,
            "share": round(100.0 * looking / len(with_findings), 1) if with_findings else None,
        },
    }


def area_good_share(
    data: CouncilData, area: str, as_at: dt.date, months: int = 3
) -> tuple[float | None, int]:
    """The share of audits completed in the `months` to D whose `area` was graded good or better by its
    final reading (the moderator's area grade where moderated), and how many were graded: evidence by
    audit, for a plan priority no measure shows."""
    first = as_at - dt.timedelta(days=round(months * 30.44))
    audits = data["case_audits"].filter((pl.col("audit_date") > first) & (pl.col("audit_date") <= as_at))
    own = (
        data["audit_findings"]
        .filter(pl.col("audit_area") == area)
        .join(audits.select("audit_id"), on="audit_id", how="semi")
    )
    latest = (
        data["audit_moderations"]
        .filter(pl.col("moderation_date") <= as_at)
        .sort("moderation_date")
        .group_by("audit_id")
        .last()
        .select("audit_id", "moderation_id")
    )
    moderated = latest.join(
        data["moderation_findings"].filter(pl.col("audit_area") == area), on="moderation_id"
    ).select("audit_id", "moderated_area_grade")
    final = own.join(moderated, on="audit_id", how="left").with_columns(
        pl.coalesce("moderated_area_grade", "finding_grade").alias("final")
    )
    if final.height == 0:
        return None, 0
    good = sum(is_good(g) for g in final["final"].to_list())
    return 100.0 * good / final.height, final.height


AREA_TITLES = {key: area.title for key, area in AREA_BY_KEY.items()}
