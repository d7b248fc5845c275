"""The events of a child's journey: every record that names the child, as a dated line of a timeline.

Each builder reads one stage of the journey and words its records. It hides what was not known at D
about a record that was: an end after D (the plan was still open), and what is only known when a thing
ends (an assessment's outcome, why care ceased, the final order). Records dated after D are dropped by
`timeline`, which also orders the events and says whose work each was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

import polars as pl

from lineofsight.data.periods import with_allocation_at
from lineofsight.interchange.annex_a import codes
from lineofsight.journey.records import ChildRecords, Record
from lineofsight.journey.words import (
    ADOPTION,
    HEALTH,
    IN_TOUCH,
    LEGAL_STATUS,
    MOVES,
    PREVIOUS_ORDER,
    VISITS,
    coded,
    outcome,
    then,
    value,
)
from lineofsight.measures.care_leavers import EET

# The order of events on one day is the order things happen in a journey: a contact leads to a
# referral, a strategy discussion and an enquiry, an assessment, a conference, then plans; care
# begins with a legal status and a placement; reviews and the work around them follow. A worker's
# allocation comes after the record that opened the case that day.
# The SSDA903's OC2 answers, as the journey words them (what each says of the year to 31 March).
OUTCOMES = (
    ("health_assessment", "health assessment held"),
    ("teeth_check", "teeth checked"),
    ("immunisations", "immunisations up to date"),
    ("health_check", "development check (under 5) up to date"),
    ("sdq_score", "SDQ score"),
    ("sdq_reason", "reason for no SDQ score"),
    ("convicted", "convicted"),
    ("substance_misuse", "substance misuse"),
    ("intervention_offered", "intervention offered"),
    ("intervention_received", "intervention received"),
)
ANSWERS = {"1": "yes", "0": "no"}  # an SDQ score or reason is shown as the return gives it

KINDS = (
    "birth",
    "contact",
    "early_help",
    "referral",
    "strategy_discussion",
    "s47",
    "assessment",
    "icpc",
    "cin_plan",
    "cp_plan",
    "cp_review",
    "private_fostering",
    "pre_proceedings",
    "care_proceedings",
    "period_of_care",
    "previous_permanence",
    "legal_status",
    "placement",
    "cla_review",
    "health_assessment",
    "health_outcome",
    "deprivation_of_liberty",
    "pep",
    "missing",
    "adoption",
    "care_leaver",
    "pathway_plan_review",
    "care_leaver_contact",
    "allocation",
    "visit",
    "audit",
    "death",
)
RANK = {kind: rank for rank, kind in enumerate(KINDS)}
# Kinds that last from a start to an end: one of these with no end was still open at D.
SPANS = frozenset(
    {
        "early_help",
        "referral",
        "s47",
        "assessment",
        "cin_plan",
        "cp_plan",
        "private_fostering",
        "pre_proceedings",
        "care_proceedings",
        "period_of_care",
        "legal_status",
        "placement",
        "missing",
        "care_leaver",
        "allocation",
        "deprivation_of_liberty",
    }
)
# Events no worker is answerable for.
NO_WORKER = frozenset({"birth", "death"})


@dataclass(frozen=True)
class Event:
    """One thing in the child's journey: on a day, or from a day to `end` (None: still open at D)."""

    date: dt.date
    end: dt.date | None
    kind: str  # one of KINDS
    what: str
    record_id: str  # the record's identifier, as an alert's detail names a plan
    worker_id: str | None = None
    team_id: str | None = None

    @property
    def span(self) -> bool:
        return self.kind in SPANS

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "end": None if self.end is None else self.end.isoformat(),
            "kind": self.kind,
            "what": self.what,
            "worker_id": self.worker_id,
            "team": self.team_id,
            "id": self.record_id,
        }


Builder = Callable[[ChildRecords, dt.date], Iterable[Event]]


def timeline(records: ChildRecords, person: Record, as_at: dt.date) -> list[Event]:
    """The child's events dated up to D, each with its worker, in date order and, on one day, in the
    order of `KINDS`."""
    events = [event for build in BUILDERS for event in build(records, as_at)]
    events.append(Event(person["person_dob"], None, "birth", "Born", person["person_id"]))
    if person["person_death_date"] is not None:
        events.append(Event(person["person_death_date"], None, "death", "Died", person["person_id"]))
    known = _with_workers([event for event in events if event.date <= as_at], records)
    return sorted(known, key=lambda event: (event.date, RANK[event.kind], event.record_id, event.what))


def _known(day: dt.date | None, as_at: dt.date) -> dt.date | None:
    """A date as known at D: one after D had not come yet."""
    return day if day is not None and day <= as_at else None


