"""The census's elements, the columns of `workforce_census` and `workforce_census_workers` that keep
them, and the codes lineofsight reads meaning into.

Every element of a worker's record is kept as given (a census loaded and written again says the
same); only those the workforce's spells are made of (agency, SWENo, FTE, role, start and end) and
those with a plain type (dates, numbers, counts) are checked, so that a value that cannot be right
rejects its record instead of landing in a figure.
"""

from __future__ import annotations

import datetime as dt

COLLECTION = "CSWW"
KIND = "csww"
# The census day: 30 September of the census's year.
CENSUS_MONTH_DAY = (9, 30)

# A worker's record (CSWWWorker), element by element in the order the census gives them.
WORKER_ELEMENTS: tuple[tuple[str, str], ...] = (
    ("AgencyWorker", "agency_worker"),
    ("SWENo", "swe_no"),
    ("FTE", "fte"),
    ("PersonBirthDate", "person_birth_date"),
    ("GenderCurrent", "gender_current"),
    ("Ethnicity", "ethnicity"),
    ("QualInst", "qual_inst"),
    ("QualLevel", "qual_level"),
    ("StepUpGrad", "step_up_grad"),
    ("OrgRole", "org_role"),
    ("RoleStartDate", "role_start_date"),
    ("StartOrigin", "start_origin"),
    ("RoleEndDate", "role_end_date"),
    ("LeaverDestination", "leaver_destination"),
    ("ReasonLeave", "reason_leave"),
    ("FTE30", "fte30"),
    ("Cases30", "cases30"),
    ("WorkingDaysLost", "working_days_lost"),
    ("ContractWeeks", "contract_weeks"),
    ("FrontlineGrad", "frontline_grad"),
    ("Absat30Sept", "absat30_sept"),
    ("ReasonAbsence", "reason_absence"),
    ("CFKSSstatus", "cfkss_status"),
)
# Elements a record may give more than once; kept as a JSON list of the values in order.
REPEATING = frozenset({"QualInst", "ContractWeeks", "Absat30Sept", "ReasonAbsence", "CFKSSstatus"})
# The council's line (LALevelVacancies).
VACANCY_ELEMENTS: tuple[tuple[str, str], ...] = (
    ("NumberOfVacancies", "number_of_vacancies"),
    ("NoAgencyFTE", "agency_fte"),
    ("NoAgencyHeadcount", "agency_headcount"),
)

AGENCY = {"0": False, "1": True}
# OrgRole: 1 senior manager, 2 middle manager, 3 first line manager, 4 senior practitioner,
# 5 case holder, 6 qualified social worker not holding cases. The model's roles, and who holds cases.
ORG_ROLES: dict[str, tuple[str, bool]] = {
    "1": ("manager", False),
    "2": ("manager", False),
    "3": ("manager", False),
    "4": ("qualified_social_worker", True),
    "5": ("qualified_social_worker", True),
    "6": ("qualified_social_worker", False),
}
# The model's roles counted by the census (personal advisers need not be social workers).
CENSUS_ROLES = ("qualified_social_worker", "asye", "manager")
DATES = ("PersonBirthDate", "RoleStartDate", "RoleEndDate")
FRACTIONS = ("FTE", "FTE30")  # a share of full time: more than 0, at most 1
COUNTS = ("Cases30",)  # whole numbers, 0 or more
AMOUNTS = ("WorkingDaysLost",)  # numbers, 0 or more


def census_day(year: int) -> dt.date:
    """The census day of a year's census."""
    return dt.date(year, *CENSUS_MONTH_DAY)


def census_id(day: dt.date) -> str:
    return f"{KIND}/{day.isoformat()}"


def census_worker_id(day: dt.date, swe_no: str, occurrence: int) -> str:
    """A record by its census, its SWENo and which of that SWENo's records it is in the file (a
    worker who left and came back in the year has two)."""
    return f"{census_id(day)}/{swe_no}/{occurrence}"


def number(text: str) -> float | None:
    """A decimal as the census gives it, or None when it is not one."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None


def decimal(value: float) -> str:
    """A number as the census writes it: up to six places, no trailing zeros."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text or "0"
