"""How fresh the data is, for every page: "Data as at 06:10 today, from the case management system".

Only a case-management extract (an SSD) is live; returns speak for their own dates and the pages
say nothing of them here. The line is the moment the latest SSD loaded was taken, not when it was
loaded; and when a refresh since then failed, the pages say so and the Data page says why (the
failed refresh kept nothing, so the figures are still those of the moment given).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, select

from lineofsight import formatting
from lineofsight.model import Base


@dataclass(frozen=True)
class Freshness:
    extracted_at: dt.datetime | None  # the latest SSD loaded was taken then; None: none loaded yet
    failed: str | None  # why the latest refresh failed, when it came after the latest that loaded

    def line(self, today: dt.date | None = None) -> str:
        if self.extracted_at is None:
            return "No data has been loaded from the case management system yet."
        today = today or dt.date.today()
        day = self.extracted_at.date()
        when = (
            "today"
            if day == today
            else "yesterday"
            if day == today - dt.timedelta(days=1)
            else f"on {formatting.long_date(day)}"
        )
        return f"Data as at {self.extracted_at:%H:%M} {when}, from the case management system."


def freshness(engine: Engine) -> Freshness | None:
    """The latest SSD refreshes, or None when the data has never come from a case-management system."""
    loads = Base.metadata.tables["loads"]
    query = (
        select(loads.c.load_status, loads.c.extracted_at, loads.c.message)
        .where(loads.c.load_kind == "ssd")
        .order_by(loads.c.loaded_at.desc())
        .limit(50)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    if not rows:
        return None
    failed = rows[0].message if rows[0].load_status != "loaded" else None
    taken = next((row.extracted_at for row in rows if row.load_status == "loaded"), None)
    return Freshness(taken, failed)
