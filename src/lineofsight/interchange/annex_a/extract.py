"""The rows of each Annex A list for an inspection on a given day, worked out from the canonical model.

Everything is as the council knew it on the inspection date: a date after it (a plan that ended
later, a review held later) is blank, and a cohort is drawn from what had happened by then. Lists 1
to 8 look back 6 months, 10 and 11 look back 12; List 9 is everyone entitled to leaving-care
services on the day. Each list is a Polars frame with one column per field of `annex_a.lists`, codes
as the model keeps them; `annex_a.write` labels them and writes the workbook.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
from dateutil.relativedelta import relativedelta

TABLES = (
    "person",
    "contacts",
    "early_help_episodes",
    "cin_episodes",
    "assessments",
    "strategy_discussions",
    "s47_enquiries",
    "initial_cp_conferences",
    "cp_plans",
    "cp_reviews",
    "cla_episodes",
    "legal_statuses",
    "placements",
    "cla_reviews",
    "visits",
    "health_assessments",
    "missing_episodes",
    "care_leavers",
    "care_leaver_contacts",
    "pathway_plan_reviews",
    "adoptions",
    "allocations",
    "teams",
    "workers",
)
IN_NEED = ("cin_plan", "s47", "care")  # assessment outcomes that mean the child needed social care


@dataclass(frozen=True)
class Inspection:
    """The day of the inspection and the windows the lists look back over."""

    as_at: dt.date

    def since(self, months: int) -> dt.date:
        """The first day of the `months` before the inspection (the inspection day is the last)."""
        return self.as_at - relativedelta(months=months) + dt.timedelta(days=1)

    def within(self, column: str | pl.Expr, months: int) -> pl.Expr:
        value = pl.col(column) if isinstance(column, str) else column
        return value.is_between(pl.lit(self.since(months)), pl.lit(self.as_at))

    def known(self, column: str) -> pl.Expr:
        """The date if it had happened by the inspection, else blank."""
        return pl.when(pl.col(column) <= self.as_at).then(pl.col(column)).alias(column)

    def age(self) -> pl.Expr:
        dob = pl.col("person_dob")
        before_birthday = (dob.dt.month().cast(pl.Int32) * 100 + dob.dt.day().cast(pl.Int32)) > (
            self.as_at.month * 100 + self.as_at.day
        )
        return (
            pl.lit(self.as_at.year) - dob.dt.year().cast(pl.Int32) - before_birthday.cast(pl.Int32)
        ).alias("age")


def extract(data: dict[str, pl.DataFrame], as_at: dt.date) -> dict[int, pl.DataFrame]:
    """Lists 1 to 10 (List 11, adopters, has no rows: the model keeps no adopters)."""
    day = Inspection(as_at)
    staff = _Staff(data, day)
    people = _people(data["person"], day)
    lists = {
        1: _contacts(data, day),
        2: _early_help(data, day),
        3: _referrals(data, day, staff),
        4: _assessments(data, day, staff),
        5: _enquiries(data, day, staff),
        6: _children_in_need(data, day, staff),
        7: _protection(data, day, staff),
        8: _in_care(data, day, staff),
        9: _care_leavers(data, day, staff),
        10: _adoption(data, day, staff),
    }
    return {n: frame.join(people, on="child", how="left") for n, frame in lists.items()}


def _people(person: pl.DataFrame, day: Inspection) -> pl.DataFrame:
    return person.select(
        pl.col("person_id").alias("child"),
        pl.col("person_sex").alias("gender"),
        pl.col("person_ethnicity").alias("ethnicity"),
        pl.col("person_dob").alias("dob"),
        day.age(),
        pl.col("person_disability").alias("disability"),
        pl.col("person_uasc").alias("uasc"),
    )


class _Staff:
    """Team and worker names: a record's own, else the child's allocation on the inspection day."""

    def __init__(self, data: dict[str, pl.DataFrame], day: Inspection) -> None:
        workers = data["workers"]
        self.worker_names = dict(
            zip(
                workers["worker_id"].to_list(),
                (workers["worker_forename"] + " " + workers["worker_surname"]).to_list(),
                strict=True,
            )
        )
        self.team_names = dict(
            zip(data["teams"]["team_id"].to_list(), data["teams"]["team_name"].to_list(), strict=True)
        )
        allocations = data["allocations"].filter(
            (pl.col("allocation_start_date") <= day.as_at)
            & (pl.col("allocation_end_date").is_null() | (pl.col("allocation_end_date") >= day.as_at))
        )
        self.current = (
            allocations.sort("allocation_start_date", "allocation_id")
            .group_by("person_id", maintain_order=True)
            .last()
            .select(
                pl.col("person_id").alias("child"),
                pl.col("team_id").alias("_team"),
                pl.col("worker_id").alias("_worker"),
            )
        )

    def add(self, frame: pl.DataFrame, own: bool = True) -> pl.DataFrame:
        """`team` and `worker` columns: the row's own `team_id`/`worker_id` if it has them."""
        joined = frame.join(self.current, on="child", how="left")
        team = pl.col("_team")
        worker = pl.col("_worker")
        if own:
            team = pl.when(pl.col("team_id").is_not_null()).then(pl.col("team_id")).otherwise(team)
            worker = pl.when(pl.col("worker_id").is_not_null()).then(pl.col("worker_id")).otherwise(worker)
        joined = joined.with_columns(team.alias("team"), worker.alias("worker"))
        return joined.with_columns(
            pl.col("team").replace(self.team_names),
            pl.col("worker").replace(self.worker_names),
        ).drop("_team", "_worker", *(["team_id", "worker_id"] if own else []))

    def name(self, column: str) -> pl.Expr:
        return pl.col(column).replace(self.worker_names)


