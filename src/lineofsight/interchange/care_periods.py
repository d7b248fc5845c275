"""One period of care, however many returns describe it and in whatever order they are loaded.

An SSDA903 return holds the episodes of one year. A child looked after since before the year shows
first as an episode that continues a period begun earlier, and where nothing loaded says when that
was, the reader takes the period to start there and marks the start *provisional*: the period began
then or earlier. So does the legal status or placement that the episode continued. A later load can
then describe the same period with an earlier start: last year's return loaded after this year's, or
Annex A's List 8, which gives the day the child started to be looked after. Two periods of care of
one child cannot both be open on one day, so where one with a provisional start begins while another
is open, they are one period: the other's start stands, the provisional one's records (its legal
statuses, placements, reviews, previous permanence, adoption) move to it, anything only the
provisional one knew (how the period ended) is kept, and the provisional row goes. The same is done
for legal statuses and placements within a period. Nothing is merged between two starts that both
claim to be true: that is a conflict in the data for the analyst, not for lineofsight, to settle.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Table, select, update

from lineofsight.model import Base

# Each kind of record: its table, key, start, end, provisional flag, and the tables pointing at it.
KINDS = (
    ("cla_episodes", "cla_episode_id", "cla_episode"),
    ("legal_statuses", "legal_status_id", "legal_status"),
    ("placements", "placement_id", "placement"),
)
CHUNK = 500


def join_provisional(connection: Connection, children: Iterable[str]) -> int:
    """Merge the records of `children` that describe one period (legal status, placement) twice, one
    of them from a provisional start; how many rows were merged away."""
    wanted = sorted(set(children))
    merged = 0
    for table_name, key, prefix in KINDS:
        table = Base.metadata.tables[table_name]
        pointing = [
            other
            for other in Base.metadata.sorted_tables
            if other is not table and key in other.columns and other.name not in ("person",)
        ]
        for start in range(0, len(wanted), CHUNK):
            rows = _rows(connection, table, wanted[start : start + CHUNK])
            for gone, kept in _pairs(rows, key, prefix, within=table_name != "cla_episodes"):
                _merge(connection, table, key, prefix, gone, kept, pointing)
                merged += 1
    return merged


def _rows(connection: Connection, table: Table, children: list[str]) -> list[dict[str, Any]]:
    found = connection.execute(select(table).where(table.c.person_id.in_(children))).mappings()
    return [dict(row) for row in found]


def _pairs(
    rows: list[dict[str, Any]], key: str, prefix: str, *, within: bool
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(the row to merge away, the row it merges into), for each child's overlapping records: sorted
    by start, a record that begins while the one before is open (not on the day it ends) is the same
    one when either start is provisional. Legal statuses and placements are compared within their
    period of care."""
    start, end, flag = f"{prefix}_start_date", f"{prefix}_end_date", f"{prefix}_start_provisional"
    if prefix == "cla_episode":
        end = "cla_episode_ceased_date"
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in rows:
        group = (row["person_id"], row["cla_episode_id"]) if within else (row["person_id"],)
        groups.setdefault(group, []).append(row)
    pairs = []
    for records in groups.values():
        records.sort(key=lambda r: (r[start], r[key]))
        current = records[0]
        for following in records[1:]:
            # Strictly inside: one ending the day the next begins is the one before it, not the same.
            overlaps = current[end] is None or following[start] < current[end]
            if overlaps and (following[flag] or current[flag]):
                # The true start stands; between two provisional ones, the earlier.
                kept, gone = (
                    (following, current) if current[flag] and not following[flag] else (current, following)
                )
                pairs.append((gone, kept))
                _absorb(kept, gone, start, end, flag)
                current = kept
            else:
                current = following
    return pairs


def _absorb(kept: dict[str, Any], gone: dict[str, Any], start: str, end: str, flag: str) -> None:
    """What the merged-away row knew that the kept one did not (its end, say), in the kept row."""
    for column, value in gone.items():
        if column in (start, flag) or value is None:
            continue
        if kept.get(column) is None:
            kept[column] = value
    if kept[flag] and gone[flag]:
        kept[start] = min(kept[start], gone[start])
    if kept[end] is not None and gone[end] is not None:
        kept[end] = max(kept[end], gone[end])
    kept["_changed"] = True


def _merge(
    connection: Connection,
    table: Table,
    key: str,
    prefix: str,
    gone: dict[str, Any],
    kept: dict[str, Any],
    pointing: list[Table],
) -> None:
    for other in pointing:
        connection.execute(update(other).where(other.c[key] == gone[key]).values({key: kept[key]}))
    connection.execute(table.delete().where(table.c[key] == gone[key]))
    values = {name: value for name, value in kept.items() if name in table.c and name != key}
    connection.execute(update(table).where(table.c[key] == kept[key]).values(values))
