"""The coded values of Ofsted's Annex A lists, as the guidance writes them, beside the model's codes.

Annex A writes its codes as lettered choices (`a) Male`, `q) 6: Police`, `N1 - Abuse or neglect`) so
that a council can fill the workbook from a drop-down. The model keeps the DfE's bare codes (`1`, `6`,
`N1`). A `CodeSet` holds both: the writer turns a model code into the guidance's label, and the reader
accepts the label, the label without its letter, the bare code, or the plain name, in any case and
spacing, because councils' workbooks carry all of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

_LETTER = re.compile(r"^[a-z]{1,2}\)\s*")
_SPACES = re.compile(r"[^a-z0-9&/]+")
# Where a label puts its code: 'q) 6: Police', 'N1 - Abuse or neglect'.
_PIECES = re.compile(r"\s*[:\-–]\s+|:\s*")


def normalise_value(text: str) -> str:
    """'  a)  White British ' -> 'a white british': lower case, punctuation and spacing evened out."""
    return _SPACES.sub(" ", text.lower()).strip()


_LOOKUPS: dict[str, dict[str, Any]] = {}


@dataclass(frozen=True)
class CodeSet:
    """One list of codes: the model's code and the guidance's label for each, and other spellings
    seen in councils' workbooks (`aliases`, keyed by their normalised text)."""

    name: str
    labels: tuple[tuple[Any, str], ...]  # (model code, guidance label), in the guidance's order
    aliases: Mapping[str, Any] = field(default_factory=dict)
    written: Mapping[Any, str] = field(default_factory=dict)  # model codes the guidance has no label for

    def label(self, code: Any) -> str | None:
        """The guidance's label of a model code (None for a blank)."""
        if code is None:
            return None
        for value, text in self.labels:
            if value == code:
                return text
        return self.written.get(code, str(code))

    def lookup(self) -> dict[str, Any]:
        """Every accepted spelling, normalised, to its model code (worked out once per code set)."""
        cached = _LOOKUPS.get(self.name)
        if cached is None:
            cached = _LOOKUPS[self.name] = self._spellings()
        return cached

    def _spellings(self) -> dict[str, Any]:
        table: dict[str, Any] = {}
        ambiguous: set[str] = set()
        for value, text in self.labels:
            bare = _LETTER.sub("", text.strip().lower())
            pieces = _PIECES.split(bare, maxsplit=1)
            for form in {normalise_value(f) for f in (text, bare, str(value), *pieces)}:
                if form in table and table[form] != value:
                    ambiguous.add(form)  # 'Individual' names four sources: it decides none of them
                table.setdefault(form, value)
        for form in ambiguous:
            del table[form]
        for form, value in self.aliases.items():
            table[normalise_value(form)] = value
        return table

    def decode(self, text: str, table: Mapping[str, Any]) -> Any:
        """The model code for one cell's text, or raise KeyError."""
        key = normalise_value(text)
        if key in table:
            return table[key]
        # 'q) 6: Police (local)' and other decorated forms: try the label without its letter, then
        # the part before a colon or a dash, which is where the guidance puts the DfE code.
        bare = _LETTER.sub("", text.strip().lower())
        for piece in _PIECES.split(bare, maxsplit=1):
            found = normalise_value(piece)
            if found in table:
                return table[found]
        raise KeyError(text)


YES_NO = CodeSet(
    "yes or no",
    ((True, "a) Yes"), (False, "b) No")),
    aliases={"y": True, "n": False, "true": True, "false": False, "1": True, "0": False},
)
# "c) Unknown" is a blank: the model keeps None for "not known".
UNKNOWN_ANSWERS = frozenset({"c unknown", "unknown", "not known", "n/a", "na"})

