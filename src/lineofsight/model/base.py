"""The declarative base shared by every table of the canonical model.

Naming: tables and columns follow the Standard Safeguarding Dataset (SSD) with its `ssd_` table
prefix and four-letter column prefixes dropped (SSD's `ssd_cp_plans.cppl_cp_plan_start_date` is our
`cp_plans.cp_plan_start_date`), and DfE return codes where the SSD has none. Identifiers are strings,
as they are in councils' case-management systems and in the DfE returns.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Constraint names are fixed so that migrations name the same objects on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


Date = Mapped[dt.date]
OptionalDate = Mapped[dt.date | None]
Text = Mapped[str]
OptionalText = Mapped[str | None]


def key() -> Mapped[str]:
    """A string primary key."""
    return mapped_column(primary_key=True)
