"""The canonical model: every table of a child's journey and of the workforce.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "allegations",
        sa.Column("allegation_id", sa.String(), nullable=False),
        sa.Column("referral_date", sa.Date(), nullable=False),
        sa.Column("sector", sa.String(), nullable=True),
        sa.Column("resolution_date", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("allegation_id", name=op.f("pk_allegations")),
    )
    op.create_table(
        "council",
        sa.Column("fact", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("fact", name=op.f("pk_council")),
    )
    op.create_table(
        "person",
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("person_forename", sa.String(), nullable=False),
        sa.Column("person_surname", sa.String(), nullable=False),
        sa.Column("person_sex", sa.String(), nullable=False),
        sa.Column("person_ethnicity", sa.String(), nullable=False),
        sa.Column("person_dob", sa.Date(), nullable=False),
        sa.Column("person_upn", sa.String(), nullable=True),
        sa.Column("person_death_date", sa.Date(), nullable=True),
        sa.Column("person_disability", sa.Boolean(), nullable=False),
        sa.Column("person_uasc", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person")),
    )
    op.create_table(
        "teams",
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("team_name", sa.String(), nullable=False),
        sa.Column("team_function", sa.String(), nullable=False),
        sa.Column("team_parent_name", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_teams")),
    )
    op.create_table(
        "adoptions",
        sa.Column("adoption_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("cla_episode_id", sa.String(), nullable=True),
        sa.Column("should_be_placed_decision_date", sa.Date(), nullable=True),
        sa.Column("placement_order_date", sa.Date(), nullable=True),
        sa.Column("matched_date", sa.Date(), nullable=True),
        sa.Column("placed_date", sa.Date(), nullable=True),
        sa.Column("adoption_order_date", sa.Date(), nullable=True),
        sa.Column("decision_reversed_date", sa.Date(), nullable=True),
        sa.Column("fostering_for_adoption", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_adoptions_person_id_person")
        ),
        sa.PrimaryKeyConstraint("adoption_id", name=op.f("pk_adoptions")),
    )
    with op.batch_alter_table("adoptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_adoptions_person_id"), ["person_id"], unique=False)

    op.create_table(
        "care_leaver_contacts",
        sa.Column("care_leaver_contact_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("contact_date", sa.Date(), nullable=False),
        sa.Column("in_touch", sa.String(), nullable=False),
        sa.Column("accommodation", sa.String(), nullable=True),
        sa.Column("accommodation_suitable", sa.Boolean(), nullable=True),
        sa.Column("activity", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.person_id"],
            name=op.f("fk_care_leaver_contacts_person_id_person"),
        ),
        sa.PrimaryKeyConstraint("care_leaver_contact_id", name=op.f("pk_care_leaver_contacts")),
    )
    with op.batch_alter_table("care_leaver_contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_care_leaver_contacts_person_id"), ["person_id"], unique=False)

    op.create_table(
        "care_leavers",
        sa.Column("care_leaver_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("care_leaver_eligibility", sa.String(), nullable=False),
        sa.Column("care_leaver_eligibility_date", sa.Date(), nullable=False),
        sa.Column("care_leaver_end_date", sa.Date(), nullable=True),
        sa.Column("personal_adviser_id", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_care_leavers_person_id_person")
        ),
        sa.PrimaryKeyConstraint("care_leaver_id", name=op.f("pk_care_leavers")),
    )
    with op.batch_alter_table("care_leavers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_care_leavers_person_id"), ["person_id"], unique=False)

    op.create_table(
        "care_proceedings",
        sa.Column("care_proceedings_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("final_order_date", sa.Date(), nullable=True),
        sa.Column("final_order", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_care_proceedings_person_id_person")
        ),
        sa.PrimaryKeyConstraint("care_proceedings_id", name=op.f("pk_care_proceedings")),
    )
    with op.batch_alter_table("care_proceedings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_care_proceedings_person_id"), ["person_id"], unique=False)

    op.create_table(
        "cin_episodes",
        sa.Column("referral_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("contact_id", sa.String(), nullable=True),
        sa.Column("referral_date", sa.Date(), nullable=False),
        sa.Column("referral_source_code", sa.String(), nullable=False),
        sa.Column("cin_primary_need_code", sa.String(), nullable=False),
        sa.Column("referral_nfa", sa.Boolean(), nullable=False),
        sa.Column("close_date", sa.Date(), nullable=True),
        sa.Column("close_reason", sa.String(), nullable=True),
        sa.Column("closure_decision", sa.String(), nullable=True),
        sa.Column("closure_decision_date", sa.Date(), nullable=True),
        sa.Column("closure_manager_id", sa.String(), nullable=True),
        sa.Column("team_id", sa.String(), nullable=True),
        sa.Column("worker_id", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_cin_episodes_person_id_person")
        ),
        sa.PrimaryKeyConstraint("referral_id", name=op.f("pk_cin_episodes")),
    )
    with op.batch_alter_table("cin_episodes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cin_episodes_person_id"), ["person_id"], unique=False)

    op.create_table(
        "cla_episodes",
        sa.Column("cla_episode_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("referral_id", sa.String(), nullable=True),
        sa.Column("cla_episode_start_date", sa.Date(), nullable=False),
        sa.Column("cla_episode_start_reason", sa.String(), nullable=False),
        sa.Column("cla_primary_need_code", sa.String(), nullable=False),
        sa.Column("cla_episode_ceased_date", sa.Date(), nullable=True),
        sa.Column("cla_episode_ceased_reason", sa.String(), nullable=True),
        sa.Column("home_postcode", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_cla_episodes_person_id_person")
        ),
        sa.PrimaryKeyConstraint("cla_episode_id", name=op.f("pk_cla_episodes")),
    )
    with op.batch_alter_table("cla_episodes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cla_episodes_person_id"), ["person_id"], unique=False)

    op.create_table(
        "contacts",
        sa.Column("contact_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("contact_date_time", sa.DateTime(), nullable=False),
        sa.Column("contact_source_code", sa.String(), nullable=False),
        sa.Column("contact_decision_date", sa.Date(), nullable=True),
        sa.Column("contact_outcome", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_contacts_person_id_person")
        ),
        sa.PrimaryKeyConstraint("contact_id", name=op.f("pk_contacts")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contacts_person_id"), ["person_id"], unique=False)

    op.create_table(
        "early_help_episodes",
        sa.Column("episode_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("episode_start_date", sa.Date(), nullable=False),
        sa.Column("episode_end_date", sa.Date(), nullable=True),
        sa.Column("episode_reason", sa.String(), nullable=True),
        sa.Column("episode_end_reason", sa.String(), nullable=True),
        sa.Column("episode_organisation", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.person_id"],
            name=op.f("fk_early_help_episodes_person_id_person"),
        ),
        sa.PrimaryKeyConstraint("episode_id", name=op.f("pk_early_help_episodes")),
    )
    with op.batch_alter_table("early_help_episodes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_early_help_episodes_person_id"), ["person_id"], unique=False)

    op.create_table(
        "health_assessments",
        sa.Column("health_assessment_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("health_assessment_type", sa.String(), nullable=False),
        sa.Column("health_assessment_date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_health_assessments_person_id_person")
        ),
        sa.PrimaryKeyConstraint("health_assessment_id", name=op.f("pk_health_assessments")),
    )
    with op.batch_alter_table("health_assessments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_health_assessments_person_id"), ["person_id"], unique=False)

    op.create_table(
        "missing_episodes",
        sa.Column("missing_episode_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("missing_episode_type", sa.String(), nullable=False),
        sa.Column("missing_episode_start", sa.DateTime(), nullable=False),
        sa.Column("missing_episode_end", sa.DateTime(), nullable=True),
        sa.Column("rhi_offered_at", sa.DateTime(), nullable=True),
        sa.Column("rhi_accepted", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_missing_episodes_person_id_person")
        ),
        sa.PrimaryKeyConstraint("missing_episode_id", name=op.f("pk_missing_episodes")),
    )
    with op.batch_alter_table("missing_episodes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_missing_episodes_person_id"), ["person_id"], unique=False)

    op.create_table(
        "pathway_plan_reviews",
        sa.Column("pathway_plan_review_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("pathway_plan_review_date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.person_id"],
            name=op.f("fk_pathway_plan_reviews_person_id_person"),
        ),
        sa.PrimaryKeyConstraint("pathway_plan_review_id", name=op.f("pk_pathway_plan_reviews")),
    )
    with op.batch_alter_table("pathway_plan_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pathway_plan_reviews_person_id"), ["person_id"], unique=False)

    op.create_table(
        "personal_education_plans",
        sa.Column("pep_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("pep_review_date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.person_id"],
            name=op.f("fk_personal_education_plans_person_id_person"),
        ),
        sa.PrimaryKeyConstraint("pep_id", name=op.f("pk_personal_education_plans")),
    )
    with op.batch_alter_table("personal_education_plans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_personal_education_plans_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "posts",
        sa.Column("post_id", sa.String(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("post_role", sa.String(), nullable=False),
        sa.Column("post_fte", sa.Double(), nullable=False),
        sa.Column("post_start_date", sa.Date(), nullable=False),
        sa.Column("post_end_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["team_id"], ["teams.team_id"], name=op.f("fk_posts_team_id_teams")),
        sa.PrimaryKeyConstraint("post_id", name=op.f("pk_posts")),
    )
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_posts_team_id"), ["team_id"], unique=False)

    op.create_table(
        "pre_proceedings",
        sa.Column("pre_proceedings_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("pre_proceedings_start_date", sa.Date(), nullable=False),
        sa.Column("initial_meeting_date", sa.Date(), nullable=True),
        sa.Column("pre_proceedings_end_date", sa.Date(), nullable=True),
        sa.Column("pre_proceedings_outcome", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_pre_proceedings_person_id_person")
        ),
        sa.PrimaryKeyConstraint("pre_proceedings_id", name=op.f("pk_pre_proceedings")),
    )
    with op.batch_alter_table("pre_proceedings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pre_proceedings_person_id"), ["person_id"], unique=False)

    op.create_table(
        "private_fostering",
        sa.Column("arrangement_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("notification_date", sa.Date(), nullable=False),
        sa.Column("arrangement_start_date", sa.Date(), nullable=False),
        sa.Column("arrangement_end_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_private_fostering_person_id_person")
        ),
        sa.PrimaryKeyConstraint("arrangement_id", name=op.f("pk_private_fostering")),
    )
    with op.batch_alter_table("private_fostering", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_private_fostering_person_id"), ["person_id"], unique=False)

    op.create_table(
        "visits",
        sa.Column("visit_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("visit_kind", sa.String(), nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("visit_seen", sa.Boolean(), nullable=False),
        sa.Column("visit_seen_alone", sa.Boolean(), nullable=False),
        sa.Column("worker_id", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["person.person_id"], name=op.f("fk_visits_person_id_person")),
        sa.PrimaryKeyConstraint("visit_id", name=op.f("pk_visits")),
    )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visits_person_id"), ["person_id"], unique=False)

    op.create_table(
        "assessments",
        sa.Column("assessment_id", sa.String(), nullable=False),
        sa.Column("referral_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("assessment_start_date", sa.Date(), nullable=False),
        sa.Column("assessment_child_seen_date", sa.Date(), nullable=True),
        sa.Column("assessment_auth_date", sa.Date(), nullable=True),
        sa.Column("assessment_outcome", sa.String(), nullable=True),
        sa.Column("assessment_factors", sa.String(), nullable=True),
        sa.Column("team_id", sa.String(), nullable=True),
        sa.Column("worker_id", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_assessments_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["cin_episodes.referral_id"],
            name=op.f("fk_assessments_referral_id_cin_episodes"),
        ),
        sa.PrimaryKeyConstraint("assessment_id", name=op.f("pk_assessments")),
    )
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessments_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessments_referral_id"), ["referral_id"], unique=False)

    op.create_table(
        "cin_plans",
        sa.Column("cin_plan_id", sa.String(), nullable=False),
        sa.Column("referral_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("cin_plan_start_date", sa.Date(), nullable=False),
        sa.Column("cin_plan_end_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_cin_plans_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["cin_episodes.referral_id"],
            name=op.f("fk_cin_plans_referral_id_cin_episodes"),
        ),
        sa.PrimaryKeyConstraint("cin_plan_id", name=op.f("pk_cin_plans")),
    )
    with op.batch_alter_table("cin_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cin_plans_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cin_plans_referral_id"), ["referral_id"], unique=False)

    op.create_table(
        "cla_reviews",
        sa.Column("cla_review_id", sa.String(), nullable=False),
        sa.Column("cla_episode_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("cla_review_due_date", sa.Date(), nullable=True),
        sa.Column("cla_review_date", sa.Date(), nullable=False),
        sa.Column("cla_review_participation", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cla_episode_id"],
            ["cla_episodes.cla_episode_id"],
            name=op.f("fk_cla_reviews_cla_episode_id_cla_episodes"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_cla_reviews_person_id_person")
        ),
        sa.PrimaryKeyConstraint("cla_review_id", name=op.f("pk_cla_reviews")),
    )
    with op.batch_alter_table("cla_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cla_reviews_cla_episode_id"), ["cla_episode_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cla_reviews_person_id"), ["person_id"], unique=False)

    op.create_table(
        "cp_plans",
        sa.Column("cp_plan_id", sa.String(), nullable=False),
        sa.Column("referral_id", sa.String(), nullable=False),
        sa.Column("icpc_id", sa.String(), nullable=True),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("cp_plan_start_date", sa.Date(), nullable=False),
        sa.Column("cp_plan_end_date", sa.Date(), nullable=True),
        sa.Column("cp_plan_initial_category", sa.String(), nullable=True),
        sa.Column("cp_plan_latest_category", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_cp_plans_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["cin_episodes.referral_id"],
            name=op.f("fk_cp_plans_referral_id_cin_episodes"),
        ),
        sa.PrimaryKeyConstraint("cp_plan_id", name=op.f("pk_cp_plans")),
    )
    with op.batch_alter_table("cp_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cp_plans_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cp_plans_referral_id"), ["referral_id"], unique=False)

    op.create_table(
        "initial_cp_conferences",
        sa.Column("icpc_id", sa.String(), nullable=False),
        sa.Column("s47_enquiry_id", sa.String(), nullable=True),
        sa.Column("referral_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("icpc_date", sa.Date(), nullable=False),
        sa.Column("icpc_outcome_cp_plan", sa.Boolean(), nullable=False),
        sa.Column("icpc_transfer_in", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.person_id"],
            name=op.f("fk_initial_cp_conferences_person_id_person"),
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["cin_episodes.referral_id"],
            name=op.f("fk_initial_cp_conferences_referral_id_cin_episodes"),
        ),
        sa.PrimaryKeyConstraint("icpc_id", name=op.f("pk_initial_cp_conferences")),
    )
    with op.batch_alter_table("initial_cp_conferences", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_initial_cp_conferences_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_initial_cp_conferences_referral_id"), ["referral_id"], unique=False
        )

    op.create_table(
        "legal_statuses",
        sa.Column("legal_status_id", sa.String(), nullable=False),
        sa.Column("cla_episode_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("legal_status", sa.String(), nullable=False),
        sa.Column("legal_status_start_date", sa.Date(), nullable=False),
        sa.Column("legal_status_end_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cla_episode_id"],
            ["cla_episodes.cla_episode_id"],
            name=op.f("fk_legal_statuses_cla_episode_id_cla_episodes"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_legal_statuses_person_id_person")
        ),
        sa.PrimaryKeyConstraint("legal_status_id", name=op.f("pk_legal_statuses")),
    )
    with op.batch_alter_table("legal_statuses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_legal_statuses_cla_episode_id"), ["cla_episode_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_legal_statuses_person_id"), ["person_id"], unique=False)

    op.create_table(
        "placements",
        sa.Column("placement_id", sa.String(), nullable=False),
        sa.Column("cla_episode_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("placement_start_date", sa.Date(), nullable=False),
        sa.Column("placement_end_date", sa.Date(), nullable=True),
        sa.Column("placement_type", sa.String(), nullable=False),
        sa.Column("placement_provider", sa.String(), nullable=True),
        sa.Column("placement_urn", sa.String(), nullable=True),
        sa.Column("placement_postcode", sa.String(), nullable=True),
        sa.Column("placement_distance_miles", sa.Double(), nullable=True),
        sa.Column("placement_long_term", sa.Boolean(), nullable=False),
        sa.Column("placement_change_reason", sa.String(), nullable=True),
        sa.Column("connected_person_temporary_approval_date", sa.Date(), nullable=True),
        sa.Column("connected_person_extension_date", sa.Date(), nullable=True),
        sa.Column("connected_person_full_approval_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cla_episode_id"],
            ["cla_episodes.cla_episode_id"],
            name=op.f("fk_placements_cla_episode_id_cla_episodes"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_placements_person_id_person")
        ),
        sa.PrimaryKeyConstraint("placement_id", name=op.f("pk_placements")),
    )
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_placements_cla_episode_id"), ["cla_episode_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_placements_person_id"), ["person_id"], unique=False)

    op.create_table(
        "s47_enquiries",
        sa.Column("s47_enquiry_id", sa.String(), nullable=False),
        sa.Column("referral_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("strategy_discussion_id", sa.String(), nullable=True),
        sa.Column("s47_start_date", sa.Date(), nullable=False),
        sa.Column("s47_end_date", sa.Date(), nullable=True),
        sa.Column("s47_outcome", sa.String(), nullable=True),
        sa.Column("team_id", sa.String(), nullable=True),
        sa.Column("worker_id", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_s47_enquiries_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["cin_episodes.referral_id"],
            name=op.f("fk_s47_enquiries_referral_id_cin_episodes"),
        ),
        sa.PrimaryKeyConstraint("s47_enquiry_id", name=op.f("pk_s47_enquiries")),
    )
    with op.batch_alter_table("s47_enquiries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_s47_enquiries_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_s47_enquiries_referral_id"), ["referral_id"], unique=False)

    op.create_table(
        "strategy_discussions",
        sa.Column("strategy_discussion_id", sa.String(), nullable=False),
        sa.Column("referral_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("strategy_discussion_date", sa.Date(), nullable=False),
        sa.Column("strategy_discussion_outcome", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.person_id"],
            name=op.f("fk_strategy_discussions_person_id_person"),
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["cin_episodes.referral_id"],
            name=op.f("fk_strategy_discussions_referral_id_cin_episodes"),
        ),
        sa.PrimaryKeyConstraint("strategy_discussion_id", name=op.f("pk_strategy_discussions")),
    )
    with op.batch_alter_table("strategy_discussions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_strategy_discussions_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_strategy_discussions_referral_id"), ["referral_id"], unique=False
        )

    op.create_table(
        "workers",
        sa.Column("worker_id", sa.String(), nullable=False),
        sa.Column("staff_id", sa.String(), nullable=False),
        sa.Column("post_id", sa.String(), nullable=True),
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("worker_forename", sa.String(), nullable=False),
        sa.Column("worker_surname", sa.String(), nullable=False),
        sa.Column("worker_role", sa.String(), nullable=False),
        sa.Column("worker_agency", sa.Boolean(), nullable=False),
        sa.Column("worker_fte", sa.Double(), nullable=False),
        sa.Column("worker_case_holding", sa.Boolean(), nullable=False),
        sa.Column("worker_start_date", sa.Date(), nullable=False),
        sa.Column("worker_leave_date", sa.Date(), nullable=True),
        sa.Column("asye_end_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["post_id"], ["posts.post_id"], name=op.f("fk_workers_post_id_posts")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.team_id"], name=op.f("fk_workers_team_id_teams")),
        sa.PrimaryKeyConstraint("worker_id", name=op.f("pk_workers")),
    )
    with op.batch_alter_table("workers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workers_post_id"), ["post_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_workers_team_id"), ["team_id"], unique=False)

    op.create_table(
        "allocations",
        sa.Column("allocation_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("worker_id", sa.String(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("allocation_start_date", sa.Date(), nullable=False),
        sa.Column("allocation_end_date", sa.Date(), nullable=True),
        sa.Column("allocation_end_reason", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_allocations_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["workers.worker_id"], name=op.f("fk_allocations_worker_id_workers")
        ),
        sa.PrimaryKeyConstraint("allocation_id", name=op.f("pk_allocations")),
    )
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_allocations_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_allocations_worker_id"), ["worker_id"], unique=False)

    op.create_table(
        "cp_reviews",
        sa.Column("cp_review_id", sa.String(), nullable=False),
        sa.Column("cp_plan_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("cp_review_due_date", sa.Date(), nullable=True),
        sa.Column("cp_review_date", sa.Date(), nullable=False),
        sa.Column("cp_review_outcome_continue_cp", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cp_plan_id"], ["cp_plans.cp_plan_id"], name=op.f("fk_cp_reviews_cp_plan_id_cp_plans")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.person_id"], name=op.f("fk_cp_reviews_person_id_person")
        ),
        sa.PrimaryKeyConstraint("cp_review_id", name=op.f("pk_cp_reviews")),
    )
    with op.batch_alter_table("cp_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cp_reviews_cp_plan_id"), ["cp_plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cp_reviews_person_id"), ["person_id"], unique=False)

    op.create_table(
        "supervisions",
        sa.Column("supervision_id", sa.String(), nullable=False),
        sa.Column("worker_id", sa.String(), nullable=False),
        sa.Column("supervisor_id", sa.String(), nullable=True),
        sa.Column("supervision_date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["workers.worker_id"], name=op.f("fk_supervisions_worker_id_workers")
        ),
        sa.PrimaryKeyConstraint("supervision_id", name=op.f("pk_supervisions")),
    )
    with op.batch_alter_table("supervisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supervisions_worker_id"), ["worker_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("supervisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supervisions_worker_id"))

    op.drop_table("supervisions")
    with op.batch_alter_table("cp_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cp_reviews_person_id"))
        batch_op.drop_index(batch_op.f("ix_cp_reviews_cp_plan_id"))

    op.drop_table("cp_reviews")
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_allocations_worker_id"))
        batch_op.drop_index(batch_op.f("ix_allocations_person_id"))

    op.drop_table("allocations")
    with op.batch_alter_table("workers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workers_team_id"))
        batch_op.drop_index(batch_op.f("ix_workers_post_id"))

    op.drop_table("workers")
    with op.batch_alter_table("strategy_discussions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_strategy_discussions_referral_id"))
        batch_op.drop_index(batch_op.f("ix_strategy_discussions_person_id"))

    op.drop_table("strategy_discussions")
    with op.batch_alter_table("s47_enquiries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_s47_enquiries_referral_id"))
        batch_op.drop_index(batch_op.f("ix_s47_enquiries_person_id"))

    op.drop_table("s47_enquiries")
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_placements_person_id"))
        batch_op.drop_index(batch_op.f("ix_placements_cla_episode_id"))

    op.drop_table("placements")
    with op.batch_alter_table("legal_statuses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_legal_statuses_person_id"))
        batch_op.drop_index(batch_op.f("ix_legal_statuses_cla_episode_id"))

    op.drop_table("legal_statuses")
    with op.batch_alter_table("initial_cp_conferences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initial_cp_conferences_referral_id"))
        batch_op.drop_index(batch_op.f("ix_initial_cp_conferences_person_id"))

    op.drop_table("initial_cp_conferences")
    with op.batch_alter_table("cp_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cp_plans_referral_id"))
        batch_op.drop_index(batch_op.f("ix_cp_plans_person_id"))

    op.drop_table("cp_plans")
    with op.batch_alter_table("cla_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cla_reviews_person_id"))
        batch_op.drop_index(batch_op.f("ix_cla_reviews_cla_episode_id"))

    op.drop_table("cla_reviews")
    with op.batch_alter_table("cin_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cin_plans_referral_id"))
        batch_op.drop_index(batch_op.f("ix_cin_plans_person_id"))

    op.drop_table("cin_plans")
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessments_referral_id"))
        batch_op.drop_index(batch_op.f("ix_assessments_person_id"))

    op.drop_table("assessments")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visits_person_id"))

    op.drop_table("visits")
    with op.batch_alter_table("private_fostering", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_private_fostering_person_id"))

    op.drop_table("private_fostering")
    with op.batch_alter_table("pre_proceedings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pre_proceedings_person_id"))

    op.drop_table("pre_proceedings")
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_posts_team_id"))

    op.drop_table("posts")
    with op.batch_alter_table("personal_education_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_personal_education_plans_person_id"))

    op.drop_table("personal_education_plans")
    with op.batch_alter_table("pathway_plan_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pathway_plan_reviews_person_id"))

    op.drop_table("pathway_plan_reviews")
    with op.batch_alter_table("missing_episodes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_missing_episodes_person_id"))

    op.drop_table("missing_episodes")
    with op.batch_alter_table("health_assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_health_assessments_person_id"))

    op.drop_table("health_assessments")
    with op.batch_alter_table("early_help_episodes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_early_help_episodes_person_id"))

    op.drop_table("early_help_episodes")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contacts_person_id"))

    op.drop_table("contacts")
    with op.batch_alter_table("cla_episodes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cla_episodes_person_id"))

    op.drop_table("cla_episodes")
    with op.batch_alter_table("cin_episodes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cin_episodes_person_id"))

    op.drop_table("cin_episodes")
    with op.batch_alter_table("care_proceedings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_care_proceedings_person_id"))

    op.drop_table("care_proceedings")
    with op.batch_alter_table("care_leavers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_care_leavers_person_id"))

    op.drop_table("care_leavers")
    with op.batch_alter_table("care_leaver_contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_care_leaver_contacts_person_id"))

    op.drop_table("care_leaver_contacts")
    with op.batch_alter_table("adoptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adoptions_person_id"))

    op.drop_table("adoptions")
    op.drop_table("teams")
    op.drop_table("person")
    op.drop_table("council")
    op.drop_table("allegations")
