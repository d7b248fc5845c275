"""A blank end date in a return means "still open on the day the return speaks for", not "never ended".

An SSDA903 for 2024-25 leaves the end of a period of care blank when the child was still looked after
on 31 March 2025; the 2025-26 return may say it ended in August 2025. Loaded in that order, the later
return fills the end in. Loaded the other way round, the older return must not blank it again: its
blank is true only up to its own last day. So before a batch is written, a row whose end the return
leaves blank keeps the end already held when that end is after the return's last day (and the
reason that goes with it); an end held on or before that day is one the return contradicts, and the
return's blank stands.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, select

from lineofsight.interchange.loading import Batch
from lineofsight.model import Base

CHUNK = 500

# Each table whose rows a return may leave open: its key, its end date, what goes with the end.
OPEN_ENDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "cla_episodes": ("cla_episode_id", "cla_episode_ceased_date", ("cla_episode_ceased_reason",)),
    "legal_statuses": ("legal_status_id", "legal_status_end_date", ()),
    "placements": ("placement_id", "placement_end_date", ("placement_change_reason",)),
}


def keep_later_ends(connection: Connection | None, batch: Batch, last_day: dt.date) -> int:
    """Drop the blank end (and what goes with it) from the batch's rows whose held end is after
    `last_day`, so that writing the batch leaves it; how many rows kept their end."""
    if connection is None:
        return 0
    kept = 0
    for table_name, (key, end, with_end) in OPEN_ENDS.items():
        rows = [row for row in batch.tables.get(table_name, ()) if end in row and row[end] is None]
        if not rows:
            continue
        table = Base.metadata.tables[table_name]
        held: dict[str, dt.date] = {}
        keys = [row[key] for row in rows]
        for start in range(0, len(keys), CHUNK):
            query = select(table.c[key], table.c[end]).where(
                table.c[key].in_(keys[start : start + CHUNK]), table.c[end] > last_day
            )
            held.update({found[0]: found[1] for found in connection.execute(query)})
        for row in rows:
            if row[key] in held:
                del row[end]
                for column in with_end:
                    row.pop(column, None)
                kept += 1
    return kept
