"""Small builders of canonical-model rows, with defaults, and a loader that stores them.

Each builder returns one row as a dict holding every column of its table, so a test names only what
matters to it: `assessment("C1", start="2024-04-02", authorised="2024-06-05")`. Dates may be given as
ISO strings. Identifiers default to something readable made from the child and the date.

`council_data(engine, *rows)` works out each row's table from its columns, adds any parent row the
test did not bother with (the child, the referral an assessment belongs to, a worker's team), inserts
everything in foreign-key order in one transaction and returns a `CouncilData` over the store.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, select

from lineofsight import store
from lineofsight.data import CouncilData
from lineofsight.data.coverage import EVERY_FACT, Mode, Span
from lineofsight.measures import REGISTRY, Result
from lineofsight.model import Base
from lineofsight.settings import Settings

Row = dict[str, Any]
Day = dt.date | str


def day(value: Day) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def stored_rows(engine: Engine, table: str) -> list[dict[str, Any]]:
    """Every row of a table as stored, in key order: what a load left behind."""
    target = Base.metadata.tables[table]
    with engine.connect() as connection:
        found = connection.execute(select(target).order_by(*target.primary_key.columns)).mappings()
        return [dict(row) for row in found]


def _maybe_day(value: Day | None) -> dt.date | None:
    return None if value is None else day(value)


def person(id: str = "C1", *, dob: Day = "2015-06-01") -> Row:
    return {
        "person_id": id,
        "person_forename": "Alex",
        "person_surname": "Example",
        "person_sex": "0",
        "person_ethnicity": "NOBT",
        "person_dob": day(dob),
        "person_upn": None,
        "person_former_upn": None,
        "person_death_date": None,
        "person_disability": False,
        "person_disability_codes": None,
        "person_uasc": False,
        "person_uasc_end_date": None,
    }


def referral(
    child: str = "C1", date: Day = "2024-06-03", *, id: str | None = None, closed: Day | None = None
) -> Row:
    """A referral and the CIN episode it opens (a row of `cin_episodes`)."""
    return {
        "referral_id": id or f"R-{child}-{day(date)}",
        "person_id": child,
        "contact_id": None,
        "referral_date": day(date),
        "referral_source_code": "1B",
        "cin_primary_need_code": "N1",
        "referral_nfa": False,
        "close_date": _maybe_day(closed),
        "close_reason": None if closed is None else "RC8",
        "closure_decision": None,
        "closure_decision_date": None,
        "closure_manager_id": None,
        "team_id": None,
        "worker_id": None,
    }


def assessment(
    child: str = "C1",
    *,
    start: Day = "2024-06-03",
    authorised: Day | None = None,
    id: str | None = None,
    referral_id: str | None = None,
) -> Row:
    return {
        "assessment_id": id or f"A-{child}-{day(start)}",
        "referral_id": referral_id or f"R-{child}",
        "person_id": child,
        "assessment_start_date": day(start),
        "assessment_child_seen_date": None,
        "assessment_internal_review_date": None,
        "assessment_auth_date": _maybe_day(authorised),
        "assessment_outcome": None,
        "assessment_factors": None,
        "team_id": None,
        "worker_id": None,
    }


def s47(child: str = "C1", *, start: Day = "2024-06-03", id: str | None = None) -> Row:
    """A section 47 enquiry."""
    return {
        "s47_enquiry_id": id or f"S47-{child}-{day(start)}",
        "referral_id": f"R-{child}",
        "person_id": child,
        "strategy_discussion_id": None,
        "s47_start_date": day(start),
        "icpc_target_date": None,
        "s47_end_date": None,
        "s47_outcome": "icpc",
        "team_id": None,
        "worker_id": None,
    }


def icpc(
    child: str = "C1",
    *,
    date: Day = "2024-06-24",
    s47_id: str | None = None,
    transfer_in: bool = False,
    id: str | None = None,
) -> Row:
    """An initial child protection conference, linked to the S47 enquiry `s47_id` (None: no link)."""
    return {
        "icpc_id": id or f"ICPC-{child}-{day(date)}",
        "s47_enquiry_id": s47_id,
        "referral_id": f"R-{child}",
        "person_id": child,
        "icpc_date": day(date),
        "icpc_outcome_cp_plan": True,
        "icpc_transfer_in": transfer_in,
    }


def cp_plan(
    child: str = "C1", *, start: Day = "2024-06-24", end: Day | None = None, id: str | None = None
) -> Row:
    return {
        "cp_plan_id": id or f"CPP-{child}-{day(start)}",
        "referral_id": f"R-{child}",
        "icpc_id": None,
        "person_id": child,
        "cp_plan_start_date": day(start),
        "cp_plan_end_date": _maybe_day(end),
        "cp_plan_initial_category": "NEG",
        "cp_plan_latest_category": "NEG",
        "cp_plan_previous_plans": None,
    }


def cla_episode(
    child: str = "C1", *, start: Day = "2023-01-09", ceased: Day | None = None, id: str | None = None
) -> Row:
    """A period of being looked after."""
    return {
        "cla_episode_id": id or f"CLA-{child}-{day(start)}",
        "person_id": child,
        "referral_id": None,
        "cla_episode_start_date": day(start),
        "cla_episode_start_reason": "S",
        "cla_primary_need_code": "N1",
        "cla_episode_ceased_date": _maybe_day(ceased),
        "cla_episode_ceased_reason": None if ceased is None else "E4A",
        "home_postcode": None,
        "cla_episode_start_provisional": False,
    }


def placement(
    child: str = "C1",
    *,
    start: Day = "2023-01-09",
    end: Day | None = None,
    episode: str | None = None,
    id: str | None = None,
) -> Row:
    """A placement in the period of care `episode` (by default one made up for the child)."""
    return {
        "placement_id": id or f"PL-{child}-{day(start)}",
        "cla_episode_id": episode or f"CLA-{child}",
        "person_id": child,
        "placement_start_date": day(start),
        "placement_end_date": _maybe_day(end),
        "placement_type": "U4",
        "placement_provider": "PR1",
        "placement_urn": None,
        "placement_postcode": None,
        "placement_distance_miles": None,
        "placement_long_term": False,
        "placement_change_reason": None,
        "connected_person_temporary_approval_date": None,
        "connected_person_extension_date": None,
        "connected_person_full_approval_date": None,
        "placement_start_provisional": False,
    }


def team(id: str = "T1") -> Row:
    return {
        "team_id": id,
        "team_name": f"Team {id}",
        "team_function": "safeguarding",
        "team_parent_name": None,
    }


def worker(
    id: str = "W1",
    *,
    start: Day = "2020-01-06",
    left: Day | None = None,
    fte: float = 1.0,
    role: str = "qualified_social_worker",
    case_holding: bool = True,
    agency: bool = False,
    staff_id: str | None = None,
    provisional: bool = False,
) -> Row:
    """One spell of a worker in post; `left` is the last day in post. `provisional`: a spell a
    case-management extract names without saying when it began (its dates are not known)."""
    return {
        "worker_id": id,
        "staff_id": staff_id or id,
        "post_id": None,
        "team_id": "T1",
        "worker_forename": "Sam",
        "worker_surname": "Worker",
        "worker_role": role,
        "worker_agency": agency,
        "worker_fte": fte,
        "worker_case_holding": case_holding,
        "worker_start_date": day(start),
        "worker_leave_date": _maybe_day(left),
        "asye_end_date": None,
        "social_worker_registration_no": None,
        "worker_start_provisional": provisional,
    }


def allocation(
    child: str = "C1",
    worker: str = "W1",
    *,
    start: Day = "2024-06-03",
    end: Day | None = None,
    id: str | None = None,
) -> Row:
    return {
        "allocation_id": id or f"AL-{child}-{worker}-{day(start)}",
        "person_id": child,
        "worker_id": worker,
        "team_id": "T1",
        "allocation_start_date": day(start),
        "allocation_end_date": _maybe_day(end),
        "allocation_end_reason": None,
        "allocation_start_reason": None,
    }


# A parent row made up when a test refers to one it did not build: (id, the child row's person_id).
_PARENTS: dict[str, Callable[[str, str | None], Row]] = {
    "person": lambda id, _child: person(id),
    "cin_episodes": lambda id, child: referral(child or "C1", "2020-01-06", id=id),
    "cla_episodes": lambda id, child: cla_episode(child or "C1", start="2020-01-06", id=id),
    "teams": lambda id, _child: team(id),
    "workers": lambda id, _child: worker(id),
}


def _table_of(row: Row) -> str:
    for table in Base.metadata.sorted_tables:
        if set(row) == set(table.columns.keys()):
            return table.name
    raise ValueError(f"no table has exactly the columns {sorted(row)}")


def coverage(
    fact: str = EVERY_FACT,
    start: Day | None = None,
    end: Day = "2026-03-31",
    *,
    mode: Mode = "events",
    source: str = "cin",
    id: str | None = None,
) -> Row:
    """A row of `coverage`: the fact held from `start` (None: the whole history) to `end`."""
    span = Span(fact, mode, _maybe_day(start), day(end), source, "the test's children")
    return span.row(id or f"{source}/{fact}/{mode}/{start}/{end}")


def health_outcome(child: str = "C1", year: int = 2026, **answers: str) -> Row:
    """What an SSDA903's OC2 said of a child for the collection year ending 31 March `year`."""
    blank = dict.fromkeys(
        ("sdq_score", "sdq_reason", "convicted", "health_check", "immunisations", "teeth_check",
         "health_assessment", "substance_misuse", "intervention_received", "intervention_offered"),
    )  # fmt: skip
    row = {"health_outcome_id": f"{child}/oc2/{year}", "person_id": child, "collection_year": year}
    return row | blank | answers


