"""Moderation: a second reader grades a sample of audits again, and how often the two readings agree.

**The sample** is the council's setting `moderation_one_in` (one audit in five by default). Which
audits are in it is decided by each audit's identifier (a hash), not by the auditor or the month, so
nobody can choose which of their audits are read again, and the same audit is always in or out. A
quality-assurance lead may moderate any audit besides.

**Agreement** compares the moderator's grade with the auditor's, overall and area by area: the same
grade agrees; otherwise the moderator graded it lower (the auditor was more generous) or higher.
An auditor whose grades run above moderation (at least `GENEROUS_MINIMUM` audits moderated, and more
lowered than raised by at least a third of them) is shown as such.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import polars as pl
from sqlalchemy import Connection, insert, update

from lineofsight.assurance.areas import AREA_BY_KEY, AREA_KEYS, RANK
from lineofsight.assurance.audits import Problem, new_id
from lineofsight.data import CouncilData
from lineofsight.model import Base
from lineofsight.model.audits import GRADES

GENEROUS_MINIMUM = 3  # moderated audits before an auditor can be called generous


def in_sample(audit_id: str, one_in: int) -> bool:
    """Whether the audit is in the moderation sample of one in `one_in`: by a hash of its id."""
    if one_in <= 1:
        return True
    digest = hashlib.sha256(audit_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % one_in == 0


@dataclass(frozen=True)
class ModerationRecord:
    audit_id: str
    moderator_id: str
    moderation_date: dt.date
    grade: str
    area_grades: dict[str, str]
    note: str | None = None


def moderation_problems(
    record: ModerationRecord, audit: dict[str, object] | None, workers: set[str], today: dt.date
) -> list[Problem]:
    found: list[Problem] = []
    if audit is None:
        return [Problem("audit", f"there is no audit {record.audit_id}")]
    if not record.moderator_id:
        found.append(Problem("moderator", "say who moderated (their worker id)"))
    elif record.moderator_id not in workers:
        found.append(Problem("moderator", f"there is no worker {record.moderator_id} in the data"))
    elif record.moderator_id == audit["auditor_id"]:
        found.append(Problem("moderator", "a moderator must be someone other than the auditor"))
    audit_date = audit["audit_date"]
    assert isinstance(audit_date, dt.date)
    if record.moderation_date < audit_date:
        found.append(Problem("moderation_date", "moderation comes after the audit"))
    if record.moderation_date > today:
        found.append(Problem("moderation_date", "the moderation date is in the future"))
    if record.grade not in GRADES:
        found.append(Problem("grade", "choose a grade for the file as a whole"))
    for area in AREA_KEYS:
        if record.area_grades.get(area) not in GRADES:
            found.append(Problem(f"{area}_grade", f"grade {AREA_BY_KEY[area].title.lower()}"))
    return found


def save_moderation(connection: Connection, record: ModerationRecord, recorded_by: str) -> str:
    """Write the moderation and its area grades, and set the audit's moderated grade (QA01-QA03 read
    the moderator's grade where there is one)."""
    tables = Base.metadata.tables
    moderation_id = new_id("MO")
    connection.execute(
        insert(tables["audit_moderations"]).values(
            moderation_id=moderation_id,
            audit_id=record.audit_id,
            moderator_id=record.moderator_id,
            moderation_date=record.moderation_date,
            moderation_grade=record.grade,
            moderation_note=record.note,
            recorded_by=recorded_by,
        )
    )
    connection.execute(
        insert(tables["moderation_findings"]),
        [
            {
                "moderation_finding_id": f"{moderation_id}-{area}",
                "moderation_id": moderation_id,
                "audit_area": area,
                "moderated_area_grade": grade,
            }
            for area, grade in record.area_grades.items()
        ],
    )
    audits = tables["case_audits"]
    connection.execute(
        update(audits).where(audits.c.audit_id == record.audit_id).values(moderated_grade=record.grade)
    )
    return moderation_id


