"""Reading a council's Annex A workbook into the canonical model.

Each list is read whole with fastexcel, as text, into a Polars frame; its columns are typed in one
pass each (`annex_a.values`), bad rows are set aside with their spreadsheet row number, and the rest
become rows of the model's tables under the natural keys the CIN census and SSDA903 readers use too
(`keys.key`), so that a referral loaded from Annex A and from the census is one row.

What the lists do not say is not made up. A list that says only whether a child was seen (not when),
or counts over 12 months, is read past. Where the model needs a value the list does not hold (a
referral's primary need in List 3, a period of care's reason for starting), a row new to the database
gets the return's own "not stated" code, and a row already there keeps what it has; `batch.notes`
says so. Team and worker are kept as the text the list gives.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from dateutil.relativedelta import relativedelta
from sqlalchemy import Connection

from lineofsight.data import facts
from lineofsight.data.coverage import Mode
from lineofsight.interchange.annex_a.lists import BY_NUMBER
from lineofsight.interchange.annex_a.reading import Reading
from lineofsight.interchange.annex_a.rows import MAPPERS
from lineofsight.interchange.annex_a.sheets import ListSheet, find_list_sheets, open_workbook, read_list_sheet
from lineofsight.interchange.annex_a.workbook import survey
from lineofsight.interchange.loading import Batch, InputError, check_size
from lineofsight.interchange.open_ends import keep_later_ends

# The order lists are mapped in: referrals (Lists 3 and 6) first, so that assessments, enquiries
# and plans can be linked to them.
ORDER = (1, 2, 3, 6, 4, 5, 7, 8, 9, 10)


def read_annex_a(
    path: Path, connection: Connection | None = None, extract_date: dt.date | None = None
) -> Batch:
    """Read an Annex A workbook extracted on `extract_date`. Lists missing from it are not loaded; a
    list missing a required column, or a file that is not an Annex A workbook, raises InputError.

    The workbook does not say when it was extracted, and each list's window ends that day, so the
    day is the caller's, or else one the file's name states (`annex-a-2026-03-31.xlsx`) or that
    lineofsight wrote in its title ("Annex A as at 31/03/2026"). Without it the rows still load, but
    what they cover is not recorded, so no measure relies on them (the notes say so)."""
    path = Path(path)
    check_size(path)
    offsets = survey(path)  # refuses a workbook too big to read, before the reader sees it
    reader = open_workbook(path)
    numbers, notes = find_list_sheets(path, list(reader.sheet_names))
    if not numbers:
        raise InputError(
            path, "holds no Annex A list: no sheet is named 'List 1' to 'List 11' or by a list's title"
        )
    batch = Batch(str(path), "annex-a", notes=notes)
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
    extract_date = extract_date or extract_date_named(path)
    if extract_date is None:
        batch.notes.append(
            "the day the workbook was extracted is not known (give it, e.g. --extract-date 2026-03-31): "
            "its rows are loaded, but what they cover is not recorded, so no measure relies on them"
        )
    else:
        _coverage(batch, sheets, extract_date)
        kept = keep_later_ends(connection, batch, extract_date)
        if kept:
            batch.notes.append(
                f"{kept} periods of care or placements open on the extract day were held as ending "
                "later (a later return said so): the later end is kept"
            )
    return batch


# What each list holds whole, and from which columns, for its window up to the extract date (Ofsted's
# template: 6 months back for Lists 1-8, 12 for List 10; List 9 is everyone on the day). A list's
# cohort decides: List 7 is every plan open in its window, so it holds plans whole; List 4 is the
# assessments *begun* in it, so it does not hold those completed in it, and claims nothing; List 6
# leaves out referrals that went no further. "latest": the list gives only each child's latest
# visit, review or health assessment, true on the extract date alone.
LIST_COVERAGE: dict[int, tuple[tuple[str, Mode, tuple[str, ...]], ...]] = {
    1: ((facts.CONTACTS, "events", ("contact_date",)),),
    3: ((facts.REFERRALS, "events", ("referral_date", "source", "nfa")),),
    6: ((facts.CIN_VISITS, "latest", ("last_seen",)),),
    7: (
        (facts.CP_PLANS, "events", ("start", "end", "initial_category", "latest_category")),
        (facts.PREVIOUS_CP_PLANS, "events", ("previous_plans",)),
        (facts.CP_VISITS, "latest", ("last_visit",)),
        (facts.CP_REVIEWS, "latest", ("last_review",)),
    ),
    8: (
        (facts.CLA_PERIODS, "events", ("start", "ceased", "ceased_reason")),
        (facts.CLA_PERIOD_STARTS, "latest", ("start",)),
        (facts.LATEST_PLACEMENTS, "latest", ("placement_start", "placement_type")),
        (facts.CLA_REVIEWS, "latest", ("last_review",)),
        (facts.CLA_VISITS, "latest", ("last_visit",)),
        (facts.HEALTH_ASSESSMENTS, "latest", ("last_health",)),
    ),
    9: (
        (facts.CARE_LEAVERS, "events", ("eligibility",)),
        (facts.CARE_LEAVER_CONTACTS, "latest", ("in_touch", "contact_date", "accommodation", "activity")),
        (facts.PATHWAY_PLANS, "latest", ("pathway_plan",)),
    ),
}


def _coverage(batch: Batch, sheets: dict[int, ListSheet], extract_date: dt.date) -> None:
    for number, held in LIST_COVERAGE.items():
        sheet = sheets.get(number)
        if sheet is None:
            continue
        months = sheet.annex.window_months
        start = extract_date - relativedelta(months=months) + dt.timedelta(days=1) if months else extract_date
        scope = (
            f"children in Annex A {sheet.annex.sheet} ({sheet.annex.title}) extracted {extract_date:%d/%m/%Y}"
        )
        for fact, mode, columns in held:
            if all(column in sheet.frame.columns for column in columns):
                batch.covers((fact,), start if mode == "events" else extract_date, extract_date, scope, mode)


ISO_DATE = re.compile(r"(?<!\d)(20\d\d)-(\d\d)-(\d\d)(?!\d)")
TITLE_DATE = re.compile(r"as at (\d\d)/(\d\d)/(20\d\d)")


def extract_date_named(path: Path) -> dt.date | None:
    """The extract date the file's name states (`2026-03-31`), else the one lineofsight wrote in the
    workbook's title ("Annex A as at 31/03/2026"); None when neither says."""
    found = ISO_DATE.search(path.name)
    if found:
        try:
            return dt.date(int(found[1]), int(found[2]), int(found[3]))
        except ValueError:
            return None
    try:
        with zipfile.ZipFile(path) as workbook:
            core = workbook.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    title = TITLE_DATE.search(core)
    if title is None:
        return None
    try:
        return dt.date(int(title[3]), int(title[2]), int(title[1]))
    except ValueError:
        return None


__all__ = ["read_annex_a"]