def council_data(engine: Engine, *rows: Row) -> CouncilData:
    """Store the rows (with any parents they need) in one transaction; the store's data, for measures.

    Unless the rows say what the data covers (`coverage(...)` rows) or the store already does, the
    rows stand for a complete record, as the synthetic council's do: every fact over all of history."""
    tables: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        tables[_table_of(row)].append(row)
    with engine.connect() as connection:
        covered = connection.execute(select(Base.metadata.tables["coverage"]).limit(1)).first() is not None
    if not tables["coverage"] and not covered:
        tables["coverage"].append(coverage(end=dt.date.max, source="complete", id="complete"))
    # Children before parents, so that a made-up parent (a referral) gets its own parent (the child).
    for table in reversed(Base.metadata.sorted_tables):
        for row in list(tables[table.name]):
            for key in table.foreign_keys:
                parent = key.column.table.name
                wanted = row[key.parent.name]
                have = {existing[key.column.name] for existing in tables[parent]}
                if wanted is not None and wanted not in have:
                    tables[parent].append(_PARENTS[parent](wanted, row.get("person_id")))
    with store.transaction(engine) as connection:
        for table in Base.metadata.sorted_tables:
            if tables[table.name]:
                store.insert_rows(connection, table.name, tables[table.name])
    return CouncilData(engine)


