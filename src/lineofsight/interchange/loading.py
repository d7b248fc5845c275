"""Loading a statutory return into the canonical model: all of a file, or none of it.

Each reader (Annex A, CIN census, SSDA903) turns one file into a `Batch`: rows for tables of the
canonical model, keyed by natural keys (`interchange.keys`), and the rows it had to reject, each with
the file, sheet or table, row, field and reason. `apply_batch` then writes the batch in the caller's
transaction as an *upsert*: a row whose key is new is inserted, a row whose key is known is updated
in the columns the return carries (so a later year's return corrects an earlier one, and a CIN census
never blanks the worker that Annex A recorded), and a row that says nothing new is left alone. Loading
the same file twice therefore changes nothing, and the summary says so. A record the database holds
under another id (the synthetic council's, or a case-management system's) is recognised by the
columns of its natural key (`interchange.recognition`), so loading what lineofsight exported adds
nothing either.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as default
from pathlib import Path
from typing import Any

from lxml import etree
from sqlalchemy import Connection, Table, bindparam, select

from lineofsight.data.coverage import Mode, Span
from lineofsight.interchange.recognition import recognise
from lineofsight.model import Base

# A file bigger than this is refused before it is read: no council's return comes near it, and
# reading a runaway file would take the machine's memory. `--max-size` raises it.
MAX_FILE_BYTES = 512 * 1024 * 1024
CHUNK = 500


class InputError(Exception):
    """A file cannot be loaded at all (wrong type, missing sheet or column, not well-formed, empty,
    too big). Nothing of it is loaded. The message names the file, the place, the row and the field."""

    def __init__(
        self,
        file: Path | str,
        reason: str,
        *,
        place: str | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file = str(file)
        self.place = place
        self.row = row
        self.field = field
        self.reason = reason
        super().__init__(describe(self.file, place, row, field, reason))


def describe(file: str, place: str | None, row: int | None, field: str | None, reason: str) -> str:
    """'FILE, sheet List 3, row 7, field "Referral date": reason', leaving out what is not known."""
    parts = [file]
    if place:
        parts.append(place)
    if row is not None:
        parts.append(f"row {row}")
    if field:
        parts.append(f"field {field!r}")
    return ", ".join(parts) + f": {reason}"


@dataclass(frozen=True)
class Rejection:
    """A row that could not be loaded, or (`kept`) a field of a row that could not be read and was
    left blank while the rest of the row was loaded; and why. `row` counts as the user sees the
    file: the spreadsheet's row number, the CSV's line number (header = 1), the XML's line number.
    `values` keeps the row as it was read, so nothing is lost: the report file carries it."""

    file: str
    place: str  # "sheet List 3", "table episodes", "element CINdetails"
    row: int | None
    field: str | None
    reason: str
    values: Mapping[str, Any] = default(default_factory=dict)
    kept: bool = False  # the row was loaded without this field

    def __str__(self) -> str:
        return describe(self.file, self.place, self.row, self.field, self.reason)


@dataclass
class Batch:
    """What one file says, as rows of the canonical model, and what it could not say."""

    source: str  # the file (or folder) read
    kind: str  # annex-a, cin, 903
    tables: dict[str, list[dict[str, Any]]] = default(default_factory=dict)
    rejections: list[Rejection] = default(default_factory=list)
    notes: list[str] = default(default_factory=list)  # e.g. which heading was matched to which field
    # What the file covers (`data.coverage`): each fact it holds whole, over which days, for whom.
    coverage: list[Span] = default(default_factory=list)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, []).append(row)

    def covers(
        self,
        facts: Iterable[str],
        start: dt.date | None,
        end: dt.date,
        scope: str,
        mode: Mode = "events",
    ) -> None:
        """Record that the file holds these facts over `start` to `end` (see `data.coverage`)."""
        self.coverage.extend(Span(fact, mode, start, end, self.kind, scope) for fact in facts)

    def reject(
        self,
        place: str,
        row: int | None,
        field: str | None,
        reason: str,
        values: Mapping[str, Any] | None = None,
        *,
        kept: bool = False,
    ) -> None:
        """A row not loaded (or, `kept`, loaded without the field), for the report."""
        if kept:
            reason = f"{reason}: left blank, the row kept"
        self.rejections.append(Rejection(self.source, place, row, field, reason, dict(values or {}), kept))


@dataclass
class TableSummary:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class LoadSummary:
    """What a load did, table by table."""

    source: str
    kind: str
    tables: dict[str, TableSummary] = default(default_factory=dict)
    rejected: int = 0  # rows not loaded
    notes: list[str] = default(default_factory=list)
    cleared: int = 0  # fields left blank in rows that were loaded

    @property
    def inserted(self) -> int:
        return sum(t.inserted for t in self.tables.values())

    @property
    def updated(self) -> int:
        return sum(t.updated for t in self.tables.values())

    @property
    def unchanged(self) -> int:
        return sum(t.unchanged for t in self.tables.values())

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "return": self.kind,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "cleared": self.cleared,
            "tables": {
                name: {"inserted": t.inserted, "updated": t.updated, "unchanged": t.unchanged}
                for name, t in self.tables.items()
            },
            "notes": self.notes,
        }


def check_size(path: Path, limit: int = MAX_FILE_BYTES) -> None:
    """Refuse an empty or a runaway file before reading it."""
    if not path.exists():
        raise InputError(path, "there is no such file")
    if path.is_dir():
        raise InputError(path, "is a folder, not a file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(path, "the file is empty")
    if size > limit:
        raise InputError(
            path, f"the file is {size / 2**20:,.0f} MB, over the {limit / 2**20:,.0f} MB limit (--max-size)"
        )


def apply_batch(connection: Connection, batch: Batch) -> LoadSummary:
    """Upsert a batch's rows in the connection's transaction, parents before children.

    First each record the database already holds under another id than the reader's natural key
    (the synthetic council's `R000001`, a case-management system's own id) is recognised by its
    natural-key columns and given that id, with every row that names it
    (`interchange.recognition`); so a record is updated, never added twice. The batch itself is
    not changed.

    The caller owns the transaction: if anything here fails, it rolls back and the database is as it
    was before the file.
    """
    cleared = sum(1 for rejection in batch.rejections if rejection.kept)
    summary = LoadSummary(
        batch.source,
        batch.kind,
        rejected=len(batch.rejections) - cleared,
        notes=list(batch.notes),
        cleared=cleared,
    )
    unknown = set(batch.tables) - set(Base.metadata.tables)
    if unknown:
        raise ValueError(f"a reader produced rows for tables the model does not have: {sorted(unknown)}")
    recognised = recognise(connection, batch.tables)
    summary.notes.extend(recognised.notes)
    for table in Base.metadata.sorted_tables:
        rows = recognised.tables.get(table.name)
        if rows:
            summary.tables[table.name] = _upsert(connection, table, rows)
    return summary


def _upsert(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> TableSummary:
    (key_column,) = table.primary_key.columns
    key = key_column.name
    # The last row for a key wins: a reader that meets a child twice in one file says the later thing.
    by_key = {row[key]: row for row in rows}
    summary = TableSummary()
    keys = list(by_key)
    existing: dict[Any, dict[str, Any]] = {}
    # A first load into an empty table (every table of a new database) has no key to look up.
    if connection.execute(select(key_column).limit(1)).first() is not None:
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            for found in connection.execute(select(table).where(key_column.in_(chunk))).mappings():
                existing[found[key]] = dict(found)
    inserts: list[dict[str, Any]] = []
    updates: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for value, row in by_key.items() if existing else ():
        old = existing.get(value)
        if old is None:
            inserts.append(row)
            continue
        changed = {name: new for name, new in row.items() if name != key and not _same(old.get(name), new)}
        if not changed:
            summary.unchanged += 1
            continue
        summary.updated += 1
        columns = tuple(sorted(changed))
        updates.setdefault(columns, []).append({"_key": value, **{f"_{c}": changed[c] for c in columns}})
    if not existing:
        inserts = list(by_key.values())
    # Rows may carry different columns (a reader leaves out what its return does not say); group
    # them so that each executemany has one shape and the model's defaults fill the rest.
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in inserts:
        shapes.setdefault(tuple(row), []).append(row)
    for shape, shaped in shapes.items():
        for start in range(0, len(shaped), 5_000):
            _insert(connection, table, shape, shaped[start : start + 5_000])
    summary.inserted = len(inserts)
    for columns, params in updates.items():
        statement = (
            table.update()
            .where(key_column == bindparam("_key"))
            .values({c: bindparam(f"_{c}") for c in columns})
        )
        connection.execute(statement, params)
    return summary


def _insert(connection: Connection, table: Table, shape: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    """Insert rows of one shape through the driver's own executemany: SQLAlchemy's insert builds and
    converts every row's parameters in Python, which costs more than the database's own work on a
    first load of tens of thousands of rows. What SQLAlchemy would do is kept: the column types'
    conversions (a date or a flag as each database stores it) and the model's default for each
    column the rows leave out. A default SQLAlchemy works out row by row (a function), or a driver
    whose placeholders are not `?` or `%s`, takes SQLAlchemy's own way."""
    dialect = connection.dialect
    placeholder = {"qmark": "?", "format": "%s", "pyformat": "%s"}.get(dialect.paramstyle)
    if not all(name in table.c for name in shape):
        placeholder = None  # SQLAlchemy says which column the model does not have
    defaults: dict[str, Any] = {}
    for column in table.columns:
        if column.name in shape or column.default is None:
            continue
        if not column.default.is_scalar:
            placeholder = None
            break
        defaults[column.name] = getattr(column.default, "arg", None)
    if placeholder is None:
        connection.execute(table.insert(), rows)
        return
    names = [*shape, *defaults]
    processors = [table.c[name].type._cached_bind_processor(dialect) for name in names]
    fill = tuple(defaults.values())
    # Column by column: each conversion is then one pass of `map` over a column.
    columns: list[Any] = list(zip(*[tuple(row.values()) + fill for row in rows], strict=True))
    for index, process in enumerate(processors):
        if process is not None:
            columns[index] = _converted(process, columns[index])
    params = list(zip(*columns, strict=True))
    preparer = dialect.identifier_preparer
    statement = (
        f"INSERT INTO {preparer.format_table(table)} ({', '.join(preparer.quote(n) for n in names)})"
        f" VALUES ({', '.join([placeholder] * len(names))})"
    )
    connection.exec_driver_sql(statement, params)


