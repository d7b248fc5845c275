"""The council's data as the measures, alerts, journeys and pages see it: tables read from the store
as Polars frames (`council.CouncilData`), the date and period arithmetic they share (`periods`), and
what the loaded data covers (`coverage`), so that nothing is computed from data that is not there."""

from lineofsight.data.council import CouncilData

__all__ = ["CouncilData"]
