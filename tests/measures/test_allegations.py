"""LD01 allegations resolved within a month, as at Monday 31 March 2025: the year to D is
(31 Mar 2024, 31 Mar 2025]. A month after 31 January 2025 is 28 February 2025.
"""

from __future__ import annotations

from sqlalchemy import Engine

from tests.builders import allegation, compute, council_data, day

D = "2025-03-31"


def test_resolved_on_the_same_date_a_month_later_is_within_a_month(engine: Engine) -> None:
    data = council_data(
        engine,
        allegation("2024-09-02", resolved="2024-10-02"),  # the same date a month on: within
        allegation("2024-09-02", resolved="2024-10-03"),  # a day later: not
    )
    result = compute("LD01", data, D)
    assert result.detail.select("resolution_date", "in_numerator").rows()[0][1] is True
    assert (result.numerator, result.denominator) == (1, 2)


def test_a_month_from_31_january_ends_on_28_february(engine: Engine) -> None:
    data = council_data(
        engine,
        allegation("2025-01-31", resolved="2025-02-28"),
        allegation("2025-01-31", resolved="2025-03-01"),
    )
    result = compute("LD01", data, D)
    assert result.detail.select("one_month_on", "in_numerator").rows() == [
        (day("2025-02-28"), True),
        (day("2025-02-28"), False),
    ]


def test_only_allegations_resolved_in_the_year_to_d_count(engine: Engine) -> None:
    data = council_data(
        engine,
        allegation("2024-03-15", resolved="2024-03-31"),  # resolved on D − 1 year: outside
        allegation("2024-03-15", resolved="2024-04-01"),  # the year's first day: in, within a month
        allegation("2025-03-03", resolved="2025-03-31"),  # resolved on D: in, within
        allegation("2025-02-03"),  # still open at D: in neither side
        allegation("2025-03-03", resolved="2025-04-01"),  # resolved after D
    )
    result = compute("LD01", data, D)
    # 2 resolved in the year, both within a month: 100%.
    assert (result.numerator, result.denominator, result.value) == (2, 2, 100.0)


def test_no_allegation_resolved_in_the_year_gives_no_figure(engine: Engine) -> None:
    data = council_data(engine, allegation("2025-02-03"))
    result = compute("LD01", data, D)
    assert (result.value, result.denominator) == (None, 0)
