"""The facts a measure or an alert can need, each named once, with the plain words a reason uses and
the sources that carry it.

A fact is a kind of record with the fields that make it useful ("the decision on each contact", not
the `contacts` table), because the returns carry different parts of one table: Annex A's List 1 has
each contact's date but not its decision; the CIN census has each referral but not the contact
before it. Every load says which facts it covered and over which days (`data.coverage`); every
measure and alert says which facts it needs and how far back (`data.needs`). The names are a
contract between the two, so both sides use these constants, and a test checks that every fact a
need names is declared here and carried by some source.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fact:
    """A kind of record. `words` finishes "needs ..." in a reason; `sources` says which loads carry it
    and how, for the reason's "which load would supply it"."""

    name: str
    words: str
    sources: str


FACTS: dict[str, Fact] = {}


def _fact(name: str, words: str, sources: str) -> str:
    FACTS[name] = Fact(name, words, sources)
    return name


# The front door
CONTACTS = _fact(
    "contacts", "each contact (its date and source)", "Annex A List 1, or a case-management extract"
)
CONTACT_DECISIONS = _fact(
    "contact_decisions",
    "the decision on each contact (its date and outcome)",
    "the case-management system's own records (Annex A, the returns and the Standard Safeguarding "
    "Dataset carry no date of the decision on a contact)",
)
EARLY_HELP = _fact("early_help", "early help assessments", "Annex A List 2, or a case-management extract")

# Referrals, children in need and assessments
REFERRALS = _fact(
    "referrals",
    "each referral (its date, source and whether it went no further)",
    "the CIN census for the year, Annex A List 3, or a case-management extract",
)
CIN_EPISODES = _fact(
    "cin_episodes",
    "each child in need episode (its start, and its closure date and reason)",
    "the CIN census for the year, Annex A List 6, or a case-management extract",
)
CLOSURE_SIGN_OFF = _fact(
    "closure_sign_off",
    "a manager's recorded decision on each closure",
    "the case-management system's own records (no return, and not the Standard Safeguarding Dataset, "
    "carries closure sign-off)",
)
ASSESSMENTS = _fact(
    "assessments",
    "each assessment (its start and authorisation dates)",
    "the CIN census for the year, Annex A List 4, or a case-management extract",
)
CIN_PLANS = _fact(
    "cin_plans", "each child in need plan (its start and end)", "the CIN census, or a case-management extract"
)
CIN_VISITS = _fact(
    "cin_visits",
    "visits to children in need",
    "a case-management extract, or Annex A List 6 (the date each child was last seen, on its extract date)",
)

# Child protection
STRATEGY_DISCUSSIONS = _fact(
    "strategy_discussions",
    "strategy discussions",
    "Annex A List 5 (the Standard Safeguarding Dataset has only those that began a section 47 enquiry)",
)
S47_ENQUIRIES = _fact(
    "s47_enquiries",
    "each section 47 enquiry (its start and whether a conference followed)",
    "the CIN census for the year, Annex A List 5, or a case-management extract",
)
S47_ENDS = _fact(
    "s47_ends",
    "the date each section 47 enquiry ended",
    "a case-management extract (the CIN census and Annex A carry no end date of an enquiry)",
)
ICPCS = _fact(
    "icpcs",
    "initial child protection conferences",
    "the CIN census for the year, Annex A List 5, or a case-management extract",
)
CP_PLANS = _fact(
    "cp_plans",
    "each child protection plan (its start, end and categories)",
    "the CIN census for the year, Annex A List 7, or a case-management extract",
)
PREVIOUS_CP_PLANS = _fact(
    "previous_cp_plans",
    "how many child protection plans each child had before each plan",
    "the CIN census (NumberOfPreviousCPP), Annex A List 7, or a case-management extract of the whole history",
)
CP_REVIEWS = _fact(
    "cp_reviews",
    "child protection review conferences",
    "the CIN census for the year, a case-management extract, or Annex A List 7 (the latest, on the day it "
    "was extracted)",
)
CP_VISITS = _fact(
    "cp_visits",
    "visits to children on child protection plans",
    "a case-management extract, or Annex A List 7 (the latest visit, on its extract date)",
)

