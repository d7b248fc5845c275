"""Finding the Annex A lists in a council's workbook: which sheet is which list, where its headings
are, and which heading is which column.

Councils build their workbooks by hand and by report, so the same list turns up as "List 3",
"List 3 - Referrals" or "Referrals", with a title and a blank row above the headings, headings in
another case or order, with doubled spaces or a word changed, and columns of their own added. The
matching here is deliberately small and conservative: a normalised heading must equal Ofsted's or a
declared variant, or be very close to one of them (and closer to it than to any other); every match
that was not exact is reported, so that an analyst can check it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import fastexcel
import polars as pl

from lineofsight.interchange.annex_a.lists import LISTS, AnnexList, Column
from lineofsight.interchange.loading import InputError

# How close a heading must be to a known one to be taken for it (difflib's ratio, 0 to 1).
FUZZY = 0.88
# The headings are looked for in the first rows only: titles and notes sit above them, never more;
# and among the first columns only: a list has a few dozen, and a crafted sheet thousands, each of
# which the fuzzy match would compare with every known heading.
HEADING_SEARCH_ROWS = 30
HEADING_SEARCH_COLUMNS = 256
_WORDS = re.compile(r"[^a-z0-9]+")
_LIST_NUMBER = re.compile(r"^\s*list\s*0*(\d{1,2})\b", re.IGNORECASE)


def normalise(heading: str) -> str:
    """'  Referral  date ' -> 'referral date': lower case, words only, single spaces."""
    return _WORDS.sub(" ", heading.lower()).strip()


@dataclass
class ListSheet:
    """One list found in the workbook, with its data read as text and each row's spreadsheet number."""

    annex: AnnexList
    name: str  # the sheet's name in the workbook
    frame: pl.DataFrame  # one column per matched field (text, as in the cells) and `_row`
    heading_row: int  # the spreadsheet row of the headings
    notes: list[str] = field(default_factory=list)

    @property
    def place(self) -> str:
        return f"sheet {self.name}"


def open_workbook(path: Path) -> fastexcel.ExcelReader:
    """The workbook, or an InputError when the file is not one."""
    try:
        return fastexcel.read_excel(path)
    except Exception as error:  # fastexcel raises its own errors, and OSError, for what it cannot open
        raise InputError(
            path, f"is not an Excel workbook (.xlsx) that can be read: {_short(error)}"
        ) from None


def find_list_sheets(path: Path, sheet_names: list[str]) -> tuple[dict[int, str], list[str]]:
    """Which sheet holds which list: by 'List N' at the start of its name, else by the list's title."""
    found: dict[int, str] = {}
    notes: list[str] = []
    titles = {normalise(title): annex.number for annex in LISTS for title in (annex.title, *annex.titles)}
    for name in sheet_names:
        number: int | None = None
        match = _LIST_NUMBER.match(name)
        if match and 1 <= int(match.group(1)) <= len(LISTS):
            number = int(match.group(1))
        else:
            number = titles.get(normalise(name))
        if number is None:
            notes.append(f"sheet {name!r} is not an Annex A list: not read")
            continue
        if number in found:
            notes.append(f"sheet {name!r} is a second List {number}: not read (sheet {found[number]!r} was)")
            continue
        found[number] = name
        if name != f"List {number}":
            notes.append(f"sheet {name!r} read as List {number}")
    return found, notes