def _latest(frame: pl.DataFrame, by: str, date: str, *carry: str) -> pl.DataFrame:
    """The last row (by `date`) of each `by`."""
    return frame.sort(by, date).group_by(by, maintain_order=True).last().select(by, date, *carry)


def _contacts(data: dict[str, pl.DataFrame], day: Inspection) -> pl.DataFrame:
    contacts = data["contacts"].with_columns(pl.col("contact_date_time").dt.date().alias("contact_date"))
    recent = contacts.filter(day.within("contact_date", 6))
    # One row per child: the latest contact in the 6 months.
    latest = (
        recent.sort("person_id", "contact_date_time", "contact_id")
        .group_by("person_id", maintain_order=True)
        .last()
    )
    return latest.select(
        pl.col("person_id").alias("child"), "contact_date", pl.col("contact_source_code").alias("source")
    ).sort("child", "contact_date")


def _early_help(data: dict[str, pl.DataFrame], day: Inspection) -> pl.DataFrame:
    episodes = data["early_help_episodes"]
    open_now = (pl.col("episode_start_date") <= day.as_at) & (
        pl.col("episode_end_date").is_null() | (pl.col("episode_end_date") > day.as_at)
    )
    chosen = episodes.filter(day.within("episode_start_date", 6) | open_now)
    return chosen.select(
        pl.col("person_id").alias("child"),
        pl.col("episode_start_date").alias("start"),
        pl.when(pl.col("episode_end_date") <= day.as_at).then(pl.col("episode_end_date")).alias("end"),
        pl.col("episode_organisation").alias("organisation"),
    ).sort("child", "start")


def _referrals(data: dict[str, pl.DataFrame], day: Inspection, staff: _Staff) -> pl.DataFrame:
    referrals = data["cin_episodes"]
    counts = (
        referrals.filter(day.within("referral_date", 12))
        .group_by("person_id")
        .len("referrals_12m")
        .rename({"person_id": "child"})
    )
    chosen = referrals.filter(day.within("referral_date", 6)).select(
        pl.col("person_id").alias("child"),
        "referral_date",
        pl.col("referral_source_code").alias("source"),
        pl.col("referral_nfa").alias("nfa"),
        "team_id",
        "worker_id",
    )
    return staff.add(chosen.join(counts, on="child", how="left")).sort("child", "referral_date")


