"""The canonical model: event-level tables for a child's whole journey and for the workforce.

Importing this package registers every table on `Base.metadata`. The schema itself is created only by
the Alembic migrations in `lineofsight/migrations`; a test checks that they and these classes agree.
"""

from lineofsight.model import (
    accounts,
    allegations,
    audits,
    care_leavers,
    child_protection,
    children,
    council,
    front_door,
    legal,
    loads,
    looked_after,
    permanence,
    plans,
    private_fostering,
    referrals,
    visits,
    workforce,
    workforce_census,
)
from lineofsight.model.base import Base

__all__ = [
    "Base",
    "accounts",
    "allegations",
    "audits",
    "care_leavers",
    "child_protection",
    "children",
    "council",
    "front_door",
    "legal",
    "loads",
    "looked_after",
    "permanence",
    "plans",
    "private_fostering",
    "referrals",
    "visits",
    "workforce",
    "workforce_census",
]
