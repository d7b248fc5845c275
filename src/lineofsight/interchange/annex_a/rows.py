"""The rows of the canonical model each Annex A list gives, one function per list.

Keys are the natural keys of `keys.key`, built for a whole column at once, so that the same referral,
plan or period of care read from Annex A, the CIN census or the SSDA903 is one row. Each function
rejects what its list makes impossible (an end before its start, the same record twice) before it
maps the rest.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from lineofsight.interchange.annex_a.reading import DEFAULT, Reading
from lineofsight.interchange.ssda903.codes import LONG_TERM_PLACES


def key(child: pl.Expr, what: str, *parts: pl.Expr | str) -> pl.Expr:
    """`keys.key` for a whole column: child/what/part/..., dates as ISO text."""
    pieces: list[pl.Expr] = [child, pl.lit(f"/{what}")]
    for part in parts:
        pieces.append(pl.lit("/"))
        if isinstance(part, str):
            pieces.append(pl.lit(part))
        else:
            pieces.append(part.cast(pl.String))
    return pl.concat_str(pieces)


CHILD = pl.col("child")
PERSON = pl.col("person_id")  # the child, in a frame of the model's columns
# The yes/no each list gives, by the model's finer outcome.
SUPPORT = {"cin_plan": True, "s47": True, "care": True, "nfa": False, "early_help": False}
ICPC_UNNECESSARY = {"nfa": True, "cin_plan": True, "icpc": False}


def _carried(frame: pl.DataFrame, pairs: dict[str, str]) -> list[pl.Expr]:
    """The model's columns for the list's fields this sheet has."""
    return [pl.col(field).alias(target) for field, target in pairs.items() if field in frame.columns]


# One mapper per list ----------------------------------------------------------------------------------


def _contacts(r: Reading, frame: pl.DataFrame) -> None:
    frame = r.reject_duplicates(frame, ["child", "contact_date"], "date of contact")
    r.person(frame)
    r.add(
        "contacts",
        frame.select(
            key(CHILD, "contact", pl.col("contact_date")).alias("contact_id"),
            CHILD.alias("person_id"),
            pl.col("contact_date").cast(pl.Datetime("us")).alias("contact_date_time"),
            *_carried(frame, {"source": "contact_source_code"}),
        ),
    )


def _early_help(r: Reading, frame: pl.DataFrame) -> None:
    frame = r.reject_before(frame, "end", "start")
    frame = r.reject_duplicates(frame, ["child", "start"], "assessment start date")
    r.person(frame)
    r.add(
        "early_help_episodes",
        frame.select(
            key(CHILD, "early-help", pl.col("start")).alias("episode_id"),
            CHILD.alias("person_id"),
            pl.col("start").alias("episode_start_date"),
            *_carried(frame, {"end": "episode_end_date", "organisation": "episode_organisation"}),
        ),
    )


def _referrals(r: Reading, frame: pl.DataFrame) -> None:
    frame = r.reject_duplicates(frame, ["child", "referral_date"], "date of referral")
    r.person(frame)
    rows = frame.select(
        key(CHILD, "referral", pl.col("referral_date")).alias("referral_id"),
        CHILD.alias("person_id"),
        pl.col("referral_date"),
        *_carried(
            frame,
            {
                "source": "referral_source_code",
                "nfa": "referral_nfa",
                "team": "team_id",
                "worker": "worker_id",
            },
        ),
    )
    r.add("cin_episodes", rows)
    r.referrals.append(rows.select("person_id", "referral_date", "referral_id"))


def _children_in_need(r: Reading, frame: pl.DataFrame) -> None:
    frame = r.reject_before(frame, "close_date", "start")
    frame = r.reject_duplicates(frame, ["child", "start"], "CIN start date")
    r.person(frame)
    rows = frame.select(
        key(CHILD, "referral", pl.col("start")).alias("referral_id"),
        CHILD.alias("person_id"),
        pl.col("start").alias("referral_date"),
        *_carried(
            frame,
            {
                "need": "cin_primary_need_code",
                "close_date": "close_date",
                "close_reason": "close_reason",
                "team": "team_id",
                "worker": "worker_id",
            },
        ),
    )
    r.add("cin_episodes", rows)
    r.referrals.append(rows.select("person_id", "referral_date", "referral_id"))
    if "last_seen" in frame.columns:
        # The list does not say what kind of visit saw the child last: it is the visit another
        # list or the database has that day, and else kept as a CIN visit.
        seen = _visits(frame.filter(pl.col("last_seen").is_not_null()), "last_seen", "cin")
        r.add_kindless("visits", seen, None, lambda kind: key(PERSON, "visit", kind, pl.col("visit_date")))


def _visits(frame: pl.DataFrame, field: str, kind: str, alone: str | None = None) -> pl.DataFrame:
    return frame.select(
        key(CHILD, "visit", kind, pl.col(field)).alias("visit_id"),
        CHILD.alias("person_id"),
        pl.lit(kind).alias("visit_kind"),
        pl.col(field).alias("visit_date"),
        pl.lit(True).alias("visit_seen"),
        *([pl.col(alone).alias("visit_seen_alone")] if alone and alone in frame.columns else []),
    ).unique("visit_id", keep="last", maintain_order=True)


def _assessments(r: Reading, frame: pl.DataFrame) -> None:
    frame = r.reject_before(frame, "authorised", "start")
    frame = r.reject_duplicates(frame, ["child", "start"], "assessment start date")
    frame = r.link_referrals(frame, "start")
    r.person(frame)
    outcome = []
    if "support" in frame.columns:
        # Yes/no is all the list says: 'requiring support' is kept as a CIN plan, 'not' as no
        # further action; the CIN census says more when it is loaded.
        outcome = [
            pl.when(pl.col("support"))
            .then(pl.lit("cin_plan"))
            .when(pl.col("support").not_())
            .then(pl.lit("nfa"))
            .alias("assessment_outcome")
        ]
    assessments = frame.select(
        key(CHILD, "assessment", pl.col("start")).alias("assessment_id"),
        pl.col("referral_id"),
        CHILD.alias("person_id"),
        pl.col("start").alias("assessment_start_date"),
        *_carried(frame, {"authorised": "assessment_auth_date", "team": "team_id", "worker": "worker_id"}),
        *outcome,
    )
    r.add("assessments", r.keep_finer(assessments, "assessments", "assessment_outcome", SUPPORT))


def _enquiries(r: Reading, frame: pl.DataFrame) -> None:
    frame = r.reject_before(frame, "icpc_date", "strategy_date")
    frame = r.reject_duplicates(frame, ["child", "strategy_date"], "strategy discussion date")
    if r.has(frame, "icpc_date"):
        plan = pl.col("icpc_plan").is_null() if "icpc_plan" in frame.columns else pl.lit(True)
        frame = r.reject(
            frame,
            pl.col("icpc_date").is_not_null() & plan,
            "icpc_plan",
            "an ICPC date is given without whether the conference resulted in a plan",
        )
    frame = r.link_referrals(frame, "strategy_date")
    r.person(frame)
    discussion = key(CHILD, "strategy-discussion", pl.col("strategy_date"))
    enquiry = key(CHILD, "s47", pl.col("strategy_date"))
    r.add(
        "strategy_discussions",
        frame.select(
            discussion.alias("strategy_discussion_id"),
            pl.col("referral_id"),
            CHILD.alias("person_id"),
            pl.col("strategy_date").alias("strategy_discussion_date"),
            pl.lit("s47").alias("strategy_discussion_outcome"),
        ),
    )
    outcome = []
    if "icpc_unnecessary" in frame.columns:
        outcome = [
            pl.when(pl.col("icpc_unnecessary"))
            .then(pl.lit("nfa"))
            .when(pl.col("icpc_unnecessary").not_())
            .then(pl.lit("icpc"))
            .alias("s47_outcome")
        ]
    # The list gives the date of the strategy discussion that began the enquiry: the enquiry is
    # taken to start that day (as it does in the synthetic council, and mostly in practice).
    enquiries = frame.select(
        enquiry.alias("s47_enquiry_id"),
        pl.col("referral_id"),
        CHILD.alias("person_id"),
        discussion.alias("strategy_discussion_id"),
        pl.col("strategy_date").alias("s47_start_date"),
        *outcome,
        *_carried(frame, {"team": "team_id", "worker": "worker_id"}),
    )
    r.add("s47_enquiries", r.keep_finer(enquiries, "s47_enquiries", "s47_outcome", ICPC_UNNECESSARY))
    if r.has(frame, "icpc_date", "icpc_plan"):
        held = frame.filter(pl.col("icpc_date").is_not_null())
        r.add(
            "initial_cp_conferences",
            held.select(
                key(CHILD, "icpc", pl.col("icpc_date")).alias("icpc_id"),
                key(CHILD, "s47", pl.col("strategy_date")).alias("s47_enquiry_id"),
                pl.col("referral_id"),
                CHILD.alias("person_id"),
                pl.col("icpc_date"),
                pl.col("icpc_plan").alias("icpc_outcome_cp_plan"),
            ).unique("icpc_id", keep="last", maintain_order=True),
        )


def _protection(r: Reading, frame: pl.DataFrame) -> None:
    frame = r.reject_before(frame, "end", "start")
    frame = r.reject_duplicates(frame, ["child", "start"], "plan start date")
    frame = r.link_referrals(frame, "start")
    r.person(frame)
    plan = key(CHILD, "cp-plan", pl.col("start"))
    r.add(
        "cp_plans",
        frame.select(
            plan.alias("cp_plan_id"),
            pl.col("referral_id"),
            CHILD.alias("person_id"),
            pl.col("start").alias("cp_plan_start_date"),
            *_carried(
                frame,
                {
                    "end": "cp_plan_end_date",
                    "initial_category": "cp_plan_initial_category",
                    "latest_category": "cp_plan_latest_category",
                    "previous_plans": "cp_plan_previous_plans",
                },
            ),
        ),
    )
    if "last_visit" in frame.columns:
        r.add(
            "visits",
            _visits(frame.filter(pl.col("last_visit").is_not_null()), "last_visit", "cp", "seen_alone"),
        )
    if "last_review" in frame.columns:
        reviewed = frame.filter(pl.col("last_review").is_not_null())
        r.add(
            "cp_reviews",
            reviewed.select(
                key(CHILD, "cp-review", pl.col("last_review")).alias("cp_review_id"),
                plan.alias("cp_plan_id"),
                CHILD.alias("person_id"),
                pl.col("last_review").alias("cp_review_date"),
            ).unique("cp_review_id", keep="last", maintain_order=True),
        )


def _in_care(r: Reading, frame: pl.DataFrame) -> None:
    for later in ("ceased", "placement_start", "legal_start"):
        frame = r.reject_before(frame, later, "start")
    frame = r.reject_duplicates(frame, ["child", "start"], "date started to be looked after")
    r.person(frame, uasc="person_uasc")
    episode = key(CHILD, "care", pl.col("start"))
    r.add(
        "cla_episodes",
        frame.select(
            episode.alias("cla_episode_id"),
            CHILD.alias("person_id"),
            pl.col("start").alias("cla_episode_start_date"),
            *_carried(
                frame,
                {
                    "need": "cla_primary_need_code",
                    "ceased": "cla_episode_ceased_date",
                    "ceased_reason": "cla_episode_ceased_reason",
                },
            ),
        ),
    )
    if r.has(frame, "legal_start", "legal_status"):
        partial = frame.filter(pl.col("legal_start").is_null() != pl.col("legal_status").is_null()).height
        if partial:
            r.batch.notes.append(
                f"List 8: {partial} rows give a legal status or its start date, not both: not loaded"
            )
        known = frame.filter(pl.col("legal_start").is_not_null() & pl.col("legal_status").is_not_null())
        r.add(
            "legal_statuses",
            known.select(
                key(CHILD, "legal-status", pl.col("legal_start")).alias("legal_status_id"),
                episode.alias("cla_episode_id"),
                CHILD.alias("person_id"),
                pl.col("legal_status"),
                pl.col("legal_start").alias("legal_status_start_date"),
            ),
        )
    if r.has(frame, "placement_start", "placement_type"):
        partial = frame.filter(
            pl.col("placement_start").is_null() != pl.col("placement_type").is_null()
        ).height
        if partial:
            r.batch.notes.append(
                f"List 8: {partial} rows give a placement's type or its start, not both: not loaded"
            )
        placed = frame.filter(
            pl.col("placement_start").is_not_null() & pl.col("placement_type").is_not_null()
        )
        r.add(
            "placements",
            placed.select(
                key(CHILD, "placement", pl.col("placement_start")).alias("placement_id"),
                episode.alias("cla_episode_id"),
                CHILD.alias("person_id"),
                pl.col("placement_start").alias("placement_start_date"),
                pl.col("placement_type"),
                # As the SSDA903 reader does: a long-term foster placement is one its type says is.
                pl.col("placement_type").is_in(sorted(LONG_TERM_PLACES)).alias("placement_long_term"),
                *_carried(
                    placed,
                    {
                        "provider": "placement_provider",
                        "postcode": "placement_postcode",
                        "urn": "placement_urn",
                    },
                ),
            ),
        )
    if "last_review" in frame.columns:
        reviewed = frame.filter(pl.col("last_review").is_not_null())
        r.add(
            "cla_reviews",
            reviewed.select(
                key(CHILD, "cla-review", pl.col("last_review")).alias("cla_review_id"),
                episode.alias("cla_episode_id"),
                CHILD.alias("person_id"),
                pl.col("last_review").alias("cla_review_date"),
            ),
        )
    if "last_visit" in frame.columns:
        r.add("visits", _visits(frame.filter(pl.col("last_visit").is_not_null()), "last_visit", "cla"))
    # The list does not say whether the last health assessment was the initial one or a review: it
    # is the one the database has that day, and else kept as a review.
    for field, kind, kinds in (
        ("last_health", "review", ("initial", "review")),
        ("last_dental", "dental", None),
    ):
        if field in frame.columns:
            done = frame.filter(pl.col(field).is_not_null())
            rows = done.select(
                key(CHILD, f"health-{kind}", pl.col(field)).alias("health_assessment_id"),
                CHILD.alias("person_id"),
                pl.lit(kind).alias("health_assessment_type"),
                pl.col(field).alias("health_assessment_date"),
            ).unique("health_assessment_id", keep="last", maintain_order=True)
            if kinds is None:
                r.add("health_assessments", rows)
            else:
                r.add_kindless("health_assessments", rows, kinds, _health_key)


def _health_key(kind: pl.Expr) -> pl.Expr:
    """`keys.key(child, "health-<kind>", date)` for a health assessment whose kind is a column."""
    return pl.concat_str(
        PERSON, pl.lit("/health-"), kind, pl.lit("/"), pl.col("health_assessment_date").cast(pl.String)
    )


def _care_leavers(r: Reading, frame: pl.DataFrame) -> None:
    frame = r.reject_duplicates(frame, ["child"], "id")
    if "eligibility" in frame.columns:
        frame = r.reject(
            frame, pl.col("eligibility").is_null(), "eligibility", "the eligibility category is blank"
        )
    r.person(frame)
    # The list does not say when entitlement began. A young person new to the database is taken as
    # entitled from their 16th birthday, the earliest it can begin.
    sixteen = (
        [pl.col("dob").dt.offset_by("16y").alias(f"{DEFAULT}care_leaver_eligibility_date")]
        if ("dob" in frame.columns)
        else []
    )
    r.add(
        "care_leavers",
        frame.select(
            key(CHILD, "care-leaver").alias("care_leaver_id"),
            CHILD.alias("person_id"),
            *_carried(frame, {"eligibility": "care_leaver_eligibility", "adviser": "personal_adviser_id"}),
            *sixteen,
        ),
    )
    if "pathway_plan" in frame.columns:
        planned = frame.filter(pl.col("pathway_plan").is_not_null())
        r.add(
            "pathway_plan_reviews",
            planned.select(
                key(CHILD, "pathway-plan-review", pl.col("pathway_plan")).alias("pathway_plan_review_id"),
                CHILD.alias("person_id"),
                pl.col("pathway_plan").alias("pathway_plan_review_date"),
            ),
        )
    if r.has(frame, "contact_date", "in_touch"):
        contacted = frame.filter(pl.col("contact_date").is_not_null() & pl.col("in_touch").is_not_null())
        accommodation = []
        if "accommodation" in contacted.columns:
            # The SSDA903 code is the accommodation's letter and 1 (suitable) or 2 (not).
            suffix = (
                pl.when(pl.col("suitable"))
                .then(pl.lit("1"))
                .when(pl.col("suitable").not_())
                .then(pl.lit("2"))
                .otherwise(pl.lit(""))
                if "suitable" in contacted.columns
                else pl.lit("")
            )
            accommodation = [pl.concat_str(pl.col("accommodation"), suffix).alias("accommodation")]
        r.add(
            "care_leaver_contacts",
            contacted.select(
                key(CHILD, "care-leaver-contact", pl.col("contact_date")).alias("care_leaver_contact_id"),
                CHILD.alias("person_id"),
                pl.col("contact_date"),
                pl.col("in_touch"),
                *accommodation,
                *_carried(contacted, {"suitable": "accommodation_suitable", "activity": "activity"}),
            ),
        )


def _adoption(r: Reading, frame: pl.DataFrame) -> None:
    # An adoption is known by the day it was decided the child should be placed, as in the SSDA903.
    for later in ("adoption_order", "reversed", "placed", "matched"):
        frame = r.reject_before(frame, later, "decision")
    frame = r.reject_duplicates(frame, ["child", "decision"], "decision date")
    r.person(frame)
    ffa = [pl.col("ffa").is_not_null().alias("fostering_for_adoption")] if "ffa" in frame.columns else []
    period: list[pl.Expr] = []
    if "entered_care" in frame.columns:
        # The period of care the child entered, which List 8 may not name (it looks back 6 months,
        # this list 12): where the database holds it under another id, that id.
        periods = frame.select(
            key(CHILD, "care", pl.col("entered_care")).alias("cla_episode_id"),
            CHILD.alias("person_id"),
            pl.col("entered_care").alias("cla_episode_start_date"),
        ).filter(pl.col("cla_episode_id").is_not_null())
        held = r.held("cla_episodes", [periods]).renamed
        period = [key(CHILD, "care", pl.col("entered_care")).replace(held).alias("cla_episode_id")]
    r.add(
        "adoptions",
        frame.select(
            key(CHILD, "adoption", pl.col("decision")).alias("adoption_id"),
            CHILD.alias("person_id"),
            *period,
            *_carried(
                frame,
                {
                    "decision": "should_be_placed_decision_date",
                    "placement_order": "placement_order_date",
                    "matched": "matched_date",
                    "placed": "placed_date",
                    "adoption_order": "adoption_order_date",
                    "reversed": "decision_reversed_date",
                },
            ),
            *ffa,
        ),
    )


MAPPERS: dict[int, Callable[[Reading, pl.DataFrame], None]] = {
    1: _contacts,
    2: _early_help,
    3: _referrals,
    4: _assessments,
    5: _enquiries,
    6: _children_in_need,
    7: _protection,
    8: _in_care,
    9: _care_leavers,
    10: _adoption,
}
