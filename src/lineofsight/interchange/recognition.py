"""Recognising a record read from a return as one the database already holds.

A reader keys each record by its natural key (`keys.key`: `C1234/referral/2024-05-01`), since the
returns name no record by the council's own id except the child. The database may hold that record
under another id: the synthetic council's `R000001`, or a case-management system's own (the Standard
Safeguarding Dataset). Before a batch is written, `recognise` looks up, table by table, the rows
already held with the same values in the table's natural-key columns (`keys.NATURAL_KEYS`: a
referral's child and date), gives each row of the batch the id of the row it is, and makes every row
that names it (an assessment's referral, a review's plan, the loose references of
`keys.LOOSE_REFERENCES`) name that id too. The upsert then updates the record held, in the columns
the return carries, and loading what lineofsight exported adds nothing.

A row whose own id is held is that row: nothing is looked up for it. This is how a return loaded
before is matched (its records were stored under their natural keys), and it keeps the cost of a
first load into an empty table at nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, DateTime, Table, select

from lineofsight.interchange.keys import LOOSE_REFERENCES, NATURAL_KEYS
from lineofsight.model import Base

Row = dict[str, Any]
CHUNK = 500


@dataclass
class Matches:
    """Which of a table's batch rows are held, and under which id."""

    held: set[Any] = field(default_factory=set)  # batch ids held as they are
    renamed: dict[Any, Any] = field(default_factory=dict)  # batch id -> the id it is held under
    twice: int = 0  # rows matched to one of several held under the same natural key

    @property
    def known(self) -> set[Any]:
        """Every batch id the database holds, as it is or under another id."""
        return self.held | set(self.renamed)

    def held_id(self, value: Any) -> Any:
        """The id the database holds this batch id's record under."""
        return self.renamed.get(value, value)


@dataclass
class Recognised:
    """A batch's tables with every recognised record under the id it is held under."""

    tables: dict[str, list[Row]]
    matches: dict[str, Matches]
    notes: list[str]


def references() -> dict[tuple[str, str], str]:
    """Every column that names a record of a table with a natural key: foreign keys and the loose
    references, by the table they name."""
    found = dict(LOOSE_REFERENCES)
    for table in Base.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table.name in NATURAL_KEYS:
                found[(table.name, key.parent.name)] = key.column.table.name
    return found


def recognise(connection: Connection, tables: Mapping[str, Sequence[Row]]) -> Recognised:
    """The batch's rows with each record the database holds under another id given that id, and the
    references to it changed to match, ready for the upsert (in the caller's transaction). The rows
    given are not changed: a row that changes is a copy."""
    named = references()
    matches: dict[str, Matches] = {}
    notes: list[str] = []
    for table in Base.metadata.sorted_tables:
        rows = tables.get(table.name)
        if not rows or table.name not in NATURAL_KEYS:
            continue
        # A natural key may name a parent (a previous permanence its period of care): the parent's
        # rows were recognised first (sorted_tables puts them first), so its new ids are known.
        parents = {
            column: matches[named[(table.name, column)]].renamed
            for column in NATURAL_KEYS[table.name]
            if (table.name, column) in named and matches.get(named[(table.name, column)])
        }
        if parents:
            rows = [_renamed(row, parents) for row in rows]
        matches[table.name] = held_ids(connection, table.name, rows)
        notes.extend(said_twice(table.name, matches[table.name]))
    return Recognised(renamed(tables, matches), matches, notes)


def said_twice(table: str, matches: Matches) -> list[str]:
    """The note for a load that met records held twice under one natural key (none when it met none)."""
    if not matches.twice:
        return []
    named_by = ", ".join("child" if c == "person_id" else c for c in NATURAL_KEYS[table])
    twice = "1 record is" if matches.twice == 1 else f"{matches.twice} records are"
    return [
        f"{table}: {twice} held more than once with the same {named_by}: the return's row "
        "updated the one it agrees with most, and the other was left as it was"
    ]


def renamed(tables: Mapping[str, Sequence[Row]], matches: Mapping[str, Matches]) -> dict[str, list[Row]]:
    """The tables' rows with each recognised record under the id it is held under, without its
    natural-key columns (the held row says them already, a moment more finely than a return's
    day), and every reference to it renamed too. Rows that do not change are the same objects."""
    if not any(m.renamed for m in matches.values()):
        return {name: list(rows) for name, rows in tables.items()}
    renames = {
        (name, column): matches[target].renamed
        for (name, column), target in references().items()
        if target in matches and matches[target].renamed
    }
    out: dict[str, list[Row]] = {}
    for name, rows in tables.items():
        own = matches[name].renamed if name in matches else {}
        columns = {column: ids for (table, column), ids in renames.items() if table == name}
        if not own and not columns:
            out[name] = list(rows)
            continue
        (primary,) = [c.name for c in Base.metadata.tables[name].primary_key.columns]
        natural = NATURAL_KEYS.get(name, ())
        changed: list[Row] = []
        for row in rows:
            row = _renamed(row, columns)
            held = own.get(row[primary])
            if held is not None:
                row = {k: v for k, v in row.items() if k not in natural}
                row[primary] = held
            changed.append(row)
        out[name] = changed
    return out


