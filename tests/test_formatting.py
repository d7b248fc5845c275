"""How figures read: the one module every face uses."""

from __future__ import annotations

import datetime as dt

from lineofsight import formatting


def test_whole_numbers_have_thousands_separators_and_no_decimals() -> None:
    assert formatting.number(35000) == "35,000"
    assert formatting.number(35000.0) == "35,000"


def test_fractions_keep_one_decimal_place() -> None:
    assert formatting.number(24.56) == "24.6"


def test_a_missing_number_is_a_dash_and_a_missing_measure_says_no_data() -> None:
    assert formatting.number(None) == "—"
    assert formatting.measure_value(None, "%") == "no data"


def test_percentages_and_units() -> None:
    assert formatting.measure_value(83.24, "%") == "83.2%"
    assert formatting.measure_value(33, "working days") == "33 working days"
    assert formatting.measure_value(66, "count") == "66"


def test_a_fraction_reads_as_n_of_m() -> None:
    assert formatting.fraction(832, 1000) == "832 of 1,000"
    assert formatting.fraction(None, 12) == "of 12"
    assert formatting.fraction(None, None) == "—"


def test_dates_read_the_gov_uk_way() -> None:
    assert formatting.long_date(dt.date(2026, 3, 1)) == "1 March 2026"


def test_a_count_agrees_with_its_noun() -> None:
    assert formatting.count(1, "alert") == "1 alert"
    assert formatting.count(1204, "alert") == "1,204 alerts"
    assert formatting.count(0, "child", "children") == "0 children"
    assert formatting.count(1, "child", "children") == "1 child"


def test_a_moment_stored_in_utc_reads_in_uk_time() -> None:
    # 15 January is GMT, so UK time is UTC; 1 July is British Summer Time, UTC+1: 09:30:05 is 10:30:05.
    assert formatting.uk_time(dt.datetime(2025, 1, 15, 14, 0)) == "15 January 2025, 14:00"
    assert formatting.uk_time(dt.datetime(2025, 7, 1, 9, 30, 5), seconds=True) == "1 July 2025, 10:30:05"
    # The clocks went back at 01:00 UTC on 26 October 2025: 00:59 UTC is 01:59 BST, 01:00 UTC is 01:00 GMT.
    assert formatting.uk_time(dt.datetime(2025, 10, 26, 0, 59)) == "26 October 2025, 01:59"
    assert formatting.uk_time(dt.datetime(2025, 10, 26, 1, 0)) == "26 October 2025, 01:00"
