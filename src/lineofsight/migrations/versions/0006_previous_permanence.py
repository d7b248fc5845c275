"""Previous permanence: how a child's permanence was held before a period of care began (SSDA903
PrevPerm), kept so that a loaded return loses nothing and a written one says what was loaded.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLE = "previous_permanence"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("previous_permanence_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("cla_episode_id", sa.String(), nullable=False),
        sa.Column("previous_permanence_code", sa.String(), nullable=True),
        sa.Column("permanence_local_authority", sa.String(), nullable=True),
        sa.Column("permanence_order_date", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cla_episode_id"],
            ["cla_episodes.cla_episode_id"],
            name=op.f("fk_previous_permanence_cla_episode_id_cla_episodes"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_previous_permanence_person_id_person")
        ),
        sa.PrimaryKeyConstraint("previous_permanence_id", name=op.f("pk_previous_permanence")),
    )
    with op.batch_alter_table(TABLE) as batch:
        batch.create_index(batch.f("ix_previous_permanence_person_id"), ["person_id"], unique=False)
        batch.create_index(batch.f("ix_previous_permanence_cla_episode_id"), ["cla_episode_id"], unique=False)
    # A table of the council's data: on PostgreSQL it counts its changes like the others (0005).
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE TRIGGER {TABLE}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {TABLE} "
            "FOR EACH STATEMENT EXECUTE FUNCTION lineofsight_data_changed()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER {TABLE}_changed ON {TABLE}")
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_index(batch.f("ix_previous_permanence_cla_episode_id"))
        batch.drop_index(batch.f("ix_previous_permanence_person_id"))
    op.drop_table(TABLE)
