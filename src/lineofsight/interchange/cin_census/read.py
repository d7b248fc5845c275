"""Reading a CIN census file into rows of the canonical model.

The file is parsed once, safely: no entities resolved, no DTD or network fetched, no huge-tree mode.
Namespaces are stripped before anything else (councils' software writes the census with and without
one). Each record is keyed by `keys.key`, so the same referral in two years' censuses is one row, and
a later census's closure date lands on the episode an earlier one left open.

A record that cannot be loaded (a date that is not a date, an end before its start, a duplicate, a
required element missing) is rejected with its XML line, and so is everything inside it: a rejected
child takes its episodes, a rejected episode its assessments, plans and enquiries.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from sqlalchemy import Connection

from lineofsight.data import facts
from lineofsight.interchange.cin_census.years import (
    LA_NUMBER_FACT,
    NO_CONFERENCE,
    NOT_DISABLED,
    SEX_FROM_CENSUS,
    UNKNOWN_LA,
    YEARS,
)
from lineofsight.interchange.keys import key
from lineofsight.interchange.loading import Batch, InputError, check_size

KIND = "cin"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TRUE = {"1", "true"}
FALSE = {"0", "false"}


class RecordError(Exception):
    """A record of the census that cannot be loaded: where, which field and why."""

    def __init__(self, element: etree._Element, field: str | None, reason: str) -> None:
        super().__init__(reason)
        self.element = element
        self.field = field
        self.reason = reason


def read(path: Path, connection: Connection | None = None) -> Batch:
    """`connection` is accepted for the readers' common signature; a census says everything it
    links (every record sits inside its episode), so nothing is looked up."""
    check_size(path)
    root = _parse(path)
    batch = Batch(str(path), KIND)
    year = (root.findtext("Header/CollectionDetails/Year") or "").strip()
    # The element a missing sex is reported as: the one the census's own year uses.
    sex_tag = YEARS[int(year)].sex_element if year.isdigit() and int(year) in YEARS else "Sex"
    la_number = (root.findtext("Header/Source/LEA") or "").strip()
    if la_number and la_number != UNKNOWN_LA:
        batch.add("council", {"fact": LA_NUMBER_FACT, "value": la_number})
    Reader(batch, sex_tag).children(root, path)
    if year.isdigit():
        ends = int(year)
        batch.covers(
            COVERED,
            dt.date(ends - 1, 4, 1),
            dt.date(ends, 3, 31),
            f"children in need in {ends - 1}-{ends % 100:02d}",
        )
    else:
        batch.notes.append(
            "the census names no collection year (Header/CollectionDetails/Year), so what it covers is "
            "not recorded: measures that need it say so"
        )
    return batch


# What a census holds whole for its collection year: every referral, episode, assessment, plan,
# enquiry and review of a child in need during the year (with the dates of those begun earlier).
COVERED = (
    facts.REFERRALS,
    facts.CIN_EPISODES,
    facts.ASSESSMENTS,
    facts.CIN_PLANS,
    facts.S47_ENQUIRIES,
    facts.ICPCS,
    facts.CP_PLANS,
    facts.PREVIOUS_CP_PLANS,
    facts.CP_REVIEWS,
)


def _parse(path: Path) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as error:
        not_xml = _not_xml(path)
        if not_xml:
            raise InputError(path, not_xml) from None
        line = error.lineno if error.lineno else None
        raise InputError(path, f"the XML is not well-formed: {error.msg}", row=line) from None
    except (etree.ParserError, ValueError, OSError) as error:
        raise InputError(path, f"the file cannot be read as XML: {error}") from None
    root = tree.getroot()
    if root is None:
        raise InputError(path, "the file holds no XML element")
    for element in root.iter():
        if isinstance(element.tag, str):
            element.tag = etree.QName(element).localname
    name = root.tag if isinstance(root.tag, str) else "?"
    collection = root.findtext("Header/CollectionDetails/Collection")
    if name != "Message" or (collection or "").strip().upper() != "CIN":
        raise InputError(
            path,
            f"this is not a CIN census: its root element is <{name}>, where a census has <Message> "
            "with a Header whose Collection is CIN",
            place=f"element {name}",
            row=_line_no(root),
        )
    return root


def _not_xml(path: Path) -> str | None:
    """Why a file that failed to parse is not XML at all, or None when it looks like XML."""
    with path.open("rb") as handle:
        start = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"PK"):
        return (
            "this is not XML: it looks like a spreadsheet or a zip file, where a CIN census is one XML file"
        )
    if not start.startswith(b"<"):
        return "this is not XML: a CIN census is an XML file that starts with '<'"
    return None


def _text(element: etree._Element, tag: str) -> str | None:
    found = element.find(tag)
    if found is None:
        return None
    text = (found.text or "").strip()
    return text or None


def _line(element: etree._Element, tag: str) -> etree._Element:
    """The element to blame for a field: the field's own element where there is one."""
    found = element.find(tag)
    return found if found is not None else element


