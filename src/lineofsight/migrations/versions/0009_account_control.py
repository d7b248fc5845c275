"""Cutting off a leaver's access: server-side sessions, tokens that expire and can be revoked and carry
a name, accounts that can be disabled, the log of changes to accounts, and failed sign-ins counted by
source and username (in place of the per-account count that let anyone lock anyone out; its columns
stay in `users`, unused).

Tokens issued before this migration never expired: they now expire 90 days after it runs, so that a
BI tool keeps working while someone issues it a named token.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

OLD_TOKENS_LAST = dt.timedelta(days=90)


def upgrade() -> None:
    # Only a column added to `users` (its old failed_logins and locked_until stay, unused): any other
    # change rebuilds the table on SQLite, which the foreign keys of its tokens forbid.
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("disabled_at", sa.DateTime(), nullable=True))

    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("name", sa.String(), nullable=True))
        batch.add_column(sa.Column("expires_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("revoked_at", sa.DateTime(), nullable=True))
    tokens = sa.table("api_tokens", sa.column("expires_at", sa.DateTime()), sa.column("name", sa.String()))
    until = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0) + OLD_TOKENS_LAST
    op.execute(tokens.update().values(expires_at=until, name="issued before tokens had names"))
    with op.batch_alter_table("api_tokens") as batch:
        batch.alter_column("expires_at", existing_type=sa.DateTime(), nullable=False)

    op.create_table(
        "sessions",
        sa.Column("session_hash", sa.String(), nullable=False),
        sa.Column("username", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["username"], ["users.username"], name=op.f("fk_sessions_username_users")),
        sa.PrimaryKeyConstraint("session_hash", name=op.f("pk_sessions")),
    )
    with op.batch_alter_table("sessions") as batch:
        batch.create_index(batch.f("ix_sessions_username"), ["username"], unique=False)

    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("username", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_failures")),
    )
    with op.batch_alter_table("sign_in_failures") as batch:
        batch.create_index(batch.f("ix_sign_in_failures_at"), ["at"], unique=False)
        batch.create_index(batch.f("ix_sign_in_failures_source"), ["source"], unique=False)

    op.create_table(
        "account_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("via", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("username", sa.String(), nullable=False),
        sa.Column("detail", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_changes")),
    )
    with op.batch_alter_table("account_changes") as batch:
        batch.create_index(batch.f("ix_account_changes_username"), ["username"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("account_changes") as batch:
        batch.drop_index(batch.f("ix_account_changes_username"))
    op.drop_table("account_changes")
    with op.batch_alter_table("sign_in_failures") as batch:
        batch.drop_index(batch.f("ix_sign_in_failures_source"))
        batch.drop_index(batch.f("ix_sign_in_failures_at"))
    op.drop_table("sign_in_failures")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_index(batch.f("ix_sessions_username"))
    op.drop_table("sessions")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("revoked_at")
        batch.drop_column("expires_at")
        batch.drop_column("name")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("disabled_at")