def _front_door(records: ChildRecords, as_at: dt.date) -> Iterable[Event]:
    for r in records("contacts"):
        decided = _known(r["contact_decision_date"], as_at)
        what = then(
            f"Contact from {coded(codes.SOURCE, r['contact_source_code'])}",
            outcome(r["contact_outcome"]) if decided else "",
        )
        yield Event(r["contact_date_time"].date(), None, "contact", what, r["contact_id"])
    for r in records("early_help_episodes"):
        end = _known(r["episode_end_date"], as_at)
        reason = f" ({value(r['episode_reason'])})" if r["episode_reason"] else ""
        what = then(f"Early help{reason}", (value(r["episode_end_reason"]) or "ended") if end else "")
        yield Event(r["episode_start_date"], end, "early_help", what, r["episode_id"])


def _children_in_need(records: ChildRecords, as_at: dt.date) -> Iterable[Event]:
    for r in records("cin_episodes"):
        closed = _known(r["close_date"], as_at)
        what = then(
            f"Referral from {coded(codes.SOURCE, r['referral_source_code'])}: "
            f"{coded(codes.NEED, r['cin_primary_need_code'])}",
            "no further action" if r["referral_nfa"] else "",
            f"closed: {coded(codes.CLOSURE, r['close_reason'])}" if closed else "",
        )
        yield Event(
            r["referral_date"], closed, "referral", what, r["referral_id"], r["worker_id"], r["team_id"]
        )
    for r in records("assessments"):
        done = _known(r["assessment_auth_date"], as_at)
        what = then("Child and family assessment", outcome(r["assessment_outcome"]) if done else "")
        yield Event(
            r["assessment_start_date"],
            done,
            "assessment",
            what,
            r["assessment_id"],
            r["worker_id"],
            r["team_id"],
        )
    for r in records("cin_plans"):
        end = _known(r["cin_plan_end_date"], as_at)
        yield Event(r["cin_plan_start_date"], end, "cin_plan", "Child in need plan", r["cin_plan_id"])


def _child_protection(records: ChildRecords, as_at: dt.date) -> Iterable[Event]:
    for r in records("strategy_discussions"):
        what = then("Strategy discussion", outcome(r["strategy_discussion_outcome"]))
        yield Event(
            r["strategy_discussion_date"], None, "strategy_discussion", what, r["strategy_discussion_id"]
        )
    for r in records("s47_enquiries"):
        ended = _known(r["s47_end_date"], as_at)
        what = then("Section 47 enquiry", outcome(r["s47_outcome"]) if ended else "")
        yield Event(
            r["s47_start_date"], ended, "s47", what, r["s47_enquiry_id"], r["worker_id"], r["team_id"]
        )
    for r in records("initial_cp_conferences"):
        name = "Transfer-in conference" if r["icpc_transfer_in"] else "Initial child protection conference"
        what = then(name, "child protection plan" if r["icpc_outcome_cp_plan"] else "no plan")
        yield Event(r["icpc_date"], None, "icpc", what, r["icpc_id"])
    for r in records("cp_plans"):
        ended = _known(r["cp_plan_end_date"], as_at)
        first, latest = r["cp_plan_initial_category"], r["cp_plan_latest_category"]
        # When the category changed is not recorded, so the latest is shown only once the plan ended.
        changed = ended is not None and latest is not None and latest != first
        what = then(
            f"Child protection plan ({coded(codes.CATEGORY, first)})",
            f"latest category {coded(codes.CATEGORY, latest)}" if changed else "",
        )
        yield Event(r["cp_plan_start_date"], ended, "cp_plan", what, r["cp_plan_id"])
    for r in records("cp_reviews"):
        what = then(
            "Child protection review",
            "plan continues" if r["cp_review_outcome_continue_cp"] else "plan to end",
        )
        yield Event(r["cp_review_date"], None, "cp_review", what, r["cp_review_id"])


