"""Live from the case-management system (issue 16): what a load took from its source and when, the
workforce census as returned, and workers whose dates a case-management extract does not give.

- `loads`: `extracted_at` (when a case-management extract was taken, for "data as at ..."),
  `changed_from` and `rows_after` (so that the web app keeps figures as at days before a load's
  changes: see `web/cache.py`).
- `workers`: `social_worker_registration_no` (Social Work England's number, which the workforce
  census knows workers by) and `worker_start_provisional` (a spell whose dates are not known).
- `workforce_census` and `workforce_census_workers`: the census as the council returned it.

Columns are added with plain ADD COLUMN and constant defaults, which SQLite does in place: `loads`
and `workers` are pointed at by other tables' foreign keys, so they must not be copied.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

CENSUS = "workforce_census"
CENSUS_WORKERS = "workforce_census_workers"
CENSUS_ELEMENTS = (
    "agency_worker",
    "swe_no",
    "fte",
    "person_birth_date",
    "gender_current",
    "ethnicity",
    "qual_inst",
    "qual_level",
    "step_up_grad",
    "org_role",
    "role_start_date",
    "start_origin",
    "role_end_date",
    "leaver_destination",
    "reason_leave",
    "fte30",
    "cases30",
    "working_days_lost",
    "contract_weeks",
    "frontline_grad",
    "absat30_sept",
    "reason_absence",
    "cfkss_status",
)


def upgrade() -> None:
    op.add_column("loads", sa.Column("extracted_at", sa.DateTime(), nullable=True))
    op.add_column("loads", sa.Column("changed_from", sa.Date(), nullable=True))
    op.add_column("loads", sa.Column("rows_after", sa.Integer(), nullable=True))
    op.add_column("workers", sa.Column("social_worker_registration_no", sa.String(), nullable=True))
    op.add_column(
        "workers", sa.Column("worker_start_provisional", sa.Boolean(), nullable=False, server_default="0")
    )
    op.create_table(
        CENSUS,
        sa.Column("census_id", sa.String(), nullable=False),
        sa.Column("census_date", sa.Date(), nullable=False),
        sa.Column("number_of_vacancies", sa.String(), nullable=True),
        sa.Column("agency_fte", sa.String(), nullable=True),
        sa.Column("agency_headcount", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("census_id", name=op.f("pk_workforce_census")),
    )
    op.create_table(
        CENSUS_WORKERS,
        sa.Column("census_worker_id", sa.String(), nullable=False),
        sa.Column("census_id", sa.String(), nullable=False),
        sa.Column("worker_id", sa.String(), nullable=True),
        *(sa.Column(name, sa.String(), nullable=True) for name in CENSUS_ELEMENTS),
        sa.PrimaryKeyConstraint("census_worker_id", name=op.f("pk_workforce_census_workers")),
    )
    # Tables of the council's data: on PostgreSQL they count their changes like the others (0005).
    if op.get_bind().dialect.name == "postgresql":
        for name in (CENSUS, CENSUS_WORKERS):
            op.execute(
                f"CREATE TRIGGER {name}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {name} "
                "FOR EACH STATEMENT EXECUTE FUNCTION lineofsight_data_changed()"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in (CENSUS, CENSUS_WORKERS):
            op.execute(f"DROP TRIGGER {name}_changed ON {name}")
    op.drop_table(CENSUS_WORKERS)
    op.drop_table(CENSUS)
    for table, columns in (
        ("workers", ("worker_start_provisional", "social_worker_registration_no")),
        ("loads", ("rows_after", "changed_from", "extracted_at")),
    ):
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.drop_column(column)