def compute(code: str, data: CouncilData, as_at: Day) -> Result:
    """The measure `code` as at a date, with the default settings."""
    return REGISTRY[code].evaluate(data, day(as_at), Settings())


# Front door, child protection, children in need (issue 4).


def contact(
    child: str = "C1",
    received: dt.datetime | str = "2024-06-03T09:00",
    *,
    decided: Day | None = None,
    outcome: str | None = None,
    id: str | None = None,
) -> Row:
    """A contact received at a time (an ISO string, with or without the time) and decided on a day."""
    at = received if isinstance(received, dt.datetime) else dt.datetime.fromisoformat(received)
    return {
        "contact_id": id or f"CT-{child}-{at:%Y%m%d%H%M}",
        "person_id": child,
        "contact_date_time": at,
        "contact_source_code": "2A",
        "contact_decision_date": _maybe_day(decided),
        "contact_outcome": outcome if decided is not None else None,
    }


def council_fact(fact: str = "population_0_17", value: str = "10000") -> Row:
    """A fact about the council; by default a child population of 10,000, so a rate is a count."""
    return {"fact": fact, "value": value}


def cin_plan(
    child: str = "C1", *, start: Day = "2024-06-03", end: Day | None = None, id: str | None = None
) -> Row:
    return {
        "cin_plan_id": id or f"CINP-{child}-{day(start)}",
        "referral_id": f"R-{child}",
        "person_id": child,
        "cin_plan_start_date": day(start),
        "cin_plan_end_date": _maybe_day(end),
    }


