"""What the loaded data covers, and the measures and alerts it lets through: small fixtures worked by hand."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from lineofsight.alerts.catalogue import REGISTRY as ALERTS
from lineofsight.data.coverage import EVERY_FACT, Coverage, Span
from lineofsight.data.facts import CP_PLANS, CP_VISITS, REFERRALS
from lineofsight.data.needs import Either, Need, unmet
from lineofsight.measures import REGISTRY
from lineofsight.measures.trend import month_ends, trend
from lineofsight.settings import Settings
from tests.builders import council_data, coverage, cp_plan, referral

D = dt.date(2026, 3, 31)


def span(fact: str, start: str | None, end: str, mode: str = "events") -> Span:
    first = None if start is None else dt.date.fromisoformat(start)
    return Span(fact, mode, first, dt.date.fromisoformat(end), "cin", "the test's children")  # type: ignore[arg-type]


def test_two_collection_years_join_into_one_window() -> None:
    held = Coverage(
        [span(REFERRALS, "2025-04-01", "2026-03-31"), span(REFERRALS, "2024-04-01", "2025-03-31")]
    )
    # 31 March 2025 and 1 April 2025 touch: one window from 1 April 2024.
    assert held.events(REFERRALS) == [(dt.date(2024, 4, 1), dt.date(2026, 3, 31))]
    assert held.covers(REFERRALS, dt.date(2024, 4, 1), D)
    assert not held.covers(REFERRALS, dt.date(2024, 3, 31), D)


def test_a_gap_between_two_years_breaks_the_window() -> None:
    held = Coverage(
        [span(REFERRALS, "2023-04-01", "2024-03-31"), span(REFERRALS, "2025-04-01", "2026-03-31")]
    )
    assert not held.covers(REFERRALS, dt.date(2024, 4, 1), D)
    assert held.covers(REFERRALS, dt.date(2025, 4, 1), D)
    assert held.held_words(REFERRALS) == (
        "from 1 April 2023 to 31 March 2024 and from 1 April 2025 to 31 March 2026"
    )


def test_a_complete_record_covers_every_fact_over_all_of_history() -> None:
    held = Coverage([span(EVERY_FACT, None, "2026-03-31")])
    assert held.covers(CP_VISITS, None, D)
    assert not held.covers(CP_VISITS, None, dt.date(2026, 4, 1))  # nothing after its last day


def test_the_latest_record_answers_only_on_the_day_it_was_taken() -> None:
    held = Coverage([span(CP_VISITS, "2026-03-31", "2026-03-31", "latest")])
    visits = Need(CP_VISITS, months=3, latest=True)
    assert visits.met(held, D)
    assert not visits.met(held, dt.date(2026, 2, 28))  # a month before, the latest visit was another
    assert not Need(CP_VISITS, months=3).met(held, D)  # and it is not every visit


def test_either_way_to_an_answer_will_do() -> None:
    ever = Need(CP_PLANS, months=None)
    counted = Need("previous_cp_plans")
    needs = (Need(CP_PLANS), Either([ever], [counted]))
    census = Coverage(
        [span(CP_PLANS, "2025-04-01", "2026-03-31"), span("previous_cp_plans", "2025-04-01", "2026-03-31")]
    )
    assert unmet(needs, census, D) is None
    only_plans = Coverage([span(CP_PLANS, "2025-04-01", "2026-03-31")])
    reason = unmet(needs, only_plans, D)
    assert reason is not None
    assert "whole history" in reason and "how many child protection plans each child had before" in reason


def test_the_reason_says_what_is_missing_and_which_year_would_supply_it() -> None:
    held = Coverage([span(REFERRALS, "2025-04-01", "2026-03-31")])
    reason = Need(REFERRALS, months=24).reason(held, D)
    assert reason.startswith(
        "needs each referral (its date, source and whether it went no further) from 1 April 2024"
    )
    assert "holds them from 1 April 2025 to 31 March 2026" in reason
    assert "missing 1 April 2024 to 31 March 2025 (the collection year ending 31 March 2025)" in reason
    assert "the CIN census for the year" in reason


def test_re_referrals_with_one_year_of_history_are_declined_and_with_two_are_counted(engine: Engine) -> None:
    # RF02 looks at each referral in the year to 31 March 2026 and the same child's previous one, up
    # to 12 months before: referrals from 1 April 2024. C1 was referred on 1 June 2024 and again on
    # 1 May 2025 (11 months later: a re-referral); C2 once, on 1 July 2025. With only 2025-26 held,
    # C1's first referral is not known to be there: declined. With 2024-25 too: 1 of 2, 50%.
    rows = (
        referral("C1", "2024-06-01", closed="2024-07-01"),
        referral("C1", "2025-05-01"),
        referral("C2", "2025-07-01"),
    )
    one_year = council_data(engine, *rows, coverage(REFERRALS, "2025-04-01", "2026-03-31"))
    declined = REGISTRY["RF02"].evaluate(one_year, D, Settings())
    assert (declined.value, declined.status) == (None, "not_covered")
    assert declined.reason is not None and "collection year ending 31 March 2025" in declined.reason
    two_years = council_data(engine, coverage(REFERRALS, "2024-04-01", "2025-03-31"))
    counted = REGISTRY["RF02"].evaluate(two_years, D, Settings())
    assert (counted.value, counted.numerator, counted.denominator, counted.status) == (50.0, 1, 2, "ok")


def test_a_trend_breaks_where_the_first_load_begins(engine: Engine) -> None:
    # CP04 counts children on a plan at each month end; the plans are held from 1 October 2025 (an
    # Annex A List 7 window). C1's plan began on 1 August 2025: at 30 September it is not known to
    # the data, so September is declined, not shown as 0; from October it counts.
    data = council_data(
        engine,
        cp_plan("C1", start="2025-08-01"),
        coverage(CP_PLANS, "2025-10-01", "2026-03-31", source="annex-a"),
    )
    series = trend(
        data,
        month_ends(dt.date(2025, 9, 1), dt.date(2025, 11, 1)),
        Settings(population_0_17=10_000),
        ["CP04"],
    )
    statuses = [(day, values[0].result.status, values[0].result.numerator) for day, values in series]
    assert statuses == [
        (dt.date(2025, 9, 30), "not_covered", None),
        (dt.date(2025, 10, 31), "ok", 1.0),
        (dt.date(2025, 11, 30), "ok", 1.0),
    ]


def test_a_team_figure_needs_every_childs_allocations(engine: Engine) -> None:
    # CP04 is covered for the council (plans held on D), but which team held each child is not: a
    # census says nothing of allocations. The council's figure stands; a team's is declined.
    data = council_data(
        engine, cp_plan("C1", start="2025-08-01"), coverage(CP_PLANS, "2025-04-01", "2026-03-31")
    )
    assert REGISTRY["CP04"].unmet(data, D, Settings(population_0_17=10_000)) is None
    reason = REGISTRY["CP04"].unmet_by(data, D)
    assert reason is not None and reason.startswith(
        "a team's or a worker's figure needs which worker and team"
    )


def test_an_alert_the_data_says_nothing_about_is_not_raised(engine: Engine) -> None:
    # C1's plan began on 1 January 2026 and no visit is recorded: with visits held (a complete record)
    # AL03 is raised; with only the plans held (a census), it cannot be checked and is not raised.
    plan = cp_plan("C1", start="2026-01-01")
    checked = council_data(engine, plan, coverage(EVERY_FACT, None, "2026-03-31", source="synthetic"))
    assert ALERTS["AL03"].raised(checked, D, Settings())["person_id"].to_list() == ["C1"]


def test_an_alert_whose_facts_are_not_held_is_not_checked(engine: Engine) -> None:
    data = council_data(
        engine, cp_plan("C1", start="2026-01-01"), coverage(CP_PLANS, "2025-04-01", "2026-03-31")
    )
    assert ALERTS["AL03"].raised(data, D, Settings()).height == 0
    reason = ALERTS["AL03"].unmet(data, D)
    assert reason is not None and "visits to children on child protection plans" in reason
