"""Charts drawn on the server: the trend chart from its Vega-Lite spec, sparklines by hand, each an image
named in words."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from lineofsight.web import charts

MONTHS = [dt.date(2025, 10, 31), dt.date(2025, 11, 30), dt.date(2025, 12, 31)]


def texts(svg: str) -> list[str]:
    """The words a chart draws (axis labels, legend)."""
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_the_trend_spec_is_kept_as_data_and_each_chart_fills_in_a_fresh_copy() -> None:
    kept = charts.spec("trend")
    assert kept["$schema"].startswith("https://vega.github.io/schema/vega-lite/v5")
    assert kept["data"] == {"values": []}
    charts.trend([charts.Point(MONTHS[0], 80.0)], label="A chart", unit="%", target=90.0)
    # Filling in a chart leaves the spec as it was.
    assert charts.spec("trend") == kept


def test_a_trend_chart_is_one_image_named_by_its_label() -> None:
    svg = str(charts.trend([charts.Point(day, 80.0) for day in MONTHS], label="CP08 & more", unit="%"))
    opening = svg[: svg.index(">") + 1]
    assert opening.startswith("<svg")
    assert 'role="img"' in opening
    assert 'aria-label="CP08 &amp; more"' in opening
    assert svg[len(opening) :].startswith("<title>CP08 &amp; more</title>")


def test_the_parts_of_a_trend_chart_are_not_named_as_images_of_their_own() -> None:
    svg = str(charts.trend([charts.Point(day, 80.0) for day in MONTHS], label="x", unit="%", target=90.0))
    # One image, named once: Vega's own roles for its marks would each be an unnamed image.
    assert re.findall(r'role="[^"]*"', svg) == ['role="img"']
    assert re.findall(r"aria-label=", svg) == ["aria-label="]


def test_a_trend_chart_draws_the_months_and_the_target_and_england_when_there_are_some() -> None:
    points = [charts.Point(day, value) for day, value in zip(MONTHS, (70.0, 75.0, 80.0), strict=True)]
    with_levels = texts(str(charts.trend(points, label="x", unit="%", target=90.0, england=78.0)))
    assert {"Oct 2025", "Dec 2025"} <= set(with_levels)
    assert {"This council", "Target", "England"} <= set(with_levels)
    # A measure with no target and no England figure has neither line, nor either in its legend.
    without = texts(str(charts.trend(points, label="x", unit="count")))
    assert "This council" in without
    assert "Target" not in without
    assert "England" not in without


def test_a_percentage_chart_labels_its_axis_in_percent() -> None:
    points = [charts.Point(day, 50.0) for day in MONTHS]
    labels = texts(str(charts.trend(points, label="x", unit="%")))
    # The axis runs from zero (the spec keeps zero in view) up past 50.
    assert "0%" in labels
    assert "50%" in labels


def polylines(svg: str) -> list[str]:
    return re.findall(r'<polyline points="([^"]*)"', svg)


def dots(svg: str) -> list[tuple[str, str, str]]:
    return re.findall(r'<circle cx="([^"]*)" cy="([^"]*)" r="([^"]*)"', svg)


def test_a_sparkline_puts_the_highest_value_at_the_top_and_the_lowest_at_the_bottom() -> None:
    svg = str(charts.sparkline([1.0, 3.0, 2.0], label="x"))
    # 120 by 28 with 3 of padding: x runs from 3 to 117 in two steps of 57; y from 25 (the lowest, 1)
    # to 3 (the highest, 3), so 2, half way, is at 14.
    assert polylines(svg) == ["3.0,25.0 60.0,3.0 117.0,14.0"]
    # The last point is marked.
    assert dots(svg) == [("117.0", "14.0", "2.5")]


def test_a_month_without_a_value_breaks_the_sparkline_rather_than_dropping_to_zero() -> None:
    svg = str(charts.sparkline([4.0, None, 2.0, None, 2.0, 4.0], label="x"))
    # Steps of 114 / 5 = 22.8. The first month stands alone (a dot), so does the third, and the last
    # two make a line; 4 is the top (y 3) and 2 the bottom (y 25).
    assert polylines(svg) == ["94.2,25.0 117.0,3.0"]
    assert dots(svg) == [("3.0", "3.0", "1.5"), ("48.6", "25.0", "1.5"), ("117.0", "3.0", "2.5")]


def test_a_flat_sparkline_runs_across_the_middle() -> None:
    svg = str(charts.sparkline([5.0, 5.0, 5.0], label="x"))
    # No range to spread over: every point at half height, 3 + 22 / 2 = 14.
    assert polylines(svg) == ["3.0,14.0 60.0,14.0 117.0,14.0"]


def test_a_sparkline_with_no_values_is_still_a_named_image_with_nothing_drawn() -> None:
    svg = str(charts.sparkline([None, None], label="RF02, no figures"))
    assert 'aria-label="RF02, no figures"' in svg
    assert "<title>RF02, no figures</title>" in svg
    assert polylines(svg) == []
    assert dots(svg) == []


def test_a_sparkline_draws_its_target_as_a_dashed_line_within_its_range() -> None:
    svg = str(charts.sparkline([1.0, 3.0, 2.0], label="x", target=5.0))
    # The range stretches from 1 to the target, 5: y runs from 25 (1) to 3 (5), 5.5 a unit. The
    # target is at the top, 3 at 25 - 2 * 5.5 = 14, and 2 at 25 - 5.5 = 19.5.
    assert re.findall(r'<line class="lineofsight-sparkline__target"[^>]*y1="([^"]*)"', svg) == ["3.0"]
    assert 'stroke-dasharray="4 3"' in svg
    assert polylines(svg) == ["3.0,25.0 60.0,14.0 117.0,19.5"]


def test_a_sparkline_without_a_target_draws_no_target_line() -> None:
    assert "lineofsight-sparkline__target" not in str(charts.sparkline([1.0, 3.0, 2.0], label="x"))


BARS = [charts.Bar("Team A", 80.0, "80.0%"), charts.Bar("Team B", 40.0, "40.0%")]


def test_the_by_team_chart_has_a_bar_a_team_and_the_council_and_england_as_lines() -> None:
    chart = charts.team_bars_spec(BARS, label="x", unit="%", council=60.0, england=50.0)
    bars, words, lines = chart["layer"]
    assert bars["data"]["values"] == [
        {"team": "Team A", "value": 80.0, "label": "80.0%"},
        {"team": "Team B", "value": 40.0, "label": "40.0%"},
    ]
    assert words["data"] == bars["data"]
    assert lines["data"]["values"] == [
        {"line": "This council", "value": 60.0},
        {"line": "England", "value": 50.0},
    ]
    # Filling in a chart leaves the spec as it was.
    assert charts.spec("teams")["layer"][0]["data"] == {"values": []}


def test_the_by_team_chart_draws_each_bar_and_line_at_its_value() -> None:
    svg = str(charts.team_bars(BARS, label="AS01 by team", unit="%", council=60.0, england=50.0))
    # The axis runs from 0 to 80, the highest bar, over 520 pixels: 6.5 a point. Team A's bar is
    # 520 long and Team B's 260; the council's line is at 60 x 6.5 = 390 and England's at 325.
    rects = re.search(r'<g class="mark-rect[^"]*"[^>]*>(.*?)</g>', svg)
    assert rects is not None
    assert re.findall(r'<path d="M0,[\d.]+h([\d.]+)v', rects.group(1)) == ["520", "260"]
    rules = re.findall(
        r'<line transform="translate\(([\d.]+),0\)" x2="0" y2="60" stroke="(#[0-9a-f]+)" stroke-width="3"',
        svg,
    )
    assert rules == [("390", "#0b0c0c"), ("325", "#d4351c")]
    assert {"Team A", "Team B", "80.0%", "40.0%", "This council", "England"} <= set(texts(svg))
    assert 'aria-label="AS01 by team"' in svg


def test_a_by_team_chart_without_an_england_figure_has_no_england_line_nor_legend() -> None:
    chart = charts.team_bars_spec(BARS, label="x", unit="count", council=60.0, england=None)
    lines = chart["layer"][2]
    assert lines["data"]["values"] == [{"line": "This council", "value": 60.0}]
    assert lines["encoding"]["color"]["scale"]["domain"] == ["This council"]
    assert "England" not in texts(
        str(charts.team_bars(BARS, label="x", unit="count", council=60.0, england=None))
    )


def test_a_chart_is_drawn_by_a_helper_process_not_by_the_web_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    # vl-convert keeps Python's lock for the 70 ms of a draw: in the web worker, every other page
    # stood still meanwhile. Taken away from this process, a chart is still drawn: by the helper.
    def not_here(*args: object, **kwargs: object) -> str:
        raise AssertionError("a chart drawn in the web worker itself")

    monkeypatch.setattr(charts.vl_convert, "vegalite_to_svg", not_here)
    svg = str(charts.trend([charts.Point(day, 12.5) for day in MONTHS], label="By the helper", unit="%"))
    assert svg.startswith("<svg") and "By the helper" in svg and "<path" in svg


def test_the_same_chart_is_drawn_once(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[str] = []
    real = charts._helper

    class Counting:
        def submit(self, function: Any, spec_json: str) -> Any:
            sent.append(spec_json)
            return real().submit(function, spec_json)

    monkeypatch.setattr(charts, "_helper", Counting)
    points = [charts.Point(day, 61.5) for day in MONTHS]
    first = charts.trend(points, label="Drawn once", unit="%")
    again = charts.trend(points, label="Drawn once", unit="%")
    other = charts.trend(points, label="Drawn once", unit="count")  # another chart: drawn
    assert first == again and other != first
    assert len(sent) == 2


def test_a_helper_that_died_is_replaced_and_the_chart_still_drawn() -> None:
    charts.trend([charts.Point(MONTHS[0], 1.0)], label="Started", unit="count")
    helper = charts._helper()
    for process in list(helper._processes.values()):  # killed, as the kernel would out of memory
        os.kill(process.pid, signal.SIGKILL)
        process.join(10)
    svg = str(charts.trend([charts.Point(day, 33.0) for day in MONTHS], label="After a death", unit="%"))
    assert "After a death" in svg
    assert charts._helper() is not helper


DIES_WITHOUT_SHUTTING_DOWN = """
import datetime as dt, os
from lineofsight.web import charts
charts.trend([charts.Point(dt.date(2026, 1, 31), 5.0)], label="x", unit="count")
print(*charts._helper()._processes, flush=True)
os._exit(0)  # as a worker killed in a hurry: no shutdown, no exit handlers
"""


def test_a_helper_ends_when_the_process_it_draws_for_has_gone() -> None:
    started = subprocess.run(
        [sys.executable, "-c", DIES_WITHOUT_SHUTTING_DOWN], capture_output=True, text=True, timeout=120
    )
    (helper,) = (int(pid) for pid in started.stdout.split())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and alive(helper):
        time.sleep(0.1)
    assert not alive(helper)


def alive(pid: int) -> bool:
    """Whether the process is running (a zombie, ended but not yet reaped by init, is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"