def read_list_sheet(
    path: Path, reader: fastexcel.ExcelReader, annex: AnnexList, name: str, first_row: int
) -> ListSheet | None:
    """The list's rows as text, its headings matched to fields; None if the sheet is empty;
    InputError if a required column is missing."""
    try:
        raw = reader.load_sheet(name, header_row=None, dtypes="string").to_polars()
    except Exception as error:  # a sheet fastexcel cannot read is a file that cannot be loaded
        raise InputError(path, f"cannot be read: {_short(error)}", place=f"sheet {name}") from None
    place = f"sheet {name}"
    if raw.height == 0 or raw.width == 0:
        return None  # an empty sheet: the list has nothing to say, as if it were absent
    wide = raw.width > HEADING_SEARCH_COLUMNS
    if wide:
        raw = raw.select(raw.columns[:HEADING_SEARCH_COLUMNS])
    index, headings = _heading_row(raw, annex)
    if index is None:
        expected = ", ".join(repr(c.heading) for c in annex.columns if c.required)
        raise InputError(
            path, f"no row of headings found (expected {expected} among the first rows)", place=place
        )
    matched, notes = match_headings(annex, headings)
    if wide:
        notes.append(f"columns after the {HEADING_SEARCH_COLUMNS}th are not Annex A columns: not read")
    for column in annex.columns:
        if column.required and column.field not in matched.values():
            raise InputError(
                path,
                f"the required column {column.heading!r} is missing (or its heading is not recognised)",
                place=place,
                field=column.heading,
            )
    # One query for the lot: each eager step on a short list costs more in Polars' planning than in
    # its work. A heading's `c<i>` names the sheet's i-th column.
    originals = raw.columns
    heading_row = first_row + index
    height = raw.height - (index + 1)
    data = (
        raw.lazy()
        .slice(index + 1)
        .select(
            *[pl.col(originals[int(c[1:])]).alias(f) for c, f in matched.items()],
            pl.int_range(heading_row + 1, heading_row + 1 + height).alias("_row"),
        )
    )
    fields = list(matched.values())
    if fields:
        blank = pl.all_horizontal([pl.col(f).is_null() | (pl.col(f).str.strip_chars() == "") for f in fields])
        data = data.filter(~blank)
    # Polars' in-memory engine, asked for by name: choosing an engine for each query costs more than
    # running it on a list of a few thousand rows (about 0.25 ms against 0.1 ms on a small query).
    return ListSheet(
        annex,
        name,
        data.collect(engine="in-memory"),
        heading_row,
        [f"List {annex.number}: {n}" for n in notes],
    )


def _heading_row(raw: pl.DataFrame, annex: AnnexList) -> tuple[int | None, dict[str, str]]:
    """The first row among the first few with the most cells that are this list's headings."""
    known = _known_forms(annex)
    best: tuple[int, int] | None = None
    rows = raw.head(HEADING_SEARCH_ROWS).rows()
    for number, row in enumerate(rows):
        # Exact forms only, to find the row quickly; the fuzzy match is for the row once found.
        score = sum(1 for cell in row if cell is not None and normalise(cell) in known)
        if score >= 2 and (best is None or score > best[1]):
            best = (number, score)
            if score == raw.width:
                break  # every cell a heading: no later row can score more
    if best is None:
        return None, {}
    row = rows[best[0]]
    return best[0], {
        f"c{i}": str(cell) for i, cell in enumerate(row) if cell is not None and str(cell).strip()
    }


def _known_forms(annex: AnnexList) -> dict[str, Column]:
    forms: dict[str, Column] = {}
    for column in annex.columns:
        for text in (column.heading, *column.variants):
            forms.setdefault(normalise(text), column)
    return forms


def _closest(form: str, known: dict[str, Column]) -> tuple[Column | None, str]:
    """The column a normalised heading names: exactly, or by a clear fuzzy match; how it was matched."""
    if not form:
        return None, ""
    if form in known:
        return known[form], "exact"
    scored: list[tuple[float, str]] = []
    for text in known:
        matcher = SequenceMatcher(None, form, text)
        if matcher.real_quick_ratio() >= FUZZY and matcher.quick_ratio() >= FUZZY:
            scored.append((matcher.ratio(), text))
    if not scored:
        return None, ""
    scored.sort(reverse=True)
    top_score, top_text = scored[0]
    if top_score < FUZZY:
        return None, ""
    # Two different columns almost equally close: too doubtful to choose.
    for score, text in scored[1:]:
        if top_score - score > 0.02:
            break
        if known[text].field != known[top_text].field:
            return None, ""
    return known[top_text], f"close to {top_text!r}"


def match_headings(annex: AnnexList, headings: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """{sheet column: field} and notes on every heading not matched exactly, or not used."""
    known = _known_forms(annex)
    standard = {column.heading: column for column in annex.columns}
    matched: dict[str, str] = {}
    notes: list[str] = []
    for column_id, heading in headings.items():
        column, how = _closest(normalise(heading), known)
        if column is None:
            notes.append(f"column {heading!r} is not an Annex A column: ignored")
            continue
        if column.field in matched.values():
            notes.append(f"column {heading!r} repeats {column.heading!r}: ignored")
            continue
        matched[column_id] = column.field
        if heading not in standard:
            notes.append(f"{heading!r} -> {column.field}" + ("" if how == "exact" else f" ({how})"))
    return matched, notes


def _short(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:200]
