"""The journey's words: DfE codes and the model's coded values as a reader of a timeline says them.

The DfE codes take their words from the Annex A lists (`interchange.annex_a.codes`), so that a code
reads the same in a timeline as in the workbook; the model's own values (outcomes, visit kinds) and
the few codes whose Annex A label is an abbreviation (legal statuses) are worded here.
"""

from __future__ import annotations

import re

from lineofsight.interchange.annex_a import codes

SEX = {"1": "male", "2": "female", "0": "sex not known", "9": "sex not stated"}
LEGAL_STATUS = {
    "C1": "interim care order",
    "C2": "full care order",
    "D1": "freeing order",
    "E1": "placement order",
    "V2": "accommodated under section 20",
    "V3": "short breaks (single episodes)",
    "V4": "short breaks (agreed series)",
    "L1": "police protection",
    "L2": "emergency protection order",
    "L3": "child assessment order",
    "J1": "remanded to local authority accommodation",
    "J2": "accommodated under PACE",
    "J3": "youth rehabilitation order",
}
OUTCOMES = {
    "referral": "referred",
    "early_help": "early help",
    "advice": "advice given",
    "no_further_action": "no further action",
    "nfa": "no further action",
    "cin_plan": "CIN plan",
    "s47": "section 47 enquiry",
    "no_s47": "no section 47 enquiry",
    "icpc": "initial child protection conference",
    "care": "became looked after",
    "step_down": "stepped down",
    "issue": "proceedings issued",
    "care_order": "care order",
    "supervision_order": "supervision order",
    "sgo": "special guardianship order",
    "placement_order": "placement order",
    "no_order": "no order",
    "case_closed": "case closed",
    "transfer": "transferred",
    "worker_left": "worker left",
}
# 903 REASON_PLACE_CHANGE: why a placement ended.
MOVES = {
    "CARPL": "care plan",
    "CLOSE": "carer resigned or provision closed",
    "ALLEG": "allegation",
    "STAND": "concern about standards of care",
    "APPRR": "carer's approval removed",
    "CREQB": "carer asked, because of the child's behaviour",
    "CREQO": "carer asked, for another reason",
    "CHILD": "child asked",
    "LAREQ": "the council asked",
    "PLACE": "change of placement status only",
    "CUSTOD": "custody",
    "OTHER": "other reason",
}
VISITS = {
    "cp": "Child protection",
    "cin": "Child in need",
    "cla": "Looked-after child",
    "care_leaver": "Care leaver",
    "private_fostering": "Private fostering",
}
HEALTH = {
    "initial": "Initial health assessment",
    "review": "Review health assessment",
    "dental": "Dental check",
}
IN_TOUCH = {
    "YES": "in touch",
    "NO": "not in touch",
    "DIED": "died",
    "REFU": "refused contact",
    "NREQ": "no longer needs services",
    "RHOM": "returned home",
}
# The adoption milestones, in the order they come: (column of `adoptions`, what happened).
ADOPTION = (
    ("should_be_placed_decision_date", "Decision that the child should be placed for adoption"),
    ("placement_order_date", "Placement order made"),
    ("matched_date", "Matched with adopters"),
    ("placed_date", "Placed with adopters"),
    ("adoption_order_date", "Adoption order made"),
    ("decision_reversed_date", "Decision to place for adoption reversed"),
)
# What held a child's permanence before this care (903 PREV_PERM); Z1 is none, or none known.
PREVIOUS_ORDER = {
    "P1": "adopted",
    "P2": "a special guardianship order",
    "P3": "a child arrangements order (or residence order)",
    "P4": "another permanence order",
}

# An Annex A label's letter and code: 'q) 6: Police', 'N1 - Abuse or neglect', 'd) U4: Foster ...'.
_LABEL_PREFIX = re.compile(r"^(?:[a-z]{1,2}\)\s*)?(?:[A-Z0-9]{1,4}\s*[:\-]\s+)?")


def coded(codeset: codes.CodeSet, code: str | None, *, lower: bool = True) -> str:
    """A DfE code in plain words, from its Annex A label without the letter and the code: 'N1' ->
    'abuse or neglect', lowered to read inside a sentence unless `lower` is false. A label with another
    capital in it ('LA services', "Children's Homes") is left as written rather than half lowered; a
    code the list does not know is shown as it is."""
    if not code:  # None, or a return's blank
        return "not recorded"
    label = _LABEL_PREFIX.sub("", codeset.label(code) or code)
    if not lower or any(letter.isupper() for letter in label[1:]):
        return label
    return label[:1].lower() + label[1:]


def value(text: str | None) -> str:
    """One of the model's own values (a reason, a grade) in words: 'moved_away' -> 'moved away'."""
    return "" if text is None else text.replace("_", " ")


def outcome(code: str | None) -> str:
    """One of the model's outcome values in words; empty when there is none."""
    return OUTCOMES.get(code, value(code)) if code else ""


def then(text: str, *parts: str) -> str:
    """A description and what followed, leaving out the parts that are empty (not known at D)."""
    return "; ".join([text, *(part for part in parts if part)])
