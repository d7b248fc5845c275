"""Case audits and the actions they set.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_audits",
        sa.Column("audit_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("auditor_id", sa.String(), nullable=False),
        sa.Column("audit_date", sa.Date(), nullable=False),
        sa.Column("audit_grade", sa.String(), nullable=False),
        sa.Column("audit_theme", sa.String(), nullable=True),
        sa.Column("moderated_grade", sa.String(), nullable=True),
        sa.Column("team_id", sa.String(), nullable=True),
        sa.Column("worker_id", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_case_audits_person_id_person")
        ),
        sa.PrimaryKeyConstraint("audit_id", name=op.f("pk_case_audits")),
    )
    with op.batch_alter_table("case_audits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_audits_person_id"), ["person_id"], unique=False)

    op.create_table(
        "audit_actions",
        sa.Column("action_id", sa.String(), nullable=False),
        sa.Column("audit_id", sa.String(), nullable=False),
        sa.Column("action_text", sa.String(), nullable=False),
        sa.Column("action_due_date", sa.Date(), nullable=False),
        sa.Column("action_completed_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["audit_id"], ["case_audits.audit_id"], name=op.f("fk_audit_actions_audit_id_case_audits")
        ),
        sa.PrimaryKeyConstraint("action_id", name=op.f("pk_audit_actions")),
    )
    with op.batch_alter_table("audit_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_actions_audit_id"), ["audit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_actions_audit_id"))

    op.drop_table("audit_actions")
    with op.batch_alter_table("case_audits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_audits_person_id"))

    op.drop_table("case_audits")
