"""The generated council hangs together: references resolve, dates run forwards, ages make sense,
and every table of the model has rows."""

from __future__ import annotations

import datetime as dt

import polars as pl

from lineofsight.model import Base
from tests.synth.conftest import END, Council

# (table, start column, end column) for every span in the model.
SPANS = [
    ("cin_episodes", "referral_date", "close_date"),
    ("assessments", "assessment_start_date", "assessment_auth_date"),
    ("assessments", "assessment_start_date", "assessment_child_seen_date"),
    ("cin_plans", "cin_plan_start_date", "cin_plan_end_date"),
    ("s47_enquiries", "s47_start_date", "s47_end_date"),
    ("cp_plans", "cp_plan_start_date", "cp_plan_end_date"),
    ("cla_episodes", "cla_episode_start_date", "cla_episode_ceased_date"),
    ("legal_statuses", "legal_status_start_date", "legal_status_end_date"),
    ("placements", "placement_start_date", "placement_end_date"),
    ("allocations", "allocation_start_date", "allocation_end_date"),
    ("workers", "worker_start_date", "worker_leave_date"),
    ("posts", "post_start_date", "post_end_date"),
    ("early_help_episodes", "episode_start_date", "episode_end_date"),
    ("pre_proceedings", "pre_proceedings_start_date", "pre_proceedings_end_date"),
    ("care_proceedings", "issue_date", "final_order_date"),
    ("care_leavers", "care_leaver_eligibility_date", "care_leaver_end_date"),
    ("allegations", "referral_date", "resolution_date"),
    ("adoptions", "placement_order_date", "adoption_order_date"),
    ("missing_episodes", "missing_episode_start", "missing_episode_end"),
]


def test_every_table_of_the_model_gets_rows(small_council: Council) -> None:
    """Every table of a child's journey and the workforce; `loads` records returns loaded, the
    `workforce_census` tables what a loaded workforce census said, and a synthetic council is
    generated, not loaded (it records its OC2, as a council does). Accounts, the access log and the
    count of changes are not the council's data."""
    _, tables = small_council
    accounts = {name for name, table in Base.metadata.tables.items() if table.info.get("accounts")}
    assert accounts == {
        "users",
        "api_tokens",
        "sessions",
        "sign_in_failures",
        "account_changes",
        "access_log",
        "audit_drafts",  # an audit form half filled in: the account's, until it is saved
    }
    bookkeeping = {name for name, table in Base.metadata.tables.items() if table.info.get("bookkeeping")}
    assert bookkeeping == {"data_changes"}
    empty = [
        name for name, frame in tables.items() if frame.height == 0 and name not in accounts | bookkeeping
    ]
    # What a loaded return said, kept as given, where the synthetic council records the facts
    # themselves: OC3's answers (its care leavers' contacts), the 903's waits for a worker (its
    # allocations) and the workforce census. Orders depriving a child of liberty are rare (a few in a
    # hundred children of 12 and over in children's homes): a council this small may have none.
    assert set(empty) - {"deprivations_of_liberty"} == {
        "loads",
        "care_leaver_outcomes",
        "unallocated_spells",
        "workforce_census",
        "workforce_census_workers",
    }


def test_every_person_reference_resolves(small_council: Council) -> None:
    _, tables = small_council
    people = tables["person"]["person_id"]
    for name, frame in tables.items():
        if "person_id" in frame.columns and name != "person":
            missing = frame.filter(~pl.col("person_id").is_in(people.implode()))
            assert missing.height == 0, f"{name} names people who do not exist"


