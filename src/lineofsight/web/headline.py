"""The overview's headline: the council on one screen, before the rows of every measure.

How many measures are red, amber and green against the council's targets, how many have a figure but
no target, and how many the data cannot give; then the measures that moved most since the previous
month end, the better and the worse apart, in words. A director reads it at a glance and opens the
rows only for what it points to.

"Moved most" compares measures of different units (percentages, days, rates per 10,000), so a move
is measured as a share of the larger of its two figures: 20 to 30 days is a move of a third, as is
60% to 40%. It is bounded (never a division by nothing, as a share of the earlier figure would be
when that was 0) and the same for a rise and a fall. Figures are compared as shown (one decimal
place), as the overview's own column is, so a move too small to see is no move. A move resting on
few children swings by chance, and is left out: where either figure is a small number (a share of
fewer than `small_number` children), or where fewer than `small_number` are counted at both dates
(1 to 0 is a move of the whole, and means nothing).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from markupsafe import Markup

from lineofsight import formatting
from lineofsight.measures.report import rounded
from lineofsight.web import charts

if TYPE_CHECKING:
    from lineofsight.web.pages.measures import Line

Kind = Literal["red", "amber", "green", "no_target", "not_available"]
# In the order the headline reads, each with its words and its colour (GOV.UK's tag colours).
KINDS: tuple[tuple[Kind, str, str], ...] = (
    ("red", "Red", "#d4351c"),
    ("amber", "Amber", "#f47738"),
    ("green", "Green", "#00703c"),
    ("no_target", "No target", "#1d70b8"),
    ("not_available", "Not available", "#b1b4b6"),
)
MOVERS = 3  # the most measures named as better, and as worse


def kind_of(line: Line) -> Kind:
    """Where a measure falls in the headline: not available when the data gives it no figure (not
    covered, or nothing to count); else its red, amber or green; else a figure with no target."""
    value = line.value
    if value.result.value is None:
        return "not_available"
    return value.rag or "no_target"


@dataclass(frozen=True)
class Mover:
    """A measure that moved since the previous month end, in words."""

    code: str
    title: str
    judgement: Literal["better", "worse"]
    words: str  # "up from 18.2% to 21.0%"
    size: float  # the move as a share of the larger of the two figures

    @property
    def href(self) -> str:
        return f"/measures/{self.code}"


@dataclass(frozen=True)
class Headline:
    counts: dict[Kind, int]  # every kind, in the order of KINDS
    better: tuple[Mover, ...]  # the biggest moves for the better, biggest first
    worse: tuple[Mover, ...]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def words(self) -> str:
        """ "4 red, 9 amber, 20 green, 12 with no target and 11 not available, of 56 measures"."""
        parts = [f"{self.counts[kind]} {name.lower()}" for kind, name, _ in KINDS[:3]]
        parts.append(f"{self.counts['no_target']} with no target")
        return (
            f"{', '.join(parts)} and {self.counts['not_available']} not available, of {self.total} measures"
        )

    def picture(self) -> Markup:
        """The counts as one bar, each kind's share of it in its colour, named in words."""
        return charts.proportions(
            [(name, self.counts[kind], colour) for kind, name, colour in KINDS], label=self.words()
        )


def mover(line: Line, small: int) -> Mover | None:
    """The measure's move since the previous month end, or None where it did not move (as shown), has
    no better direction, or rests on few children (see the module's note)."""
    change = line.change
    before, now = rounded(change.previous), rounded(line.value.result.value)
    if change.judgement is None or change.direction is None or before is None or now is None:
        return None
    pair = (line.points[-2], line.value)
    if any(point.small_number for point in pair):
        return None
    counted = [
        point.result.numerator if point.result.numerator is not None else point.result.value for point in pair
    ]
    if all(count is not None and abs(count) < small for count in counted):
        return None
    measure = line.value.measure
    unit = measure.unit
    words = (
        f"{change.direction} from {formatting.measure_value(before, unit)} "
        f"to {formatting.measure_value(now, unit)}"
    )
    size = abs(now - before) / max(abs(before), abs(now))
    return Mover(measure.code, measure.title, change.judgement, words, size)


def headline(lines: Sequence[Line], small: int, most: int = MOVERS) -> Headline:
    """The headline of the overview's lines: the counts of each kind, and the `most` biggest moves
    each way (ties in catalogue order). `small`: the settings' `small_number`."""
    counts: dict[Kind, int] = {kind: 0 for kind, _, _ in KINDS}
    for each in lines:
        counts[kind_of(each)] += 1
    moved = [found for found in (mover(each, small) for each in lines) if found is not None]

    def biggest(judgement: str) -> tuple[Mover, ...]:
        chosen = [each for each in moved if each.judgement == judgement]
        return tuple(sorted(chosen, key=lambda each: -each.size)[:most])

    return Headline(counts, biggest("better"), biggest("worse"))