def cp_review(child: str = "C1", *, plan: str, date: Day, id: str | None = None) -> Row:
    """A review conference of the CP plan `plan` (which the test builds), held on `date`."""
    return {
        "cp_review_id": id or f"CPR-{plan}-{day(date)}",
        "cp_plan_id": plan,
        "person_id": child,
        "cp_review_due_date": None,
        "cp_review_date": day(date),
        "cp_review_outcome_continue_cp": True,
    }


def visit(
    child: str = "C1", date: Day = "2024-06-03", *, kind: str = "cp", seen: bool = True, id: str | None = None
) -> Row:
    return {
        "visit_id": id or f"V-{child}-{kind}-{day(date)}",
        "person_id": child,
        "visit_kind": kind,
        "visit_date": day(date),
        "visit_seen": seen,
        "visit_seen_alone": False,
        "worker_id": None,
    }


# Children looked after and care leavers (issue 4).


def care_placement(
    child: str = "C1",
    *,
    start: Day = "2023-01-09",
    end: Day | None = None,
    episode: str | None = None,
    type: str = "U4",
    miles: float | None = None,
    long_term: bool = False,
    temporary_approval: Day | None = None,
    extension: Day | None = None,
    full_approval: Day | None = None,
    id: str | None = None,
) -> Row:
    """A placement with the details stability, distance and connected-carer measures look at."""
    return placement(child, start=start, end=end, episode=episode, id=id) | {
        "placement_type": type,
        "placement_distance_miles": miles,
        "placement_long_term": long_term,
        "connected_person_temporary_approval_date": _maybe_day(temporary_approval),
        "connected_person_extension_date": _maybe_day(extension),
        "connected_person_full_approval_date": _maybe_day(full_approval),
    }


def cla_review(child: str = "C1", date: Day = "2024-06-03", *, episode: str, id: str | None = None) -> Row:
    """A looked-after child's review, held on `date` in the period of care `episode`."""
    return {
        "cla_review_id": id or f"RV-{episode}-{day(date)}",
        "cla_episode_id": episode,
        "person_id": child,
        "cla_review_due_date": None,
        "cla_review_date": day(date),
        "cla_review_participation": "PN1",
    }


def health_assessment(
    child: str = "C1", date: Day = "2024-06-03", *, kind: str = "review", id: str | None = None
) -> Row:
    return {
        "health_assessment_id": id or f"HA-{child}-{kind}-{day(date)}",
        "person_id": child,
        "health_assessment_type": kind,
        "health_assessment_date": day(date),
    }


def pep(child: str = "C1", date: Day = "2024-06-03", *, id: str | None = None) -> Row:
    """A personal education plan meeting or review."""
    return {"pep_id": id or f"PEP-{child}-{day(date)}", "person_id": child, "pep_review_date": day(date)}


def _moment(value: dt.datetime | str | None) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value)