def _assessments(data: dict[str, pl.DataFrame], day: Inspection, staff: _Staff) -> pl.DataFrame:
    chosen = data["assessments"].filter(day.within("assessment_start_date", 6))
    authorised = pl.col("assessment_auth_date") <= day.as_at
    return staff.add(
        chosen.select(
            pl.col("person_id").alias("child"),
            pl.col("assessment_start_date").alias("start"),
            (pl.col("assessment_child_seen_date") <= day.as_at).fill_null(False).alias("seen"),
            pl.when(authorised).then(pl.col("assessment_auth_date")).alias("authorised"),
            pl.when(authorised)
            .then(pl.col("assessment_outcome").is_in(IN_NEED).fill_null(False))
            .alias("support"),
            "team_id",
            "worker_id",
        )
    ).sort("child", "start")


def _enquiries(data: dict[str, pl.DataFrame], day: Inspection, staff: _Staff) -> pl.DataFrame:
    discussions = data["strategy_discussions"].select("strategy_discussion_id", "strategy_discussion_date")
    enquiries = data["s47_enquiries"].join(discussions, on="strategy_discussion_id", how="left")
    enquiries = enquiries.with_columns(
        pl.coalesce("strategy_discussion_date", "s47_start_date").alias("strategy_date")
    )
    conferences = data["initial_cp_conferences"].filter(pl.col("icpc_date") <= day.as_at)
    first_conference = (
        conferences.filter(pl.col("s47_enquiry_id").is_not_null())
        .sort("s47_enquiry_id", "icpc_date")
        .group_by("s47_enquiry_id", maintain_order=True)
        .first()
        .select("s47_enquiry_id", "icpc_date", pl.col("icpc_outcome_cp_plan").alias("icpc_plan"))
    )
    s47_counts = enquiries.filter(day.within("strategy_date", 12)).group_by("person_id").len("s47_12m")
    icpc_counts = conferences.filter(day.within("icpc_date", 12)).group_by("person_id").len("icpc_12m")
    decided = pl.col("s47_end_date").is_null() | (pl.col("s47_end_date") <= day.as_at)
    chosen = (
        enquiries.filter(day.within("strategy_date", 6))
        .join(first_conference, on="s47_enquiry_id", how="left")
        .join(s47_counts, on="person_id", how="left")
        .join(icpc_counts, on="person_id", how="left")
        .select(
            pl.col("person_id").alias("child"),
            "strategy_date",
            pl.when(decided & pl.col("s47_outcome").is_in(["nfa", "cin_plan"]))
            .then(True)
            .when(decided & (pl.col("s47_outcome") == "icpc"))
            .then(False)
            .alias("icpc_unnecessary"),
            "icpc_date",
            "icpc_plan",
            pl.col("s47_12m").fill_null(0),
            pl.col("icpc_12m").fill_null(0),
            "team_id",
            "worker_id",
        )
    )
    return staff.add(chosen).sort("child", "strategy_date")


def _open_between(start: str, end: str, day: Inspection, months: int) -> pl.Expr:
    """Open at some time in the window: begun by the inspection, not ended before the window."""
    return (pl.col(start) <= day.as_at) & (pl.col(end).is_null() | (pl.col(end) >= day.since(months)))


def _last_seen(
    visits: pl.DataFrame, day: Inspection, kinds: tuple[str, ...] | None, name: str
) -> pl.DataFrame:
    seen = visits.filter(pl.col("visit_seen") & (pl.col("visit_date") <= day.as_at))
    if kinds is not None:
        seen = seen.filter(pl.col("visit_kind").is_in(kinds))
    # Two visits on the last day: the child was seen alone if either saw them alone.
    return (
        seen.group_by("person_id", "visit_date")
        .agg(pl.col("visit_seen_alone").any())
        .sort("person_id", "visit_date")
        .group_by("person_id", maintain_order=True)
        .last()
        .select(
            pl.col("person_id").alias("child"), pl.col("visit_date").alias(name), pl.col("visit_seen_alone")
        )
    )


