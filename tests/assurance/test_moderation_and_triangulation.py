"""Moderation (a second reading of a sample, agreement by auditor and area) and triangulation (each audit
beside what the data said about the child that day)."""

from __future__ import annotations

import polars as pl

from lineofsight.assurance import moderation, triangulation
from lineofsight.assurance.areas import is_good
from lineofsight.data import CouncilData
from lineofsight.settings import Settings
from tests.assurance.conftest import END


def test_the_sample_is_about_one_in_five_and_the_same_audit_is_always_in_or_out() -> None:
    ids = [f"AU{number:06d}" for number in range(2000)]
    chosen = [audit_id for audit_id in ids if moderation.in_sample(audit_id, 5)]
    assert 340 <= len(chosen) <= 460  # 400 expected; a hash, not a count, so roughly
    assert chosen == [audit_id for audit_id in ids if moderation.in_sample(audit_id, 5)]
    assert all(moderation.in_sample(audit_id, 1) for audit_id in ids[:10])


def test_an_auditor_whose_grades_the_moderator_lowers_often_is_shown_as_generous() -> None:
    # A: 4 audits moderated, 2 graded lower (net 2; 2 x 3 = 6 >= 4): generous, 50% agreement.
    # B: 4 moderated, 1 lower and 1 higher (net 0): not generous, 50% agreement.
    # C: 2 moderated, both lower: too few to say.
    compared = pl.DataFrame(
        {
            "auditor_id": ["A"] * 4 + ["B"] * 4 + ["C"] * 2,
            "difference": [1, 1, 0, 0, 1, -1, 0, 0, 1, 2],
        }
    )
    table = moderation.agreement(compared, "auditor_id")
    rows = {row["auditor_id"]: row for row in table.iter_rows(named=True)}
    assert rows["A"]["generous"] and rows["A"]["agreement"] == 50.0 and rows["A"]["moderator_lower"] == 2
    assert not rows["B"]["generous"] and rows["B"]["moderator_higher"] == 1
    assert not rows["C"]["generous"] and rows["C"]["agreement"] == 0.0


def test_the_moderator_must_not_be_the_auditor_and_every_area_needs_a_grade() -> None:
    import datetime as dt

    audit = {"auditor_id": "W1", "audit_date": dt.date(2026, 1, 10)}
    record = moderation.ModerationRecord("AU1", "W1", dt.date(2026, 1, 5), "good", {"seen": "good"})
    found = {p.field: p.reason for p in moderation.moderation_problems(record, audit, {"W1", "W2"}, END)}
    assert found["moderator"] == "a moderator must be someone other than the auditor"
    assert found["moderation_date"] == "moderation comes after the audit"
    assert "voice_grade" in found and "seen_grade" not in found


def test_the_synthetic_council_moderates_a_sample_area_by_area(stretched: CouncilData) -> None:
    compared = moderation.pairs(stretched, None, END)
    audits = compared["audit_id"].n_unique()
    total = stretched["case_audits"].height
    assert 0 < audits < total / 2
    assert {
        "overall",
        "experiences",
        "seen",
        "voice",
        "assessment",
        "plan",
        "oversight",
        "supervision",
    } == set(compared["area"])
    assert (compared["auditor_id"] != compared["moderator_id"]).all()


def test_every_audit_at_odds_was_graded_good_and_says_which_alert_contradicts_it(
    stretched: CouncilData,
) -> None:
    found = triangulation.triangulate(stretched, END, Settings())
    assert found.status == "ok"
    at_odds = found.at_odds()
    assert at_odds.height > 0
    for row in at_odds.iter_rows(named=True):
        assert is_good(row["grade"])
        assert row["why"] and all(code in row["why"] for code in row["alerts"])
    # An audit not at odds is either graded below good or had no alert open for the child that day (as
    # QA03 counts them); a worker over their cap shows against the areas it touches, not the file.
    for row in found.audits.filter(~pl.col("at_odds")).iter_rows(named=True):
        assert not is_good(row["grade"]) or not row["alerts"]
    for row in found.contradictions.iter_rows(named=True):
        assert is_good(row["grade"]) and row["detail"].startswith(row["code"])


def test_the_stretched_council_s_audits_are_at_odds_with_the_data_more_often_than_the_stable_one_s(
    stretched: CouncilData, stable: CouncilData
) -> None:
    def share(data: CouncilData) -> float:
        found = triangulation.triangulate(data, END, Settings())
        return found.at_odds().height / found.audits.height

    assert share(stretched) > share(stable)


def test_themes_count_what_keeps_coming_up_and_how_many_audits_look_at_experiences(
    stretched: CouncilData,
) -> None:
    themes = triangulation.triangulate(stretched, END, Settings()).themes
    assert themes["audits"] == triangulation.triangulate(stretched, END, Settings()).audits.height
    counts = [item["audits"] for item in themes["recurring"]]
    assert counts and counts == sorted(counts, reverse=True)
    experiences = themes["experiences"]
    assert 0 < experiences["look_at_experiences"] < experiences["audits_with_findings"]