def _care(records: ChildRecords, as_at: dt.date) -> Iterable[Event]:
    for r in records("cla_episodes"):
        ceased = _known(r["cla_episode_ceased_date"], as_at)
        what = then(
            f"Looked after: {coded(codes.NEED, r['cla_primary_need_code'])}",
            f"ceased: {coded(codes.CEASED, r['cla_episode_ceased_reason'])}" if ceased else "",
        )
        yield Event(r["cla_episode_start_date"], ceased, "period_of_care", what, r["cla_episode_id"])
    started = {r["cla_episode_id"]: r["cla_episode_start_date"] for r in records("cla_episodes")}
    for r in records("previous_permanence"):
        order = PREVIOUS_ORDER.get(r["previous_permanence_code"])
        if order is None or r["cla_episode_id"] not in started:
            continue  # Z1: no order before care, or none known
        what = then(
            f"Before care: {order}",
            f"made {r['permanence_order_date']}" if r["permanence_order_date"] else "",
            f"by council {r['permanence_local_authority']}" if r["permanence_local_authority"] else "",
        )
        day = started[r["cla_episode_id"]]
        yield Event(day, None, "previous_permanence", what, r["previous_permanence_id"])
    for r in records("legal_statuses"):
        code = r["legal_status"]
        what = f"Legal status {code}: {LEGAL_STATUS.get(code, 'not known')}"
        end = _known(r["legal_status_end_date"], as_at)
        yield Event(r["legal_status_start_date"], end, "legal_status", what, r["legal_status_id"])
    for r in records("placements"):
        ended = _known(r["placement_end_date"], as_at)
        place, miles = r["placement_type"], r["placement_distance_miles"]
        what = then(
            f"Placement {place}: {coded(codes.PLACEMENT_TYPE, place, lower=False)}",
            coded(codes.PROVIDER, r["placement_provider"]) if r["placement_provider"] else "",
            f"{miles:.0f} miles from home" if miles is not None else "",
            f"ended: {MOVES.get(r['placement_change_reason'], r['placement_change_reason'])}"
            if ended and r["placement_change_reason"]
            else "",
        )
        yield Event(r["placement_start_date"], ended, "placement", what, r["placement_id"])
    for r in records("cla_reviews"):
        yield Event(
            r["cla_review_date"], None, "cla_review", "Looked-after child's review", r["cla_review_id"]
        )
    for r in records("health_assessments"):
        kind = r["health_assessment_type"]
        what = HEALTH.get(kind, f"Health assessment ({kind})")
        yield Event(r["health_assessment_date"], None, "health_assessment", what, r["health_assessment_id"])
    for r in records("health_outcomes"):
        said = [
            f"{words}: {ANSWERS.get(r[column] or '', r[column])}"
            for column, words in OUTCOMES
            if r[column] not in (None, "")
        ]
        what = "At 31 March, as the SSDA903 said of the year (OC2)" + (": " + "; ".join(said) if said else "")
        yield Event(
            dt.date(r["collection_year"], 3, 31), None, "health_outcome", what, r["health_outcome_id"]
        )
    for r in records("deprivations_of_liberty"):
        ended = _known(r["deprivation_end_date"], as_at)
        yield Event(
            r["deprivation_start_date"],
            ended,
            "deprivation_of_liberty",
            "Deprived of liberty by a court's order (DoLO)",
            r["deprivation_of_liberty_id"],
        )
    for r in records("personal_education_plans"):
        yield Event(r["pep_review_date"], None, "pep", "Personal education plan", r["pep_id"])
    for r in records("missing_episodes"):
        back, offered = r["missing_episode_end"], r["rhi_offered_at"]
        ended = _known(back.date() if back else None, as_at)
        interview = _known(offered.date() if offered else None, as_at)
        answer = {True: " and accepted", False: " and declined"}.get(r["rhi_accepted"], "")
        what = then(
            "Missing" if r["missing_episode_type"] == "missing" else "Away from placement",
            f"return home interview offered{answer}" if interview else "",
        )
        yield Event(r["missing_episode_start"].date(), ended, "missing", what, r["missing_episode_id"])


def _family_group_meeting(r: Record) -> str:
    """What the letter before proceedings offered: a family group decision-making meeting, which the
    Children's Wellbeing and Schools Act 2026 makes a duty before a care order is applied for."""
    offered, held = r["fgdm_offered"], r["fgdm_held"]
    if offered is None:
        return "family group decision-making meeting offered: not recorded"
    if not offered:
        return "no family group decision-making meeting offered"
    return "family group decision-making meeting offered" + {True: " and held", False: ", not held"}.get(
        held, ""
    )


def _permanence(records: ChildRecords, as_at: dt.date) -> Iterable[Event]:
    for r in records("adoptions"):
        for column, words in ADOPTION:
            if r[column] is not None:
                fostering = column == "placed_date" and r["fostering_for_adoption"]
                what = words + (" (fostering for adoption)" if fostering else "")
                yield Event(r[column], None, "adoption", what, r["adoption_id"])
    for r in records("pre_proceedings"):
        ended = _known(r["pre_proceedings_end_date"], as_at)
        meeting = _known(r["initial_meeting_date"], as_at)
        letter = _known(r["letter_before_proceedings_date"], as_at)
        applied = _known(r["court_application_date"], as_at)
        what = then(
            "Pre-proceedings (letter before proceedings)",
            f"letter sent {letter.isoformat()}" if letter else "",
            _family_group_meeting(r) if letter else "",
            f"meeting {meeting.isoformat()}" if meeting else "",
            outcome(r["pre_proceedings_outcome"]) if ended else "",
            f"application to court {applied.isoformat()}" if applied else "",
        )
        yield Event(r["pre_proceedings_start_date"], ended, "pre_proceedings", what, r["pre_proceedings_id"])
    for r in records("care_proceedings"):
        ended = _known(r["final_order_date"], as_at)
        order = f"final order: {outcome(r['final_order'])}" if r["final_order"] else "final hearing"
        what = then("Care proceedings issued", order if ended else "")
        yield Event(r["issue_date"], ended, "care_proceedings", what, r["care_proceedings_id"])
    for r in records("private_fostering"):
        # The council knew of the arrangement from its notification, which may come after it began.
        if r["notification_date"] <= as_at:
            what = f"Private fostering arrangement (notified {r['notification_date'].isoformat()})"
            end = _known(r["arrangement_end_date"], as_at)
            yield Event(r["arrangement_start_date"], end, "private_fostering", what, r["arrangement_id"])


