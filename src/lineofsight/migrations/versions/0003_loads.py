"""Loads of statutory returns, and children and workers without names (the returns carry none).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "loads",
        sa.Column("load_id", sa.String(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.Column("load_kind", sa.String(), nullable=False),
        sa.Column("load_source", sa.String(), nullable=False),
        sa.Column("load_status", sa.String(), nullable=False),
        sa.Column("inserted", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("message", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("load_id", name=op.f("pk_loads")),
    )
    with op.batch_alter_table("person") as batch:
        batch.alter_column("person_forename", existing_type=sa.String(), nullable=True)
        batch.alter_column("person_surname", existing_type=sa.String(), nullable=True)
    # The CIN census's NumberOfPreviousCPP: plans the child had before, in any council.
    with op.batch_alter_table("cp_plans") as batch:
        batch.add_column(sa.Column("cp_plan_previous_plans", sa.Integer(), nullable=True))
    # Workers the SSDA903 names by id alone: no names, no FTE.
    with op.batch_alter_table("workers") as batch:
        batch.alter_column("worker_forename", existing_type=sa.String(), nullable=True)
        batch.alter_column("worker_surname", existing_type=sa.String(), nullable=True)
        batch.alter_column("worker_fte", existing_type=sa.Double(), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("workers") as batch:
        batch.alter_column("worker_fte", existing_type=sa.Double(), nullable=False)
        batch.alter_column("worker_surname", existing_type=sa.String(), nullable=False)
        batch.alter_column("worker_forename", existing_type=sa.String(), nullable=False)
    with op.batch_alter_table("cp_plans") as batch:
        batch.drop_column("cp_plan_previous_plans")
    with op.batch_alter_table("person") as batch:
        batch.alter_column("person_forename", existing_type=sa.String(), nullable=False)
        batch.alter_column("person_surname", existing_type=sa.String(), nullable=False)
    op.drop_table("loads")
