"""Writing the CIN census for a collection year from the canonical model.

Who is in it follows the DfE's guidance: every child with a CIN episode open at any point of the year
(referred on or before 31 March and not closed before 1 April). Within an episode the census keeps
what belongs to the year, and says nothing that had not happened by its reference date: a closure,
authorisation, plan end or conference after 31 March is left for next year's census.

What a loaded census said is written as it said it: every disability code, the reason for an
unknown UPN, the initial conference's target date, an assessment's internal review date, each code
and blank. Where nothing loaded says it, the census derives only what its specification derives: the
target date 15 working days after the enquiry began, and the number of earlier child protection
plans from the plans held; a disability nothing says is left out, never made up.

- assessments completed in the year, or still open at its end;
- CIN and child protection plans open at any point of the year, with the reviews held in the year;
- section 47 enquiries started in the year, or whose conference was held in it;
- a conference with no enquiry of its own (a transfer-in) on the episode itself;
- from 2026-27, pre-proceedings begun in the year, with the family group decision-making meeting
  offered before proceedings (`PreProceedingsandFGDM`), in the episode the census gave them in, or
  else the child's episode open on the day they began.

The output depends only on the data: children in order of their id, records in date order, and the
header's time is the reference date, so the same store always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from lxml import etree
from sqlalchemy import Connection, Engine, select

import lineofsight
from lineofsight.interchange.cin_census.elements import PRE_PROCEEDINGS
from lineofsight.interchange.cin_census.years import (
    ICPC_TARGET_WORKING_DAYS,
    LA_NUMBER_FACT,
    NO_CONFERENCE,
    UNKNOWN_LA,
    CensusYear,
    census_year,
)
from lineofsight.model import Base
from lineofsight.working_days import add_working_days

Row = Mapping[str, Any]
TABLES = (
    "person",
    "cin_episodes",
    "assessments",
    "cin_plans",
    "s47_enquiries",
    "initial_cp_conferences",
    "cp_plans",
    "cp_reviews",
    "pre_proceedings",
    "child_years",
    "council",
)


def write(engine: Engine, year: int, out: Path) -> Path:
    spec = census_year(year)
    with engine.connect() as connection:
        census = Census(spec, _read(connection))
    root = census.message()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))
    return out


def _read(connection: Connection) -> dict[str, list[Row]]:
    tables: dict[str, list[Row]] = {}
    for name in TABLES:
        table = Base.metadata.tables[name]
        tables[name] = [dict(row) for row in connection.execute(select(table)).mappings()]
    return tables


def _by(rows: Iterable[Row], column: str) -> dict[Any, list[Row]]:
    grouped: dict[Any, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row[column]].append(row)
    return grouped


def _sub(parent: etree._Element, tag: str, value: object) -> None:
    """A child element, left out when there is nothing to say."""
    if value is None or value == "":
        return
    element = etree.SubElement(parent, tag)
    if isinstance(value, bool):
        element.text = "1" if value else "0"
    elif isinstance(value, dt.date):
        element.text = value.isoformat()
    else:
        element.text = str(value)


class Census:
    """One year's census over the store's rows."""

    def __init__(self, spec: CensusYear, tables: dict[str, list[Row]]) -> None:
        self.spec = spec
        self.start = spec.start
        self.end = spec.reference_date
        self.people = {row["person_id"]: row for row in tables["person"]}
        self.council = {row["fact"]: row["value"] for row in tables["council"]}
        self.episodes = _by(tables["cin_episodes"], "person_id")
        self.assessments = _by(tables["assessments"], "referral_id")
        self.cin_plans = _by(tables["cin_plans"], "referral_id")
        self.enquiries = _by(tables["s47_enquiries"], "referral_id")
        self.conferences = _by(tables["initial_cp_conferences"], "referral_id")
        self.conference_of = {
            row["s47_enquiry_id"]: row
            for row in sorted(tables["initial_cp_conferences"], key=lambda r: (r["icpc_date"], r["icpc_id"]))
            if row["s47_enquiry_id"] is not None
        }
        self.cp_plans = _by(tables["cp_plans"], "referral_id")
        self.plans_of_child = _by(tables["cp_plans"], "person_id")
        self.reviews = _by(tables["cp_reviews"], "cp_plan_id")
        self.stages = _by(tables["pre_proceedings"], "person_id")
        self.upn_unknown = {
            row["person_id"]: row["upn_unknown"]
            for row in tables["child_years"]
            if row["return_kind"] == "cin" and row["collection_year"] == spec.year
        }

    def shown(self, day: dt.date | None) -> dt.date | None:
        """A date the census can say: not after its reference date."""
        return day if day is not None and day <= self.end else None

    def in_year(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def open_in_year(self, start: dt.date, end: dt.date | None) -> bool:
        return start <= self.end and (end is None or end >= self.start)

    # ------------------------------------------------------------------------------ the file
    def message(self) -> etree._Element:
        root = etree.Element("Message")
        header = etree.SubElement(root, "Header")
        details = etree.SubElement(header, "CollectionDetails")
        _sub(details, "Collection", "CIN")
        _sub(details, "Year", self.spec.year)
        _sub(details, "ReferenceDate", self.end)
        source = etree.SubElement(header, "Source")
        _sub(source, "SourceLevel", "L")
        _sub(source, "LEA", self.council.get(LA_NUMBER_FACT, UNKNOWN_LA))
        _sub(source, "SoftwareCode", "lineofsight")
        _sub(source, "Release", lineofsight.__version__)
        _sub(source, "SerialNo", "1")
        _sub(source, "DateTime", f"{self.end.isoformat()}T00:00:00")
        children = etree.SubElement(root, "Children")
        for person_id in sorted(self.episodes):
            episodes = sorted(
                (
                    e
                    for e in self.episodes[person_id]
                    if self.open_in_year(e["referral_date"], e["close_date"])
                ),
                key=lambda e: (e["referral_date"], e["referral_id"]),
            )
            if episodes and person_id in self.people:
                self.child(children, self.people[person_id], episodes)
        return root

    def child(self, parent: etree._Element, person: Row, episodes: list[Row]) -> None:
        child = etree.SubElement(parent, "Child")
        identifiers = etree.SubElement(child, "ChildIdentifiers")
        _sub(identifiers, "LAchildID", person["person_id"])
        _sub(identifiers, "UPN", person["person_upn"])
        _sub(identifiers, "FormerUPN", person["person_former_upn"])
        _sub(
            identifiers,
            "UPNunknown",
            None if person["person_upn"] else self.upn_unknown.get(person["person_id"]),
        )
        born = person["person_dob"]
        if born <= self.end:
            _sub(identifiers, "PersonBirthDate", born)
        else:  # not yet born at the reference date: an unborn child's expected date
            _sub(identifiers, "ExpectedPersonBirthDate", born)
        _sub(identifiers, self.spec.sex_element, self.spec.sex_codes.get(person["person_sex"]))
        _sub(identifiers, "PersonDeathDate", self.shown(person["person_death_date"]))
        characteristics = etree.SubElement(child, "ChildCharacteristics")
        _sub(characteristics, "Ethnicity", person["person_ethnicity"])
        codes = person["person_disability_codes"]
        if codes:
            disabilities = etree.SubElement(characteristics, "Disabilities")
            for code in codes.split(","):
                _sub(disabilities, "Disability", code)
        for episode in episodes:
            self.episode(child, episode)

    def episode(self, parent: etree._Element, episode: Row) -> None:
        details = etree.SubElement(parent, "CINdetails")
        referral = episode["referral_id"]
        closed = self.shown(episode["close_date"])
        _sub(details, "CINreferralDate", episode["referral_date"])
        _sub(details, "ReferralSource", episode["referral_source_code"])
        _sub(details, "PrimaryNeedCode", episode["cin_primary_need_code"])  # an empty one: left out
        _sub(details, "CINclosureDate", closed)
        _sub(details, "ReasonForClosure", episode["close_reason"] if closed else None)
        enquiries = [
            s
            for s in _dated(self.enquiries[referral], "s47_start_date", "s47_enquiry_id")
            if self.in_year(s["s47_start_date"]) or self._held_in_year(s)
        ]
        shown_enquiries = {s["s47_enquiry_id"] for s in enquiries}
        own = [
            c
            for c in _dated(self.conferences[referral], "icpc_date", "icpc_id")
            if self.in_year(c["icpc_date"]) and c["s47_enquiry_id"] not in shown_enquiries
        ]
        _sub(details, "DateOfInitialCPC", own[-1]["icpc_date"] if own else None)
        _sub(details, "ReferralNFA", bool(episode["referral_nfa"]))
        for assessment in _dated(self.assessments[referral], "assessment_start_date", "assessment_id"):
            self.assessment(details, assessment)
        for plan in _dated(self.cin_plans[referral], "cin_plan_start_date", "cin_plan_id"):
            if self.open_in_year(plan["cin_plan_start_date"], plan["cin_plan_end_date"]):
                dates = etree.SubElement(details, "CINPlanDates")
                _sub(dates, "CINPlanStartDate", plan["cin_plan_start_date"])
                _sub(dates, "CINPlanEndDate", self.shown(plan["cin_plan_end_date"]))
        for enquiry in enquiries:
            self.enquiry(details, enquiry, episode)
        for plan in _dated(self.cp_plans[referral], "cp_plan_start_date", "cp_plan_id"):
            if self.open_in_year(plan["cp_plan_start_date"], plan["cp_plan_end_date"]):
                self.cp_plan(details, plan)
        if self.spec.pre_proceedings:
            for stage in self._pre_proceedings_of(episode):
                self.pre_proceedings(details, stage)

    def _pre_proceedings_of(self, episode: Row) -> list[Row]:
        """The pre-proceedings begun in the year that belong in this episode: those the census gave
        in it, else those begun while it was open (the latest referral on or before their start)."""
        chosen = []
        for stage in self.stages[episode["person_id"]]:
            started = stage["pre_proceedings_start_date"]
            if not self.in_year(started):
                continue
            if stage["referral_id"] is not None:
                if stage["referral_id"] == episode["referral_id"]:
                    chosen.append(stage)
                continue
            held = [
                e
                for e in self.episodes[episode["person_id"]]
                if e["referral_date"] <= started and (e["close_date"] is None or e["close_date"] >= started)
            ]
            if (
                held
                and max(held, key=lambda e: (e["referral_date"], e["referral_id"]))["referral_id"]
                == episode["referral_id"]
            ):
                chosen.append(stage)
        return _dated(chosen, "pre_proceedings_start_date", "pre_proceedings_id")

    def pre_proceedings(self, parent: etree._Element, row: Row) -> None:
        element = etree.SubElement(parent, PRE_PROCEEDINGS)
        _sub(element, "PPStartDate", row["pre_proceedings_start_date"])
        _sub(element, "LBPSentDate", self.shown(row["letter_before_proceedings_date"]))
        _sub(element, "FGDMMeetingOffer", row["fgdm_offered"])
        _sub(element, "FGDMMeetingFac", row["fgdm_held"])
        _sub(element, "InitialPPMeetingDate", self.shown(row["initial_meeting_date"]))
        _sub(element, "ReviewMeetingsCount", row["review_meetings"])
        _sub(element, "StepDecisionDate", self.shown(row["pre_proceedings_end_date"]))
        _sub(element, "PPOutcome", row["pre_proceedings_outcome_code"])
        _sub(element, "CourtAppDate", self.shown(row["court_application_date"]))
        _sub(element, "LetterInitCPDate", self.shown(row["proceedings_letter_date"]))

    def assessment(self, parent: etree._Element, row: Row) -> None:
        started, authorised = row["assessment_start_date"], row["assessment_auth_date"]
        if not (self.in_year(authorised) or (started <= self.end and self.shown(authorised) is None)):
            return
        element = etree.SubElement(parent, "Assessments")
        _sub(element, "AssessmentActualStartDate", started)
        _sub(element, "AssessmentInternalReviewDate", self.shown(row["assessment_internal_review_date"]))
        _sub(element, "AssessmentAuthorisationDate", self.shown(authorised))
        factors = row["assessment_factors"]
        if self.shown(authorised) and factors:
            block = etree.SubElement(element, "FactorsIdentifiedAtAssessment")
            for factor in factors.split(","):
                _sub(block, "AssessmentFactors", factor.strip())

    def _held_in_year(self, enquiry: Row) -> bool:
        conference = self.conference_of.get(enquiry["s47_enquiry_id"])
        return conference is not None and self.in_year(conference["icpc_date"])

    def enquiry(self, parent: etree._Element, row: Row, episode: Row) -> None:
        started = row["s47_start_date"]
        conference = self.conference_of.get(row["s47_enquiry_id"])
        held = self.shown(conference["icpc_date"]) if conference else None
        element = etree.SubElement(parent, "Section47")
        _sub(element, "S47ActualStartDate", started)
        target = row["icpc_target_date"] or add_working_days(started, ICPC_TARGET_WORKING_DAYS)
        _sub(element, "InitialCPCtarget", target)
        _sub(element, "DateOfInitialCPC", held)
        _sub(element, "ICPCnotRequired", held is None and self._no_conference(row, conference))

    def _no_conference(self, row: Row, conference: Row | None) -> bool:
        """An enquiry that had ended by the reference date with no conference held or to come.

        One whose outcome was a conference that never met (the child came into care first) counts:
        no conference was, in the end, required. An enquiry read from a census has no end date, only
        the census's own flag, kept as its outcome.
        """
        if conference is not None or row["s47_outcome"] is None:
            return False
        ended = row["s47_end_date"]
        if ended is None:
            return bool(row["s47_outcome"] == NO_CONFERENCE)
        return bool(ended <= self.end)

    def cp_plan(self, parent: etree._Element, plan: Row) -> None:
        element = etree.SubElement(parent, "ChildProtectionPlans")
        started = plan["cp_plan_start_date"]
        _sub(element, "CPPstartDate", started)
        _sub(element, "CPPendDate", self.shown(plan["cp_plan_end_date"]))
        _sub(element, "InitialCategoryOfAbuse", plan["cp_plan_initial_category"])
        _sub(element, "LatestCategoryOfAbuse", plan["cp_plan_latest_category"])
        previous = plan["cp_plan_previous_plans"]
        if previous is None:
            previous = sum(
                1 for p in self.plans_of_child[plan["person_id"]] if p["cp_plan_start_date"] < started
            )
        _sub(element, "NumberOfPreviousCPP", previous)
        for review in _dated(self.reviews[plan["cp_plan_id"]], "cp_review_date", "cp_review_id"):
            if self.in_year(review["cp_review_date"]):
                # One Reviews block per review, as the DfE's validator reads them.
                block = etree.SubElement(element, "Reviews")
                _sub(block, "CPPreviewDate", review["cp_review_date"])


def _dated(rows: Iterable[Row], date: str, key: str) -> list[Row]:
    return sorted(rows, key=lambda r: (r[date], r[key]))
