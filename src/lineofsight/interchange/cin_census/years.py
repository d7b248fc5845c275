"""The CIN census's collection years, as data: what each year's census says differently.

The census's structure has been the same since 2022-23 except the child's sex, which was
`GenderCurrent` (codes 1, 2, 0, 9) up to 2023-24 and is `Sex` (M, F, U) from 2024-25. With them, the
census's codes that the reader and the writer share.
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
    2023: CensusYear(2023, "GenderCurrent", GENDER_CODES),
    2024: CensusYear(2024, "GenderCurrent", GENDER_CODES),
    2025: CensusYear(2025, "Sex", SEX_CODES),  # 2024-25: sex recorded as M, F or U
    2026: CensusYear(2026, "Sex", SEX_CODES),
    2027: CensusYear(2027, "Sex", SEX_CODES),
}

# The census's disability codes; the canonical model keeps only whether the child has one, which the
# census says with DDA (a disability under the Act not in another category) or NONE.
DISABLED = "DDA"
NOT_DISABLED = "NONE"

# The council's number in the DfE's list of local authorities (the census header's LEA, 3 digits; not
# the ONS code), kept as a council fact so that a census read and written again names the same council.
LA_NUMBER_FACT = "dfe_la_number"
UNKNOWN_LA = "000"

# A section 47 enquiry the census flags `ICPCnotRequired`: it says no conference was needed, not what
# followed (no further action or a CIN plan), so a census-read enquiry carries this outcome.
NO_CONFERENCE = "no_icpc"
ICPC_TARGET_WORKING_DAYS = 15


class UnknownYearError(ValueError):
    """The census has no specification here for that collection year."""


def census_year(year: int) -> CensusYear:
    try:
        return YEARS[year]
    except KeyError:
        raise UnknownYearError(
            f"there is no CIN census specification for the year ending March {year}: "
            f"choose {min(YEARS)} to {max(YEARS)}"
        ) from None