def _converted(process: Callable[[Any], Any], values: Sequence[Any]) -> Iterable[Any]:
    """A column's values as the type's conversion gives them. A column of flags whose conversion
    keeps True and False as they are, or of plain dates or times that it writes as ISO text (SQLite),
    is converted by the C `isoformat` or not at all: the same values, without a Python call each."""
    kinds = set(map(type, values)) - {type(None)}
    if kinds == {bool} and process(True) == True and process(False) == False:  # noqa: E712
        return values
    if kinds == {dt.date}:
        sample = next(v for v in values if v is not None)
        if process(sample) == sample.isoformat():
            return [None if v is None else v.isoformat() for v in values]
    if kinds == {dt.datetime} and all(v.tzinfo is None for v in values if v is not None):
        sample = next(v for v in values if v is not None)
        if process(sample) == sample.isoformat(" ", "microseconds"):
            return [None if v is None else v.isoformat(" ", "microseconds") for v in values]
    return map(process, values)


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, float) and isinstance(new, (int, float)):
        return abs(old - float(new)) < 1e-9
    if isinstance(old, dt.datetime) and isinstance(new, dt.datetime):
        return old.replace(tzinfo=None) == new.replace(tzinfo=None)
    if isinstance(old, dt.datetime) and type(new) is dt.date:
        # A return that gives a moment by its day (the 903's missing episodes) says nothing new of
        # a moment held that day: the time recorded at source is kept.
        return old.date() == new
    return bool(old == new)