GENDER = CodeSet(
    "gender",
    (("1", "a) Male"), ("2", "b) Female"), ("0", "c) Not stated/recorded")),
    aliases={
        "m": "1",
        "f": "2",
        "boy": "1",
        "girl": "2",
        "d neither": "0",
        "neither": "0",
        "unknown": "0",
        "not known": "0",
        "indeterminate": "0",
        "9": "0",
    },
    written={"9": "c) Not stated/recorded"},
)

_ETHNICITY = (
    ("WBRI", "White British"),
    ("WIRI", "White Irish"),
    ("WIRT", "Traveller of Irish heritage"),
    ("WOTH", "Any other White background"),
    ("WROM", "Gypsy/Roma"),
    ("MWBC", "White and Black Caribbean"),
    ("MWBA", "White and Black African"),
    ("MWAS", "White and Asian"),
    ("MOTH", "Any other Mixed background"),
    ("AIND", "Indian"),
    ("APKN", "Pakistani"),
    ("ABAN", "Bangladeshi"),
    ("AOTH", "Any other Asian background"),
    ("BCRB", "Caribbean"),
    ("BAFR", "African"),
    ("BOTH", "Any other Black background"),
    ("CHNE", "Chinese"),
    ("OOTH", "Any other ethnic group"),
    ("REFU", "Refused"),
    ("NOBT", "Information not yet obtained"),
)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
ETHNICITY = CodeSet(
    "ethnicity",
    tuple((code, f"{_LETTERS[min(i, 18)]}) {code}") for i, (code, _) in enumerate(_ETHNICITY)),
    aliases={name: code for code, name in _ETHNICITY},
)

_SOURCES = (
    ("1A", "Individual"),
    ("1B", "Individual"),
    ("1C", "Individual"),
    ("1D", "Individual"),
    ("2A", "Schools"),
    ("2B", "Education services"),
    ("3A", "Health services"),
    ("3B", "Health services"),
    ("3C", "Health services"),
    ("3D", "Health services"),
    ("3E", "Health services"),
    ("3F", "Health services"),
    ("4", "Housing"),
    ("5A", "LA services"),
    ("5B", "LA services"),
    ("5C", "LA services"),
    ("6", "Police"),
    ("7", "Other legal agency"),
    ("8", "Other"),
    ("9", "Anonymous"),
    ("10", "Unknown"),
    # 5D (early help) came into the CIN census after the lettered list was drawn up; it takes the
    # next letter.
    ("5D", "Early help"),
)
SOURCE = CodeSet(
    "referral source",
    tuple((code, f"{_LETTERS[i]}) {code}: {name}") for i, (code, name) in enumerate(_SOURCES)),
    aliases={"police": "6", "schools": "2A", "school": "2A", "housing": "4", "anonymous": "9"},
)

NEED = CodeSet(
    "primary need",
    (
        ("N1", "N1 - Abuse or neglect"),
        ("N2", "N2 - Child's disability"),
        ("N3", "N3 - Parental disability or illness"),
        ("N4", "N4 - Family in acute stress"),
        ("N5", "N5 - Family dysfunction"),
        ("N6", "N6 - Socially unacceptable behaviour"),
        ("N7", "N7 - Low income"),
        ("N8", "N8 - Absent parenting"),
        ("N9", "N9 - Cases other than children in need"),
        ("N0", "N0 - Not stated"),
    ),
)

CLOSURE = CodeSet(
    "reason for closure",
    (
        ("RC1", "RC1 - Adopted"),
        ("RC2", "RC2 - Died"),
        ("RC3", "RC3 - Child arrangements order"),
        ("RC4", "RC4 - Special guardianship order"),
        ("RC5", "RC5 - Transferred to services of another local authority"),
        ("RC6", "RC6 - Transferred to adult social care services"),
        ("RC7", "RC7 - Services ceased for any other reason, including child no longer in need"),
        ("RC8", "RC8 - Case closed after assessment, no further action"),
        ("RC9", "RC9 - Case closed after assessment, referred to early help"),
    ),
)

