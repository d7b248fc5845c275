"""Alerts: children (and workers) who need someone to act, as at any date.

Importing this package registers every alert in `catalogue.REGISTRY`.
"""

from lineofsight.alerts import children  # noqa: F401  (imported to register its alerts)
from lineofsight.alerts.catalogue import REGISTRY, Alert, open_alerts, open_alerts_at

__all__ = ["REGISTRY", "Alert", "open_alerts", "open_alerts_at"]