def _children_in_need(data: dict[str, pl.DataFrame], day: Inspection, staff: _Staff) -> pl.DataFrame:
    episodes = data["cin_episodes"].filter(
        ~pl.col("referral_nfa") & _open_between("referral_date", "close_date", day, 6)
    )
    in_care = _open_children(data["cla_episodes"], "cla_episode_start_date", "cla_episode_ceased_date", day)
    on_plan = _open_children(data["cp_plans"], "cp_plan_start_date", "cp_plan_end_date", day)
    # An assessment open on the day, begun in the 6 months (an older one still open would be far out
    # of time; the list's cohort of assessments is the 6 months too).
    assessing = set(
        data["assessments"]
        .filter(
            day.within("assessment_start_date", 6)
            & (pl.col("assessment_auth_date").is_null() | (pl.col("assessment_auth_date") > day.as_at))
        )["person_id"]
        .to_list()
    )
    closed = pl.col("close_date") <= day.as_at
    child = pl.col("person_id")
    status = (
        pl.when(closed)
        .then(pl.lit("closed"))
        .when(child.is_in(list(in_care)))
        .then(pl.lit("cla"))
        .when(child.is_in(list(on_plan)))
        .then(pl.lit("cp"))
        .when(child.is_in(list(assessing)))
        .then(pl.lit("assessment"))
        .otherwise(pl.lit("cin"))
    )
    chosen = episodes.select(
        child.alias("child"),
        pl.col("referral_date").alias("start"),
        pl.col("cin_primary_need_code").alias("need"),
        pl.when(closed).then(pl.col("close_date")).alias("close_date"),
        pl.when(closed).then(pl.col("close_reason")).alias("close_reason"),
        status.alias("status"),
        "team_id",
        "worker_id",
    )
    seen = _last_seen(data["visits"], day, None, "last_seen").drop("visit_seen_alone")
    return staff.add(chosen.join(seen, on="child", how="left")).sort("child", "start")


def _open_children(frame: pl.DataFrame, start: str, end: str, day: Inspection) -> set[str]:
    open_now = (pl.col(start) <= day.as_at) & (pl.col(end).is_null() | (pl.col(end) > day.as_at))
    return set(frame.filter(open_now)["person_id"].to_list())


def _protection(data: dict[str, pl.DataFrame], day: Inspection, staff: _Staff) -> pl.DataFrame:
    plans = data["cp_plans"]
    chosen = plans.filter(_open_between("cp_plan_start_date", "cp_plan_end_date", day, 6))
    earlier = (
        chosen.select("cp_plan_id", "person_id", "cp_plan_start_date")
        .join(plans.select("person_id", pl.col("cp_plan_start_date").alias("_other")), on="person_id")
        .group_by("cp_plan_id")
        .agg((pl.col("_other") < pl.col("cp_plan_start_date")).sum().alias("_earlier"))
    )
    reviews = _latest(
        data["cp_reviews"].filter(pl.col("cp_review_date") <= day.as_at), "cp_plan_id", "cp_review_date"
    )
    visits = _last_seen(data["visits"], day, ("cp",), "last_visit")
    frame = (
        chosen.join(earlier, on="cp_plan_id", how="left")
        .join(reviews, on="cp_plan_id", how="left")
        .select(
            pl.col("person_id").alias("child"),
            pl.col("cp_plan_start_date").alias("start"),
            pl.col("cp_plan_initial_category").alias("initial_category"),
            pl.col("cp_plan_latest_category").alias("latest_category"),
            pl.col("cp_review_date").alias("last_review"),
            pl.when(pl.col("cp_plan_end_date") <= day.as_at).then(pl.col("cp_plan_end_date")).alias("end"),
            pl.lit(None, pl.Boolean).alias("epo"),
            # The census's count of earlier plans (in any council) where a return gave it; else ours.
            pl.coalesce(pl.col("cp_plan_previous_plans"), pl.col("_earlier").cast(pl.Int64)).alias(
                "previous_plans"
            ),
        )
        .join(visits, on="child", how="left")
        .rename({"visit_seen_alone": "seen_alone"})
    )
    return staff.add(frame, own=False).sort("child", "start")