# Children looked after
CLA_PERIODS = _fact(
    "cla_periods",
    "each period of care (when it began and ended, and why)",
    "the SSDA903 for the year, Annex A List 8, or a case-management extract",
)
CLA_PERIOD_STARTS = _fact(
    "cla_period_starts",
    "when each looked-after child's current period of care began, however long ago",
    "Annex A List 8 (on the day it was extracted), or a case-management extract",
)
LEGAL_STATUSES = _fact(
    "legal_statuses", "legal statuses", "the SSDA903 for the year, or a case-management extract"
)
PLACEMENTS = _fact(
    "placements",
    "every placement (its start, end, type and distance from home)",
    "the SSDA903 for the year, or a case-management extract (Annex A has only the latest)",
)
PLACEMENT_DISTANCES = _fact(
    "placement_distances",
    "how far each placement is from the child's home",
    "a case-management extract (the SSDA903 gives postcodes, and its distance is worked out by the DfE)",
)
LATEST_PLACEMENTS = _fact(
    "latest_placements",
    "each looked-after child's current placement and when it began",
    "Annex A List 8, the SSDA903 for the years it began in, or a case-management extract",
)
CLA_REVIEWS = _fact(
    "cla_reviews",
    "reviews of children looked after",
    "the SSDA903 for the year, a case-management extract, or Annex A List 8 (the latest, on the day it "
    "was extracted)",
)
CLA_VISITS = _fact(
    "cla_visits",
    "visits to children looked after",
    "a case-management extract, or Annex A List 8 (the latest visit, on its extract date)",
)
HEALTH_ASSESSMENTS = _fact(
    "health_assessments",
    "health assessments of children looked after",
    "a case-management extract, or Annex A List 8 (the latest, on its extract date)",
)
PEPS = _fact(
    "peps",
    "personal education plans",
    "the case-management system's own records (Annex A, the SSDA903 and the Standard Safeguarding "
    "Dataset carry no PEPs)",
)
MISSING = _fact(
    "missing",
    "each missing or away episode (its start and end)",
    "the SSDA903 for the year, or a case-management extract",
)
RETURN_INTERVIEWS = _fact(
    "return_interviews",
    "when each return-home interview was offered",
    "the case-management system's own records (the returns carry no time of offer, and the Standard "
    "Safeguarding Dataset only whether one was offered)",
)
CONNECTED_CARERS = _fact(
    "connected_carers",
    "the approval of connected carers (temporary and full)",
    "the case-management system's own records (no return, and not the Standard Safeguarding Dataset, "
    "carries carers' approval)",
)
ADOPTIONS = _fact(
    "adoptions",
    "adoptions (the decision, the placement, the order and the period of care they end)",
    "the SSDA903, Annex A List 10, or a case-management extract",
)

# Care leavers
CARE_LEAVERS = _fact(
    "care_leavers",
    "care leavers' entitlement to support",
    "Annex A List 9, or the SSDA903 (OC3) (the Standard Safeguarding Dataset gives each young person's "
    "entitlement on the day it was extracted, not since when)",
)
CARE_LEAVER_BIRTHDAYS = _fact(
    "care_leaver_birthdays",
    "each care leaver's circumstances around their birthdays (in touch, accommodation, activity)",
    "the SSDA903 for the year (OC3) (the Standard Safeguarding Dataset gives only the latest contact)",
)
CARE_LEAVER_CONTACTS = _fact(
    "care_leaver_contacts",
    "every contact with care leavers (in touch or not)",
    "the case-management system's own records (OC3 gives the contact around each birthday only, Annex A "
    "List 9 and the Standard Safeguarding Dataset the latest)",
)
PATHWAY_PLANS = _fact(
    "pathway_plans",
    "reviews of pathway plans",
    "a case-management extract, or Annex A List 9 (the latest, on its extract date)",
)

# The workforce
ALLOCATIONS = _fact(
    "allocations",
    "which worker and team each child was allocated to, day by day",
    "a case-management extract (Annex A names only the latest worker; the SSDA903 only for children in care)",
)
WORKFORCE = _fact(
    "workforce",
    "the workforce (posts, workers, their FTE, roles, starting and leaving)",
    "the children's social work workforce census (for its day, 30 September), or an HR extract (the "
    "Standard Safeguarding Dataset names workers but not when they joined or left)",
)
POSTS = _fact(
    "posts",
    "the establishment (each social worker post, its team and FTE)",
    "an HR extract (the workforce census counts vacancies for the council, not by team)",
)
WORKERS = _fact(
    "workers",
    "who each worker is (the person behind each spell, and their role)",
    "a case-management extract (the professionals it names), or an HR extract",
)
EMPLOYED_WORKFORCE = _fact(
    "employed_workforce",
    "the social workers the council employs (their FTE, starting and leaving)",
    "the children's social work workforce census for the year to 30 September, or an HR extract",
)
SUPERVISION = _fact(
    "supervision",
    "supervision of social workers",
    "an HR or case-management system's own records (no return, and not the Standard Safeguarding Dataset, "
    "carries it)",
)

# Legal, allegations, private fostering, quality assurance
PRE_PROCEEDINGS = _fact(
    "pre_proceedings", "pre-proceedings (the Public Law Outline)", "a case-management extract"
)
PRE_PROCEEDINGS_BEGUN = _fact(
    "pre_proceedings_begun",
    "each pre-proceedings begun, with whether a family group decision-making meeting was offered",
    "the CIN census from 2026-27, or a case-management extract",
)
PROCEEDINGS = _fact(
    "proceedings",
    "care proceedings",
    "the case-management system's own records (the Standard Safeguarding Dataset has no date of issue or "
    "final order)",
)
ALLEGATIONS = _fact(
    "allegations",
    "allegations against people who work with children",
    "the designated officer's records (the Standard Safeguarding Dataset does not carry them)",
)
PRIVATE_FOSTERING = _fact(
    "private_fostering",
    "private fostering arrangements and visits",
    "the case-management system's own records (the Standard Safeguarding Dataset does not carry them)",
)
CASE_AUDITS = _fact(
    "case_audits",
    "case file audits and their actions",
    "audits recorded in lineofsight (no return, and not the Standard Safeguarding Dataset, carries them)",
)
