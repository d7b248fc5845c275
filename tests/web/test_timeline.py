"""The child's journey as a picture: its lanes and marks, what is current at the top, and the image
named in words."""

from __future__ import annotations

import datetime as dt
import re

from lineofsight.journey import Journey, OpenAlert, Summary
from lineofsight.journey.events import Event
from lineofsight.web import timeline

D = dt.date(2025, 3, 31)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def event(kind: str, start: str, end: str | None = None, **who: str) -> Event:
    return Event(
        day(start), None if end is None else day(end), kind, f"{kind} from {start}", f"{kind}-{start}", **who
    )


# A fixture child: referred on 2 Jan 2025 (still open), a strategy discussion and an enquiry on 3 Jan,
# a CP plan from 6 Jan (still open), two allocations (W1 from 6 Jan to 31 Jan, W2 from 1 Feb, still
# open), a placement from 1 Feb to 28 Feb and another from 1 Mar (still open), a visit on 10 Mar (no
# lane of its own), and one open alert due 24 Mar.
EVENTS = (
    event("birth", "2015-06-01"),
    event("referral", "2025-01-02"),
    event("strategy_discussion", "2025-01-03"),
    event("s47", "2025-01-03", "2025-01-05"),
    event("cp_plan", "2025-01-06"),
    event("allocation", "2025-01-06", "2025-01-31", worker_id="W1", team_id="T1"),
    event("allocation", "2025-02-01", worker_id="W2", team_id="T2"),
    event("placement", "2025-02-01", "2025-02-28"),
    event("placement", "2025-03-01"),
    event("visit", "2025-03-10"),
)
ALERTS = (OpenAlert("AL03", "CP visit overdue", day("2025-03-24"), 7, "Visit due"),)


def journey_of(events: tuple[Event, ...] = EVENTS, alerts: tuple[OpenAlert, ...] = ALERTS) -> Journey:
    summary = Summary(workers=2, placements=2, cin_plans=0, cp_plans=1, periods_of_care=0, days={})
    return Journey(D, "C1", 9, "sex not known", ("in_need", "cp_plan"), events, summary, alerts)


def marks(lane: str) -> list[tuple[str, str, str, str]]:
    return [
        (row["mark"], row["start"], row["end"], row["colour"])
        for row in timeline.rows(EVENTS, ALERTS, D)
        if row["lane"] == lane
    ]


def test_each_lane_draws_its_own_kinds_of_event_as_bars_and_ticks() -> None:
    # The referral, still open, is a bar to D; the strategy discussion is a tick.
    assert marks("Referral and child in need") == [("span", "2025-01-02", "2025-03-31", "#1d70b8")]
    # The strategy discussion is on one day; the enquiry (3 to 5 Jan) and the plan (open) are bars,
    # in turn in the lane's two shades.
    assert marks("Child protection") == [
        ("day", "2025-01-03", "2025-01-03", "#d4351c"),
        ("span", "2025-01-03", "2025-01-05", "#d4351c"),
        ("span", "2025-01-06", "2025-03-31", "#f499be"),
    ]
    # Two placements: the second in the other shade, so that the move shows where one ends the
    # day before the next begins.
    assert marks("Care and placements") == [
        ("span", "2025-02-01", "2025-02-28", "#00703c"),
        ("span", "2025-03-01", "2025-03-31", "#85994b"),
    ]
    assert marks("Allocated workers") == [
        ("span", "2025-01-06", "2025-01-31", "#4c2c92"),
        ("span", "2025-02-01", "2025-03-31", "#912b88"),
    ]


def test_open_alerts_are_marked_at_their_due_date_and_birth_and_visits_have_no_lane() -> None:
    assert marks("Open alerts") == [("alert", "2025-03-24", "2025-03-24", "#d4351c")]
    # 1 referral + 3 CP + 2 placements + 2 allocations + 1 alert = 9 marks: birth and the visit are
    # in the table only.
    assert len(timeline.rows(EVENTS, ALERTS, D)) == 9


def test_an_end_after_the_as_at_day_is_drawn_to_that_day() -> None:
    later = (event("cin_plan", "2025-03-01", "2025-06-30"),)
    assert [(row["start"], row["end"]) for row in timeline.rows(later, (), D)] == [
        ("2025-03-01", "2025-03-31")
    ]


def test_what_is_current_is_the_open_allocation_plan_and_placement_by_name() -> None:
    now = timeline.now(journey_of(), {"W2": "Ada Lovelace"}, {"T2": "Team Two"})
    assert now.worker == "Ada Lovelace"  # W1's allocation ended on 31 January
    assert now.team == "Team Two"
    assert now.plan == "Child protection plan since 6 January 2025"
    assert now.placement == "placement from 2025-03-01, since 1 March 2025"


def test_a_child_with_nothing_open_has_nothing_current() -> None:
    closed = (event("referral", "2024-01-02", "2024-02-01"), event("allocation", "2024-01-02", "2024-02-01"))
    now = timeline.now(journey_of(closed, ()), {}, {})
    assert (now.worker, now.team, now.plan, now.placement) == (None, None, None, None)


def test_the_picture_is_one_image_naming_its_lanes_in_words_and_drawing_each_lane() -> None:
    svg = str(timeline.picture(journey_of()))
    label = re.search(r'aria-label="([^"]*)"', svg)
    assert label is not None
    assert "referral and child in need: 1 period and 0 events" in label.group(1)
    assert "child protection: 2 periods and 1 event" in label.group(1)
    assert "allocated workers: 2 periods and 0 events" in label.group(1)
    assert "1 open alert marked" in label.group(1)
    drawn = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    for lane in (
        "Referral and child in need",
        "Child protection",
        "Care and placements",
        "Allocated workers",
    ):
        assert lane in drawn
    assert "Open alerts" in drawn
    assert "Jan 2025" in drawn


def test_months_are_labelled_at_most_six_times_on_months_the_step_divides() -> None:
    # Five months (2 Dec 2024 to 1 May 2025): every month from January. Eleven years: every second
    # January (133 months / 24 is under 6). Five years: every January.
    assert timeline.months(dt.date(2024, 12, 2), dt.date(2025, 5, 1)) == [
        dt.date(2025, month, 1) for month in range(1, 6)
    ]
    assert timeline.months(dt.date(2015, 5, 2), dt.date(2026, 5, 1)) == [
        dt.date(year, 1, 1) for year in range(2016, 2027, 2)
    ]
    assert timeline.months(dt.date(2021, 3, 2), dt.date(2026, 5, 1)) == [
        dt.date(year, 1, 1) for year in range(2022, 2027)
    ]


def test_the_picture_draws_a_bar_from_start_to_end_on_the_time_axis() -> None:
    # The journey runs from 2 Jan 2025 (the referral) to D, 31 Mar 2025, drawn from a month before
    # (2 Dec 2024) to a month after (1 May 2025): 150 days across the plot, from x = 208 to 744
    # (536 units). The referral's bar starts 31 days in: 208 + 536 x 31 / 150 = 318.8, and ends on
    # D, 119 days in, so it is 536 x 88 / 150 = 314.45 wide (314.5). Its lane, the first, is centred
    # 8 + 34 / 2 = 25 down, so the 14-high bar's top is at 18.
    svg = str(timeline.picture(journey_of()))
    assert '<rect x="318.8" y="18.0" width="314.5" height="14" rx="2" fill="#1d70b8">' in svg
