"""What an Annex A workbook holds, found before it is read, so that no file can take the process down.

An .xlsx file is a zip of XML parts. The workbook reader (fastexcel, over the Rust calamine) gives
each sheet a block of memory as big as the rectangle from its first cell to its last: one cell at
column XFD of row 1,048,576 asks for 17 billion cells, and the process aborts. A part that unpacks
to far more than it packs (a zip bomb) does the same. So each part is unpacked here first, once, in
chunks, with a limit on what it may unpack to, and each sheet's rows are scanned for how far its
cells reach (counting cells that give no position of their own, as the reader does). A workbook
over the limits is refused with one clear error naming the file, the sheet and what is too big.

The same pass finds each sheet's first row with a value, since fastexcel starts a sheet there and
rejected rows must be reported by the row number the analyst sees. Every step is linear in the
size of the part, with every piece it looks at bounded, so no crafted part costs more than its size.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from lineofsight.interchange.loading import InputError

# The most cells a sheet's cells may span (rows x columns from A1): a council's largest list, tens of
# thousands of rows of a few dozen columns, is well under a tenth of it; the reader's block for it is
# some 150 MB.
MAX_CELLS = 5_000_000
MAX_UNPACKED = 1 << 30  # a whole workbook unpacked: 1 GB (a large real one is tens of MB)
MAX_ROW_BYTES = 16 << 20  # one row of a sheet: 16 MB
CHUNK = 1 << 20

_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,20}:)?row(?=[\s/>])([^>]{0,512})>?")
# An attribute `r` as the workbook reader reads it: either quote, spaces around the `=` (as XML
# allows), column letters in either case. A pattern that knew only `r="XFD1"` let a workbook
# written with `r='XFD1048576'` (or `r = "..."`, or `xfd`) past the check, and the reader aborted.
_R = rb"""\br\s{0,16}=\s{0,16}["']"""
_ROW_NUMBER = re.compile(_R + rb"(\d{1,9})")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,20}:)?c(?=[\s/>])")
_PLACED_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,20}:)?c\s[^>]{0,512}?" + _R + rb"([A-Za-z]{1,3})\d{1,9}")
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,20}:)?(?:v|is)>")


@dataclass
class SheetExtent:
    """How far a sheet's cells reach, and its first row with a value (1 when none)."""

    rows: int = 0
    columns: int = 0
    first_row: int | None = None

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def column_number(letters: bytes) -> int:
    """b"A" -> 1, b"Z" -> 26, b"AA" -> 27, b"XFD" -> 16384 (b"xfd" too: the reader takes either case)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def survey(path: Path) -> dict[str, int]:
    """Each sheet's first row with a value, by sheet name, once the workbook is known to be safe to
    read; InputError when it is not. A file that is not a readable zip returns nothing: the workbook
    reader says what is wrong with it."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return {}
    with archive:
        sheets = _sheets(archive)
        unpacked = 0
        first_rows: dict[str, int] = {}
        for info in archive.infolist():
            name = next((sheet for sheet, member in sheets.items() if member == info.filename), None)
            try:
                with archive.open(info) as handle:
                    if name is None:
                        unpacked += _drain(path, handle, MAX_UNPACKED - unpacked)
                        continue
                    extent, size = _scan(path, name, handle, MAX_UNPACKED - unpacked)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
                return first_rows  # a damaged part: the workbook reader reports it
            unpacked += size
            if extent.cells > MAX_CELLS:
                raise InputError(
                    path,
                    f"its cells reach {extent.rows:,} rows by {extent.columns:,} columns, "
                    f"over the {MAX_CELLS:,} cells any Annex A list needs: refused before reading it",
                    place=f"sheet {name}",
                )
            first_rows[name] = extent.first_row or 1
    return first_rows


def _sheets(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name and the part holding it."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    members: dict[str, str] = {}
    for sheet in workbook.iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rid, "")
        members[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return members


def _too_big(path: Path) -> InputError:
    return InputError(
        path, f"it unpacks to more than {MAX_UNPACKED >> 20:,} MB, far beyond any Annex A workbook: refused"
    )


def _drain(path: Path, handle: IO[bytes], allowed: int) -> int:
    size = 0
    while chunk := handle.read(CHUNK):
        size += len(chunk)
        if size > allowed:
            raise _too_big(path)
    return size


def _scan(path: Path, sheet: str, handle: IO[bytes], allowed: int) -> tuple[SheetExtent, int]:
    """How far the sheet's cells reach, reading its rows as they unpack: each complete row is
    scanned once, and the row still arriving is carried to the next chunk (at most MAX_ROW_BYTES)."""
    extent = SheetExtent()
    size = 0
    carried = b""
    row_number = 0
    while True:
        chunk = handle.read(CHUNK)
        size += len(chunk)
        if size > allowed:
            raise _too_big(path)
        data = carried + chunk
        pieces = _ROW.split(data)  # [before the first row, attributes, row, attributes, row, ...]
        if not chunk:
            complete, carried = pieces, b""
        elif len(pieces) > 1:
            complete, carried = pieces[:-2], b"<row" + pieces[-2] + b">" + pieces[-1]
        else:
            complete, carried = [], data
        if len(carried) > MAX_ROW_BYTES:
            raise InputError(
                path,
                f"a row is more than {MAX_ROW_BYTES >> 20} MB, far beyond any Annex A list: refused",
                place=f"sheet {sheet}",
            )
        rows = complete[1::2]
        contents = complete[2::2]
        before = row_number
        for attributes in rows:
            said = _ROW_NUMBER.search(attributes)
            row_number = int(said.group(1)) if said else row_number + 1
            extent.rows = max(extent.rows, row_number)
        if extent.first_row is None:
            _first_value(extent, rows, contents, before)
        body = b"".join(contents)
        placed = _PLACED_CELL.findall(body)
        if placed:
            extent.columns = max(
                extent.columns, column_number(max({c.upper() for c in placed}, key=lambda c: (len(c), c)))
            )
        if len(_CELL.findall(body)) > len(placed):
            # Some cells give no position: the reader places them after the one before, so a row
            # reaches as far as its placed cells and its other cells together.
            extent.columns = max([extent.columns, *(_reach(content) for content in contents)])
        if not chunk:
            return extent, size


def _reach(content: bytes) -> int:
    placed = _PLACED_CELL.findall(content)
    furthest = column_number(max({c.upper() for c in placed}, key=lambda c: (len(c), c))) if placed else 0
    return furthest + len(_CELL.findall(content)) - len(placed)


def _first_value(extent: SheetExtent, rows: list[bytes], contents: list[bytes], before: int) -> None:
    """The first of these rows holding a value, numbered as the reader numbers them."""
    number = before
    for attributes, content in zip(rows, contents, strict=True):
        said = _ROW_NUMBER.search(attributes)
        number = int(said.group(1)) if said else number + 1
        if _VALUE.search(content):
            extent.first_row = number
            return
