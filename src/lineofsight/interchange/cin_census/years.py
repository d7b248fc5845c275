"""The CIN census's collection years, as data: what each year's census says differently.

The census's elements have been the same since 2020-21 (its code lists changed, which the DfE's
rules check) but for two: the child's sex, which was `GenderCurrent` (codes 1, 2, 0, 9) up to
2023-24 and is `Sex` (M, F, U) from 2024-25, and the block on pre-proceedings and family group
decision-making (`PreProceedingsandFGDM`, one or more in a CIN episode) from 2026-27. With them,
the census's codes that the reader and the writer share.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class CensusYear:
    """What one collection year's census says differently from the others."""

    year: int  # the year the collection ends, on 31 March
    sex_element: str
    sex_codes: dict[str, str]  # canonical person_sex -> the census's code
    pre_proceedings: bool = False  # the PreProceedingsandFGDM block (from 2026-27)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year - 1, 4, 1)

    @property
    def reference_date(self) -> dt.date:
        return dt.date(self.year, 3, 31)


# Canonical person_sex is the older census coding (1 male, 2 female, 0 not known, 9 not stated).
GENDER_CODES = {"1": "1", "2": "2", "0": "0", "9": "9"}
SEX_CODES = {"1": "M", "2": "F", "0": "U", "9": "U"}
SEX_FROM_CENSUS = {"M": "1", "F": "2", "U": "0", "1": "1", "2": "2", "0": "0", "9": "9"}

YEARS: dict[int, CensusYear] = {
    2021: CensusYear(2021, "GenderCurrent", GENDER_CODES),
    2022: CensusYear(2022, "GenderCurrent", GENDER_CODES),
    2023: CensusYear(2023, "GenderCurrent", GENDER_CODES),
    2024: CensusYear(2024, "GenderCurrent", GENDER_CODES),
    2025: CensusYear(2025, "Sex", SEX_CODES),  # 2024-25: sex recorded as M, F or U
    2026: CensusYear(2026, "Sex", SEX_CODES),
    2027: CensusYear(2027, "Sex", SEX_CODES, pre_proceedings=True),  # 2026-27
}

# The census's disability codes: NONE, or each kind the child has (DDA: a disability under the Act
# not in another category). The model keeps them as given, and whether the child has one.
NOT_DISABLED = "NONE"
DISABILITIES = frozenset(
    {NOT_DISABLED, "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"}
)
UPN_UNKNOWN = frozenset(f"UN{n}" for n in range(1, 11))  # why a child has no UPN
PRE_PROCEEDINGS_OUTCOMES = frozenset({"A", "B", "C"})  # PPOutcome (the DfE's code set CS131)

# The council's number in the DfE's list of local authorities (the census header's LEA, 3 digits; not
# the ONS code), kept as a council fact so that a census read and written again names the same council.
LA_NUMBER_FACT = "dfe_la_number"
UNKNOWN_LA = "000"

# A section 47 enquiry the census flags `ICPCnotRequired`: it says no conference was needed, not what
# followed (no further action or a CIN plan), so a census-read enquiry carries this outcome.
NO_CONFERENCE = "no_icpc"
ICPC_TARGET_WORKING_DAYS = 15


def census_year(year: int) -> CensusYear:
    """The census of the collection year ending 31 March `year`; `interchange.years`' refusal for a
    year it has no specification for."""
    from lineofsight.interchange.years import check_year

    return YEARS[check_year("cin", year)]
