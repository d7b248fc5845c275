"""Reading a CIN census file into rows of the canonical model.

The file is parsed once, safely: no entities resolved, no DTD or network fetched, no huge-tree mode.
Namespaces are stripped before anything else (councils' software writes the census with and without
one), and element names are read whatever their case (`cin_census.elements`). Each record is keyed
by `keys.key`, so the same referral in two years' censuses is one row, and a later census's closure
date lands on the episode an earlier one left open. Codes are read in upper case, as the census
writes them.

The reader rejects the smallest thing that is wrong. A record whose key or meaning cannot be read (a
referral date that is not a date, an end before its start, a duplicate, a required element
missing) is rejected with its XML line, and so is everything inside it, which cannot stand without
it: a rejected child takes its episodes, a rejected episode its assessments, plans and enquiries. A
field a record can do without (a date of death, a target date, a disability code that is no code)
is cleared and reported with its line, and the record kept. What a census says of a child for its
year and nothing else does (why the child has no UPN) is kept as given (`child_years`). An element
the census does not have is reported in the notes, never dropped without a word.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree
from sqlalchemy import Connection

from lineofsight.data import facts
from lineofsight.interchange.cin_census.elements import (
    PRE_PROCEEDINGS,
    name_elements,
    nested,
    unknown_elements,
)
from lineofsight.interchange.cin_census.fields import (
    Fields,
    RecordError,
    blamed,
    date_of,
    line_no,
    required,
    text_of,
    values_of,
)
from lineofsight.interchange.cin_census.read_records import Pending, Records
from lineofsight.interchange.cin_census.years import (
    DISABILITIES,
    LA_NUMBER_FACT,
    NOT_DISABLED,
    SEX_FROM_CENSUS,
    UNKNOWN_LA,
    UPN_UNKNOWN,
    YEARS,
)
from lineofsight.interchange.keys import key
from lineofsight.interchange.loading import Batch, InputError, check_size, xml_parser
from lineofsight.interchange.years import UnknownYearError, check_year, named

KIND = "cin"

# What a census holds whole for its collection year: every referral, episode, assessment, plan,
# enquiry and review of a child in need during the year (with the dates of those begun earlier),
# and from 2026-27 every pre-proceedings begun in the year.
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
COVERED_FROM_2027 = (facts.PRE_PROCEEDINGS_BEGUN,)


def read(path: Path, connection: Connection | None = None) -> Batch:
    """`connection` is accepted for the readers' common signature; a census says everything it
    links (every record sits inside its episode), so nothing is looked up. A census whose header
    names a year with no specification is refused (`interchange.years`)."""
    check_size(path)
    root = _parse(path)
    batch = Batch(str(path), KIND)
    batch.notes.extend(name_elements(root))
    said = (root.findtext("Header/CollectionDetails/Year") or "").strip()
    year = int(said) if said.isdigit() else None
    if year is not None:
        try:
            check_year(KIND, year)
        except UnknownYearError as error:
            raise InputError(path, str(error), place="element Year", row=_year_line(root)) from None
    batch.notes.extend(unknown_elements(root))
    # The element a missing sex is reported as: the one the census's own year uses.
    sex_tag = YEARS[year].sex_element if year is not None else "Sex"
    la_number = (root.findtext("Header/Source/LEA") or "").strip()
    if la_number and la_number != UNKNOWN_LA:
        batch.add("council", {"fact": LA_NUMBER_FACT, "value": la_number})
    Reader(batch, sex_tag, year).children(root, path)
    if year is not None:
        covered = COVERED + (COVERED_FROM_2027 if YEARS[year].pre_proceedings else ())
        batch.covers(
            covered, dt.date(year - 1, 4, 1), dt.date(year, 3, 31), f"children in need in {named(year)}"
        )
        if not YEARS[year].pre_proceedings and batch.tables.get("pre_proceedings"):
            batch.notes.append(
                f"{len(batch.tables['pre_proceedings'])} <{PRE_PROCEEDINGS}> blocks, which the census "
                f"collects from 2026-27, not in {named(year)}: read all the same (the {named(year)} census "
                "written again leaves them out)"
            )
    else:
        batch.notes.append(
            "the census names no collection year (Header/CollectionDetails/Year), so what it covers is "
            "not recorded, nor why a child has no UPN: measures that need it say so"
        )
    return batch


def _year_line(root: etree._Element) -> int | None:
    found = root.find("Header/CollectionDetails/Year")
    return None if found is None else line_no(found)


def _parse(path: Path) -> etree._Element:
    parser = xml_parser()
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
    name = etree.QName(root).localname if isinstance(root.tag, str) else "?"
    collection = None
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).localname.lower() == "collection":
            collection = element.text
            break
    if name.lower() != "message" or (collection or "").strip().upper() != "CIN":
        raise InputError(
            path,
            f"this is not a CIN census: its root element is <{name}>, where a census has <Message> "
            "with a Header whose Collection is CIN",
            place=f"element {name}",
            row=line_no(root),
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


class Reader:
    def __init__(self, batch: Batch, sex_tag: str, year: int | None) -> None:
        self.batch = batch
        self.sex_tag = sex_tag
        self.year = year
        self.fields = Fields(batch)

    def reject(
        self, error: RecordError, record: etree._Element, cascade: Iterator[etree._Element] | None = None
    ) -> None:
        """Reject a record, and with it every record inside it. The row is the line of the element at
        fault (the bad date's own line), the place the record it spoils."""
        self.batch.reject(
            f"element {record.tag}", line_no(error.element), error.field, error.reason, values_of(record)
        )
        for inner in cascade or ():
            self.batch.reject(
                f"element {inner.tag}",
                line_no(inner),
                None,
                f"not loaded because the {record.tag} it belongs to (line {line_no(record)}) was rejected",
                values_of(inner),
            )

    def children(self, root: etree._Element, path: Path) -> None:
        children = root.find("Children")
        if children is None:
            raise InputError(
                path, "the required element <Children> is missing", place="element Message", row=line_no(root)
            )
        seen: dict[str, int | None] = {}
        for child in children.iterfind("Child"):
            try:
                person = self.person(child)
                if person["person_id"] in seen:
                    identifiers = child.find("ChildIdentifiers")
                    raise RecordError(
                        blamed(child if identifiers is None else identifiers, "LAchildID"),
                        "LAchildID",
                        f"another child with the same LAchildID is at line {seen[person['person_id']]}",
                    )
            except RecordError as error:
                self.reject(error, child, nested(child))
                continue
            seen[person["person_id"]] = line_no(child)
            self.batch.add("person", person)
            self.child_year(child, person["person_id"])
            records = Records(self, person["person_id"])
            referrals: dict[dt.date, int | None] = {}
            for details in child.iterfind("CINdetails"):
                self.episode(records, details, referrals)

    def person(self, child: etree._Element) -> dict[str, Any]:
        identifiers = child.find("ChildIdentifiers")
        if identifiers is None:
            raise RecordError(child, "ChildIdentifiers", "the required element <ChildIdentifiers> is missing")
        person_id = required(identifiers, "LAchildID")
        born = date_of(identifiers, "PersonBirthDate") or date_of(identifiers, "ExpectedPersonBirthDate")
        if born is None:
            raise RecordError(
                identifiers,
                "PersonBirthDate",
                "neither <PersonBirthDate> nor <ExpectedPersonBirthDate> is given",
            )
        sex_tag = next(
            (tag for tag in ("Sex", "GenderCurrent") if identifiers.find(tag) is not None), self.sex_tag
        )
        sex = required(identifiers, sex_tag)
        if sex.upper() not in SEX_FROM_CENSUS:
            raise RecordError(blamed(identifiers, sex_tag), sex_tag, f"{sex!r} is not a code of the census")
        characteristics = child.find("ChildCharacteristics")
        if characteristics is None:
            raise RecordError(
                child, "ChildCharacteristics", "the required element <ChildCharacteristics> is missing"
            )
        row: dict[str, Any] = {
            "person_id": person_id,
            "person_sex": SEX_FROM_CENSUS[sex.upper()],
            "person_ethnicity": required(characteristics, "Ethnicity").upper(),
            "person_dob": born,
        }
        upn = text_of(identifiers, "UPN")
        if upn is not None:
            row["person_upn"] = upn.upper()
        former = text_of(identifiers, "FormerUPN")
        if former is not None:
            row["person_former_upn"] = former.upper()
        died = self.fields.optional_date(child, identifiers, "PersonDeathDate")
        if died is not None and died < born:
            reason = f"{died.isoformat()} is before the date of birth ({born.isoformat()})"
            self.fields.clear(
                child, RecordError(blamed(identifiers, "PersonDeathDate"), "PersonDeathDate", reason)
            )
        elif died is not None:
            row["person_death_date"] = died
        codes: list[str] = []
        for disability in characteristics.iterfind("Disabilities/Disability"):
            code = (disability.text or "").strip().upper()
            if not code:
                continue
            if code not in DISABILITIES:
                error = RecordError(
                    disability, "Disability", f"{code!r} is not a census code for <Disability>"
                )
                self.fields.clear(child, error)
                continue
            if code not in codes:
                codes.append(code)
        if codes:
            row["person_disability"] = any(code != NOT_DISABLED for code in codes)
            row["person_disability_codes"] = ",".join(codes)
        return row

    def child_year(self, child: etree._Element, person_id: str) -> None:
        """Why the child has no UPN, as this year's census says (it changes with age and year)."""
        identifiers = child.find("ChildIdentifiers")
        assert identifiers is not None
        unknown = self.fields.optional_code(child, identifiers, "UPNunknown", UPN_UNKNOWN)
        if unknown is None:
            return
        if self.year is None:
            self.batch.notes.append(
                f"child {person_id}: <UPNunknown> {unknown} not kept: the census names no year"
            )
            return
        self.batch.add(
            "child_years",
            {
                "child_year_id": key(person_id, "cin", self.year),
                "person_id": person_id,
                "return_kind": "cin",
                "collection_year": self.year,
                "upn_unknown": unknown,
            },
        )

    def episode(
        self, records: Records, details: etree._Element, referrals: dict[dt.date, int | None]
    ) -> None:
        pending: list[Pending] = []
        try:
            referral_id, referred = records.episode(details, referrals, pending)
            records.within(referral_id, details, pending)
        except RecordError as error:
            self.reject(error, details, nested(details))
            return
        referrals[referred] = line_no(details)
        for record in pending:
            self.batch.add(record.table, record.row)
