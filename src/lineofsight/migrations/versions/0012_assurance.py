"""Assurance (issue 18): each audit's findings area by area, its moderations, the owners of its actions,
improvement plans with their priorities, evidence and actions, and audits being recorded on the web.

`case_audits` and `audit_actions` only gain columns, added in place (a plain ADD COLUMN, which SQLite
does without copying a table that others point at). The new tables of the council's data count their
changes on PostgreSQL like the others (0005); `audit_drafts` is a person's unfinished form, not the
council's data, and does not.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

COUNCIL_TABLES = (
    "audit_findings",
    "audit_moderations",
    "moderation_findings",
    "improvement_plans",
    "plan_priorities",
    "priority_evidence",
    "plan_actions",
)


def _table(name: str, *columns: sa.Column[object], key: str, parent: tuple[str, str] | None = None) -> None:
    constraints: list[sa.Constraint] = [sa.PrimaryKeyConstraint(key, name=op.f(f"pk_{name}"))]
    if parent is not None:
        column, target = parent
        table, _ = target.split(".")
        constraints.append(
            sa.ForeignKeyConstraint([column], [target], name=op.f(f"fk_{name}_{column}_{table}"))
        )
    op.create_table(name, *columns, *constraints)
    if parent is not None:
        with op.batch_alter_table(name) as batch:
            batch.create_index(batch.f(f"ix_{name}_{parent[0]}"), [parent[0]], unique=False)


def upgrade() -> None:
    op.add_column("case_audits", sa.Column("audit_summary", sa.String(), nullable=True))
    op.add_column("case_audits", sa.Column("recorded_by", sa.String(), nullable=True))
    op.add_column("audit_actions", sa.Column("action_owner_id", sa.String(), nullable=True))
    _table(
        "audit_findings",
        sa.Column("finding_id", sa.String(), nullable=False),
        sa.Column("audit_id", sa.String(), nullable=False),
        sa.Column("audit_area", sa.String(), nullable=False),
        sa.Column("finding_grade", sa.String(), nullable=False),
        sa.Column("finding_text", sa.String(), nullable=True),
        key="finding_id",
        parent=("audit_id", "case_audits.audit_id"),
    )
    _table(
        "audit_moderations",
        sa.Column("moderation_id", sa.String(), nullable=False),
        sa.Column("audit_id", sa.String(), nullable=False),
        sa.Column("moderator_id", sa.String(), nullable=False),
        sa.Column("moderation_date", sa.Date(), nullable=False),
        sa.Column("moderation_grade", sa.String(), nullable=False),
        sa.Column("moderation_note", sa.String(), nullable=True),
        sa.Column("recorded_by", sa.String(), nullable=True),
        key="moderation_id",
        parent=("audit_id", "case_audits.audit_id"),
    )
    _table(
        "moderation_findings",
        sa.Column("moderation_finding_id", sa.String(), nullable=False),
        sa.Column("moderation_id", sa.String(), nullable=False),
        sa.Column("audit_area", sa.String(), nullable=False),
        sa.Column("moderated_area_grade", sa.String(), nullable=False),
        key="moderation_finding_id",
        parent=("moderation_id", "audit_moderations.moderation_id"),
    )
    _table(
        "improvement_plans",
        sa.Column("plan_id", sa.String(), nullable=False),
        sa.Column("plan_title", sa.String(), nullable=False),
        sa.Column("plan_source", sa.String(), nullable=True),
        sa.Column("plan_start_date", sa.Date(), nullable=False),
        sa.Column("plan_owner", sa.String(), nullable=True),
        sa.Column("plan_created_at", sa.DateTime(), nullable=False),
        key="plan_id",
    )
    _table(
        "plan_priorities",
        sa.Column("priority_id", sa.String(), nullable=False),
        sa.Column("plan_id", sa.String(), nullable=False),
        sa.Column("priority_number", sa.Integer(), nullable=False),
        sa.Column("priority_title", sa.String(), nullable=False),
        sa.Column("priority_text", sa.String(), nullable=True),
        key="priority_id",
        parent=("plan_id", "improvement_plans.plan_id"),
    )
    _table(
        "priority_evidence",
        sa.Column("evidence_id", sa.String(), nullable=False),
        sa.Column("priority_id", sa.String(), nullable=False),
        sa.Column("evidence_kind", sa.String(), nullable=False),
        sa.Column("evidence_code", sa.String(), nullable=False),
        sa.Column("baseline_value", sa.Double(), nullable=True),
        sa.Column("target_value", sa.Double(), nullable=True),
        sa.Column("target_date", sa.Date(), nullable=True),
        key="evidence_id",
        parent=("priority_id", "plan_priorities.priority_id"),
    )
    _table(
        "plan_actions",
        sa.Column("plan_action_id", sa.String(), nullable=False),
        sa.Column("priority_id", sa.String(), nullable=False),
        sa.Column("action_text", sa.String(), nullable=False),
        sa.Column("action_owner_id", sa.String(), nullable=True),
        sa.Column("action_due_date", sa.Date(), nullable=False),
        sa.Column("action_completed_date", sa.Date(), nullable=True),
        key="plan_action_id",
        parent=("priority_id", "plan_priorities.priority_id"),
    )
    _table(
        "audit_drafts",
        sa.Column("draft_id", sa.String(), nullable=False),
        sa.Column("username", sa.String(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("answers", sa.String(), nullable=False),
        key="draft_id",
    )
    if op.get_bind().dialect.name == "postgresql":
        for name in COUNCIL_TABLES:
            op.execute(
                f"CREATE TRIGGER {name}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {name} "
                "FOR EACH STATEMENT EXECUTE FUNCTION lineofsight_data_changed()"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in COUNCIL_TABLES:
            op.execute(f"DROP TRIGGER {name}_changed ON {name}")
    op.drop_table("audit_drafts")
    for name, column in (
        ("plan_actions", "priority_id"),
        ("priority_evidence", "priority_id"),
        ("plan_priorities", "plan_id"),
        ("moderation_findings", "moderation_id"),
        ("audit_moderations", "audit_id"),
        ("audit_findings", "audit_id"),
    ):
        with op.batch_alter_table(name) as batch:
            batch.drop_index(batch.f(f"ix_{name}_{column}"))
        op.drop_table(name)
    op.drop_table("improvement_plans")
    with op.batch_alter_table("audit_actions") as batch:
        batch.drop_column("action_owner_id")
    with op.batch_alter_table("case_audits") as batch:
        batch.drop_column("recorded_by")
        batch.drop_column("audit_summary")