def _in_care(data: dict[str, pl.DataFrame], day: Inspection, staff: _Staff) -> pl.DataFrame:
    episodes = data["cla_episodes"]
    chosen = episodes.filter(_open_between("cla_episode_start_date", "cla_episode_ceased_date", day, 6))
    ceased = pl.col("cla_episode_ceased_date") <= day.as_at
    previous = (
        chosen.select("cla_episode_id", "person_id", "cla_episode_start_date")
        .join(episodes.select("person_id", pl.col("cla_episode_ceased_date").alias("_ended")), on="person_id")
        .group_by("cla_episode_id")
        .agg(
            (
                (pl.col("_ended") < pl.col("cla_episode_start_date"))
                & (pl.col("_ended") >= pl.col("cla_episode_start_date") - pl.duration(days=365))
            )
            .any()
            .alias("second_period")
        )
    )
    statuses = _latest(
        data["legal_statuses"].filter(pl.col("legal_status_start_date") <= day.as_at),
        "cla_episode_id",
        "legal_status_start_date",
        "legal_status",
    )
    placements_so_far = data["placements"].filter(pl.col("placement_start_date") <= day.as_at)
    placement = _latest(
        placements_so_far,
        "cla_episode_id",
        "placement_start_date",
        "placement_type",
        "placement_provider",
        "placement_postcode",
        "placement_urn",
    )
    placement_counts = (
        placements_so_far.filter(day.within("placement_start_date", 12))
        .group_by("person_id")
        .len("placements_12m")
    )
    reviews = _latest(
        data["cla_reviews"].filter(pl.col("cla_review_date") <= day.as_at),
        "cla_episode_id",
        "cla_review_date",
    )
    health = data["health_assessments"].filter(pl.col("health_assessment_date") <= day.as_at)
    last_health = _latest(
        health.filter(pl.col("health_assessment_type").is_in(["initial", "review"])),
        "person_id",
        "health_assessment_date",
    ).rename({"health_assessment_date": "last_health"})
    last_dental = _latest(
        health.filter(pl.col("health_assessment_type") == "dental"), "person_id", "health_assessment_date"
    ).rename({"health_assessment_date": "last_dental"})
    missing = data["missing_episodes"].with_columns(pl.col("missing_episode_start").dt.date().alias("_began"))
    missing = missing.filter(pl.col("_began") <= day.as_at)
    counts = (
        missing.filter(day.within("_began", 12))
        .group_by("person_id")
        .agg(
            (pl.col("missing_episode_type") == "missing").sum().alias("missing_12m"),
            (pl.col("missing_episode_type") == "away").sum().alias("absent_12m"),
        )
    )
    offered_by = pl.col("rhi_offered_at").dt.date() <= day.as_at
    last_missing = (
        missing.filter(pl.col("missing_episode_type") == "missing")
        .sort("person_id", "missing_episode_start")
        .group_by("person_id", maintain_order=True)
        .last()
        .select(
            "person_id",
            offered_by.fill_null(False).alias("rhi_offered"),
            pl.when(offered_by).then(pl.col("rhi_accepted")).alias("rhi_accepted"),
        )
    )
    visits = _last_seen(data["visits"], day, ("cla",), "last_visit").drop("visit_seen_alone")
    frame = (
        chosen.join(previous, on="cla_episode_id", how="left")
        .join(statuses, on="cla_episode_id", how="left")
        .join(placement, on="cla_episode_id", how="left")
        .join(reviews, on="cla_episode_id", how="left")
        .join(placement_counts, on="person_id", how="left")
        .join(last_health, on="person_id", how="left")
        .join(last_dental, on="person_id", how="left")
        .join(counts, on="person_id", how="left")
        .join(last_missing, on="person_id", how="left")
        .select(
            pl.col("person_id").alias("child"),
            pl.col("cla_episode_start_date").alias("start"),
            pl.col("cla_primary_need_code").alias("need"),
            pl.col("second_period").fill_null(False),
            pl.col("legal_status_start_date").alias("legal_start"),
            "legal_status",
            pl.col("cla_review_date").alias("last_review"),
            pl.lit(None, pl.String).alias("permanence"),
            pl.lit(None, pl.Date).alias("iro"),
            "last_health",
            "last_dental",
            pl.col("placements_12m").fill_null(0),
            pl.when(ceased).then(pl.col("cla_episode_ceased_date")).alias("ceased"),
            pl.when(ceased).then(pl.col("cla_episode_ceased_reason")).alias("ceased_reason"),
            pl.col("placement_start_date").alias("placement_start"),
            "placement_type",
            pl.col("placement_provider").alias("provider"),
            pl.col("placement_postcode").alias("postcode"),
            pl.col("placement_urn").alias("urn"),
            pl.lit(None, pl.String).alias("location"),
            pl.lit(None, pl.String).alias("placement_la"),
            pl.col("missing_12m").fill_null(0),
            pl.col("absent_12m").fill_null(0),
            "rhi_offered",
            "rhi_accepted",
        )
        .join(visits, on="child", how="left")
    )
    return staff.add(frame, own=False).sort("child", "start")


