"""Ofsted's Annex A lists 1 to 11, declared as data: sheet, title, window, and each column's standard
heading, the other headings councils use for it, its type, and what in the canonical model it feeds.

The reader matches a workbook's headings against these declarations; the writer writes them in this
order. A column that `feeds` nothing is worked out from other data (an age, a count over 12 months,
a case status): the writer computes it, the reader reads past it. Headings are Ofsted's; the variants
are spellings met in councils' own workbooks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lineofsight.interchange.annex_a.codes import (
    ACCOMMODATION,
    ACTIVITY,
    CASE_STATUS,
    CATEGORY,
    CEASED,
    CLOSURE,
    ELIGIBILITY,
    ETHNICITY,
    GENDER,
    IN_TOUCH,
    LEGAL_STATUS,
    NEED,
    PLACEMENT_TYPE,
    PROVIDER,
    SOURCE,
    SUITABILITY,
    YES_NO,
    CodeSet,
)

Kind = Literal["text", "date", "code", "int"]


@dataclass(frozen=True)
class Column:
    heading: str  # Ofsted's standard heading
    field: str  # our name for it
    kind: Kind = "text"
    codes: CodeSet | None = None
    feeds: str | None = None  # "table.column" of the model; None: derived, not loaded
    required: bool = False  # a sheet without this column cannot be read
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnnexList:
    number: int
    title: str
    columns: tuple[Column, ...]
    window_months: int | None  # the look-back of its cohort; None: as at the inspection date
    titles: tuple[str, ...] = ()  # other names a sheet of this list goes by

    @property
    def sheet(self) -> str:
        return f"List {self.number}"

    def column(self, field: str) -> Column:
        for column in self.columns:
            if column.field == field:
                return column
        raise KeyError(field)


CHILD = Column(
    "Child Unique ID",
    "child",
    feeds="person.person_id",
    required=True,
    variants=("Child ID", "Unique ID", "Child Unique Identifier", "Child Identifier", "LA Child ID", "ID"),
)
GENDER_COLUMN = Column("Gender", "gender", "code", GENDER, "person.person_sex", variants=("Sex",))
ETHNICITY_COLUMN = Column("Ethnicity", "ethnicity", "code", ETHNICITY, "person.person_ethnicity")
BIRTH = Column("Date of Birth", "dob", "date", feeds="person.person_dob", variants=("DOB", "Birth date"))
AGE = Column("Age of Child (Years)", "age", "int", variants=("Age", "Age of Child", "Age (Years)"))
DISABILITY = Column(
    "Does the Child have a Disability",
    "disability",
    "code",
    YES_NO,
    "person.person_disability",
    variants=("Disability", "Disabled", "Child has a disability"),
)
TEAM = Column("Allocated Team", "team", feeds="team_id", variants=("Team", "Team name"))
WORKER = Column(
    "Allocated Worker",
    "worker",
    feeds="worker_id",
    variants=("Worker", "Social Worker", "Allocated Social Worker", "Allocated worker name"),
)
CHILD_COLUMNS = (CHILD, GENDER_COLUMN, ETHNICITY_COLUMN, BIRTH, AGE)
# Lists 3 to 10 name the child's allocated team and worker; the model keeps them on referrals,
# assessments and enquiries (`team_id`, `worker_id`), but not on plans or periods of care.
UNSTORED_TEAM = Column(TEAM.heading, "team", variants=TEAM.variants)
UNSTORED_WORKER = Column(WORKER.heading, "worker", variants=WORKER.variants)

LISTS: tuple[AnnexList, ...] = (
    AnnexList(
        1,
        "Contacts",
        (
            *CHILD_COLUMNS,
            Column("Date of Contact", "contact_date", "date", None, "contacts.contact_date_time", True),
            Column("Contact Source", "source", "code", SOURCE, "contacts.contact_source_code"),
        ),
        6,
    ),
    AnnexList(
        2,
        "Early help",
        (
            *CHILD_COLUMNS,
            Column(
                "Assessment start date",
                "start",
                "date",
                None,
                "early_help_episodes.episode_start_date",
                True,
                ("Early help assessment start date", "Start date"),
            ),
            Column(
                "Assessment completion date",
                "end",
                "date",
                None,
                "early_help_episodes.episode_end_date",
                variants=("Early help assessment completion date", "Completion date"),
            ),
            Column(
                "Organisation completing assessment",
                "organisation",
                feeds="early_help_episodes.episode_organisation",
                variants=("Organisation",),
            ),
        ),
        6,
        ("Early help assessments",),
    ),
    AnnexList(
        3,
        "Referrals",
        (
            *CHILD_COLUMNS,
            Column(
                "Date of referral",
                "referral_date",
                "date",
                None,
                "cin_episodes.referral_date",
                True,
                ("Referral date",),
            ),
            Column("Referral Source", "source", "code", SOURCE, "cin_episodes.referral_source_code"),
            Column(
                "Referral NFA?",
                "nfa",
                "code",
                YES_NO,
                "cin_episodes.referral_nfa",
                variants=("Referral NFA", "Referral resulted in NFA", "NFA"),
            ),
            Column(
                "Number of Referrals in Last 12 Months",
                "referrals_12m",
                "int",
                variants=("Referrals in last 12 months",),
            ),
            Column(TEAM.heading, "team", feeds="cin_episodes.team_id", variants=TEAM.variants),
            Column(WORKER.heading, "worker", feeds="cin_episodes.worker_id", variants=WORKER.variants),
        ),
        6,
    ),
    AnnexList(
        4,
        "Assessments",
        (
            *CHILD_COLUMNS,
            DISABILITY,
            Column(
                "Continuous Assessment Start Date",
                "start",
                "date",
                None,
                "assessments.assessment_start_date",
                True,
                ("Assessment start date", "Single assessment start date"),
            ),
            # The list says whether the child was seen; the model keeps when. Not loaded.
            Column(
                "Child Seen During Continuous Assessment",
                "seen",
                "code",
                YES_NO,
                variants=("Child seen during assessment", "Child seen"),
            ),
            Column(
                "Continuous Assessment Date of Authorisation",
                "authorised",
                "date",
                None,
                "assessments.assessment_auth_date",
                variants=(
                    "Assessment date of authorisation",
                    "Assessment authorisation date",
                    "Date of authorisation",
                ),
            ),
            Column(
                "Was the child assessed as requiring LA children's social care support?",
                "support",
                "code",
                YES_NO,
                "assessments.assessment_outcome",
                variants=(
                    "Child assessed as requiring LA children's social care support",
                    "Requiring LA children's social care support",
                ),
            ),
            Column(TEAM.heading, "team", feeds="assessments.team_id", variants=TEAM.variants),
            Column(WORKER.heading, "worker", feeds="assessments.worker_id", variants=WORKER.variants),
        ),
        6,
    ),
    AnnexList(
        5,
        "Section 47 enquiries and ICPCs",
        (
            *CHILD_COLUMNS,
            DISABILITY,
            Column(
                "Strategy discussion initiating Section 47 Enquiry Start Date",
                "strategy_date",
                "date",
                None,
                "strategy_discussions.strategy_discussion_date",
                True,
                ("Strategy discussion date", "Section 47 enquiry start date", "S47 start date"),
            ),
            Column(
                "Was an Initial Child Protection Conference deemed unnecessary?",
                "icpc_unnecessary",
                "code",
                YES_NO,
                "s47_enquiries.s47_outcome",
                variants=("ICPC deemed unnecessary", "Initial child protection conference unnecessary"),
            ),
            Column(
                "Date of Initial Child Protection Conference",
                "icpc_date",
                "date",
                None,
                "initial_cp_conferences.icpc_date",
                variants=("ICPC date", "Date of ICPC"),
            ),
            Column(
                "Did the Initial Child Protection Conference Result in a Child Protection Plan",
                "icpc_plan",
                "code",
                YES_NO,
                "initial_cp_conferences.icpc_outcome_cp_plan",
                variants=("ICPC resulted in a CP plan", "Did the ICPC result in a child protection plan"),
            ),
            Column(
                "Number of Section 47 Enquiries in the last 12 months",
                "s47_12m",
                "int",
                variants=("Number of S47 enquiries in the last 12 months",),
            ),
            Column("Number of ICPCs in the last 12 months", "icpc_12m", "int"),
            Column(TEAM.heading, "team", feeds="s47_enquiries.team_id", variants=TEAM.variants),
            Column(WORKER.heading, "worker", feeds="s47_enquiries.worker_id", variants=WORKER.variants),
        ),
        6,
        ("Section 47", "S47", "Section 47 enquiries", "S47 and ICPC"),
    ),
    AnnexList(
        6,
        "Children in need",
        (
            *CHILD_COLUMNS,
            DISABILITY,
            Column(
                "CIN Start Date",
                "start",
                "date",
                None,
                "cin_episodes.referral_date",
                True,
                ("Child in need start date",),
            ),
            Column(
                "Primary Need Code",
                "need",
                "code",
                NEED,
                "cin_episodes.cin_primary_need_code",
                variants=("Primary need", "Category of need"),
            ),
            Column(
                "Date Child Was Last Seen",
                "last_seen",
                "date",
                None,
                "visits.visit_date",
                variants=("Date child last seen", "Last seen"),
            ),
            Column(
                "CIN Closure Date",
                "close_date",
                "date",
                None,
                "cin_episodes.close_date",
                variants=("Closure date", "Child in need closure date"),
            ),
            Column(
                "Reason for Closure",
                "close_reason",
                "code",
                CLOSURE,
                "cin_episodes.close_reason",
                variants=("Closure reason",),
            ),
            Column("Case Status", "status", "code", CASE_STATUS),
            Column(TEAM.heading, "team", feeds="cin_episodes.team_id", variants=TEAM.variants),
            Column(WORKER.heading, "worker", feeds="cin_episodes.worker_id", variants=WORKER.variants),
        ),
        6,
        ("CIN", "Child in need"),
    ),
    AnnexList(
        7,
        "Child protection",
        (
            *CHILD_COLUMNS,
            DISABILITY,
            Column(
                "Child Protection Plan Start Date",
                "start",
                "date",
                None,
                "cp_plans.cp_plan_start_date",
                True,
                ("CP plan start date", "Plan start date"),
            ),
            Column(
                "Initial Category of Abuse",
                "initial_category",
                "code",
                CATEGORY,
                "cp_plans.cp_plan_initial_category",
                variants=("Initial category",),
            ),
            Column(
                "Latest Category of Abuse",
                "latest_category",
                "code",
                CATEGORY,
                "cp_plans.cp_plan_latest_category",
                variants=("Latest category",),
            ),
            Column(
                "Date of the Last Statutory Visit",
                "last_visit",
                "date",
                None,
                "visits.visit_date",
                variants=("Date of last statutory visit", "Last statutory visit"),
            ),
            Column(
                "Was the Child Seen Alone?",
                "seen_alone",
                "code",
                YES_NO,
                "visits.visit_seen_alone",
                variants=("Child seen alone", "Seen alone"),
            ),
            Column(
                "Date of latest review conference",
                "last_review",
                "date",
                None,
                "cp_reviews.cp_review_date",
                variants=("Latest review conference", "Date of last review"),
            ),
            Column(
                "Child Protection Plan End Date",
                "end",
                "date",
                None,
                "cp_plans.cp_plan_end_date",
                variants=("CP plan end date", "Plan end date"),
            ),
            # The model has no emergency protection orders: written blank, not loaded.
            Column(
                "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six "
                "Months (Y/N)",
                "epo",
                "code",
                YES_NO,
            ),
            Column(
                "Number of Previous Child Protection Plans",
                "previous_plans",
                "int",
                feeds="cp_plans.cp_plan_previous_plans",
                variants=("Number of previous CP plans",),
            ),
            UNSTORED_TEAM,
            UNSTORED_WORKER,
        ),
        6,
        ("CP", "Child protection plans"),
    ),
    AnnexList(
        8,
        "Children in care",
        (
            *CHILD_COLUMNS,
            Column(
                "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
                "uasc",
                "code",
                YES_NO,
                "person.person_uasc",
                variants=("UASC",),
            ),
            DISABILITY,
            Column(
                "Date Started to be Looked After",
                "start",
                "date",
                None,
                "cla_episodes.cla_episode_start_date",
                True,
                ("Date started to be looked after", "Date entered care", "Start date"),
            ),
            Column(
                "Child's Category of Need",
                "need",
                "code",
                NEED,
                "cla_episodes.cla_primary_need_code",
                variants=("Category of need",),
            ),
            Column(
                "Is this a second or subsequent period of being a Looked After Child within the last "
                "12 months (Y/N)",
                "second_period",
                "code",
                YES_NO,
            ),
            Column(
                "Start date of current legal status",
                "legal_start",
                "date",
                None,
                "legal_statuses.legal_status_start_date",
                variants=("Legal status start date",),
            ),
            Column(
                "Child's Legal Status",
                "legal_status",
                "code",
                LEGAL_STATUS,
                "legal_statuses.legal_status",
                variants=("Legal status",),
            ),
            Column(
                "Date of Latest Statutory Review",
                "last_review",
                "date",
                None,
                "cla_reviews.cla_review_date",
                variants=("Latest statutory review",),
            ),
            Column(
                "Date of Last Social Work Visit",
                "last_visit",
                "date",
                None,
                "visits.visit_date",
                variants=("Latest social work visit", "Last social work visit"),
            ),
            # Permanence plans and IRO contact are not in the model: written blank, not loaded.
            Column(
                "What is the permanence plan for this child?", "permanence", variants=("Permanence plan",)
            ),
            Column(
                "Date of Last IRO Visit / Contact to the Child", "iro", "date", variants=("Last IRO visit",)
            ),
            Column(
                "Date of Last Health Assessment",
                "last_health",
                "date",
                None,
                "health_assessments.health_assessment_date",
                variants=("Last health assessment",),
            ),
            Column(
                "Date of Last Dental Check",
                "last_dental",
                "date",
                None,
                "health_assessments.health_assessment_date",
                variants=("Last dental check",),
            ),
            Column("Number of Placements in the Last 12 months", "placements_12m", "int"),
            Column(
                "Date Ceased to be Looked After",
                "ceased",
                "date",
                None,
                "cla_episodes.cla_episode_ceased_date",
                variants=("Date ceased",),
            ),
            Column(
                "Reason Ceased to be Looked After",
                "ceased_reason",
                "code",
                CEASED,
                "cla_episodes.cla_episode_ceased_reason",
                variants=("Reason ceased",),
            ),
            Column(
                "Start Date of Most Recent Placement",
                "placement_start",
                "date",
                None,
                "placements.placement_start_date",
                variants=("Date of latest placement", "Latest placement start date"),
            ),
            Column("Placement Type", "placement_type", "code", PLACEMENT_TYPE, "placements.placement_type"),
            Column("Placement Provider", "provider", "code", PROVIDER, "placements.placement_provider"),
            Column("Placement postcode", "postcode", feeds="placements.placement_postcode"),
            Column("URN of Placement", "urn", feeds="placements.placement_urn", variants=("Placement URN",)),
            Column("Placement Location", "location"),
            Column("LA of Placement", "placement_la"),
            Column(
                "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
                "missing_12m",
                "int",
                variants=("Number of missing episodes",),
            ),
            Column(
                "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
                "absent_12m",
                "int",
                variants=("Number of absences",),
            ),
            Column(
                "Was the child offered a Return Interview after their last missing episode (Y/N)?",
                "rhi_offered",
                "code",
                YES_NO,
            ),
            Column(
                "Did the child accept a Return Interview after their last missing episode (Y/N)?",
                "rhi_accepted",
                "code",
                YES_NO,
            ),
            UNSTORED_TEAM,
            UNSTORED_WORKER,
        ),
        6,
        ("Looked after children", "Children looked after", "CLA", "LAC"),
    ),
    AnnexList(
        9,
        "Care leavers",
        (
            *CHILD_COLUMNS,
            DISABILITY,
            UNSTORED_TEAM,
            UNSTORED_WORKER,
            Column(
                "Allocated Personal Adviser",
                "adviser",
                feeds="care_leavers.personal_adviser_id",
                variants=("Allocated Personal Advisor", "Personal adviser", "Personal advisor"),
            ),
            Column(
                "Eligibility Category",
                "eligibility",
                "code",
                ELIGIBILITY,
                "care_leavers.care_leaver_eligibility",
                variants=("Eligibity Category", "Eligibility"),
            ),
            Column(
                "Date of Latest Pathway Plan",
                "pathway_plan",
                "date",
                None,
                "pathway_plan_reviews.pathway_plan_review_date",
                variants=("Latest pathway plan date", "Latest pathway plan"),
            ),
            Column(
                "LA in Touch",
                "in_touch",
                "code",
                IN_TOUCH,
                "care_leaver_contacts.in_touch",
                variants=("In touch",),
            ),
            Column(
                "Latest Date of Contact",
                "contact_date",
                "date",
                None,
                "care_leaver_contacts.contact_date",
                variants=("Date of latest contact", "Latest contact"),
            ),
            Column(
                "Type of Accommodation",
                "accommodation",
                "code",
                ACCOMMODATION,
                "care_leaver_contacts.accommodation",
                variants=("Accommodation",),
            ),
            Column(
                "Suitability of Accommodation",
                "suitable",
                "code",
                SUITABILITY,
                "care_leaver_contacts.accommodation_suitable",
                variants=("Suitability of Accomodation",),
            ),
            Column(
                "Activity Status",
                "activity",
                "code",
                ACTIVITY,
                "care_leaver_contacts.activity",
                variants=("Activity",),
            ),
        ),
        None,
    ),
    AnnexList(
        10,
        "Adoption",
        (
            *CHILD_COLUMNS,
            DISABILITY,
            Column(
                "Date the Child Entered Care",
                "entered_care",
                "date",
                None,
                "adoptions.cla_episode_id",
                variants=("Date entered care",),
            ),
            Column(
                "Date of Decision that Child Should be Placed for Adoption",
                "decision",
                "date",
                None,
                "adoptions.should_be_placed_decision_date",
                True,
                variants=("Date of decision that the child should be placed for adoption", "SHOBPA date"),
            ),
            Column(
                "Date of Placement Order", "placement_order", "date", None, "adoptions.placement_order_date"
            ),
            Column(
                "Date of Matching Child and Prospective Adopters",
                "matched",
                "date",
                None,
                "adoptions.matched_date",
                variants=("Date matched",),
            ),
            Column("Date Placed for Adoption", "placed", "date", None, "adoptions.placed_date"),
            Column("Date of Adoption Order", "adoption_order", "date", None, "adoptions.adoption_order_date"),
            Column(
                "Date of Decision that Child Should No Longer be Placed for Adoption",
                "reversed",
                "date",
                None,
                "adoptions.decision_reversed_date",
            ),
            Column("Reason Why Child No Longer Placed for Adoption", "reversed_reason"),
            Column(
                "Date the child was placed for fostering in FFA or concurrent planning placement",
                "ffa",
                "date",
                None,
                "adoptions.fostering_for_adoption",
            ),
            UNSTORED_TEAM,
            UNSTORED_WORKER,
        ),
        12,
        ("Adoptions", "Children with a plan for adoption"),
    ),
    AnnexList(
        11,
        "Adopters",
        (
            Column(
                "Individual adopter identifier",
                "adopter",
                required=True,
                variants=("Adopter ID", "Adopter identifier"),
            ),
            Column("Family identifier", "family"),
            Column("Gender", "gender", "code", GENDER),
            Column("Ethnicity", "ethnicity", "code", ETHNICITY),
            Column("Disability", "disability", "code", YES_NO),
            Column("Is the (prospective) adopter fostering for adoption?", "ffa", "code", YES_NO),
            Column("Date enquiry received", "enquiry", "date"),
            Column("Date Stage 1 started", "stage1_start", "date"),
            Column("Date Stage 1 ended", "stage1_end", "date"),
            Column("Date Stage 2 started", "stage2_start", "date"),
            Column("Date Stage 2 ended", "stage2_end", "date"),
            Column("Date application submitted", "submitted", "date"),
            Column("Date application approved", "approved", "date"),
            Column("Date adopter matched with child(ren)", "matched", "date"),
            Column("Date child/children placed with adopter(s)", "placed", "date"),
            Column("No. of children placed", "children_placed", "int"),
            Column("Date of Adoption Order", "adoption_order", "date"),
            Column("Date of leaving adoption process", "left", "date"),
            Column("Reason for leaving adoption process", "left_reason"),
        ),
        12,
    ),
)

BY_NUMBER: dict[int, AnnexList] = {annex.number: annex for annex in LISTS}
