"""The registry: every measure declared in full, and the JSON contract other tools read."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import Engine

from lineofsight.measures import REGISTRY, compute_all
from lineofsight.measures.catalogue import POLARITY_SYMBOL
from lineofsight.measures.report import as_json
from lineofsight.settings import Settings
from tests.builders import council_data

CONTRACT_KEYS = {
    "code",
    "title",
    "value",
    "numerator",
    "denominator",
    "unit",
    "polarity",
    "benchmark",
    "small_number",
}
FIRST_TEN = ["RF02", "AS01", "AS02", "CP02", "CP05", "CP06", "LA02", "WF01", "WF03", "WF06"]
# Every code of the catalogue (measures.md), in its order: codes are a contract.
CATALOGUE = [
    "FD01",
    "FD02",
    "FD03",
    "RF01",
    "RF02",
    "RF03",
    "AS01",
    "AS02",
    "AS03",
    "CP01",
    "CP02",
    "CP03",
    "CP04",
    "CP05",
    "CP06",
    "CP07",
    "CP08",
    "CP09",
    "CP10",
    "CN01",
    "CN02",
    "CN03",
    "CN04",
    "CN05",
    "LA01",
    "LA02",
    "LA03",
    "LA04",
    "LA05",
    "LA06",
    "LA07",
    "LA08",
    "LA09",
    "LA10",
    "LA11",
    "CL01",
    "CL02",
    "CL03",
    "CL04",
    "WF01",
    "WF02",
    "WF03",
    "WF04",
    "WF05",
    "WF06",
    "WF07",
    "WF08",
    "WF09",
    "PL01",
    "PL02",
    "PL03",  # added for the family group decision-making meeting the CIN census asks of 2026-27
    "LD01",
    "PF01",
    "QA01",
    "QA02",
    "QA03",
]


def test_every_measure_of_the_catalogue_is_registered_and_no_other() -> None:
    assert sorted(REGISTRY) == sorted(CATALOGUE)


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_every_measure_is_declared_in_full(code: str) -> None:
    measure = REGISTRY[code]
    assert re.fullmatch(r"[A-Z]{2}\d{2}", measure.code) and measure.code == code
    assert measure.title.strip() and measure.definition.strip() and measure.area.strip()
    assert measure.unit.strip()
    assert measure.polarity in POLARITY_SYMBOL


@pytest.mark.parametrize("code", FIRST_TEN)
def test_each_of_the_first_ten_says_how_it_decides_its_edges(code: str) -> None:
    assert (REGISTRY[code].compute.__doc__ or "").strip()


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_a_measure_s_settings_are_real_settings(code: str) -> None:
    assert set(REGISTRY[code].settings) <= set(Settings.__dataclass_fields__)


def test_percentages_say_so_in_their_unit() -> None:
    units = {code: REGISTRY[code].unit for code in FIRST_TEN}
    assert units == {
        "RF02": "%",
        "AS01": "%",
        "AS02": "working days",
        "CP02": "%",
        "CP05": "%",
        "CP06": "%",
        "LA02": "%",
        "WF01": "children per FTE",
        "WF03": "%",
        "WF06": "%",
    }


def test_an_empty_store_gives_the_json_contract_with_no_figures_to_divide(engine: Engine) -> None:
    as_at = dt.date(2025, 3, 31)
    document = as_json(as_at, compute_all(council_data(engine), as_at, Settings()))
    assert document["as_at"] == "2025-03-31"
    # Every measure, in the catalogue's order: front door, referrals, assessments, CP, ...
    assert [entry["code"] for entry in document["measures"]] == CATALOGUE
    for entry in document["measures"]:
        assert set(entry) >= CONTRACT_KEYS, entry["code"]
        assert entry["small_number"] is False
    # Nothing to divide by: the first ten, all ratios or a median, have no figure rather than 0.
    values = {entry["code"]: entry["value"] for entry in document["measures"]}
    assert [values[code] for code in FIRST_TEN] == [None] * len(FIRST_TEN)


def test_a_benchmark_in_the_json_names_its_year_and_source(engine: Engine) -> None:
    as_at = dt.date(2025, 3, 31)
    document = as_json(as_at, compute_all(council_data(engine), as_at, Settings(), codes=["AS02"]))
    assert document["measures"][0]["benchmark"] == {
        "value": 33,
        "display": "33 working days",
        "year": "2024-25",
        "source": "Children in need, table C2",
    }
