"""The SSDA903 return's tables: their columns, file names and date format, by collection year.

The DfE collects the children-looked-after return as a set of CSV tables, one row per child (header,
UASC, OC2, OC3, AD1), per episode of care, per review, per missing episode and so on. Their column
names are the DfE's own and the validator recognises a table by its exact set of columns, so a writer
must give exactly these. The tables have had these columns since 2016-17; the social worker episodes
table is collected from 2024-25 (the collection year ending 31 March 2025) and the deprivation of
liberty orders (DoLo) from 2026-27.

A reader needs fewer: each table's `KEYED` columns say which record a row is and what it means (a
review's child and day); without one the table cannot be read. The rest may be absent (another tool's
file, an older year's column set), and are then read as blank, and the load's notes say so.
"""

from __future__ import annotations

import datetime as dt
import re

# Table name (as lineofsight names its files) -> the DfE's columns, in the DfE's order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "episodes": (
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    ),
    "reviews": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "uasc": ("CHILD", "SEX", "DOB", "DUC"),
    "oc2": (
        "CHILD",
        "DOB",
        "SDQ_SCORE",
        "SDQ_REASON",
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ),
    "oc3": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "ad1": ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"),
    "placed_adoption": ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
    "prev_perm": ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    "missing": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    "sw_episodes": ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
    "dolo": ("CHILD", "DOB", "DOLO_START", "DOLO_END"),
}
REQUIRED = ("header", "episodes")
FIRST_YEAR_WITH_SOCIAL_WORKERS = 2025
FIRST_YEAR_WITH_DEPRIVATION_OF_LIBERTY = 2027
# The collection years (by the year they end) whose return lineofsight reads and writes: 2016-17 to
# 2026-27 (`interchange.years`).
YEARS = range(2017, 2028)

# The columns without which a table cannot be read: the child, and what says which record a row is
# and what it means (an episode's start and codes, and its end, whose blank means "still open").
KEYED: dict[str, tuple[str, ...]] = {
    "header": ("CHILD", "SEX", "DOB", "ETHNIC"),
    "episodes": ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "DEC", "REC"),
    "reviews": ("CHILD", "REVIEW"),
    "uasc": ("CHILD",),
    "oc2": ("CHILD",),
    "oc3": ("CHILD", "IN_TOUCH"),
    "ad1": ("CHILD", "DATE_INT"),
    "placed_adoption": ("CHILD", "DATE_PLACED"),
    "prev_perm": ("CHILD",),
    "missing": ("CHILD", "MISSING", "MIS_START", "MIS_END"),
    "sw_episodes": ("CHILD", "SW_ID", "SW_DECOM", "SW_DEC"),
    "dolo": ("CHILD", "DOLO_START", "DOLO_END"),
}

# Other names councils' systems give the tables' files (compared in lower case, with any run of
# characters other than letters and digits read as "_"), longest first so that "sw_episodes" is not
# taken for "episodes".
ALIASES: dict[str, tuple[str, ...]] = {
    "header": ("header", "child_header"),
    "episodes": ("episodes",),
    "reviews": ("reviews",),
    "uasc": ("uasc",),
    "oc2": ("oc2",),
    "oc3": ("oc3",),
    "ad1": ("ad1",),
    "placed_adoption": ("placed_for_adoption", "placed_adoption", "placedadoption", "sbpfa"),
    "prev_perm": ("previous_permanence", "prev_perm", "prevperm"),
    "missing": ("missing",),
    "sw_episodes": ("social_worker_episodes", "sw_episodes", "swepisodes", "social_workers", "socialworker"),
    "dolo": (
        "dolo",
        "dols",
        "deprivation_of_liberty",
        "deprivations_of_liberty",
        "deprivation_of_liberty_orders",
    ),
}
FIRST_YEARS = {"sw_episodes": FIRST_YEAR_WITH_SOCIAL_WORKERS, "dolo": FIRST_YEAR_WITH_DEPRIVATION_OF_LIBERTY}


def tables_for(year: int) -> tuple[str, ...]:
    """The tables of the return for the collection year ending 31 March `year`."""
    return tuple(name for name in COLUMNS if year >= FIRST_YEARS.get(name, 0))


def table_of(file_name: str) -> str | None:
    """Which table a file holds, from its name (`header.csv`, `SSDA903_2025_Episodes.CSV`, ...)."""
    stem = re.sub(r"[^a-z0-9]+", "_", file_name.lower().rsplit(".", 1)[0]).strip("_")
    candidates = sorted(
        ((alias, table) for table, aliases in ALIASES.items() for alias in aliases),
        key=lambda pair: -len(pair[0]),
    )
    for alias, table in candidates:
        if stem == alias or stem.endswith("_" + alias):
            return table
    return None


def collection_year(year: int) -> tuple[dt.date, dt.date]:
    """The first and last days of the collection year ending 31 March `year`."""
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)


def show_date(day: dt.date | None) -> str:
    """Dates as the 903 writes them: dd/mm/yyyy; blank for none."""
    return "" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def parse_date(text: str) -> dt.date:
    """A 903 date (dd/mm/yyyy; ISO yyyy-mm-dd accepted too); ValueError with a reason otherwise."""
    match = DATE.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        iso = re.match(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$", text)
        if not iso:
            raise ValueError(f"{text!r} is not a date (dd/mm/yyyy)")
        year, month, day = (int(part) for part in iso.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None


# OC2's answers, by column, and the field of `health_outcomes` each is kept in as the return gave it.
OC2_ANSWERS = {
    "SDQ_SCORE": "sdq_score",
    "SDQ_REASON": "sdq_reason",
    "CONVICTED": "convicted",
    "HEALTH_CHECK": "health_check",
    "IMMUNISATIONS": "immunisations",
    "TEETH_CHECK": "teeth_check",
    "HEALTH_ASSESSMENT": "health_assessment",
    "SUBSTANCE_MISUSE": "substance_misuse",
    "INTERVENTION_RECEIVED": "intervention_received",
    "INTERVENTION_OFFERED": "intervention_offered",
}
