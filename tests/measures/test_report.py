"""What stands beside every figure: RAG against the council's target, and the small-number flag."""

from __future__ import annotations

import polars as pl

from lineofsight.measures import REGISTRY, check_settings
from lineofsight.measures.catalogue import summarise
from lineofsight.measures.report import is_small, value_of
from lineofsight.settings import DEFAULT_TARGETS, Settings, Target


def test_higher_is_better_rag_is_green_at_the_target_and_amber_at_the_edge() -> None:
    target = Target(90, 80)
    assert target.rag(90, "up") == "green"
    assert target.rag(89.9, "up") == "amber"
    assert target.rag(80, "up") == "amber"
    assert target.rag(79.9, "up") == "red"


def test_lower_is_better_rag_turns_the_comparison_round() -> None:
    target = Target(20, 23)
    assert target.rag(20, "down") == "green"
    assert target.rag(23, "down") == "amber"
    assert target.rag(23.1, "down") == "red"


def test_no_value_or_no_better_direction_has_no_rag() -> None:
    assert Target(1, 2).rag(None, "down") is None
    assert Target(1, 2).rag(5, "context") is None


def test_a_percentage_of_fewer_than_five_children_is_a_small_number() -> None:
    four = summarise("proportion", pl.DataFrame({"in_numerator": [True, True, False, False]}))
    five = summarise("proportion", pl.DataFrame({"in_numerator": [True] * 5}))
    assert is_small(REGISTRY["RF02"], four, Settings()) is True
    assert is_small(REGISTRY["RF02"], five, Settings()) is False


def test_the_json_of_a_figure_carries_its_target_and_rag() -> None:
    # 3 of 4 referrals were re-referrals = 75%, against a target of 20 (amber to 23): red.
    result = summarise("proportion", pl.DataFrame({"in_numerator": [True, True, True, False]}))
    entry = value_of(REGISTRY["RF02"], result, Settings()).as_json()
    assert (entry["value"], entry["target"], entry["rag"], entry["small_number"]) == (75, 20, "red", True)


def test_the_default_targets_all_name_real_measures_on_the_right_side() -> None:
    assert check_settings(Settings()) == []
    assert set(DEFAULT_TARGETS) <= set(REGISTRY)


def test_a_target_for_no_measure_or_with_amber_on_the_wrong_side_is_reported() -> None:
    settings = Settings(targets={"ZZ99": Target(1, 2), "AS01": Target(80, 90), "RF02": Target(20, 15)})
    assert check_settings(settings) == [
        "[targets.AS01]: amber must be below the target for AS01",
        "[targets.RF02]: amber must be above the target for RF02",
        "[targets.ZZ99]: there is no measure ZZ99",
    ]
