"""Measures of practice, computed as at any date from the canonical model.

Importing this package registers every measure in `catalogue.REGISTRY`.
"""

from lineofsight.measures import (  # noqa: F401  (imported to register their measures)
    assessments,
    child_protection,
    looked_after,
    referrals,
    workforce,
)
from lineofsight.measures.catalogue import REGISTRY, Measure, Result
from lineofsight.measures.report import MeasureValue, compute_all

__all__ = ["REGISTRY", "Measure", "MeasureValue", "Result", "compute_all"]
