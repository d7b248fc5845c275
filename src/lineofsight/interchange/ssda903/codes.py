"""The SSDA903 codes the reader checks, with what they mean in the canonical model. The lists are the
union over the collection years lineofsight reads (2016-17 to 2026-27), so a return of any of those
years reads; whether a code suits its year is the DfE rules' business (`lineofsight validate 903`),
not the reader's. A code outside its list in a field that names the record or says what it is (an
episode's legal status) rejects the row; in any other field it is cleared and reported, and the row
kept.
"""

from __future__ import annotations

SEX = {"1": "1", "2": "2", "M": "1", "F": "2", "U": "0", "0": "0", "9": "9"}
ETHNICITY = frozenset(
    {
        "WBRI",
        "WIRI",
        "WIRT",
        "WOTH",
        "WROM",
        "MWBC",
        "MWBA",
        "MWAS",
        "MOTH",
        "AIND",
        "APKN",
        "ABAN",
        "AOTH",
        "BCRB",
        "BAFR",
        "BOTH",
        "CHNE",
        "OOTH",
        "REFU",
        "NOBT",
    }
)
UNKNOWN_UPN = frozenset(f"UN{n}" for n in range(1, 11))  # why a child has no UPN
RNE = frozenset({"S", "L", "P", "T", "U", "B"})
LEGAL_STATUS = frozenset(
    {
        "C1",
        "C2",
        "D1",
        "E1",
        "J1",
        "J2",
        "J3",
        "L1",
        "L2",
        "L3",
        "V2",
        "V3",
        "V4",
    }
)
NEED = frozenset(f"N{n}" for n in range(1, 9))
PLACE = frozenset(
    {
        "A3",
        "A4",
        "A5",
        "A6",
        "H5",
        "K1",
        "K2",
        "K3",
        "P1",
        "P2",
        "P3",
        "R1",
        "R2",
        "R3",
        "R5",
        "S1",
        "T0",
        "T1",
        "T2",
        "T3",
        "T4",
        "U1",
        "U2",
        "U3",
        "U4",
        "U5",
        "U6",
        "Z1",
        "Z11",
        "Z12",
        "Z13",
        "Z14",
    }
)
LONG_TERM_PLACES = frozenset({"U1", "U4"})
PROVIDER = frozenset({"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"})
REC = frozenset(
    {
        "E11",
        "E12",
        "E13",
        "E14",
        "E15",
        "E16",
        "E17",
        "E2",
        "E3",
        "E41",
        "E43",  # up to 2016-17 (E45 to E48 since)
        "E44",
        "E45",
        "E46",
        "E47",
        "E48",
        "E4A",
        "E4B",
        "E5",
        "E6",
        "E7",
        "E8",
        "E9",
        "X1",
    }
)
REASON_PLACE_CHANGE = frozenset(
    {
        "CARPL",
        "CLOSE",
        "ALLEG",
        "STAND",
        "APPRR",
        "CREQB",
        "CREQO",
        "CHILD",
        "LAREQ",
        "PLACE",
        "CUSTOD",
        "OTHER",
    }
)
ADOPTED = frozenset({"E11", "E12"})
REVIEW_CODE = frozenset(f"PN{n}" for n in range(8))
MISSING = {"M": "missing", "A": "away"}
IN_TOUCH = frozenset({"YES", "NO", "DIED", "REFU", "NREQ", "RHOM"})
IN_TOUCH_YES = "YES"  # the one answer that comes with the young person's activity and accommodation
NO_INFORMATION = "0"  # OC3 ACTIV and ACCOM
SUITABLE = "1"  # the last character of an OC3 ACCOM code: 1 suitable, 2 not
# OC3 ACTIV: F (full time) or P (part time) 1 higher education, 2 other education, 4 training or
# employment, 5 (from 2018-19) apprenticeship; 3 up to 2017-18; G4-G6 not in education, employment
# or training (illness, other, parenthood); 0 no information.
ACTIVITY = frozenset({"F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0"})
# OC3 ACCOM: a letter (the kind of accommodation) and 1 (suitable) or 2 (not); 0 no information.
ACCOMMODATION = frozenset({f"{kind}{suitable}" for kind in "BCDEGHKRSTUVWXYZ" for suitable in "12"} | {"0"})
YES_NO = frozenset({"0", "1"})
SDQ_REASON = frozenset({"SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5"})
REASON_PLACED_CEASED = frozenset({"RD1", "RD2", "RD3", "RD4"})
ADOPTERS_SEX = frozenset({"M1", "F1", "MM", "FF", "MF"})
ADOPTERS_LEGAL_STATUS = frozenset({"L0", "L11", "L12", "L2", "L3", "L4"})
# SW_REASON: why a social worker episode began.
SW_REASON = frozenset(
    {"MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "SWDIED", "OTHERS"}
)
# PREV_PERM: P1-P4 an adoption, special guardianship or child arrangements order before care; Z1 none
# or not known.
PREVIOUS_PERMANENCE = frozenset({"P1", "P2", "P3", "P4", "Z1"})
