"""The date a page is shown as at: GOV.UK's date input (day, month and year boxes), its error
messages, and a date outside the data refused."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import Engine

from lineofsight.web.auth import Viewer
from lineofsight.web.dates import DateProblem, read_date
from tests.builders import council_data, council_fact, coverage, person, referral, team, worker
from tests.web.conftest import client

DIRECTOR = Viewer("director1", "director")


@pytest.mark.parametrize(
    ("day", "month", "year", "found"),
    [
        ("31", "3", "2026", dt.date(2026, 3, 31)),
        (" 1 ", "04", "2025", dt.date(2025, 4, 1)),
        ("", "", "", DateProblem("Enter the date to show", ("day", "month", "year"))),
        ("", "3", "2026", DateProblem("The date to show must include a day", ("day",))),
        ("31", "", "", DateProblem("The date to show must include a month and a year", ("month", "year"))),
        ("31", "March", "2026", DateProblem("The date to show must be a real date", ("month",))),
        ("1", "3", "26", DateProblem("Year must include 4 numbers", ("year",))),
        ("1", "13", "2026", DateProblem("The date to show must be a real date", ("month",))),
        ("29", "2", "2025", DateProblem("The date to show must be a real date", ("day",))),  # not a leap year
        ("31", "4", "2026", DateProblem("The date to show must be a real date", ("day",))),  # April has 30
    ],
)
def test_the_boxes_give_a_date_or_the_design_system_s_message(
    day: str, month: str, year: str, found: dt.date | DateProblem
) -> None:
    assert read_date(day, month, year) == found


def small_council(engine: Engine) -> None:
    council_data(engine, team("T1"), worker("W1"), person("C1"), referral("C1", "2025-01-06"))


def test_pages_ask_for_a_date_in_three_boxes_not_the_browser_s_date_picker(engine: Engine) -> None:
    small_council(engine)
    page = client(engine, DIRECTOR).get("/teams?as_at=2025-03-31").text
    assert 'type="date"' not in page
    for part, value in (("day", "31"), ("month", "3"), ("year", "2025")):
        assert re.search(rf'id="as_at-{part}" name="as_at-{part}" type="text"[^>]* value="{value}"', page), (
            part
        )
    assert "Show as at another date" in page
    assert "For example, 31 3 2026" in page


def test_a_real_date_shows_the_same_page_as_at_it_keeping_the_other_parameters(engine: Engine) -> None:
    small_council(engine)
    answer = client(engine, DIRECTOR).get(
        "/teams?format=html&as_at-day=3&as_at-month=3&as_at-year=2025", follow_redirects=False
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/teams?format=html&as_at=2025-03-03"


def test_a_date_that_is_not_real_is_asked_for_again_with_the_error_summary_and_what_was_typed(
    engine: Engine,
) -> None:
    small_council(engine)
    answer = client(engine, DIRECTOR).get("/teams?as_at-day=31&as_at-month=4&as_at-year=2025")
    assert answer.status_code == 400
    page = answer.text
    assert "<title>Error: Which date should the page show?" in page
    assert "There is a problem" in page
    assert '<a href="#as_at-day">The date to show must be a real date</a>' in page
    assert "govuk-form-group--error" in page
    assert re.search(
        r'class="govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error" '
        r'id="as_at-day" name="as_at-day" type="text" value="31"',
        page,
    )
    assert 'name="as_at-month" type="text" value="4"' in page


def test_the_api_answers_boxes_that_are_not_a_date_with_json(engine: Engine) -> None:
    small_council(engine)
    answer = client(engine, DIRECTOR).get("/api/teams?as_at-day=&as_at-month=4&as_at-year=2025")
    assert answer.status_code == 400
    assert answer.json() == {
        "detail": "The date to show must include a day (as_at-day, as_at-month, as_at-year)"
    }


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("/teams?as_at=2019-03-31", "31 March 2019 is before the data begins"),
    ],
)
def test_a_date_before_the_data_begins_is_refused_not_shown_as_nothing(
    engine: Engine, address: str, says: str
) -> None:
    # The synthetic council's facts say its history runs from 1 April 2020 to 31 March 2025.
    council_data(
        engine,
        team("T1"),
        worker("W1"),
        council_fact("generated_start", "2020-04-01"),
        council_fact("generated_end", "2025-03-31"),
        coverage(end="2025-03-31"),
    )
    answer = client(engine, DIRECTOR).get(address)
    assert answer.status_code == 400
    assert "There is a problem with the web address" in answer.text
    assert f"{says}: the data runs from 1 April 2020 to 31 March 2025." in answer.text
    api = client(engine, DIRECTOR).get("/api" + address)
    assert api.status_code == 400
    assert api.json()["detail"].startswith(says)
