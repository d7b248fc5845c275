"""Returns kept whole (issue 14): what the CIN census and the SSDA903 say that the model did not keep,
so that a return loaded and written again says the same.

- `child_years`: what a return says of a child for its year (the reason for an unknown UPN; the
  903's MOTHER and MC_DOB), by child, return and year;
- `care_leaver_outcomes`: the 903's OC3 answers as given, by child and year (as `health_outcomes`
  keeps OC2's);
- `deprivations_of_liberty`: the 903's DoLo table (2026-27);
- `unallocated_spells`: the 903's social worker episodes with no worker (XXXX);
- the census's disability codes, its InitialCPCtarget and AssessmentInternalReviewDate, and its
  PreProceedingsandFGDM block (2026-27) on `pre_proceedings`; the 903's UASC end date (DUC), why a
  social worker episode began (SW_REASON), the adopters (AD1) and why a decision to place for
  adoption was reversed; and AD1's FOSTER_CARE may be blank, as a return may leave it.

Columns are added with plain ADD COLUMN (all may be null); `adoptions`, which no table references,
is rebuilt on SQLite to let `fostering_for_adoption` be null.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

COLUMNS: dict[str, tuple[tuple[str, Any], ...]] = {
    "person": (("person_disability_codes", sa.String()), ("person_uasc_end_date", sa.Date())),
    "pre_proceedings": (
        ("referral_id", sa.String()),
        ("letter_before_proceedings_date", sa.Date()),
        ("fgdm_offered", sa.Boolean()),
        ("fgdm_held", sa.Boolean()),
        ("review_meetings", sa.Integer()),
        ("pre_proceedings_outcome_code", sa.String()),
        ("court_application_date", sa.Date()),
        ("proceedings_letter_date", sa.Date()),
    ),
    "adoptions": (
        ("decision_reversed_reason", sa.String()),
        ("adopters_count", sa.String()),
        ("adopters_sex", sa.String()),
        ("adopters_legal_status", sa.String()),
    ),
    "allocations": (("allocation_start_reason", sa.String()),),
    "assessments": (("assessment_internal_review_date", sa.Date()),),
    "s47_enquiries": (("icpc_target_date", sa.Date()),),
}

# New tables of the council's data: each by a child, with its own columns after the key and child.
TABLES: dict[str, tuple[str, tuple[sa.Column[Any], ...]]] = {
    "child_years": (
        "child_year_id",
        (
            sa.Column("return_kind", sa.String(), nullable=False),
            sa.Column("collection_year", sa.Integer(), nullable=False),
            sa.Column("upn_unknown", sa.String(), nullable=True),
            sa.Column("mother", sa.String(), nullable=True),
            sa.Column("mother_child_dob", sa.Date(), nullable=True),
        ),
    ),
    "care_leaver_outcomes": (
        "care_leaver_outcome_id",
        (
            sa.Column("collection_year", sa.Integer(), nullable=False),
            sa.Column("in_touch", sa.String(), nullable=True),
            sa.Column("activity", sa.String(), nullable=True),
            sa.Column("accommodation", sa.String(), nullable=True),
        ),
    ),
    "deprivations_of_liberty": (
        "deprivation_of_liberty_id",
        (
            sa.Column("deprivation_start_date", sa.Date(), nullable=False),
            sa.Column("deprivation_end_date", sa.Date(), nullable=True),
        ),
    ),
    "unallocated_spells": (
        "unallocated_spell_id",
        (
            sa.Column("spell_start_date", sa.Date(), nullable=False),
            sa.Column("spell_end_date", sa.Date(), nullable=True),
            sa.Column("spell_start_reason", sa.String(), nullable=True),
        ),
    ),
}


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        for name, kind in columns:
            op.add_column(table, sa.Column(name, kind, nullable=True))
    with op.batch_alter_table("adoptions") as batch:
        batch.alter_column("fostering_for_adoption", existing_type=sa.Boolean(), nullable=True)
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table, (key, own) in TABLES.items():
        op.create_table(
            table,
            sa.Column(key, sa.String(), nullable=False),
            sa.Column("person_id", sa.String(), nullable=False),
            *own,
            sa.ForeignKeyConstraint(
                ["person_id"], ["person.person_id"], name=op.f(f"fk_{table}_person_id_person")
            ),
            sa.PrimaryKeyConstraint(key, name=op.f(f"pk_{table}")),
        )
        op.create_index(op.f(f"ix_{table}_person_id"), table, ["person_id"], unique=False)
        # A table of the council's data: on PostgreSQL it counts its changes like the others (0005).
        if postgresql:
            op.execute(
                f"CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION lineofsight_data_changed()"
            )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in reversed(TABLES):
        if postgresql:
            op.execute(f"DROP TRIGGER {table}_changed ON {table}")
        op.drop_index(op.f(f"ix_{table}_person_id"), table_name=table)
        op.drop_table(table)
    with op.batch_alter_table("adoptions") as batch:
        batch.alter_column("fostering_for_adoption", existing_type=sa.Boolean(), nullable=False)
    # Plain DROP COLUMN (SQLite 3.35 and later): no table that others reference is rebuilt.
    for table, columns in COLUMNS.items():
        for name, _ in reversed(columns):
            op.drop_column(table, name)