def _leaving_care(records: ChildRecords, as_at: dt.date) -> Iterable[Event]:
    for r in records("care_leavers"):
        what = f"Care leaver: {coded(codes.ELIGIBILITY, r['care_leaver_eligibility'])}"
        end = _known(r["care_leaver_end_date"], as_at)
        yield Event(r["care_leaver_eligibility_date"], end, "care_leaver", what, r["care_leaver_id"])
    for r in records("care_leaver_contacts"):
        suitable = {True: "suitable accommodation", False: "unsuitable accommodation"}
        activity = r["activity"]
        eet = "" if activity is None else "in EET" if activity in EET else "not in EET"
        what = then(
            f"Care leaver contact: {IN_TOUCH.get(r['in_touch'], r['in_touch'])}",
            suitable.get(r["accommodation_suitable"], ""),
            eet,
        )
        yield Event(r["contact_date"], None, "care_leaver_contact", what, r["care_leaver_contact_id"])
    for r in records("pathway_plan_reviews"):
        yield Event(
            r["pathway_plan_review_date"],
            None,
            "pathway_plan_review",
            "Pathway plan review",
            r["pathway_plan_review_id"],
        )


def _casework(records: ChildRecords, as_at: dt.date) -> Iterable[Event]:
    for r in records("allocations"):
        ended = _known(r["allocation_end_date"], as_at)
        reason = r["allocation_end_reason"]
        what = then(
            "Allocated to a worker", (f"ended: {outcome(reason)}" if reason else "ended") if ended else ""
        )
        yield Event(
            r["allocation_start_date"],
            ended,
            "allocation",
            what,
            r["allocation_id"],
            r["worker_id"],
            r["team_id"],
        )
    for r in records("visits"):
        seen = (
            "child seen alone" if r["visit_seen_alone"] else "child seen" if r["visit_seen"] else "not seen"
        )
        what = f"{VISITS.get(r['visit_kind'], 'Other')} visit: {seen}"
        yield Event(r["visit_date"], None, "visit", what, r["visit_id"], r["worker_id"])
    for r in records("case_audits"):
        grade, moderated = r["audit_grade"], r["moderated_grade"]
        regraded = f"moderated to {value(moderated)}" if moderated and moderated != grade else ""
        what = then(f"Case audit: {value(grade)}", regraded)
        yield Event(r["audit_date"], None, "audit", what, r["audit_id"], r["worker_id"], r["team_id"])


BUILDERS: tuple[Builder, ...] = (
    _front_door,
    _children_in_need,
    _child_protection,
    _care,
    _permanence,
    _leaving_care,
    _casework,
)


def _with_workers(events: list[Event], records: ChildRecords) -> list[Event]:
    """Each event's worker: the one its record names (who assessed, who visited), else the child's
    allocated worker that day by the rule every alert uses (`with_allocation_at`), else none. A worker
    named without a team (a visitor) is given the team of their spell in post."""
    if not events:
        return events
    data = records.data
    allocations = pl.DataFrame(records("allocations"), schema=data["allocations"].schema)
    days = pl.DataFrame(
        {"person_id": [records.child_id] * len(events), "day": [event.date for event in events]},
        schema={"person_id": pl.String(), "day": pl.Date()},
    )
    allocated = with_allocation_at(days, allocations, "day").select("worker_id", "team_id").rows()
    teams = dict(data["workers"].select("worker_id", "team_id").rows())
    found = []
    for event, (worker_id, team_id) in zip(events, allocated, strict=True):
        if event.worker_id is None and event.kind not in NO_WORKER:
            event = replace(event, worker_id=worker_id, team_id=team_id)
        if event.worker_id is not None and event.team_id is None:
            event = replace(event, team_id=teams.get(event.worker_id))
        found.append(event)
    return found
