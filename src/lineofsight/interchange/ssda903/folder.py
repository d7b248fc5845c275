"""Opening an SSDA903 return: a folder of CSV tables, as councils' systems and other tools write them.

Which file is which table is read from its name (`header.csv`, `SSDA903_2025_Episodes.CSV`,
`placed_for_adoption.csv`). Each table is read as UTF-8 (with or without a byte order mark), with
its headings in any case and order; a file with nothing in it (or only blank lines), or only a
line of headings, is a table with no rows, but for the header and episodes tables, without which
there is no return. A column the table needs to say which record a row is (`tables.KEYED`) must be
there; any other may be missing (it is read as blank), and a column or a file that is not part of
the return is not read: the load's notes say which. A file that is not well-formed CSV (a quote
never closed, a field beyond any real size) is refused with its line: nothing of the return is
loaded.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path

from lineofsight.interchange.loading import InputError, check_size
from lineofsight.interchange.ssda903.tables import COLUMNS, KEYED, REQUIRED, table_of

Values = dict[str, str]
# The longest cell a 903 table has reason to hold (a postcode, an id): a file with longer ones is
# not a 903 table, and csv's own limit (128 KB) would let a single cell take the memory of many rows.
LONGEST_CELL = 1024


@dataclass
class Line:
    """One data row of a table, with its CSV line number (the header is line 1)."""

    number: int
    values: Values


@dataclass
class Table:
    name: str
    path: Path
    lines: list[Line]
    columns: tuple[str, ...] = ()  # the return's columns the file has


@dataclass
class Folder:
    """The tables found in a return's folder, and what the reader did not read."""

    path: Path
    tables: dict[str, Table]
    notes: list[str] = field(default_factory=list)


def open_folder(path: Path) -> Folder:
    if not path.exists():
        raise InputError(path, "there is no such folder")
    if not path.is_dir():
        raise InputError(
            path, "is a file, not a folder of SSDA903 CSV tables (header.csv, episodes.csv, ...)"
        )
    found: dict[str, Path] = {}
    notes: list[str] = []
    for file in sorted(path.iterdir()):
        if not file.is_file():
            continue
        table = table_of(file.name)
        if table is None:
            notes.append(f"{file.name} is not an SSDA903 table: not read")
            continue
        if file.suffix.lower() != ".csv":
            raise InputError(
                file, f"is not a CSV file: the {table} table must be a .csv", place=f"table {table}"
            )
        if table in found:
            raise InputError(
                file, f"a second {table} table (the first is {found[table].name})", place=f"table {table}"
            )
        found[table] = file
    for table in REQUIRED:
        if table not in found:
            raise InputError(path, f"there is no {table} table ({table}.csv)", place=f"table {table}")
    folder = Folder(path, {}, notes)
    for name, file in found.items():
        folder.tables[name] = read_table(name, file, folder.notes)
    return folder


def read_table(name: str, path: Path, notes: list[str]) -> Table:
    """The table's rows with their line numbers; `notes` gets what was not read or not there."""
    place = f"table {name}"
    if not path.exists():
        raise InputError(path, "there is no such file", place=place)
    optional = name not in REQUIRED  # the header and episodes tables must say something
    if optional and path.stat().st_size == 0:
        notes.append(f"{path.name}: the {name} table is empty: no rows")
        return Table(name, path, [])
    try:
        check_size(path)
    except InputError as error:
        raise InputError(path, error.reason, place=place) from None
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise InputError(path, "is not a CSV file (it holds binary data)", place=place)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            path, f"is not a UTF-8 CSV file ({error.reason} at byte {error.start})", place=place
        ) from None
    if optional and not text.strip():
        notes.append(f"{path.name}: the {name} table is empty: no rows")
        return Table(name, path, [])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    begun = 1  # the line the record being read began on
    try:
        heading = next(reader, [])
        begun = reader.line_num + 1
        columns = [cell.strip().upper().lstrip("\ufeff") for cell in heading]
        if not any(columns):
            raise InputError(path, "the file has no heading row", place=place, row=1)
        _check_columns(name, path, columns, notes)
        lines: list[Line] = []
        for cells in reader:
            if any(len(cell) > LONGEST_CELL for cell in cells):
                raise InputError(
                    path,
                    f"is not a well-formed CSV file (a cell of more than {LONGEST_CELL} characters)",
                    place=place,
                    row=begun,
                )
            if any(cell.strip() for cell in cells):
                values = {
                    column: (cells[i].strip() if i < len(cells) else "") for i, column in enumerate(columns)
                }
                lines.append(Line(begun, values))
            begun = reader.line_num + 1
    except csv.Error as error:
        raise InputError(
            path, f"is not a well-formed CSV file ({_said(error)})", place=place, row=begun
        ) from None
    known = tuple(column for column in COLUMNS[name] if column in columns)
    return Table(name, path, lines, known)


def _check_columns(name: str, path: Path, columns: list[str], notes: list[str]) -> None:
    place = f"table {name}"
    for wanted in KEYED[name]:
        if wanted not in columns:
            near = difflib.get_close_matches(wanted, [c for c in columns if c not in COLUMNS[name]], n=1)
            hint = f" (is {near[0]!r} a misspelling of it?)" if near else ""
            raise InputError(path, f"the column {wanted} is missing{hint}", place=place, row=1, field=wanted)
    missing = [column for column in COLUMNS[name] if column not in columns]
    if missing:
        notes.append(f"{path.name}: the {name} table has no column {', '.join(missing)}: read as blank")
    unknown = [column for column in columns if column and column not in COLUMNS[name]]
    if unknown:
        notes.append(
            f"{path.name}: {', '.join(repr(c) for c in unknown)} "
            f"{'is not a column' if len(unknown) == 1 else 'are not columns'} of the {name} table: not read"
        )


def _said(error: csv.Error) -> str:
    """csv's reason in words an analyst can act on."""
    text = str(error)
    if "unexpected end of data" in text:
        return "a quote opened on this line is never closed"
    if "field larger than field limit" in text:
        return f"a cell of more than {LONGEST_CELL} characters"
    if "expected after" in text:
        return "a quote closes a cell but the cell goes on"
    return text
