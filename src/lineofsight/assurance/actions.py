"""The actions audits and plans set, as their owners' worklist: what is not yet done, soonest due first.

An action joins its owner's worklist (My work, `lineofsight audits actions --owner W`) from the day
it is set until it is done. One done after D was not done at D. `days_overdue` counts from the due
date to D, as the alerts' do: positive once late, 0 on the day, negative before.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from lineofsight.data import CouncilData

COLUMNS = {
    "kind": pl.String(),  # audit, plan
    "action_id": pl.String(),
    "child_id": pl.String(),  # the audited child; none for a plan's action
    "owner_id": pl.String(),
    "set_by": pl.String(),  # the audit's id, or the plan's title and priority
    "text": pl.String(),
    "due": pl.Date(),
    "days_overdue": pl.Int64(),
}


def open_actions(data: CouncilData, as_at: dt.date, owner_id: str | None = None) -> pl.DataFrame:
    """Every action set by D and not done by D (for one owner if named), soonest due first."""
    audits = data["case_audits"].select("audit_id", "person_id", "audit_date")
    audit_actions = (
        data["audit_actions"]
        .join(audits, on="audit_id")
        .filter(
            (pl.col("audit_date") <= as_at)
            & (pl.col("action_completed_date").is_null() | (pl.col("action_completed_date") > as_at))
        )
        .select(
            pl.lit("audit").alias("kind"),
            "action_id",
            pl.col("person_id").alias("child_id"),
            pl.col("action_owner_id").alias("owner_id"),
            pl.format("audit {}", "audit_id").alias("set_by"),
            pl.col("action_text").alias("text"),
            pl.col("action_due_date").alias("due"),
        )
    )
    priorities = data["plan_priorities"].join(
        data["improvement_plans"].select("plan_id", "plan_title", "plan_start_date"), on="plan_id"
    )
    plan_actions = (
        data["plan_actions"]
        .join(priorities, on="priority_id")
        .filter(
            (pl.col("plan_start_date") <= as_at)
            & (pl.col("action_completed_date").is_null() | (pl.col("action_completed_date") > as_at))
        )
        .select(
            pl.lit("plan").alias("kind"),
            pl.col("plan_action_id").alias("action_id"),
            pl.lit(None, dtype=pl.String()).alias("child_id"),
            pl.col("action_owner_id").alias("owner_id"),
            pl.format("{}, priority {}", "plan_title", "priority_number").alias("set_by"),
            pl.col("action_text").alias("text"),
            pl.col("action_due_date").alias("due"),
        )
    )
    rows = pl.concat([audit_actions, plan_actions], how="vertical_relaxed")
    if owner_id is not None:
        rows = rows.filter(pl.col("owner_id") == owner_id)
    return (
        rows.with_columns(
            (pl.lit(as_at) - pl.col("due")).dt.total_days().cast(pl.Int64).alias("days_overdue")
        )
        .select(list(COLUMNS))
        .cast(COLUMNS)  # type: ignore[arg-type]
        .sort("due", "kind", "action_id")
    )