def pairs(data: CouncilData, first: dt.date | None, last: dt.date) -> pl.DataFrame:
    """Every reading compared, for audits completed from `first` (None: ever) to `last` and moderated
    by `last`: one row for the file as a whole (`area` "overall") and one per area, with the auditor,
    the two grades and `difference` (moderator's rank less the auditor's: above 0, the moderator
    graded lower). Only each audit's latest moderation counts."""
    audits = data["case_audits"].filter(pl.col("audit_date") <= last)
    if first is not None:
        audits = audits.filter(pl.col("audit_date") >= first)
    moderations = (
        data["audit_moderations"]
        .filter(pl.col("moderation_date") <= last)
        .sort("moderation_date", "moderation_id")
        .group_by("audit_id")
        .last()
    )
    both = audits.join(moderations, on="audit_id", how="inner")
    overall = both.select(
        "audit_id",
        "auditor_id",
        "moderator_id",
        pl.lit("overall").alias("area"),
        pl.col("audit_grade").alias("auditor_grade"),
        pl.col("moderation_grade").alias("moderator_grade"),
    )
    areas = (
        both.select("audit_id", "auditor_id", "moderator_id", "moderation_id")
        .join(data["moderation_findings"], on="moderation_id")
        .join(
            data["audit_findings"].select("audit_id", "audit_area", "finding_grade"),
            on=["audit_id", "audit_area"],
        )
        .select(
            "audit_id",
            "auditor_id",
            "moderator_id",
            pl.col("audit_area").alias("area"),
            pl.col("finding_grade").alias("auditor_grade"),
            pl.col("moderated_area_grade").alias("moderator_grade"),
        )
    )
    rank = pl.DataFrame({"grade": list(RANK), "rank": list(RANK.values())})
    return (
        pl.concat([overall, areas])
        .join(rank.rename({"grade": "auditor_grade", "rank": "a"}), on="auditor_grade", how="left")
        .join(rank.rename({"grade": "moderator_grade", "rank": "m"}), on="moderator_grade", how="left")
        .with_columns((pl.col("m") - pl.col("a")).alias("difference"))
        .drop("a", "m")
        .sort("audit_id", "area")
    )


def agreement(compared: pl.DataFrame, by: str) -> pl.DataFrame:
    """Agreement rates grouped by `by` ("auditor_id" or "area"): readings compared, agreed, lowered by
    the moderator, raised, the agreement percentage, and `generous` (for auditors: see the module)."""
    generous = (
        (pl.col("compared") >= GENEROUS_MINIMUM)
        & ((pl.col("moderator_lower") - pl.col("moderator_higher")) * 3 >= pl.col("compared"))
        if by == "auditor_id"
        else pl.lit(False)
    )
    grouped = (
        compared.group_by(by)
        .agg(
            pl.len().cast(pl.Int64).alias("compared"),
            (pl.col("difference") == 0).sum().cast(pl.Int64).alias("agreed"),
            (pl.col("difference") > 0).sum().cast(pl.Int64).alias("moderator_lower"),
            (pl.col("difference") < 0).sum().cast(pl.Int64).alias("moderator_higher"),
        )
        .with_columns(
            (100.0 * pl.col("agreed") / pl.col("compared")).round(1).alias("agreement"),
            generous.alias("generous"),
        )
    )
    if by == "area":
        order = pl.DataFrame({"area": ["overall", *AREA_KEYS], "_order": range(len(AREA_KEYS) + 1)})
        return grouped.join(order, on="area", how="left").sort("_order").drop("_order")
    return grouped.sort("agreement", by)


def due_for_moderation(data: CouncilData, one_in: int, last: dt.date) -> pl.DataFrame:
    """Audits in the sample, completed by `last` and not yet moderated, oldest first."""
    audits = data["case_audits"].filter((pl.col("audit_date") <= last) & pl.col("moderated_grade").is_null())
    moderated = set(data["audit_moderations"]["audit_id"])
    sample = [a for a in audits["audit_id"].to_list() if in_sample(a, one_in) and a not in moderated]
    return audits.filter(pl.col("audit_id").is_in(sample)).sort("audit_date", "audit_id")
