"""What each load covered (issue 13): one fact over which days, for which children, so that a measure
is computed only where the loaded data covers what it needs. And which starts of periods of care,
legal statuses and placements are provisional (the first day a return showed, not when it began), so
that returns loaded in any order describe one period, not two. And the SSDA903's OC2 answers as
given (health_outcomes), where a health assessment dated 31 March used to be made up from them.

A database holding a synthetic council made by an older version is marked as covering every fact over
its whole history, as the synthetic council does. Returns loaded by an older version are not marked:
what they covered was not recorded, so the measures that need them say so until they are loaded again.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLE = "coverage"
OUTCOMES = "health_outcomes"
OUTCOME_ANSWERS = (
    "sdq_score",
    "sdq_reason",
    "convicted",
    "health_check",
    "immunisations",
    "teeth_check",
    "health_assessment",
    "substance_misuse",
    "intervention_received",
    "intervention_offered",
)


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("coverage_id", sa.String(), nullable=False),
        sa.Column("load_id", sa.String(), nullable=True),
        sa.Column("coverage_source", sa.String(), nullable=False),
        sa.Column("fact", sa.String(), nullable=False),
        sa.Column("coverage_mode", sa.String(), nullable=False),
        sa.Column("window_start", sa.Date(), nullable=True),
        sa.Column("window_end", sa.Date(), nullable=False),
        sa.Column("scope", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["load_id"], ["loads.load_id"], name=op.f("fk_coverage_load_id_loads")),
        sa.PrimaryKeyConstraint("coverage_id", name=op.f("pk_coverage")),
    )
    with op.batch_alter_table(TABLE) as batch:
        batch.create_index(batch.f("ix_coverage_load_id"), ["load_id"], unique=False)
    for table, prefix in (
        ("cla_episodes", "cla_episode"),
        ("legal_statuses", "legal_status"),
        ("placements", "placement"),
    ):
        # A plain ADD COLUMN with a constant default, which SQLite does in place: copying a table that
        # other tables point at (as batch mode would) breaks their foreign keys.
        op.add_column(
            table, sa.Column(f"{prefix}_start_provisional", sa.Boolean(), nullable=False, server_default="0")
        )
    op.create_table(
        OUTCOMES,
        sa.Column("health_outcome_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("collection_year", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.String(), nullable=True) for name in OUTCOME_ANSWERS),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_health_outcomes_person_id_person")
        ),
        sa.PrimaryKeyConstraint("health_outcome_id", name=op.f("pk_health_outcomes")),
    )
    with op.batch_alter_table(OUTCOMES) as batch:
        batch.create_index(batch.f("ix_health_outcomes_person_id"), ["person_id"], unique=False)
    bind = op.get_bind()
    # Tables of the council's data: on PostgreSQL they count their changes like the others (0005).
    if bind.dialect.name == "postgresql":
        for name in (TABLE, OUTCOMES):
            op.execute(
                f"CREATE TRIGGER {name}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {name} "
                "FOR EACH STATEMENT EXECUTE FUNCTION lineofsight_data_changed()"
            )
    facts: dict[str, str] = dict(bind.execute(sa.text("SELECT fact, value FROM council")).all())
    if "profile" in facts and "generated_end" in facts:
        insert = sa.text(
            f"INSERT INTO {TABLE} (coverage_id, load_id, coverage_source, fact, coverage_mode, "
            "window_start, window_end, scope) VALUES ('synthetic', NULL, 'synthetic', '*', 'events', "
            "NULL, :end, 'every child of the synthetic council')"
        ).bindparams(sa.bindparam("end", dt.date.fromisoformat(facts["generated_end"]), type_=sa.Date()))
        op.execute(insert)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER {TABLE}_changed ON {TABLE}")
        op.execute(f"DROP TRIGGER {OUTCOMES}_changed ON {OUTCOMES}")
    with op.batch_alter_table(OUTCOMES) as batch:
        batch.drop_index(batch.f("ix_health_outcomes_person_id"))
    op.drop_table(OUTCOMES)
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_index(batch.f("ix_coverage_load_id"))
    op.drop_table(TABLE)
    for table, prefix in (
        ("cla_episodes", "cla_episode"),
        ("legal_statuses", "legal_status"),
        ("placements", "placement"),
    ):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(f"{prefix}_start_provisional")