def _date(element: etree._Element, tag: str) -> dt.date | None:
    text = _text(element, tag)
    if text is None:
        return None
    if not ISO_DATE.fullmatch(text):
        raise RecordError(_line(element, tag), tag, f"{text!r} is not a date (the census writes YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise RecordError(_line(element, tag), tag, f"{text!r} is not a real date") from None


def _required_date(element: etree._Element, tag: str) -> dt.date:
    day = _date(element, tag)
    if day is None:
        raise RecordError(element, tag, f"the required element <{tag}> is missing")
    return day


def _required(element: etree._Element, tag: str) -> str:
    text = _text(element, tag)
    if text is None:
        raise RecordError(element, tag, f"the required element <{tag}> is missing")
    return text


def _flag(element: etree._Element, tag: str, *, required: bool = False) -> bool | None:
    text = _text(element, tag)
    if text is None:
        if required:
            raise RecordError(element, tag, f"the required element <{tag}> is missing")
        return None
    if text.lower() in TRUE:
        return True
    if text.lower() in FALSE:
        return False
    raise RecordError(_line(element, tag), tag, f"{text!r} is not true, false, 1 or 0")


def _not_before(element: etree._Element, tag: str, end: dt.date | None, start: dt.date, what: str) -> None:
    if end is not None and end < start:
        raise RecordError(
            _line(element, tag), tag, f"{end.isoformat()} is before the {what} ({start.isoformat()})"
        )


@dataclass
class Pending:
    """A record read but not yet added: added only if its parent is kept."""

    table: str
    row: dict[str, Any]


class Reader:
    def __init__(self, batch: Batch, sex_tag: str) -> None:
        self.batch = batch
        self.sex_tag = sex_tag
        self.seen: set[str] = set()  # the keys of the current child's records, to find duplicates

    def reject(
        self, error: RecordError, record: etree._Element, cascade: Iterator[etree._Element] | None = None
    ) -> None:
        """Reject a record, and with it every record inside it. The row is the line of the element at
        fault (the bad date's own line), the place the record it spoils."""
        self.batch.reject(
            f"element {record.tag}", _line_no(error.element), error.field, error.reason, _values(record)
        )
        for nested in cascade or ():
            self.batch.reject(
                f"element {nested.tag}",
                _line_no(nested),
                None,
                f"not loaded because the {record.tag} it belongs to (line {_line_no(record)}) was rejected",
                _values(nested),
            )

    def children(self, root: etree._Element, path: Path) -> None:
        children = root.find("Children")
        if children is None:
            raise InputError(
                path,
                "the required element <Children> is missing",
                place="element Message",
                row=_line_no(root),
            )
        seen: dict[str, int | None] = {}
        for child in children.iterfind("Child"):
            try:
                person = self.person(child)
                if person["person_id"] in seen:
                    raise RecordError(
                        _line(_or_self(child, "ChildIdentifiers"), "LAchildID"),
                        "LAchildID",
                        f"another child with the same LAchildID is at line {seen[person['person_id']]}",
                    )
            except RecordError as error:
                self.reject(error, child, _nested(child))
                continue
            seen[person["person_id"]] = _line_no(child)
            self.batch.add("person", person)
            self.seen = set()
            referrals: dict[dt.date, int | None] = {}
            for details in child.iterfind("CINdetails"):
                self.episode(person["person_id"], details, referrals)

    def person(self, child: etree._Element) -> dict[str, Any]:
        identifiers = child.find("ChildIdentifiers")
        if identifiers is None:
            raise RecordError(child, "ChildIdentifiers", "the required element <ChildIdentifiers> is missing")
        person_id = _required(identifiers, "LAchildID")
        born = _date(identifiers, "PersonBirthDate") or _date(identifiers, "ExpectedPersonBirthDate")
        if born is None:
            raise RecordError(
                identifiers,
                "PersonBirthDate",
                "neither <PersonBirthDate> nor <ExpectedPersonBirthDate> is given",
            )
        sex_tag = next(
            (tag for tag in ("Sex", "GenderCurrent") if identifiers.find(tag) is not None), self.sex_tag
        )
        sex = _required(identifiers, sex_tag)
        if sex.upper() not in SEX_FROM_CENSUS:
            raise RecordError(_line(identifiers, sex_tag), sex_tag, f"{sex!r} is not a code of the census")
        characteristics = child.find("ChildCharacteristics")
        if characteristics is None:
            raise RecordError(
                child, "ChildCharacteristics", "the required element <ChildCharacteristics> is missing"
            )
        row: dict[str, Any] = {
            "person_id": person_id,
            "person_sex": SEX_FROM_CENSUS[sex.upper()],
            "person_ethnicity": _required(characteristics, "Ethnicity"),
            "person_dob": born,
        }
        upn = _text(identifiers, "UPN")
        if upn is not None:
            row["person_upn"] = upn
        former = _text(identifiers, "FormerUPN")
        if former is not None:
            row["person_former_upn"] = former
        died = _date(identifiers, "PersonDeathDate")
        if died is not None:
            _not_before(identifiers, "PersonDeathDate", died, born, "date of birth")
            row["person_death_date"] = died
        codes = [
            (d.text or "").strip().upper()
            for d in characteristics.iterfind("Disabilities/Disability")
            if (d.text or "").strip()
        ]
        if codes:
            row["person_disability"] = any(code != NOT_DISABLED for code in codes)
        return row

    def episode(self, child: str, details: etree._Element, referrals: dict[dt.date, int | None]) -> None:
        pending: list[Pending] = []
        try:
            referred = _required_date(details, "CINreferralDate")
            if referred in referrals:
                raise RecordError(
                    _line(details, "CINreferralDate"),
                    "CINreferralDate",
                    f"this child has another CINdetails with the referral date {referred.isoformat()} "
                    f"(line {referrals[referred]})",
                )
            closed = _date(details, "CINclosureDate")
            _not_before(details, "CINclosureDate", closed, referred, "referral date")
            referral_id = key(child, "referral", referred)
            episode: dict[str, Any] = {
                "referral_id": referral_id,
                "person_id": child,
                "referral_date": referred,
                "referral_source_code": _required(details, "ReferralSource"),
                # The census may leave the need out of a referral that went no further: "not stated".
                "cin_primary_need_code": _text(details, "PrimaryNeedCode") or "N0",
                "referral_nfa": _flag(details, "ReferralNFA", required=True),
            }
            if closed is not None:
                episode["close_date"] = closed
                episode["close_reason"] = _required(details, "ReasonForClosure")
            pending.append(Pending("cin_episodes", episode))
            self.records(child, referral_id, details, pending)
        except RecordError as error:
            self.reject(error, details, _nested(details))
            return
        referrals[referred] = _line_no(details)
        for record in pending:
            self.batch.add(record.table, record.row)

    def records(self, child: str, referral_id: str, details: etree._Element, pending: list[Pending]) -> None:
        """The episode's records; a bad one is rejected alone, unless it is the episode's own."""
        base = {"referral_id": referral_id, "person_id": child}

        def keep(table: str, row: dict[str, Any], element: etree._Element) -> bool:
            identifier = next(iter(row.values()))
            if identifier in self.seen:
                duplicate = RecordError(
                    element, None, f"a duplicate: this child already has a <{element.tag}> on the same date"
                )
                self.reject(duplicate, element, _nested(element))
                return False
            self.seen.add(identifier)
            pending.append(Pending(table, row))
            return True

        plans_started = {
            _safe_date(plan, "CPPstartDate") for plan in details.iterfind("ChildProtectionPlans")
        }
        conferences: dict[dt.date, dict[str, Any]] = {}
        own = _date(details, "DateOfInitialCPC")
        if own is not None:
            conferences[own] = {"icpc_id": key(child, "icpc", own), **base, "icpc_date": own}
        for element in details.iterfind("Assessments"):
            try:
                keep("assessments", self.assessment(child, base, element), element)
            except RecordError as error:
                self.reject(error, element)
        for element in details.iterfind("CINPlanDates"):
            try:
                started = _required_date(element, "CINPlanStartDate")
                ended = _date(element, "CINPlanEndDate")
                _not_before(element, "CINPlanEndDate", ended, started, "plan's start")
                row = {"cin_plan_id": key(child, "cin-plan", started), **base, "cin_plan_start_date": started}
                if ended is not None:
                    row["cin_plan_end_date"] = ended
                keep("cin_plans", row, element)
            except RecordError as error:
                self.reject(error, element)
        for element in details.iterfind("Section47"):
            try:
                started = _required_date(element, "S47ActualStartDate")
                held = _date(element, "DateOfInitialCPC")
                _not_before(element, "DateOfInitialCPC", held, started, "enquiry's start")
                not_required = _flag(element, "ICPCnotRequired")
                enquiry_id = key(child, "s47", started)
                row = {"s47_enquiry_id": enquiry_id, **base, "s47_start_date": started}
                if held is not None:
                    row["s47_outcome"] = "icpc"
                elif not_required:
                    row["s47_outcome"] = NO_CONFERENCE
                if keep("s47_enquiries", row, element) and held is not None:
                    conferences[held] = {
                        "icpc_id": key(child, "icpc", held),
                        "s47_enquiry_id": enquiry_id,
                        **base,
                        "icpc_date": held,
                    }
            except RecordError as error:
                self.reject(error, element)
        for held, conference in sorted(conferences.items()):
            if conference["icpc_id"] in self.seen:
                continue  # the same conference said twice: once is enough
            self.seen.add(conference["icpc_id"])
            pending.append(
                Pending(
                    "initial_cp_conferences", {**conference, "icpc_outcome_cp_plan": held in plans_started}
                )
            )
        for element in details.iterfind("ChildProtectionPlans"):
            try:
                plan = self.cp_plan(child, base, element, conferences)
                if keep("cp_plans", plan, element):
                    self.reviews(child, plan, element, pending)
            except RecordError as error:
                self.reject(error, element, _nested(element))

    def assessment(self, child: str, base: dict[str, Any], element: etree._Element) -> dict[str, Any]:
        started = _required_date(element, "AssessmentActualStartDate")
        authorised = _date(element, "AssessmentAuthorisationDate")
        _not_before(element, "AssessmentAuthorisationDate", authorised, started, "assessment's start")
        row = {"assessment_id": key(child, "assessment", started), **base, "assessment_start_date": started}
        if authorised is not None:
            row["assessment_auth_date"] = authorised
        factors = [
            (f.text or "").strip()
            for f in element.iterfind("FactorsIdentifiedAtAssessment/AssessmentFactors")
            if (f.text or "").strip()
        ]
        if factors:
            row["assessment_factors"] = ",".join(factors)
        return row

    def cp_plan(
        self, child: str, base: dict[str, Any], element: etree._Element, conferences: dict[dt.date, Any]
    ) -> dict[str, Any]:
        started = _required_date(element, "CPPstartDate")
        ended = _date(element, "CPPendDate")
        _not_before(element, "CPPendDate", ended, started, "plan's start")
        row: dict[str, Any] = {
            "cp_plan_id": key(child, "cp-plan", started),
            **base,
            "cp_plan_start_date": started,
        }
        if started in conferences:
            row["icpc_id"] = conferences[started]["icpc_id"]
        if ended is not None:
            row["cp_plan_end_date"] = ended
        for tag, column in (
            ("InitialCategoryOfAbuse", "cp_plan_initial_category"),
            ("LatestCategoryOfAbuse", "cp_plan_latest_category"),
        ):
            value = _text(element, tag)
            if value is not None:
                row[column] = value
        previous = _text(element, "NumberOfPreviousCPP")
        if previous is not None:
            if not previous.isdigit():
                raise RecordError(
                    _line(element, "NumberOfPreviousCPP"),
                    "NumberOfPreviousCPP",
                    f"{previous!r} is not a number",
                )
            row["cp_plan_previous_plans"] = int(previous)
        return row

    def reviews(
        self, child: str, plan: dict[str, Any], element: etree._Element, pending: list[Pending]
    ) -> None:
        for review in element.iterfind("Reviews/CPPreviewDate"):
            try:
                text = (review.text or "").strip()
                if not text:
                    raise RecordError(review, "CPPreviewDate", "the review's date is empty")
                day = _parse_date(review, text)
                _not_before(review, "CPPreviewDate", day, plan["cp_plan_start_date"], "plan's start")
                review_id = key(child, "cp-review", day)
                if review_id in self.seen:
                    raise RecordError(
                        review, "CPPreviewDate", "a duplicate: this child already has a review that day"
                    )
            except RecordError as error:
                self.reject(error, review)
                continue
            self.seen.add(review_id)
            pending.append(
                Pending(
                    "cp_reviews",
                    {
                        "cp_review_id": review_id,
                        "cp_plan_id": plan["cp_plan_id"],
                        "person_id": child,
                        "cp_review_date": day,
                    },
                )
            )


def _or_self(element: etree._Element, tag: str) -> etree._Element:
    found = element.find(tag)
    return element if found is None else found


def _line_no(element: etree._Element) -> int | None:
    """The element's line in the file (lxml knows it for every element it parsed)."""
    line = element.sourceline
    return line if isinstance(line, int) else None


def _parse_date(element: etree._Element, text: str) -> dt.date:
    if not ISO_DATE.fullmatch(text):
        raise RecordError(element, element.tag, f"{text!r} is not a date (the census writes YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise RecordError(element, element.tag, f"{text!r} is not a real date") from None


def _safe_date(element: etree._Element, tag: str) -> dt.date | None:
    try:
        return _date(element, tag)
    except RecordError:
        return None


def _nested(element: etree._Element) -> Iterator[etree._Element]:
    """The records inside a record, which go with it when it is rejected."""
    for tag in ("CINdetails", "Assessments", "CINPlanDates", "Section47", "ChildProtectionPlans"):
        yield from element.iterfind(f".//{tag}")
    yield from element.iterfind(".//Reviews/CPPreviewDate")


def _values(element: etree._Element) -> dict[str, Any]:
    """The record's own fields as read (its leaf elements, and those one block down, such as a
    child's identifiers), for the report of rejected rows."""
    if not len(element):
        return {element.tag: (element.text or "").strip()}
    values: dict[str, Any] = {}
    for item in element:
        for leaf in (item, *item) if len(item) else (item,):
            if isinstance(leaf.tag, str) and not len(leaf):
                values.setdefault(leaf.tag, (leaf.text or "").strip())
    return values