def held_ids(connection: Connection, name: str, rows: Iterable[Mapping[str, Any]]) -> Matches:
    """Which rows of table `name` the database holds: as they are (by id), or under another id with
    the same natural key. A row without every natural-key column cannot be recognised, and is new
    unless its id is held.

    Rows held twice under one natural key (two referrals of one child on one day, which a
    case-management system can hold, or a legal status that lasted no time beside the one that
    followed it the same day) are told apart by what the return says: the row is the held one it
    agrees with in the most of the columns it carries, since that is the one the return describes;
    where that does not decide, the one with the lowest id (by length, then text, so that 9 comes
    before 10), which is the first recorded where ids are numbered in order, so that every load
    picks the same one. The row it was not matched to is left as it is."""
    table = Base.metadata.tables[name]
    (primary,) = [c.name for c in table.primary_key.columns]
    natural = NATURAL_KEYS.get(name)
    rows = list(rows)
    matches = Matches()
    if not rows or connection.execute(select(table.c[primary]).limit(1)).first() is None:
        return matches
    if natural is None:
        ids = [row[primary] for row in rows]
        matches.held = _held(connection, table, primary, ids)
        return matches
    held = _held(connection, table, primary, [row[primary] for row in rows])
    matches.held = held
    unheld = [
        row for row in rows if row[primary] not in held and all(row.get(c) is not None for c in natural)
    ]
    by_key: dict[tuple[Any, ...], list[Any]] = {}
    columns = [table.c[primary], *(table.c[c] for c in natural)]
    first = natural[0]
    children = sorted({row[first] for row in unheld})
    for start in range(0, len(children), CHUNK):
        chunk = set(children[start : start + CHUNK])
        some = [row for row in unheld if row[first] in chunk]
        statement = select(*columns).where(*_narrowed(table, natural, some))
        for found in connection.execute(statement):
            by_key.setdefault(_natural(found[1:]), []).append(found[0])
    ambiguous: list[tuple[Mapping[str, Any], list[Any]]] = []
    claimed: set[Any] = set()
    for row in unheld:
        candidates = by_key.get(_natural(tuple(row[c] for c in natural)))
        if not candidates:
            continue
        if len(candidates) == 1:
            matches.renamed[row[primary]] = candidates[0]
            claimed.add(candidates[0])
        else:
            ambiguous.append((row, candidates))
    if ambiguous:
        stored = _rows(connection, table, primary, [c for _, found in ambiguous for c in found])
        for row, candidates in ambiguous:
            # A held row another batch row is (by its own id) is not this one.
            free = [c for c in candidates if c not in claimed and c not in matches.held] or candidates
            chosen = min(free, key=lambda c: (-_agreement(row, stored[c], primary), len(str(c)), str(c)))
            matches.renamed[row[primary]] = chosen
            claimed.add(chosen)
            matches.twice += 1
    return matches


def _narrowed(table: Table, natural: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> list[Any]:
    """Conditions for the held rows that could have these rows' natural keys: each part among the
    rows' values, and a moment (compared by its day) within their first and last days. So the rows
    fetched are those of the children on the days the batch names, not their whole histories."""
    conditions: list[Any] = []
    for name in natural:
        column = table.c[name]
        if isinstance(column.type, DateTime):
            days = {_part(row[name]) for row in rows}
            conditions.append(column >= dt.datetime.combine(min(days), dt.time()))
            conditions.append(column < dt.datetime.combine(max(days) + dt.timedelta(days=1), dt.time()))
        else:
            conditions.append(column.in_(list({row[name] for row in rows})))
    return conditions


def _held(connection: Connection, table: Table, primary: str, ids: Sequence[Any]) -> set[Any]:
    found: set[Any] = set()
    wanted = list(dict.fromkeys(ids))
    for start in range(0, len(wanted), CHUNK):
        statement = select(table.c[primary]).where(table.c[primary].in_(wanted[start : start + CHUNK]))
        found.update(connection.execute(statement).scalars())
    return found


def _rows(connection: Connection, table: Table, primary: str, ids: Sequence[Any]) -> dict[Any, Row]:
    found: dict[Any, Row] = {}
    wanted = list(dict.fromkeys(ids))
    for start in range(0, len(wanted), CHUNK):
        statement = select(table).where(table.c[primary].in_(wanted[start : start + CHUNK]))
        found.update({row[primary]: dict(row) for row in connection.execute(statement).mappings()})
    return found


def _agreement(row: Mapping[str, Any], stored: Mapping[str, Any], primary: str) -> int:
    """In how many of the columns the batch row carries (its id aside) the held row says the same."""
    return sum(
        1
        for name, value in row.items()
        if name != primary and name in stored and _part(stored[name]) == _part(value)
    )


def _natural(values: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(_part(value) for value in values)


def _part(value: Any) -> Any:
    """A natural key's part as the returns give it: a moment by its day."""
    return value.date() if isinstance(value, dt.datetime) else value


def _renamed(row: Row, columns: Mapping[str, Mapping[Any, Any]]) -> Row:
    """The row with each of these columns' values renamed where it was; the row itself when none was."""
    changes = {c: ids[row[c]] for c, ids in columns.items() if row.get(c) in ids}
    return {**row, **changes} if changes else row


__all__ = ["Matches", "Recognised", "held_ids", "recognise", "references", "renamed", "said_twice"]
