"""The synthetic audit programme: a few open children's files a month, graded over-positively, with
actions due in 4 to 8 weeks."""

from __future__ import annotations

import polars as pl
import pytest

from lineofsight import store
from lineofsight.alerts import open_alerts_at
from lineofsight.data import CouncilData
from lineofsight.model.audits import GRADES
from lineofsight.settings import Settings
from lineofsight.synth import generate
from lineofsight.synth.audits import AUDIT_ALERTS
from tests.synth.conftest import END, Council


def test_each_month_audits_a_few_children_whose_cases_are_open_that_day(small_council: Council) -> None:
    _, t = small_council
    audits = t["case_audits"]
    per_month = audits.group_by(pl.col("audit_date").dt.strftime("%Y-%m")).len()["len"]
    assert per_month.min() >= 1 and per_month.max() <= 4
    open_on_the_day = (
        audits.join(t["cin_episodes"], on="person_id")
        .filter(
            (pl.col("referral_date") <= pl.col("audit_date"))
            & (pl.col("close_date").is_null() | (pl.col("close_date") >= pl.col("audit_date")))
        )
        .select("audit_id")
        .unique()
    )
    assert open_on_the_day.height == audits.height


@pytest.fixture(scope="module")
def larger_audits(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    """A stretched council big enough to moderate a couple of dozen audits (one in five of them)."""
    engine = store.connect(str(tmp_path_factory.mktemp("larger") / "council.db"), create=True)
    store.migrate(engine)
    generate(engine, "stretched", seed=3, years=3, end=END, population=20000)
    audits = store.read_table(engine, "case_audits")
    engine.dispose()
    return audits


def test_grades_are_ofsted_s_four_and_moderation_lowers_far_more_grades_than_it_raises(
    larger_audits: pl.DataFrame,
) -> None:
    audits = larger_audits
    assert set(audits["audit_grade"]) <= set(GRADES)
    moderated = audits.filter(pl.col("moderated_grade").is_not_null())
    assert moderated.height > 0 and set(moderated["moderated_grade"]) <= set(GRADES)
    rank = {grade: index for index, grade in enumerate(GRADES)}
    moves = [
        rank[after] - rank[before]
        for before, after in moderated.select("audit_grade", "moderated_grade").rows()
    ]
    lowered, raised = sum(move > 0 for move in moves), sum(move < 0 for move in moves)
    # A moderator sometimes sees more good work than the auditor did, but the generosity runs one way.
    assert lowered > 2 * raised


def test_actions_fall_due_four_to_eight_weeks_after_their_audit(small_council: Council) -> None:
    _, t = small_council
    actions = t["audit_actions"].join(t["case_audits"], on="audit_id")
    weeks = (actions["action_due_date"] - actions["audit_date"]).dt.total_days() / 7
    assert weeks.min() >= 4 and weeks.max() <= 8
    done = actions["action_completed_date"].drop_nulls()
    assert done.len() > 0 and all(day <= END for day in done.to_list())


def test_audits_skew_good_even_when_the_child_s_work_is_late(small_council: Council) -> None:
    _, t = small_council
    audits = t["case_audits"]
    at = audits.select("person_id", pl.col("audit_date").alias("as_at"))
    late = (
        open_alerts_at(CouncilData(frames=t), at, Settings(), AUDIT_ALERTS)
        .select("person_id", "as_at")
        .unique()
    )
    judged = audits.join(
        late.with_columns(pl.lit(True).alias("late")),
        left_on=["person_id", "audit_date"],
        right_on=["person_id", "as_at"],
        how="left",
    ).with_columns(
        pl.col("late").fill_null(False), pl.col("audit_grade").is_in(["good", "outstanding"]).alias("good")
    )
    good_share = judged.group_by("late").agg(pl.col("good").mean()).sort("late")["good"].to_list()
    on_time, overdue = good_share
    # Late work is graded good far more often than it should be, if less often than work in time.
    assert 0.2 < overdue < on_time