def missing_episode(
    child: str = "C1",
    *,
    start: dt.datetime | str = "2024-06-01T20:00",
    end: dt.datetime | str | None = "2024-06-02T10:00",
    rhi_offered: dt.datetime | str | None = None,
    type: str = "missing",
    id: str | None = None,
) -> Row:
    """A missing episode with its times (ISO strings) and when a return-home interview was offered."""
    began = _moment(start)
    assert began is not None
    return {
        "missing_episode_id": id or f"MI-{child}-{began:%Y%m%d%H%M}",
        "person_id": child,
        "missing_episode_type": type,
        "missing_episode_start": began,
        "missing_episode_end": _moment(end),
        "rhi_offered_at": _moment(rhi_offered),
        "rhi_accepted": None if rhi_offered is None else True,
    }


def adoption(
    child: str = "C1",
    *,
    episode: str | None,
    placed: Day | None = None,
    order: Day | None = None,
    id: str | None = None,
) -> Row:
    """A child's adoption: the period of care it ends, moving in (`placed`) and the adoption order."""
    return {
        "adoption_id": id or f"AD-{child}",
        "person_id": child,
        "cla_episode_id": episode,
        "should_be_placed_decision_date": None,
        "placement_order_date": None,
        "matched_date": None,
        "placed_date": _maybe_day(placed),
        "adoption_order_date": _maybe_day(order),
        "decision_reversed_date": None,
        "decision_reversed_reason": None,
        "fostering_for_adoption": False,
        "adopters_count": None,
        "adopters_sex": None,
        "adopters_legal_status": None,
    }


def previous_permanence(
    child: str = "C1", *, episode: str, code: str = "Z1", council: str | None = None, made: str | None = None
) -> Row:
    """What held the child's permanence before the period of care `episode` (903 PrevPerm)."""
    return {
        "previous_permanence_id": f"PV-{episode}",
        "person_id": child,
        "cla_episode_id": episode,
        "previous_permanence_code": code,
        "permanence_local_authority": council,
        "permanence_order_date": made,
    }


def care_leaver(
    child: str = "C1",
    *,
    since: Day = "2022-06-01",
    end: Day | None = None,
    eligibility: str = "former_relevant",
    id: str | None = None,
) -> Row:
    """A young person's entitlement to leaving-care support, from `since` to `end` (None: still open)."""
    return {
        "care_leaver_id": id or f"CL-{child}-{eligibility}",
        "person_id": child,
        "care_leaver_eligibility": eligibility,
        "care_leaver_eligibility_date": day(since),
        "care_leaver_end_date": _maybe_day(end),
        "personal_adviser_id": None,
    }


def care_leaver_contact(
    child: str = "C1",
    date: Day = "2024-06-03",
    *,
    in_touch: str = "YES",
    suitable: bool | None = None,
    activity: str | None = None,
    id: str | None = None,
) -> Row:
    return {
        "care_leaver_contact_id": id or f"CC-{child}-{day(date)}",
        "person_id": child,
        "contact_date": day(date),
        "in_touch": in_touch,
        "accommodation": None,
        "accommodation_suitable": suitable,
        "activity": activity,
    }


def pathway_plan_review(child: str = "C1", date: Day = "2024-06-03", *, id: str | None = None) -> Row:
    return {
        "pathway_plan_review_id": id or f"PW-{child}-{day(date)}",
        "person_id": child,
        "pathway_plan_review_date": day(date),
    }


# Workforce, legal, allegations, private fostering and case audits (issue 4).


def post(
    id: str = "P1",
    *,
    start: Day = "2020-01-06",
    end: Day | None = None,
    fte: float = 1.0,
    role: str = "social_worker",
    team: str = "T1",
) -> Row:
    """An established post, open from `start` to `end` (None: still established)."""
    return {
        "post_id": id,
        "team_id": team,
        "post_role": role,
        "post_fte": fte,
        "post_start_date": day(start),
        "post_end_date": _maybe_day(end),
    }


