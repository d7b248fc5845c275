"""The CIN census's elements, as a tree: which element may hold which.

The reader uses it twice. Element names are matched whatever their case, since some councils' tools
write `CINDetails` or `childidentifiers`: each is read under the census's own name, and the load's
notes say so. And an element the census does not have where it stands is not read, and the notes
say which, how often and where first, so that nothing is dropped without a word.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from lxml import etree

PRE_PROCEEDINGS = "PreProceedingsandFGDM"

ELEMENTS: dict[str, tuple[str, ...]] = {
    "Message": ("Header", "Children"),
    "Header": ("CollectionDetails", "Source"),
    "CollectionDetails": ("Collection", "Year", "ReferenceDate"),
    "Source": ("SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime"),
    "Children": ("Child",),
    "Child": ("ChildIdentifiers", "ChildCharacteristics", "CINdetails"),
    "ChildIdentifiers": (
        "LAchildID",
        "UPN",
        "FormerUPN",
        "UPNunknown",
        "PersonBirthDate",
        "ExpectedPersonBirthDate",
        "GenderCurrent",
        "Sex",
        "PersonDeathDate",
    ),
    "ChildCharacteristics": ("Ethnicity", "Disabilities"),
    "Disabilities": ("Disability",),
    "CINdetails": (
        "CINreferralDate",
        "ReferralSource",
        "PrimaryNeedCode",
        "CINclosureDate",
        "ReasonForClosure",
        "DateOfInitialCPC",
        "Assessments",
        "CINPlanDates",
        "Section47",
        "ReferralNFA",
        "ChildProtectionPlans",
        PRE_PROCEEDINGS,
    ),
    "Assessments": (
        "AssessmentActualStartDate",
        "AssessmentInternalReviewDate",
        "AssessmentAuthorisationDate",
        "FactorsIdentifiedAtAssessment",
    ),
    "FactorsIdentifiedAtAssessment": ("AssessmentFactors",),
    "CINPlanDates": ("CINPlanStartDate", "CINPlanEndDate"),
    "Section47": ("S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"),
    "ChildProtectionPlans": (
        "CPPstartDate",
        "CPPendDate",
        "InitialCategoryOfAbuse",
        "LatestCategoryOfAbuse",
        "NumberOfPreviousCPP",
        "Reviews",
    ),
    "Reviews": ("CPPreviewDate",),
    PRE_PROCEEDINGS: (
        "PPStartDate",
        "LBPSentDate",
        "FGDMMeetingOffer",
        "FGDMMeetingFac",
        "InitialPPMeetingDate",
        "ReviewMeetingsCount",
        "StepDecisionDate",
        "PPOutcome",
        "CourtAppDate",
        "LetterInitCPDate",
    ),
}
NAMES = {name.lower(): name for parent, children in ELEMENTS.items() for name in (parent, *children)}


def name_elements(root: etree._Element) -> list[str]:
    """Give every element its bare name (no namespace) and the census's own case; the notes say
    which names were read in another case."""
    renamed: Counter[tuple[str, str]] = Counter()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        bare = etree.QName(element).localname
        known = NAMES.get(bare.lower(), bare)
        if known != bare:
            renamed[bare, known] += 1
        element.tag = known
    return [
        f"element <{given}> ({count} times) read as <{known}>, as the census names it"
        for (given, known), count in sorted(renamed.items())
    ]


def unknown_elements(root: etree._Element) -> list[str]:
    """Notes on each element the census does not have where it stands: not read."""
    found: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], int | None] = {}

    def walk(element: etree._Element) -> None:
        allowed = ELEMENTS.get(str(element.tag))
        for child in element:
            if not isinstance(child.tag, str):
                continue
            if allowed is not None and child.tag in allowed:
                walk(child)
                continue
            place = (str(element.tag), str(child.tag))
            found[place] += 1
            line = child.sourceline
            first.setdefault(place, line if isinstance(line, int) else None)

    walk(root)
    return [
        f"element <{tag}> in <{parent}> ({count} {'time' if count == 1 else 'times'}, first on line "
        f"{first[parent, tag]}) is not a CIN census element there: not read"
        for (parent, tag), count in sorted(found.items())
    ]


def nested(element: etree._Element) -> Iterator[etree._Element]:
    """The records inside a record, which go with it when it is rejected."""
    for tag in (
        "CINdetails",
        "Assessments",
        "CINPlanDates",
        "Section47",
        "ChildProtectionPlans",
        PRE_PROCEEDINGS,
    ):
        yield from element.iterfind(f".//{tag}")
    yield from element.iterfind(".//Reviews/CPPreviewDate")
