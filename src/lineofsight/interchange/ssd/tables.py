"""The Standard Safeguarding Dataset's tables that the canonical model holds, field by field, and the
facts (`data.facts`) each covers once loaded.

The SSD (Data to Insight's sector standard, built nightly inside a council's case-management
database) names every column with a four-letter prefix of its table, `cppl_cp_plan_start_date` in
`ssd_cp_plans`; the canonical model took its names from it, so most fields map to the column of the
same name without the prefix. This module is data: the reader (`read.py`) and the writer
(`write.py`) both go by it, so what is exported is what is read back.

An SSD is the case-management system's whole record, so each table covers its facts over the whole
history up to the day the extract was taken, except `ssd_care_leavers`: one row a young person, as
things stand on the day it was taken (their entitlement, their latest contact and their latest pathway
plan review), which covers its facts on that day alone, as Annex A's List 9 does. A table covers a
fact only where every column a measure reads of it is in the SSD: the SSD has no date of the decision
on a contact, no closure sign-off, no time a return interview was offered, no previous child
protection plans count, no contact with a care leaver but the latest (so not their circumstances
around each birthday, the SSDA903's OC3), and no offer of a family group decision-making meeting
(each is left to other sources, and `data/facts.py` says which).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from lineofsight.data import facts
from lineofsight.data.coverage import Mode


@dataclass(frozen=True)
class SsdTable:
    """One `ssd_*` table: which canonical table it fills, from which of its fields, what it covers.

    `fields` maps each SSD field to a canonical column. `fixed` gives columns every row of it has
    (a CIN visit's kind); `when_new` columns the SSD does not carry but the model needs, given only
    to records not already held (so that loading an SSD beside a return never blanks what the return
    said). `person_via` names the table and key through which a row that names no child finds its
    child (a looked-after review names the period of care). `own` gives the type of each field read
    into no column of `target` but kept for the reader to place (a care leaver's latest contact,
    which is a row of another table). `on_the_day` names the facts a table holds only as they stand
    on the day the extract was taken (`events`: everything open that day; `latest`: each child's
    latest record), in place of `covers`' whole history."""

    name: str
    target: str
    fields: dict[str, str]
    covers: tuple[str, ...] = ()
    fixed: dict[str, Any] = field(default_factory=dict)
    when_new: dict[str, Any] = field(default_factory=dict)
    person_via: tuple[str, str] | None = None
    own: dict[str, type] = field(default_factory=dict)
    on_the_day: tuple[tuple[str, Mode], ...] = ()

    @property
    def prefix(self) -> str:
        """The four-letter prefix of the table's fields (`cppl` for `ssd_cp_plans`)."""
        return next(iter(self.fields)).split("_", 1)[0]

    @property
    def key(self) -> str:
        """The SSD field holding the row's id (the first listed)."""
        return next(iter(self.fields))


def _t(name: str, target: str, prefix: str, pairs: str, **options: Any) -> SsdTable:
    """A table from 'ssd_field_without_prefix=canonical_column ...' (a bare name maps to itself)."""
    fields: dict[str, str] = {}
    for pair in pairs.split():
        ssd, _, column = pair.partition("=")
        fields[f"{prefix}_{ssd}"] = column or ssd
    return SsdTable(name, target, fields, **options)


# Parents first: a child, a team or a worker is held before a row that names it.
TABLES: tuple[SsdTable, ...] = (
    _t(
        "ssd_department",
        "teams",
        "dept",
        "team_id team_name team_parent_name team_function",
        when_new={"team_function": "not given"},
    ),
    _t(
        "ssd_person",
        "person",
        "pers",
        "person_id forename=person_forename surname=person_surname sex=person_sex "
        "ethnicity=person_ethnicity dob=person_dob upn=person_upn death_date=person_death_date",
        when_new={"person_disability": False, "person_uasc": False},
    ),
    _t(
        "ssd_professionals",
        "workers",
        "prof",
        "professional_id=worker_id staff_id professional_name=worker_name "
        "social_worker_registration_no professional_job_title=worker_role "
        "professional_department=team_id full_time_equivalency=worker_fte agency_worker_flag=worker_agency",
        covers=(facts.WORKERS,),
    ),
    _t(
        "ssd_involvements",
        "allocations",
        "invo",
        "involvements_id=allocation_id professional_id=worker_id professional_team=team_id "
        "involvement_start_date=allocation_start_date involvement_end_date=allocation_end_date "
        "worker_change_reason=allocation_end_reason person_id",
        covers=(facts.ALLOCATIONS,),
    ),
    _t(
        "ssd_contacts",
        "contacts",
        "cont",
        "contact_id person_id contact_date=contact_date_time contact_source_code",
        covers=(facts.CONTACTS,),
    ),
    _t(
        "ssd_early_help_episodes",
        "early_help_episodes",
        "earl",
        "episode_id person_id episode_start_date episode_end_date episode_reason episode_end_reason "
        "episode_organisation",
        covers=(facts.EARLY_HELP,),
    ),
    _t(
        "ssd_cin_episodes",
        "cin_episodes",
        "cine",
        "referral_id person_id referral_date referral_source_code cin_primary_need_code referral_nfa "
        "close_reason close_date referral_team=team_id referral_worker_id=worker_id",
        covers=(facts.REFERRALS, facts.CIN_EPISODES),
    ),
    _t(
        "ssd_cin_assessments",
        "assessments",
        "cina",
        "assessment_id person_id referral_id assessment_start_date "
        "assessment_child_seen=assessment_child_seen_date assessment_auth_date "
        "assessment_outcome_json=assessment_outcome assessment_team=team_id assessment_worker_id=worker_id",
        covers=(facts.ASSESSMENTS,),
    ),
    _t(
        "ssd_cin_plans",
        "cin_plans",
        "cinp",
        "cin_plan_id referral_id person_id cin_plan_start_date cin_plan_end_date",
        covers=(facts.CIN_PLANS,),
    ),
    _t(
        "ssd_s47_enquiry",
        "s47_enquiries",
        "s47e",
        "s47_enquiry_id referral_id person_id s47_start_date s47_end_date s47_outcome_json=s47_outcome "
        "s47_completed_by_team=team_id s47_completed_by_worker_id=worker_id",
        covers=(facts.S47_ENQUIRIES, facts.S47_ENDS),
    ),
    _t(
        "ssd_initial_cp_conference",
        "initial_cp_conferences",
        "icpc",
        "icpc_id s47_enquiry_id referral_id person_id icpc_date icpc_outcome_cp_flag=icpc_outcome_cp_plan "
        "icpc_transfer_in",
        covers=(facts.ICPCS,),
    ),
    _t(
        "ssd_cp_plans",
        "cp_plans",
        "cppl",
        "cp_plan_id referral_id icpc_id person_id cp_plan_start_date cp_plan_end_date "
        "cp_plan_initial_category cp_plan_latest_category",
        covers=(facts.CP_PLANS,),
    ),
    _t(
        "ssd_cp_reviews",
        "cp_reviews",
        "cppr",
        "cp_review_id person_id cp_plan_id cp_review_due=cp_review_due_date cp_review_date "
        "cp_review_outcome_continue_cp",
        covers=(facts.CP_REVIEWS,),
    ),
    _t(
        "ssd_cin_visits",
        "visits",
        "cinv",
        "cin_visit_id=visit_id person_id cin_visit_date=visit_date cin_visit_seen=visit_seen "
        "cin_visit_seen_alone=visit_seen_alone",
        covers=(facts.CIN_VISITS,),
        fixed={"visit_kind": "cin"},
    ),
    _t(
        "ssd_cp_visits",
        "visits",
        "cppv",
        "cp_visit_id=visit_id person_id cp_visit_date=visit_date cp_visit_seen=visit_seen "
        "cp_visit_seen_alone=visit_seen_alone",
        covers=(facts.CP_VISITS,),
        fixed={"visit_kind": "cp"},
    ),
    _t(
        "ssd_cla_episodes",
        "cla_episodes",
        "clae",
        "cla_episode_id person_id cla_episode_start_date cla_episode_start_reason cla_primary_need_code "
        "cla_episode_ceased_date cla_episode_ceased_reason referral_id",
        covers=(facts.CLA_PERIODS, facts.CLA_PERIOD_STARTS),
        # The case-management system knows when each period of care began.
        fixed={"cla_episode_start_provisional": False},
    ),
    # The SSD lists every legal status the system records, looked after or not (special guardianship,
    # child arrangements, private fostering, care leaver statuses); the model holds a legal status
    # while looked after, so each is given the period of care it began in, and one that began in
    # none is left out (counted in the load's notes). The reader finds the period (`read.py`).
    _t(
        "ssd_legal_status",
        "legal_statuses",
        "lega",
        "legal_status_id person_id legal_status legal_status_start_date legal_status_end_date",
        covers=(facts.LEGAL_STATUSES,),
        fixed={"legal_status_start_provisional": False},
    ),
    _t(
        "ssd_cla_placement",
        "placements",
        "clap",
        "cla_placement_id=placement_id cla_id=cla_episode_id person_id "
        "cla_placement_start_date=placement_start_date cla_placement_end_date=placement_end_date "
        "cla_placement_type=placement_type cla_placement_provider=placement_provider "
        "cla_placement_urn=placement_urn cla_placement_postcode=placement_postcode "
        "cla_placement_distance=placement_distance_miles "
        "cla_placement_change_reason=placement_change_reason",
        covers=(facts.PLACEMENTS, facts.PLACEMENT_DISTANCES, facts.LATEST_PLACEMENTS),
        fixed={"placement_start_provisional": False},
        when_new={"placement_long_term": False},
    ),
    _t(
        "ssd_cla_reviews",
        "cla_reviews",
        "clar",
        "cla_review_id cla_id=cla_episode_id cla_review_due_date cla_review_date cla_review_participation",
        covers=(facts.CLA_REVIEWS,),
        person_via=("cla_episodes", "cla_episode_id"),
    ),
    _t(
        "ssd_cla_visits",
        "visits",
        "clav",
        "cla_visit_id=visit_id person_id cla_visit_date=visit_date cla_visit_seen=visit_seen "
        "cla_visit_seen_alone=visit_seen_alone",
        covers=(facts.CLA_VISITS,),
        fixed={"visit_kind": "cla"},
    ),
    _t(
        "ssd_cla_health",
        "health_assessments",
        "clah",
        "health_check_id=health_assessment_id person_id health_check_type=health_assessment_type "
        "health_check_date=health_assessment_date",
        covers=(facts.HEALTH_ASSESSMENTS,),
    ),
    _t(
        "ssd_missing",
        "missing_episodes",
        "miss",
        "table_id=missing_episode_id person_id missing_episode_type "
        "missing_episode_start_date=missing_episode_start missing_episode_end_date=missing_episode_end "
        "missing_rhi_accepted=rhi_accepted",
        covers=(facts.MISSING,),
    ),
    # One row a young person as things stand on the day: their entitlement (`care_leavers`), their
    # latest contact (`care_leaver_contacts`) and their latest pathway plan review
    # (`pathway_plan_reviews`); the reader makes the three (`read.py`). The allocated worker is the
    # personal adviser; the adviser's name and team are written for people to read, and the team a
    # young person is held by comes from `ssd_involvements`.
    _t(
        "ssd_care_leavers",
        "care_leavers",
        "clea",
        "table_id=care_leaver_id person_id care_leaver_eligibility care_leaver_in_touch=in_touch "
        "care_leaver_latest_contact=contact_date care_leaver_accommodation=accommodation "
        "care_leaver_accom_suitable=accommodation_suitable care_leaver_activity=activity "
        "pathway_plan_review_date care_leaver_personal_advisor=personal_adviser_name "
        "care_leaver_allocated_team=team_id care_leaver_worker_id=personal_adviser_id",
        own={
            "in_touch": str,
            "contact_date": dt.date,
            "accommodation": str,
            "accommodation_suitable": str,
            "activity": str,
            "pathway_plan_review_date": dt.date,
            "personal_adviser_name": str,
            "team_id": str,
        },
        on_the_day=(
            (facts.CARE_LEAVERS, "events"),
            (facts.CARE_LEAVER_CONTACTS, "latest"),
            (facts.PATHWAY_PLANS, "latest"),
        ),
    ),
    # Adoption and the other permanence orders; the model holds adoptions, so a special guardianship
    # or child arrangements order row is left out (counted in the load's notes). The order's date is
    # the adoption order's; fostering for adoption is the day the child was placed with carers
    # approved for it (`read.py`).
    _t(
        "ssd_permanence",
        "adoptions",
        "perm",
        "table_id=adoption_id person_id cla_id=cla_episode_id "
        "adm_decision_date=should_be_placed_decision_date placement_order_date matched_date "
        "placed_for_adoption_date=placed_date decision_reversed_date decision_reversed_reason "
        "permanence_order_date=adoption_order_date permanence_order_type=order_type "
        "placed_ffa_cp_date=fostering_for_adoption_date adopter_sex=adopters_sex "
        "adopter_legal_status=adopters_legal_status number_of_adopters=adopters_count",
        own={"order_type": str, "fostering_for_adoption_date": dt.date},
        covers=(facts.ADOPTIONS,),
    ),
    # The Public Law Outline's pre-proceedings. The SSD has no offer of a family group decision-making
    # meeting (the CIN census's from 2026-27), so it covers pre-proceedings but not that fact.
    _t(
        "ssd_pre_proceedings",
        "pre_proceedings",
        "prep",
        "table_id=pre_proceedings_id person_id pre_pro_decision_date=pre_proceedings_start_date "
        "initial_pre_pro_meeting_date=initial_meeting_date pre_pro_outcome=pre_proceedings_outcome "
        "agree_stepdown_issue_date=pre_proceedings_end_date "
        "pre_pro_letter_date=letter_before_proceedings_date "
        "care_pro_letter_date=proceedings_letter_date pre_pro_meetings_num=review_meetings",
        covers=(facts.PRE_PROCEEDINGS,),
    ),
)

BY_NAME: dict[str, SsdTable] = {table.name: table for table in TABLES}

# Job titles as the synthetic council's case-management system records them, and the roles of the
# model they are (a council's own titles vary: an unknown title is a worker of no social work role).
JOB_TITLES: dict[str, str] = {
    "Social Worker": "qualified_social_worker",
    "Newly Qualified Social Worker (ASYE)": "asye",
    "Team Manager": "manager",
    "Personal Adviser": "personal_adviser",
}
ROLE_TITLES: dict[str, str] = {role: title for title, role in JOB_TITLES.items()}

# The SSD's care leaver eligibility categories (as the specification spells them) and the model's.
# "No Current Eligibility" is a young person owed nothing today: no entitlement is held for them.
ELIGIBILITY: dict[str, str] = {
    "Eligible": "eligible",
    "Relevant": "relevant",
    "Former Relevant": "former_relevant",
    "Qualifying": "qualifying",
}
NO_ELIGIBILITY = "No Current Eligibility"
# Suitability of a care leaver's accommodation: the specification's 1 and 2.
SUITABLE = {"1": True, "2": False}
# The outcome of pre-proceedings as the specification words the choice, and the model's.
PRE_PROCEEDINGS_OUTCOMES: dict[str, str] = {
    "issue": "Decision to Issue Care Proceedings",
    "step_down": "Decision to step down",
}
# The permanence order of an adoption (the others: Special Guardianship, Child Arrangements Order/
# Residence Order).
ADOPTION_ORDER = "Adoption"


def plain(text: str) -> str:
    """A code as a council's system may spell it, in one form: lower case, words single-spaced
    ("Former_Relevant " and "former relevant" alike)."""
    return " ".join(text.replace("_", " ").replace("-", " ").lower().split())