def existing_keys(connection: Connection, table: str, column: str, values: Iterable[Any]) -> set[Any]:
    """Which of these values are already in `table.column`: readers use it to link to rows loaded
    from earlier files (an assessment to a referral from last year's census)."""
    target = Base.metadata.tables[table]
    wanted = list(dict.fromkeys(values))
    found: set[Any] = set()
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        found.update(
            connection.execute(select(target.c[column]).where(target.c[column].in_(chunk))).scalars()
        )
    return found


def write_rejections(path: Path, rejections: Sequence[Rejection]) -> None:
    """The report of rejected rows: one CSV line each, with the row as it was read (as JSON), so the
    analyst can correct the source and load again."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "place", "row", "field", "reason", "values"])
        for r in rejections:
            writer.writerow(
                [
                    r.file,
                    r.place,
                    "" if r.row is None else r.row,
                    r.field or "",
                    r.reason,
                    json.dumps(dict(r.values), default=str, ensure_ascii=False),
                ]
            )


__all__ = [
    "MAX_FILE_BYTES",
    "Batch",
    "InputError",
    "LoadSummary",
    "Rejection",
    "TableSummary",
    "apply_batch",
    "check_size",
    "describe",
    "existing_keys",
    "write_rejections",
]


def xml_parser() -> etree.XMLParser:
    """The parser every XML return is read with: no entities resolved, no network, no DTD, no huge
    trees (a hostile file cannot reach outside itself or blow up in memory), comments dropped."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