CASE_STATUS = CodeSet(
    "case status",
    (
        ("cla", "a) Looked after child"),
        ("cp", "b) Child Protection plan"),
        ("cin", "c) Child in need plan"),
        ("assessment", "d) Open assessment"),
        ("closed", "e) Closed episode"),
    ),
)

CATEGORY = CodeSet(
    "category of abuse",
    (
        ("NEG", "a) Neglect"),
        ("PHY", "b) Physical abuse"),
        ("SAB", "c) Sexual abuse"),
        ("EMO", "d) Emotional abuse"),
        ("MUL", "e) Multiple/not recommended"),
    ),
    aliases={"multiple": "MUL", "physical": "PHY", "sexual": "SAB", "emotional": "EMO"},
)

LEGAL_STATUS = CodeSet(
    "legal status",
    (
        ("C1", "C1: ICO"),
        ("C2", "C2: FCO"),
        ("D1", "D1: Freeing order"),
        ("E1", "E1: Placement order"),
        ("V2", "V2: Single period under S20"),
        ("V3", "V3: Short term breaks, episodes recorded"),
        ("V4", "V4: Short term breaks, agreements recorded"),
        ("L1", "L1: Police protection LA accommodation"),
        ("L2", "L2: EPO"),
        ("L3", "L3: Child assessment order LA accommodation"),
        ("J1", "J1: Remanded to LA or youth detention"),
        ("J2", "J2: LA accommodation under PACE"),
        ("J3", "J3: Youth rehabilitation order"),
    ),
)

CEASED = CodeSet(
    "reason ceased to be looked after",
    (
        ("E11", "a) E11: Adopted - application unopposed"),
        ("E12", "b) E12: Adopted - consent dispensed"),
        ("E2", "c) E2: Died"),
        ("E3", "d) E3: Care taken by another LA"),
        ("E4A", "e) E4A: Returned home to live with parents or relatives - part of planning"),
        ("E4B", "f) E4B: Returned home to live with parents or relatives - not part of planning"),
        ("E13", "g) E13: Parents, relatives or other with no parental responsibility"),
        ("E41", "h) E41: Residence order granted"),
        ("E45", "i) E45: Special Guardianship Orders - former carer relative/friend"),
        ("E46", "j) E46: Special Guardianship Orders - former carer other"),
        ("E47", "k) E47: Special Guardianship Orders - relative/friend"),
        ("E48", "l) E48: Special Guardianship Orders - other"),
        ("E5", "m) E5: Moved into independent living - supported"),
        ("E6", "n) E6: Moved into independent living - no support"),
        ("E7", "o) E7: Transferred to residential care funded by adult social services"),
        ("E9", "p) E9: Sentenced to custody"),
        ("E14", "q) E14: Accommodation on remand ended"),
        ("E15", "r) E15: Age assessment determined child was 18 or over"),
        ("E16", "s) E16: Child moved abroad"),
        ("E8", "t) E8: Care ceased for any other reason"),
        ("E17", "v) E17: Aged 18+ and remained with current carers"),
    ),
)

PLACEMENT_TYPE = CodeSet(
    "placement type",
    (
        ("U1", "a) U1: Foster placement - relatives - long term"),
        ("U2", "b) U2: Foster placement - relative - FFA"),
        ("U3", "c) U3: Foster placement - relative - not FFA"),
        ("U4", "d) U4: Foster placement - long term"),
        ("U5", "e) U5: Foster placement - FFA"),
        ("U6", "f) U6: Foster placement - not FFA"),
        ("A3", "g) A3: Placed for adoption - consent - current foster"),
        ("A4", "h) A4: Placed for adoption - consent - not foster"),
        ("A5", "i) A5: Placed for adoption - order - foster"),
        ("A6", "j) A6: Placed for adoption - order - not foster"),
        ("P1", "k) P1: Placed with parents"),
        ("P2", "l) P2: Independent living"),
        ("P3", "m) P3: Residential employment"),
        ("H5", "n) H5: Residential accommodation"),
        ("K1", "o) K1: Secure Children's Homes"),
        ("K2", "p) K2: Children's Homes"),
        ("R1", "q) R1: Residential Care Home"),
        ("R2", "r) R2: NHS/Health Trust"),
        ("R3", "s) R3: Family Centre or Mother and Baby Unit"),
        ("R5", "t) R5: Young Offender Institution"),
        ("S1", "u) S1: Residential school"),
        ("Z1", "v) Z1: Other placements"),
        ("T0", "w) T0: Temporary placement"),
        ("T1", "x) T1: Temporary placement - hospital"),
        ("T2", "y) T2: Temporary placement - holiday"),
        ("T3", "z) T3: Temporary placement - carer holiday"),
        ("T4", "zz) T4: Temporary placement - seven days or less"),
    ),
)

