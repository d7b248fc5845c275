"""Measures of practice, computed as at any date from the canonical model.

Importing this package registers every measure in `catalogue.REGISTRY`.
"""

from lineofsight.measures import (  # noqa: F401  (imported to register their measures)
    adoption,
    allegations,
    assessments,
    care_leavers,
    child_protection,
    children_in_need,
    front_door,
    health_and_education,
    legal,
    looked_after,
    missing_from_care,
    private_fostering,
    quality_assurance,
    referrals,
    workforce,
)
from lineofsight.measures.catalogue import REGISTRY, Measure, Result
from lineofsight.measures.report import (
    MeasureValue,
    as_json,
    check_settings,
    compute_all,
    default_as_at,
)

__all__ = [
    "REGISTRY",
    "Measure",
    "MeasureValue",
    "Result",
    "as_json",
    "check_settings",
    "compute_all",
    "default_as_at",
]
