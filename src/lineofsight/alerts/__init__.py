"""Alerts: children (and workers) who need someone to act, as at any date.

Importing this package registers every alert in `catalogue.REGISTRY`.
"""

# Imported to register their alerts.
from lineofsight.alerts import (  # noqa: F401
    care_leavers,
    casework,
    child_protection,
    children,
    legal,
    looked_after,
    private_fostering,
    workforce,
)
from lineofsight.alerts.catalogue import REGISTRY, Alert, open_alerts, open_alerts_at
from lineofsight.alerts.worklist import worklist

__all__ = ["REGISTRY", "Alert", "open_alerts", "open_alerts_at", "worklist"]
