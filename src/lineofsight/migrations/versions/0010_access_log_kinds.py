"""The access log tells opening a child's record apart from a child appearing in a list or download.

Each entry gets a `kind`: `opened` (one child's own record, as before, in `child_id`) or `listed` (one
list or download shown to one person, naming its children in `children`, a JSON array, with their
number in `child_count`). An index on `at` serves the log's filter by date and its order.

The entries written before keep their meaning: a refusal and a view on a child's own page
(`/children/...`, `/api/children/...`) were records opened; every other view was a child appearing in a
list, written one row per child, all with the moment of the request that showed the list. Those rows
are gathered into one `listed` entry per list as it was shown (the same moment, person, role and page),
naming its children in the order they were written.

Only columns are added (with constant defaults) and an index made: the table is not rebuilt.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

OWN_RECORD = "(page LIKE '/children/%' OR page LIKE '/api/children/%' OR outcome = 'refused')"


def upgrade() -> None:
    op.add_column("access_log", sa.Column("kind", sa.String(), server_default="opened", nullable=False))
    op.add_column("access_log", sa.Column("children", sa.String(), nullable=True))
    op.add_column("access_log", sa.Column("child_count", sa.Integer(), server_default="1", nullable=False))
    op.create_index(op.f("ix_access_log_at"), "access_log", ["at"], unique=False)
    op.execute(f"UPDATE access_log SET kind = 'listed' WHERE NOT {OWN_RECORD}")
    children = (
        "json_group_array(child_id)"
        if op.get_context().dialect.name == "sqlite"
        else "json_agg(child_id ORDER BY id)::text"
    )
    # One entry per list as it was shown, in the order its rows were written (the inner ORDER BY
    # makes SQLite gather them in that order; PostgreSQL's json_agg says so itself).
    op.execute(
        "INSERT INTO access_log (at, username, role, child_id, page, outcome, kind, children, child_count) "
        f"SELECT at, username, role, NULL, page, outcome, 'listed', {children}, count(*) "
        "FROM (SELECT * FROM access_log WHERE kind = 'listed' AND children IS NULL ORDER BY id) AS rows "
        "GROUP BY at, username, role, page, outcome"
    )
    op.execute("DELETE FROM access_log WHERE kind = 'listed' AND children IS NULL")


def downgrade() -> None:
    # Back to one row per child of each list.
    each = (
        "SELECT a.at, a.username, a.role, j.value, a.page, a.outcome FROM access_log AS a, "
        "json_each(a.children) AS j"
        if op.get_context().dialect.name == "sqlite"
        else "SELECT a.at, a.username, a.role, j.value, a.page, a.outcome FROM access_log AS a, "
        "json_array_elements_text(a.children::json) AS j(value)"
    )
    op.execute(
        f"INSERT INTO access_log (at, username, role, child_id, page, outcome) {each} WHERE a.kind = 'listed'"
    )
    op.execute("DELETE FROM access_log WHERE kind = 'listed' AND children IS NOT NULL")
    op.drop_index(op.f("ix_access_log_at"), table_name="access_log")
    with op.batch_alter_table("access_log") as batch:
        batch.drop_column("child_count")
        batch.drop_column("children")
        batch.drop_column("kind")
