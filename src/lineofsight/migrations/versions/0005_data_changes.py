"""A count of changes to the council's data, kept by triggers on PostgreSQL, so that the web app can
tell at a glance whether its kept figures are out of date (see lineofsight.model.loads.DataChanges).

Each table of the council's data gets a statement-level trigger that adds one to the count in the
same transaction as the change (once per transaction, however many statements it runs). A later
migration that adds a table of the council's data must give it the same trigger (`changed_trigger`);
a test checks that every such table has one.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The tables of the council's data at this revision (lineofsight.store.council_tables()).
COUNCIL_TABLES = (
    "adoptions", "allegations", "allocations", "assessments", "audit_actions", "care_leaver_contacts",
    "care_leavers", "care_proceedings", "case_audits", "cin_episodes", "cin_plans", "cla_episodes",
    "cla_reviews", "contacts", "council", "cp_plans", "cp_reviews", "early_help_episodes",
    "health_assessments", "initial_cp_conferences", "legal_statuses", "loads", "missing_episodes",
    "pathway_plan_reviews", "person", "personal_education_plans", "placements", "posts",
    "pre_proceedings", "private_fostering", "s47_enquiries", "strategy_discussions", "supervisions",
    "teams", "visits", "workers",
)  # fmt: skip

# Counted once per transaction: the web app needs to know only that a committed transaction changed
# the data, and a synthetic council is some 80,000 insert statements in one transaction (psycopg sends
# each row of an executemany as a statement of its own). The transaction's id is kept in a setting
# that lasts until its end. An upsert, so that the count carries on even if its row was deleted.
COUNT_A_CHANGE = """
CREATE FUNCTION lineofsight_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('lineofsight.counted_in', true) = txid_current()::text THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('lineofsight.counted_in', txid_current()::text, true);
    INSERT INTO data_changes (id, changes) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET changes = data_changes.changes + 1;
    RETURN NULL;
END
$$
"""


def changed_trigger(table: str) -> str:
    """The trigger that counts every statement that inserts, updates, deletes or truncates `table`."""
    return (
        f"CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION lineofsight_data_changed()"
    )


def upgrade() -> None:
    op.create_table(
        "data_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("changes", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_changes")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(COUNT_A_CHANGE)
        for table in COUNCIL_TABLES:
            op.execute(changed_trigger(table))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in COUNCIL_TABLES:
            op.execute(f"DROP TRIGGER {table}_changed ON {table}")
        op.execute("DROP FUNCTION lineofsight_data_changed()")
    op.drop_table("data_changes")