def test_workers_posts_and_teams_resolve(small_council: Council) -> None:
    _, t = small_council
    workers = t["workers"]
    for name, column in [
        ("allocations", "worker_id"),
        ("supervisions", "worker_id"),
        ("visits", "worker_id"),
    ]:
        ids = t[name][column].drop_nulls()
        assert ids.is_in(workers["worker_id"].implode()).all(), f"{name}.{column}"
    managers = workers.filter(pl.col("worker_role") == "manager")["worker_id"].implode()
    assert t["supervisions"]["supervisor_id"].is_in(managers).all()
    assert t["cin_episodes"]["closure_manager_id"].drop_nulls().is_in(managers).all()
    assert t["care_leavers"]["personal_adviser_id"].drop_nulls().is_in(workers["worker_id"].implode()).all()
    # Agency workers cover vacancies: as in the DfE census the post stays vacant, so they hold none.
    assert workers.filter(pl.col("worker_agency"))["post_id"].null_count() == workers["worker_agency"].sum()
    # An allocation is to a worker in the team it names.
    joined = t["allocations"].join(workers.select("worker_id", pl.col("team_id").alias("t")), on="worker_id")
    assert (joined["team_id"] == joined["t"]).all()


def test_records_of_a_child_belong_to_that_childs_episodes(small_council: Council) -> None:
    _, t = small_council
    pairs = [
        ("placements", "cla_episodes", "cla_episode_id"),
        ("legal_statuses", "cla_episodes", "cla_episode_id"),
        ("cla_reviews", "cla_episodes", "cla_episode_id"),
        ("assessments", "cin_episodes", "referral_id"),
        ("s47_enquiries", "cin_episodes", "referral_id"),
        ("cp_plans", "cin_episodes", "referral_id"),
        ("cin_plans", "cin_episodes", "referral_id"),
        ("initial_cp_conferences", "s47_enquiries", "s47_enquiry_id"),
        ("cp_reviews", "cp_plans", "cp_plan_id"),
    ]
    for child_table, parent_table, key in pairs:
        parent = t[parent_table].select(key, pl.col("person_id").alias("parent_person"))
        joined = t[child_table].join(parent, on=key, how="left")
        assert joined["parent_person"].null_count() == 0, f"{child_table}.{key} does not resolve"
        assert (joined["person_id"] == joined["parent_person"]).all(), f"{child_table} crosses children"


def test_every_span_runs_forwards_and_nothing_happens_after_the_end(small_council: Council) -> None:
    _, t = small_council
    for table, start, end in SPANS:
        frame = t[table]
        backwards = frame.filter(pl.col(end) < pl.col(start))
        assert backwards.height == 0, f"{table}: {end} before {start}"
    last = dt.datetime.combine(END, dt.time(23, 59, 59))
    for table in Base.metadata.sorted_tables:
        frame = t[table.name]
        for column in table.columns:
            kind = column.type.python_type
            if column.name in ("asye_end_date", "target_date") or column.name.endswith("_due_date"):
                continue  # planned dates (a first year's end, a due date, a plan's target) may lie ahead
            if kind is dt.date:
                assert frame.filter(pl.col(column.name) > END).height == 0, f"{table.name}.{column.name}"
            elif kind is dt.datetime:
                assert frame.filter(pl.col(column.name) > last).height == 0, f"{table.name}.{column.name}"


def test_conferences_follow_their_enquiry_and_allocations_follow_the_workers_start(
    small_council: Council,
) -> None:
    _, t = small_council
    icpc = t["initial_cp_conferences"].join(t["s47_enquiries"], on="s47_enquiry_id")
    assert (icpc["icpc_date"] >= icpc["s47_start_date"]).all()
    allocations = t["allocations"].join(t["workers"], on="worker_id")
    assert (allocations["allocation_start_date"] >= allocations["worker_start_date"]).all()
    ended = allocations.filter(pl.col("worker_leave_date").is_not_null())
    assert (ended["allocation_end_date"] <= ended["worker_leave_date"]).all()


def test_children_are_under_18_when_referred_and_nobody_stays_in_care_or_on_a_plan_past_18(
    small_council: Council,
) -> None:
    _, t = small_council
    people = t["person"].select("person_id", "person_dob", eighteen=pl.col("person_dob").dt.offset_by("18y"))
    referred = t["cin_episodes"].join(people, on="person_id")
    assert (referred["referral_date"] >= referred["person_dob"]).all()
    assert (referred["referral_date"] < referred["eighteen"]).all()
    for table, end in [
        ("cla_episodes", "cla_episode_ceased_date"),
        ("cp_plans", "cp_plan_end_date"),
        ("cin_plans", "cin_plan_end_date"),
        ("placements", "placement_end_date"),
    ]:
        frame = t[table].join(people, on="person_id")
        # Ended by their 18th birthday, or still open at the end only while under 18.
        closing = pl.coalesce(pl.col(end), pl.lit(END))
        assert frame.filter(closing > pl.col("eighteen")).height == 0, table


