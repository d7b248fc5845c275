"""Natural keys: how a record read from a return is recognised when it is read again.

The returns carry no case-management identifiers except the child's. A referral is known by its child
and its date, a plan by its child and start date, and so on, in every format: a referral loaded from
Annex A and the same referral in the CIN census become one row, and last year's census and this year's
say the same referral. Keys are readable (`C1234/referral/2024-05-01`) so that an analyst can follow
one from a report back to the return.

The same facts are declared once as data, table by table, in `NATURAL_KEYS`: the columns a record is
known by. A record the database already holds under another id (the synthetic council's `R000001`,
a case-management system's own id from the Standard Safeguarding Dataset) is recognised by them
(`interchange.recognition`), so a record read from a return is the record already held however its
id was made.
"""

from __future__ import annotations

import datetime as dt


def key(child: str, what: str, *parts: dt.date | dt.datetime | str | int | None) -> str:
    """`child/what/part/...`, dates as ISO text. `what` names the record: referral, assessment,
    cin-plan, s47, icpc, cp-plan, cp-review, care (a period of care), legal-status, placement,
    cla-review, health-initial, health-review, health-dental, missing, adoption, care-leaver,
    care-leaver-contact, contact, early-help, visit, pep, pathway-plan-review, pre-proceedings,
    deprivation-of-liberty, unallocated; and a return's own facts of a child for a year: cin or 903
    (child_years), oc2 (health_outcomes), oc3 (care_leaver_outcomes)."""
    rendered = [
        p.isoformat() if isinstance(p, (dt.date, dt.datetime)) else str(p) for p in parts if p is not None
    ]
    return "/".join([child, what, *rendered])


# The columns each table's records are known by in the returns: those `key` composes their text
# from (the `what` of `key` in the comment). A moment (a contact's date and time, when a child went
# missing) is compared by its day, since the returns give days only. The previous permanence of a
# period of care is known by the period it came before.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "contacts": ("person_id", "contact_date_time"),  # contact
    "early_help_episodes": ("person_id", "episode_start_date"),  # early-help
    "cin_episodes": ("person_id", "referral_date"),  # referral
    "assessments": ("person_id", "assessment_start_date"),  # assessment
    "cin_plans": ("person_id", "cin_plan_start_date"),  # cin-plan
    "strategy_discussions": ("person_id", "strategy_discussion_date"),  # strategy-discussion
    "s47_enquiries": ("person_id", "s47_start_date"),  # s47
    "initial_cp_conferences": ("person_id", "icpc_date"),  # icpc
    "cp_plans": ("person_id", "cp_plan_start_date"),  # cp-plan
    "cp_reviews": ("person_id", "cp_review_date"),  # cp-review
    "visits": ("person_id", "visit_kind", "visit_date"),  # visit
    "cla_episodes": ("person_id", "cla_episode_start_date"),  # care
    "legal_statuses": ("person_id", "legal_status_start_date"),  # legal-status
    "placements": ("person_id", "placement_start_date"),  # placement
    "cla_reviews": ("person_id", "cla_review_date"),  # cla-review
    "health_assessments": ("person_id", "health_assessment_type", "health_assessment_date"),  # health-*
    "missing_episodes": ("person_id", "missing_episode_start"),  # missing
    "care_leavers": ("person_id",),  # care-leaver
    "care_leaver_contacts": ("person_id", "contact_date"),  # care-leaver-contact
    "pathway_plan_reviews": ("person_id", "pathway_plan_review_date"),  # pathway-plan-review
    "adoptions": ("person_id", "should_be_placed_decision_date"),  # adoption
    # The 903's social worker episodes are a view of allocations cut to the child's time in care
    # (a start moved to the day care began, a short allocation's days given to the next one): only
    # the same worker from the same day is surely the same allocation.
    "allocations": ("person_id", "worker_id", "allocation_start_date"),  # allocation
    "previous_permanence": ("person_id", "cla_episode_id"),  # previous-permanence
    # What a return said as given (issue 14). OC2 and OC3 are answered once a child a year (OC3 as of
    # the care leaver's birthday in the year, which the child and year already fix), so child and
    # year are the record; the birthday adds nothing to tell two apart.
    "health_outcomes": ("person_id", "collection_year"),  # oc2
    "care_leaver_outcomes": ("person_id", "collection_year"),  # oc3
    # A child's header says one thing a year in each return: the census's and the 903's are two
    # records (the census may say a reason for no UPN that the 903 does not), hence the return's kind.
    "child_years": ("person_id", "return_kind", "collection_year"),  # cin or 903
    "pre_proceedings": ("person_id", "pre_proceedings_start_date"),  # pre-proceedings
    "deprivations_of_liberty": ("person_id", "deprivation_start_date"),  # deprivation-of-liberty
    # A wait with no worker (the 903's XXXX) has no worker to tell it by: a child waits for one from a
    # day, and two waits of a child cannot start on the same day (the reader rejects the second as a
    # duplicate episode). Its end moves as the next return says when a worker came: not the key.
    "unallocated_spells": ("person_id", "spell_start_date"),  # unallocated
}

# Columns that name a record of another table without a foreign key (a return may name a record it
# does not carry), by the table they name. A record renamed to the id it is held under is renamed
# in these too, as in the foreign keys.
LOOSE_REFERENCES: dict[tuple[str, str], str] = {
    ("cin_episodes", "contact_id"): "contacts",
    ("s47_enquiries", "strategy_discussion_id"): "strategy_discussions",
    ("initial_cp_conferences", "s47_enquiry_id"): "s47_enquiries",
    ("cp_plans", "icpc_id"): "initial_cp_conferences",
    ("cla_episodes", "referral_id"): "cin_episodes",
    ("adoptions", "cla_episode_id"): "cla_episodes",
    ("pre_proceedings", "referral_id"): "cin_episodes",
}
