"""The overview's headline: how many measures are red, amber, green, with no target and not
available, and the biggest moves since the previous month end, worked out by hand on a few measures."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

from lineofsight.measures import REGISTRY, Result
from lineofsight.measures.report import MeasureValue
from lineofsight.settings import Target
from lineofsight.web.headline import headline
from lineofsight.web.pages.measures import Line

DAYS = (dt.date(2025, 2, 28), dt.date(2025, 3, 31))
SMALL = 5


def point(
    code: str, value: float | None, of: float | None, target: Target | None, small: bool = False
) -> MeasureValue:
    numerator = None if value is None or of is None else value * of / 100
    status = "ok" if value is not None else "not_covered"
    return MeasureValue(
        REGISTRY[code], Result(value, numerator, of, pl.DataFrame(), status, None), small, target
    )


def line(
    code: str,
    before: float | None,
    now: float | None,
    *,
    of: float | None = 100,
    target: Target | None = None,
    small: bool = False,
) -> Line:
    return Line(
        point(code, now, of, target, small),
        (point(code, before, of, target, small), point(code, now, of, target, small)),
        DAYS,
    )


# AS01 (higher is better) against a target of 90, amber from 80; RF02 and CP05 (lower is better)
# against 20, amber from 25.
UP = Target(90, 80)
DOWN = Target(20, 25)
LINES = (
    line("AS01", 70.0, 95.0, target=UP),  # green now (95 >= 90); better: up 25 of 95, 0.263
    line("QA02", 85.0, 85.0, target=UP),  # amber (80 <= 85 < 90); no change
    line("RF02", 18.0, 30.0, target=DOWN),  # red (30 > 25); worse: up 12 of 30, 0.4
    line("CP05", 22.0, 21.0, target=DOWN),  # amber (20 < 21 <= 25); better: down 1 of 22, 0.045
    line("FD03", 10.0, 12.0),  # no target; worse: up 2 of 12, 0.167
    line("CN03", 40.0, 30.0, of=None),  # a count with no target; better: down 10 of 40, 0.25
    line("WF03", 5.0, None, target=DOWN),  # not available now (no figure): no move either
    line("CP07", 1.0, 0.0, of=None, target=Target(0, 2)),  # green (0 <= 0): 1 to 0 rests on too few
    line("AS02", 10.0, 20.0, small=True),  # no target; a small number: not a mover
)


def test_the_headline_counts_each_measure_once_by_its_rag_or_why_it_has_none() -> None:
    found = headline(LINES, SMALL)
    # Red: RF02. Amber: QA02, CP05. Green: AS01, CP07. No target: FD03, CN03, AS02. Not available:
    # WF03. 1 + 2 + 2 + 3 + 1 = 9, every line once.
    assert found.counts == {"red": 1, "amber": 2, "green": 2, "no_target": 3, "not_available": 1}
    assert found.total == len(LINES)
    assert found.words() == "1 red, 2 amber, 2 green, 3 with no target and 1 not available, of 9 measures"


def test_the_biggest_movers_each_way_are_named_in_plain_words_biggest_first() -> None:
    found = headline(LINES, SMALL)
    # Better: AS01 (0.263), CN03 (0.25), CP05 (0.045). Worse: RF02 (0.4), FD03 (0.167).
    assert [(m.code, m.words) for m in found.better] == [
        ("AS01", "up from 70.0% to 95.0%"),
        ("CN03", "down from 40 to 30"),
        ("CP05", "down from 22.0% to 21.0%"),
    ]
    assert [(m.code, m.words) for m in found.worse] == [
        ("RF02", "up from 18.0% to 30.0%"),
        ("FD03", "up from 10.0% to 12.0%"),
    ]
    # At most the number asked for, each way.
    assert [m.code for m in headline(LINES, SMALL, most=1).better] == ["AS01"]


def test_the_headline_s_bar_gives_each_kind_its_share_of_the_width() -> None:
    svg = str(headline(LINES, SMALL).picture())
    parts = re.findall(r'<rect data-part="([^"]*)" x="([^"]*)" y="0" width="([^"]*)"', svg)
    # 600 wide for 9 measures: 66.7 a measure. Red 1 (66.7), amber 2 (133.3), green 2, no target 3
    # (200.0), not available 1; each starts where the last ended.
    assert parts == [
        ("Red", "0.0", "66.7"),
        ("Amber", "66.7", "133.3"),
        ("Green", "200.0", "133.3"),
        ("No target", "333.3", "200.0"),
        ("Not available", "533.3", "66.7"),
    ]
    assert 'aria-label="1 red, 2 amber, 2 green, 3 with no target and 1 not available, of 9 measures"' in svg
