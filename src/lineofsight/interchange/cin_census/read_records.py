"""Reading the records of one CIN episode (CINdetails): the referral and episode itself, and its
assessments, CIN plans, section 47 enquiries, conferences, child protection plans and reviews, and
from 2026-27 its pre-proceedings (with the family group decision-making meeting offered before
proceedings). A record that cannot be loaded is rejected alone, with what is inside it; a field a
record can do without is cleared and reported (`cin_census.fields`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lxml import etree

from lineofsight.interchange.cin_census.elements import PRE_PROCEEDINGS, nested
from lineofsight.interchange.cin_census.fields import (
    RecordError,
    blamed,
    date_of,
    flag,
    line_no,
    not_before,
    parse_date,
    required,
    required_date,
    text_of,
)
from lineofsight.interchange.cin_census.years import NO_CONFERENCE, PRE_PROCEEDINGS_OUTCOMES
from lineofsight.interchange.keys import key

if TYPE_CHECKING:
    from lineofsight.interchange.cin_census.read import Reader

# A referral the census gives no need for (it may leave it out of one that went no further): an empty
# code, so that the census written again leaves it out too. (N0, "not stated", is a code the census
# gives.)
NOT_GIVEN = ""


@dataclass
class Pending:
    """A record read but not yet added: added only if its parent is kept."""

    table: str
    row: dict[str, Any]


def _codes(element: etree._Element, tag: str) -> str | None:
    text = text_of(element, tag)
    return None if text is None else text.upper()


class Records:
    """One child's episodes, as they are read."""

    def __init__(self, reader: Reader, child: str) -> None:
        self.reader = reader
        self.fields = reader.fields
        self.child = child
        self.seen: set[str] = set()  # the keys of the child's records, to find duplicates

    def episode(
        self, details: etree._Element, referrals: dict[dt.date, int | None], pending: list[Pending]
    ) -> tuple[str, dt.date]:
        """The episode's own row; a RecordError when its referral date, source or NFA flag, or its
        closure date, cannot be read (a closure says the episode is over: unread, it could not be
        said open)."""
        child = self.child
        referred = required_date(details, "CINreferralDate")
        if referred in referrals:
            raise RecordError(
                blamed(details, "CINreferralDate"),
                "CINreferralDate",
                f"this child has another CINdetails with the referral date {referred.isoformat()} "
                f"(line {referrals[referred]})",
            )
        closed = date_of(details, "CINclosureDate")
        not_before(details, "CINclosureDate", closed, referred, "referral date")
        referral_id = key(child, "referral", referred)
        episode: dict[str, Any] = {
            "referral_id": referral_id,
            "person_id": child,
            "referral_date": referred,
            "referral_source_code": required(details, "ReferralSource").upper(),
            "cin_primary_need_code": _codes(details, "PrimaryNeedCode") or NOT_GIVEN,
            "referral_nfa": flag(details, "ReferralNFA", required=True),
        }
        if closed is not None:
            episode["close_date"] = closed
            reason = _codes(details, "ReasonForClosure")
            if reason is None:
                error = RecordError(
                    details, "ReasonForClosure", "the episode is closed, but no reason is given"
                )
                self.fields.clear(details, error)
            episode["close_reason"] = reason
        pending.append(Pending("cin_episodes", episode))
        return referral_id, referred

    def keep(self, table: str, row: dict[str, Any], element: etree._Element, pending: list[Pending]) -> bool:
        identifier = next(iter(row.values()))
        if identifier in self.seen:
            duplicate = RecordError(
                element, None, f"a duplicate: this child already has a <{element.tag}> on the same date"
            )
            self.reader.reject(duplicate, element, nested(element))
            return False
        self.seen.add(identifier)
        pending.append(Pending(table, row))
        return True

    def within(self, referral_id: str, details: etree._Element, pending: list[Pending]) -> None:
        """The episode's records; a bad one is rejected alone, with what is inside it."""
        child = self.child
        base = {"referral_id": referral_id, "person_id": child}
        plans_started = {
            _safe_date(plan, "CPPstartDate") for plan in details.iterfind("ChildProtectionPlans")
        }
        conferences: dict[dt.date, dict[str, Any]] = {}
        own = self.fields.optional_date(details, details, "DateOfInitialCPC")
        if own is not None:
            conferences[own] = {"icpc_id": key(child, "icpc", own), **base, "icpc_date": own}
        for element in details.iterfind("Assessments"):
            try:
                self.keep("assessments", self.assessment(base, element), element, pending)
            except RecordError as error:
                self.reader.reject(error, element)
        for element in details.iterfind("CINPlanDates"):
            try:
                started = required_date(element, "CINPlanStartDate")
                ended = date_of(element, "CINPlanEndDate")
                not_before(element, "CINPlanEndDate", ended, started, "plan's start")
                row = {"cin_plan_id": key(child, "cin-plan", started), **base, "cin_plan_start_date": started}
                if ended is not None:
                    row["cin_plan_end_date"] = ended
                self.keep("cin_plans", row, element, pending)
            except RecordError as error:
                self.reader.reject(error, element)
        for element in details.iterfind("Section47"):
            try:
                self.enquiry(base, element, conferences, pending)
            except RecordError as error:
                self.reader.reject(error, element)
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
                plan = self.cp_plan(base, element, conferences)
                if self.keep("cp_plans", plan, element, pending):
                    self.reviews(plan, element, pending)
            except RecordError as error:
                self.reader.reject(error, element, nested(element))
        for element in details.iterfind(PRE_PROCEEDINGS):
            try:
                self.keep("pre_proceedings", self.pre_proceedings(base, element), element, pending)
            except RecordError as error:
                self.reader.reject(error, element)

    def assessment(self, base: dict[str, Any], element: etree._Element) -> dict[str, Any]:
        started = required_date(element, "AssessmentActualStartDate")
        authorised = date_of(element, "AssessmentAuthorisationDate")
        not_before(element, "AssessmentAuthorisationDate", authorised, started, "assessment's start")
        row = {
            "assessment_id": key(self.child, "assessment", started),
            **base,
            "assessment_start_date": started,
        }
        if authorised is not None:
            row["assessment_auth_date"] = authorised
        reviewed = self.fields.optional_date(element, element, "AssessmentInternalReviewDate")
        if reviewed is not None:
            row["assessment_internal_review_date"] = reviewed
        factors = [
            (f.text or "").strip().upper()
            for f in element.iterfind("FactorsIdentifiedAtAssessment/AssessmentFactors")
            if (f.text or "").strip()
        ]
        if factors:
            row["assessment_factors"] = ",".join(factors)
        return row

    def enquiry(
        self,
        base: dict[str, Any],
        element: etree._Element,
        conferences: dict[dt.date, dict[str, Any]],
        pending: list[Pending],
    ) -> None:
        """A section 47 enquiry, and the conference it led to. A conference date, a target date or
        a flag that cannot be read is cleared; the enquiry stands."""
        child = self.child
        started = required_date(element, "S47ActualStartDate")
        held = self.fields.optional_date(element, element, "DateOfInitialCPC")
        if held is not None and held < started:
            reason = f"{held.isoformat()} is before the enquiry's start ({started.isoformat()})"
            self.fields.clear(
                element, RecordError(blamed(element, "DateOfInitialCPC"), "DateOfInitialCPC", reason)
            )
            held = None
        not_required = self.fields.optional_flag(element, element, "ICPCnotRequired")
        enquiry_id = key(child, "s47", started)
        row = {"s47_enquiry_id": enquiry_id, **base, "s47_start_date": started}
        target = self.fields.optional_date(element, element, "InitialCPCtarget")
        if target is not None:
            row["icpc_target_date"] = target
        if held is not None:
            row["s47_outcome"] = "icpc"
        elif not_required:
            row["s47_outcome"] = NO_CONFERENCE
        if self.keep("s47_enquiries", row, element, pending) and held is not None:
            conferences[held] = {
                "icpc_id": key(child, "icpc", held),
                "s47_enquiry_id": enquiry_id,
                **base,
                "icpc_date": held,
            }

    def cp_plan(
        self, base: dict[str, Any], element: etree._Element, conferences: dict[dt.date, Any]
    ) -> dict[str, Any]:
        started = required_date(element, "CPPstartDate")
        ended = date_of(element, "CPPendDate")
        not_before(element, "CPPendDate", ended, started, "plan's start")
        row: dict[str, Any] = {
            "cp_plan_id": key(self.child, "cp-plan", started),
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
            value = _codes(element, tag)
            if value is not None:
                row[column] = value
        previous = self.fields.optional_count(element, element, "NumberOfPreviousCPP")
        if previous is not None:
            row["cp_plan_previous_plans"] = previous
        return row

    def reviews(self, plan: dict[str, Any], element: etree._Element, pending: list[Pending]) -> None:
        for review in element.iterfind("Reviews/CPPreviewDate"):
            try:
                text = (review.text or "").strip()
                if not text:
                    raise RecordError(review, "CPPreviewDate", "the review's date is empty")
                day = parse_date(review, str(review.tag), text)
                not_before(review, "CPPreviewDate", day, plan["cp_plan_start_date"], "plan's start")
                review_id = key(self.child, "cp-review", day)
                if review_id in self.seen:
                    raise RecordError(
                        review, "CPPreviewDate", "a duplicate: this child already has a review that day"
                    )
            except RecordError as error:
                self.reader.reject(error, review)
                continue
            self.seen.add(review_id)
            pending.append(
                Pending(
                    "cp_reviews",
                    {"cp_review_id": review_id, "cp_plan_id": plan["cp_plan_id"], "person_id": self.child,
                     "cp_review_date": day},
                )
            )  # fmt: skip

    def pre_proceedings(self, base: dict[str, Any], element: etree._Element) -> dict[str, Any]:
        """The pre-proceedings block (2026-27): known by the day the council decided to begin them
        (PPStartDate), without which it is rejected; the letter before proceedings, the family group
        decision-making meeting offered in it and held after it, the meetings, the decision to step
        up or down, its outcome (A, B or C, kept as given), the application to court and the letter
        initiating proceedings are each cleared and reported when they cannot be read."""
        started = required_date(element, PRE_PROCEEDINGS_START)
        fields = self.fields
        return {
            "pre_proceedings_id": key(self.child, "pre-proceedings", started),
            **base,
            "pre_proceedings_start_date": started,
            "letter_before_proceedings_date": fields.optional_date(element, element, "LBPSentDate"),
            "fgdm_offered": fields.optional_flag(element, element, "FGDMMeetingOffer"),
            "fgdm_held": fields.optional_flag(element, element, "FGDMMeetingFac"),
            "initial_meeting_date": fields.optional_date(element, element, "InitialPPMeetingDate"),
            "review_meetings": fields.optional_count(element, element, "ReviewMeetingsCount"),
            "pre_proceedings_end_date": fields.optional_date(element, element, "StepDecisionDate"),
            "pre_proceedings_outcome_code": fields.optional_code(
                element, element, "PPOutcome", PRE_PROCEEDINGS_OUTCOMES
            ),
            "court_application_date": fields.optional_date(element, element, "CourtAppDate"),
            "proceedings_letter_date": fields.optional_date(element, element, "LetterInitCPDate"),
        }


PRE_PROCEEDINGS_START = "PPStartDate"


def _safe_date(element: etree._Element, tag: str) -> dt.date | None:
    try:
        return date_of(element, tag)
    except RecordError:
        return None


__all__ = ["Pending", "Records", "line_no"]