def _care_leavers(data: dict[str, pl.DataFrame], day: Inspection, staff: _Staff) -> pl.DataFrame:
    entitled = data["care_leavers"].filter(
        (pl.col("care_leaver_eligibility_date") <= day.as_at)
        & (pl.col("care_leaver_end_date").is_null() | (pl.col("care_leaver_end_date") >= day.as_at))
    )
    entitled = (
        entitled.sort("person_id", "care_leaver_eligibility_date")
        .group_by("person_id", maintain_order=True)
        .last()
    )
    plans = _latest(
        data["pathway_plan_reviews"].filter(pl.col("pathway_plan_review_date") <= day.as_at),
        "person_id",
        "pathway_plan_review_date",
    )
    contacts = _latest(
        data["care_leaver_contacts"].filter(pl.col("contact_date") <= day.as_at),
        "person_id",
        "contact_date",
        "in_touch",
        "accommodation",
        "accommodation_suitable",
        "activity",
    )
    frame = (
        entitled.join(plans, on="person_id", how="left")
        .join(contacts, on="person_id", how="left")
        .select(
            pl.col("person_id").alias("child"),
            staff.name("personal_adviser_id").alias("adviser"),
            pl.col("care_leaver_eligibility").alias("eligibility"),
            pl.col("pathway_plan_review_date").alias("pathway_plan"),
            "in_touch",
            "contact_date",
            pl.col("accommodation").str.slice(0, 1).alias("accommodation"),
            pl.col("accommodation_suitable").alias("suitable"),
            "activity",
        )
    )
    return staff.add(frame, own=False).sort("child")


def _adoption(data: dict[str, pl.DataFrame], day: Inspection, staff: _Staff) -> pl.DataFrame:
    adoptions = data["adoptions"]
    chosen = adoptions.filter(
        day.within("should_be_placed_decision_date", 12)
        | day.within("adoption_order_date", 12)
        | day.within("decision_reversed_date", 12)
    )
    starts = data["cla_episodes"].select("cla_episode_id", pl.col("cla_episode_start_date").alias("_start"))
    ffa = (
        data["placements"]
        .filter(pl.col("placement_type").is_in(["U2", "U5"]) & (pl.col("placement_start_date") <= day.as_at))
        .group_by("cla_episode_id")
        .agg(pl.col("placement_start_date").min().alias("_ffa"))
    )
    # A period of care loaded from Annex A alone is known by its key, which carries its start.
    from_key = (
        pl.col("cla_episode_id")
        .str.extract(r"/care/(\d{4}-\d{2}-\d{2})$")
        .str.to_date("%Y-%m-%d", strict=False)
    )
    frame = (
        chosen.join(starts, on="cla_episode_id", how="left")
        .join(ffa, on="cla_episode_id", how="left")
        .select(
            pl.col("person_id").alias("child"),
            pl.coalesce(pl.col("_start"), from_key).alias("entered_care"),
            *[
                pl.when(pl.col(source) <= day.as_at).then(pl.col(source)).alias(name)
                for source, name in (
                    ("should_be_placed_decision_date", "decision"),
                    ("placement_order_date", "placement_order"),
                    ("matched_date", "matched"),
                    ("placed_date", "placed"),
                    ("adoption_order_date", "adoption_order"),
                    ("decision_reversed_date", "reversed"),
                )
            ],
            pl.lit(None, pl.String).alias("reversed_reason"),
            pl.when(pl.col("fostering_for_adoption")).then(pl.col("_ffa")).alias("ffa"),
        )
    )
    return staff.add(frame, own=False).sort("child", "entered_care")