def supervision(worker: str = "W1", date: Day = "2025-03-03", *, id: str | None = None) -> Row:
    return {
        "supervision_id": id or f"SV-{worker}-{day(date)}",
        "worker_id": worker,
        "supervisor_id": "M1",
        "supervision_date": day(date),
    }


def pre_proceedings(
    child: str = "C1", *, start: Day = "2024-09-02", end: Day | None = None, id: str | None = None
) -> Row:
    """The pre-proceedings stage of the Public Law Outline, from the letter before proceedings."""
    return {
        "pre_proceedings_id": id or f"PP-{child}-{day(start)}",
        "person_id": child,
        "referral_id": None,
        "pre_proceedings_start_date": day(start),
        "letter_before_proceedings_date": None,
        "fgdm_offered": None,
        "fgdm_held": None,
        "initial_meeting_date": None,
        "review_meetings": None,
        "pre_proceedings_end_date": _maybe_day(end),
        "pre_proceedings_outcome": None if end is None else "issue",
        "pre_proceedings_outcome_code": None,
        "court_application_date": None,
        "proceedings_letter_date": None,
    }


def care_proceedings(
    child: str = "C1",
    *,
    issued: Day = "2024-04-01",
    final_order: Day | None = None,
    order: str = "care_order",
    id: str | None = None,
) -> Row:
    return {
        "care_proceedings_id": id or f"PR-{child}-{day(issued)}",
        "person_id": child,
        "issue_date": day(issued),
        "final_order_date": _maybe_day(final_order),
        "final_order": None if final_order is None else order,
    }


def allegation(referred: Day = "2024-09-02", *, resolved: Day | None = None, id: str | None = None) -> Row:
    """An allegation referred to the designated officer and, if it has been, resolved."""
    return {
        "allegation_id": id or f"LD-{day(referred)}-{resolved}",
        "referral_date": day(referred),
        "sector": "education",
        "resolution_date": _maybe_day(resolved),
        "outcome": None if resolved is None else "unfounded",
    }


def private_fostering(
    child: str = "C1", *, notified: Day = "2024-09-02", start: Day | None = None, id: str | None = None
) -> Row:
    """A private fostering arrangement notified on `notified` (starting then unless said)."""
    return {
        "arrangement_id": id or f"PF-{child}-{day(notified)}",
        "person_id": child,
        "notification_date": day(notified),
        "arrangement_start_date": day(start or notified),
        "arrangement_end_date": None,
    }


def case_audit(
    child: str = "C1",
    date: Day = "2024-09-02",
    *,
    grade: str = "good",
    moderated: str | None = None,
    team: str | None = None,
    worker: str | None = None,
    id: str | None = None,
) -> Row:
    """A case audit completed on `date` with the auditor's grade (and any moderated grade)."""
    return {
        "audit_id": id or f"AU-{child}-{day(date)}",
        "person_id": child,
        "auditor_id": "M1",
        "audit_date": day(date),
        "audit_grade": grade,
        "audit_theme": None,
        "moderated_grade": moderated,
        "team_id": team,
        "worker_id": worker,
        "audit_summary": None,
        "recorded_by": None,
    }


def audit_action(
    audit: str = "AU1", *, due: Day = "2024-10-01", completed: Day | None = None, id: str | None = None
) -> Row:
    """An action set by the audit `audit` (made up if the test does not build it)."""
    return {
        "action_id": id or f"AA-{audit}-{day(due)}-{completed}",
        "audit_id": audit,
        "action_text": "Update the chronology",
        "action_due_date": day(due),
        "action_completed_date": _maybe_day(completed),
        "action_owner_id": None,
    }


_PARENTS["posts"] = lambda id, _child: post(id)
_PARENTS["case_audits"] = lambda id, child: case_audit(child or "C1", id=id)
