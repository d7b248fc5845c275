"""Reading a council's Annex A workbook into the canonical model.

Each list is read whole with fastexcel, as text, into a Polars frame; its columns are typed in one
pass each (`annex_a_values`), bad rows are set aside with their spreadsheet row number, and the rest
become rows of the model's tables under the natural keys the CIN census and SSDA903 readers use too
(`keys.key`), so that a referral loaded from Annex A and from the census is one row.

What the lists do not say is not made up. A list that says only whether a child was seen (not when),
or counts over 12 months, is read past. Where the model needs a value the list does not hold (a
referral's primary need in List 3, a period of care's reason for starting), a row new to the database
gets the return's own "not stated" code, and a row already there keeps what it has; `batch.notes`
says so. Team and worker are kept as the text the list gives.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

from lineofsight.interchange.annex_a_lists import BY_NUMBER
from lineofsight.interchange.annex_a_reading import Reading
from lineofsight.interchange.annex_a_rows import MAPPERS
from lineofsight.interchange.annex_a_sheets import (
    ListSheet,
    find_list_sheets,
    first_rows,
    open_workbook,
    read_list_sheet,
)
from lineofsight.interchange.loading import Batch, InputError, check_size

# The order lists are mapped in: referrals (Lists 3 and 6) first, so that assessments, enquiries
# and plans can be linked to them.
ORDER = (1, 2, 3, 6, 4, 5, 7, 8, 9, 10)


def read_annex_a(path: Path, connection: Connection | None = None) -> Batch:
    """Read an Annex A workbook. Lists missing from it are not loaded; a list missing a required
    column, or a file that is not an Annex A workbook, raises InputError."""
    path = Path(path)
    check_size(path)
    reader = open_workbook(path)
    numbers, notes = find_list_sheets(path, list(reader.sheet_names))
    if not numbers:
        raise InputError(
            path, "holds no Annex A list: no sheet is named 'List 1' to 'List 11' or by a list's title"
        )
    batch = Batch(str(path), "annex-a", notes=notes)
    offsets = first_rows(path)
    sheets: dict[int, ListSheet] = {}
    for number in sorted(numbers):
        name = numbers[number]
        if number == 11:
            batch.notes.append("List 11 (adopters): not loaded: the model keeps no adopters")
            continue
        sheet = read_list_sheet(path, reader, BY_NUMBER[number], name, offsets.get(name, 1))
        if sheet is None:
            batch.notes.append(f"sheet {name!r} (List {number}) is empty: nothing loaded from it")
            continue
        sheets[number] = sheet
        batch.notes.extend(sheet.notes)
    for number in range(1, 11):
        if number not in numbers:
            batch.notes.append(
                f"List {number} ({BY_NUMBER[number].title}) is not in the workbook: not loaded"
            )
    reading = Reading(batch, connection)
    typed = {number: reading.parse(sheet) for number, sheet in sheets.items()}
    reading.know_people(typed.values())
    for number in ORDER:
        if number in typed:
            reading.sheet = sheets[number]
            MAPPERS[number](reading, reading.require_birth(typed[number]))
    reading.finish()
    return batch


__all__ = ["read_annex_a"]