def test_each_child_of_a_leaver_is_allocated_again(small_council: Council) -> None:
    _, t = small_council
    allocations = t["allocations"].sort("person_id", "allocation_start_date")
    leavers = allocations.filter(pl.col("allocation_end_reason") == "worker_left")
    assert leavers.height > 50
    workers = t["workers"].select("worker_id", "worker_leave_date")
    assert (
        (
            leavers.join(workers, on="worker_id").select(
                pl.col("allocation_end_date") == pl.col("worker_leave_date")
            )
        )
        .to_series()
        .all()
    )
    after = allocations.with_columns(
        next_start=pl.col("allocation_start_date").shift(-1).over("person_id"),
        next_worker=pl.col("worker_id").shift(-1).over("person_id"),
    ).filter(pl.col("allocation_end_reason") == "worker_left")
    followed = after.filter(pl.col("next_start") > pl.col("allocation_end_date"))
    # A child may be closed or turn 18 while waiting, but nearly all are picked up by someone new.
    assert followed.height >= 0.9 * after.height
    assert (followed["next_worker"] != followed["worker_id"]).all()


def test_closures_are_signed_off_by_a_manager_or_left_unsigned(small_council: Council) -> None:
    _, t = small_council
    closed = t["cin_episodes"].filter(pl.col("close_date").is_not_null())
    assert set(closed["closure_decision"].unique()) <= {"close", "step_down"}
    assert set(closed["close_reason"].unique()) <= {f"RC{n}" for n in range(1, 10)}
    unsigned = closed["closure_manager_id"].null_count()
    assert 0 < unsigned < closed.height
    assert set(t["contacts"]["contact_outcome"].drop_nulls().unique()) == {
        "referral", "early_help", "advice", "no_further_action"
    }  # fmt: skip


def test_every_period_of_care_says_what_held_the_childs_permanence_before_it(small_council: Council) -> None:
    """Z1 (nothing) with no council or date; an order (P1-P3) with a council and a date in the 903's
    form, after the child's birth and before the child's first care, as the DfE's rule 632 wants."""
    _, t = small_council
    before = t["previous_permanence"]
    assert sorted(before["cla_episode_id"].to_list()) == sorted(t["cla_episodes"]["cla_episode_id"].to_list())
    nothing = before.filter(pl.col("previous_permanence_code") == "Z1")
    assert nothing["permanence_local_authority"].null_count() == nothing.height
    assert nothing["permanence_order_date"].null_count() == nothing.height
    orders = before.filter(pl.col("previous_permanence_code") != "Z1")
    assert set(orders["previous_permanence_code"]) <= {"P1", "P2", "P3"}
    # A few in a hundred: 5% are drawn, less the babies too young to have had an order.
    assert 0 < orders.height < 0.1 * before.height
    first_care = (
        t["cla_episodes"].group_by("person_id").agg(pl.col("cla_episode_start_date").min().alias("first"))
    )
    made = (
        orders.join(first_care, on="person_id")
        .join(t["person"].select("person_id", "person_dob"), on="person_id")
        .with_columns(
            pl.col("permanence_order_date")
            .str.replace("^ZZ/ZZ/", "01/01/")
            .str.replace("^ZZ/", "01/")
            .str.to_date("%d/%m/%Y")
            .alias("made")
        )
    )
    assert made["made"].null_count() == 0
    # A day or month not known is written as the first: the order may be up to a year later than that.
    assert (made["made"] > made["person_dob"].dt.offset_by("-1y")).all()
    assert (made["made"] < made["first"]).all()