PROVIDER = CodeSet(
    "placement provider",
    (
        ("PR0", "a) PR0: Parents/Parental responsibility"),
        ("PR1", "b) PR1: Own provision"),
        ("PR2", "c) PR2: Other LA provision"),
        ("PR3", "d) PR3: Other public provision"),
        ("PR4", "e) PR4: Private provision"),
        ("PR5", "f) PR5: Voluntary/third sector"),
    ),
)

ELIGIBILITY = CodeSet(
    "eligibility category",
    (
        ("relevant", "a) Relevant child"),
        ("former_relevant", "b) Former relevant child"),
        ("qualifying", "c) Qualifying care leaver"),
        # Eligible children (16 and 17, still looked after) are entitled too; the lettered list has
        # no choice for them, so they take the next letter.
        ("eligible", "d) Eligible child"),
    ),
    aliases={"relevant": "relevant", "former relevant": "former_relevant", "qualifying": "qualifying"},
)

IN_TOUCH = CodeSet(
    "in touch",
    (
        ("YES", "a) Yes"),
        ("NO", "b) No"),
        ("DIED", "c) Died"),
        ("REFU", "d) Refu"),
        ("NREQ", "e) NREQ"),
        ("RHOM", "f) Rhom"),
    ),
    aliases={"y": "YES", "n": "NO"},
)

ACCOMMODATION = CodeSet(
    "type of accommodation",
    (
        ("B", "B: Parents/relatives"),
        ("C", "C: Community home/residential care"),
        ("D", "D: Semi-independent, transitional accommodation and self-contained accommodation"),
        ("E", "E: Supported lodgings"),
        ("G", "G: Abroad"),
        ("H", "H: Deported"),
        ("K", "K: Ordinary lodgings, without formal support"),
        ("R", "R: Residence not known"),
        ("S", "S: No fixed abode/homeless"),
        ("T", "T: Foyers and similar supported accommodation"),
        ("U", "U: Independent living"),
        ("V", "V: Emergency accommodation"),
        ("W", "W: Bed and breakfast"),
        ("X", "X: In custody"),
        ("Y", "Y: Other accommodation"),
        ("Z", "Z: With former foster carers"),
    ),
)

SUITABILITY = CodeSet(
    "suitability of accommodation",
    ((True, "a) Suitable"), (False, "b) Unsuitable")),
)

ACTIVITY = CodeSet(
    "activity status",
    (
        ("F1", "F1: Full time in higher education"),
        ("P1", "P1: Part time in higher education"),
        ("F2", "F2: Full time in education other than higher"),
        ("P2", "P2: Part time in education other than higher"),
        ("F4", "F4: Full time in training"),
        ("P4", "P4: Part time in training"),
        ("F5", "F5: Full time in employment"),
        ("P5", "P5: Part time in employment"),
        ("G4", "G4: Not in education, employment or training - illness or disability"),
        ("G5", "G5: Not in education, employment or training - other"),
        ("G6", "G6: Not in education, employment or training - pregnancy or parenting"),
    ),
)
